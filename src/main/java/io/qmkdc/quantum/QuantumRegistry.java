package io.qmkdc.quantum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * In-memory home of all quantum registers of one JVM. Resolves {@link QubitRef}s, checks their
 * tokens, and moves qubits between owners: {@link #transfer} issues a fresh token, so the sender's
 * ref dies and no-cloning holds by construction (DESIGN §3). A stale ref is refused with an
 * {@link IllegalStateException}. Every method is synchronized: operations take microseconds.
 */
public final class QuantumRegistry {
    private static final long RELEASED = 0L;

    private final Map<String, Entry> registers = new HashMap<>();
    private final RandomGenerator tokens;
    private long nextRegister;

    /** @param tokens source of ownership tokens (seeded in tests; use a CSPRNG where refs cross trust). */
    public QuantumRegistry(RandomGenerator tokens) {
        this.tokens = tokens;
    }

    /** A fresh single-qubit register in |0>, held by {@code owner}. */
    public synchronized QubitRef create(String owner) {
        String id = "qr" + (++nextRegister);
        Entry e = new Entry(new QuantumRegister(1));
        registers.put(id, e);
        return e.issue(id, 0, requireOwner(owner), newToken());
    }

    /** A new qubit in |0> in the register of {@code anchor}, held by the anchor's owner (so gates can join them). */
    public synchronized QubitRef allocateBeside(QubitRef anchor) {
        Entry e = live(anchor);
        int index = e.register.allocate();
        return e.issue(anchor.registerId(), index, e.owners.get(anchor.index()), newToken());
    }

    /** Moves the qubit to {@code newOwner}; the old ref is dead from now on. */
    public synchronized QubitRef transfer(QubitRef ref, String newOwner) {
        Entry e = live(ref);
        return e.issue(ref.registerId(), ref.index(), requireOwner(newOwner), newToken());
    }

    public synchronized String owner(QubitRef ref) {
        return live(ref).owners.get(ref.index());
    }

    public synchronized boolean isLive(QubitRef ref) {
        Entry e = registers.get(ref.registerId());
        return e != null && ref.index() < e.tokens.size() && e.tokens.get(ref.index()) == ref.token();
    }

    public synchronized void apply(QubitRef ref, SingleQubitGate gate) {
        live(ref).register.apply(ref.index(), gate);
    }

    /** CNOT needs both qubits in one register and in one owner's hands (a gate acts in one place). */
    public synchronized void cnot(QubitRef control, QubitRef target) {
        Entry e = live(control);
        live(target);
        if (!control.registerId().equals(target.registerId())) {
            throw new IllegalArgumentException("CNOT across registers " + control + " and " + target
                    + " is not supported; allocate the target beside the control");
        }
        String co = e.owners.get(control.index());
        String to = e.owners.get(target.index());
        if (!co.equals(to)) {
            throw new IllegalStateException("CNOT needs both qubits at one owner: " + control + " is held by "
                    + co + ", " + target + " by " + to);
        }
        e.register.cnot(control.index(), target.index());
    }

    /** Measures with collapse; the qubit stays live in its post-measurement state (it can be resent). */
    public synchronized int measure(QubitRef ref, Basis basis, RandomGenerator rng) {
        return live(ref).register.measure(ref.index(), basis, rng);
    }

    /** Discards the qubit (e.g. absorbed by a detector); drops the register when none is left. */
    public synchronized void release(QubitRef ref) {
        Entry e = live(ref);
        e.tokens.set(ref.index(), RELEASED);
        if (e.tokens.stream().allMatch(t -> t == RELEASED)) {
            registers.remove(ref.registerId());
        }
    }

    /** Destructive measurement, as a photon detector does. */
    public synchronized int measureAndRelease(QubitRef ref, Basis basis, RandomGenerator rng) {
        int outcome = measure(ref, basis, rng);
        release(ref);
        return outcome;
    }

    public synchronized int registerCount() {
        return registers.size();
    }

    /** Qubits not yet released, over all registers (tests: nothing leaked). */
    public synchronized int liveQubitCount() {
        int n = 0;
        for (Entry e : registers.values()) {
            n += (int) e.tokens.stream().filter(t -> t != RELEASED).count();
        }
        return n;
    }

    /**
     * Drops a whole register, whoever holds its qubits: for the party that created it abandoning a
     * session whose peer vanished (the peer's qubits are lost with it). Every ref into it is stale
     * from now on. Returns the number of live qubits dropped (0 when the register is already gone).
     */
    public synchronized int discardRegister(String registerId) {
        Entry e = registers.remove(registerId);
        return e == null ? 0 : (int) e.tokens.stream().filter(t -> t != RELEASED).count();
    }

    /** The register behind a live ref: for diagnostics and tests in this package only. */
    synchronized QuantumRegister registerOf(QubitRef ref) {
        return live(ref).register;
    }

    private Entry live(QubitRef ref) {
        Entry e = registers.get(ref.registerId());
        if (e == null || ref.index() >= e.tokens.size()) {
            throw new IllegalStateException("stale qubit handle " + ref + ": no such qubit (released)");
        }
        long current = e.tokens.get(ref.index());
        if (current == RELEASED) {
            throw new IllegalStateException("stale qubit handle " + ref + ": the qubit was measured and released");
        }
        if (current != ref.token()) {
            throw new IllegalStateException("stale qubit handle " + ref + ": the qubit was moved to "
                    + e.owners.get(ref.index()) + "; a moved qubit cannot be used by its former holder");
        }
        return e;
    }

    private long newToken() {
        long t;
        do {
            t = tokens.nextLong();
        } while (t == RELEASED);
        return t;
    }

    private static String requireOwner(String owner) {
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("owner must be non-empty");
        }
        return owner;
    }

    private static final class Entry {
        final QuantumRegister register;
        final List<Long> tokens = new ArrayList<>();
        final List<String> owners = new ArrayList<>();

        Entry(QuantumRegister register) {
            this.register = register;
        }

        QubitRef issue(String id, int index, String owner, long token) {
            if (index == tokens.size()) {
                tokens.add(token);
                owners.add(owner);
            } else {
                tokens.set(index, token);
                owners.set(index, owner);
            }
            return new QubitRef(id, index, token);
        }
    }
}
