package io.qmkdc.quantum;

import java.util.random.RandomGenerator;

/**
 * An in-JVM handle on one qubit: a {@link QubitRef} bound to its {@link QuantumRegistry}.
 * Handles move and never copy: {@link #moveTo} returns the new holder's handle and kills this one;
 * every operation through a moved or released handle throws {@link IllegalStateException}.
 */
public final class Qubit {
    private final QuantumRegistry registry;
    private final QubitRef ref;

    private Qubit(QuantumRegistry registry, QubitRef ref) {
        this.registry = registry;
        this.ref = ref;
    }

    /** A fresh qubit in |0> in its own register. */
    public static Qubit create(QuantumRegistry registry, String owner) {
        return new Qubit(registry, registry.create(owner));
    }

    /** Re-binds a ref received in a message; it is checked on every use, not here. */
    public static Qubit of(QuantumRegistry registry, QubitRef ref) {
        return new Qubit(registry, ref);
    }

    /** A new |0> qubit beside this one (same register, same owner), so gates can entangle them. */
    public Qubit allocateBeside() {
        return new Qubit(registry, registry.allocateBeside(ref));
    }

    public Qubit moveTo(String newOwner) {
        return new Qubit(registry, registry.transfer(ref, newOwner));
    }

    public QubitRef ref() {
        return ref;
    }

    public String owner() {
        return registry.owner(ref);
    }

    public boolean isLive() {
        return registry.isLive(ref);
    }

    public Qubit apply(SingleQubitGate gate) {
        registry.apply(ref, gate);
        return this;
    }

    public Qubit h() {
        return apply(SingleQubitGate.H);
    }

    public Qubit x() {
        return apply(SingleQubitGate.X);
    }

    public Qubit z() {
        return apply(SingleQubitGate.Z);
    }

    public static void cnot(Qubit control, Qubit target) {
        if (control.registry != target.registry) {
            throw new IllegalArgumentException("control and target belong to different registries");
        }
        control.registry.cnot(control.ref, target.ref);
    }

    /** Measurement with collapse; the handle stays live. */
    public int measure(Basis basis, RandomGenerator rng) {
        return registry.measure(ref, basis, rng);
    }

    public void release() {
        registry.release(ref);
    }

    @Override
    public String toString() {
        return "Qubit[" + ref + "]";
    }
}
