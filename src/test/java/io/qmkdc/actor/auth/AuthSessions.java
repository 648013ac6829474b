package io.qmkdc.actor.auth;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.SplittableRandom;

/** One member, its channel and optional eavesdropper; runs authentication sessions one after another. */
final class AuthSessions {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final TestKitJunitResource kit;
    private final QuantumRegistry registry;
    private final ActorRef<QuantumChannel.Command> channel;
    private final ActorRef<Member.Command> member;
    private final AuthKeys keys = new AuthKeys();
    private final String memberId;
    private final SplittableRandom random;
    private ActorRef<Eavesdropper.Command> eve;
    private int sessions;

    /**
     * {@code impostor}: the member holds a K_c other than the KDC's. Every party draws from its own
     * {@code split()} stream of {@code seed} (qubit tokens, channel, the KDC's K_c, the impostor's
     * K_c, member, then eavesdropper and authenticators), so no two parties read one stream and a
     * change in how much one of them draws never shifts another's numbers.
     */
    AuthSessions(TestKitJunitResource kit, String name, boolean impostor, long seed) {
        this.kit = kit;
        SplittableRandom root = new SplittableRandom(seed);
        this.registry = new QuantumRegistry(root.split());
        this.memberId = name;
        this.channel = kit.spawn(QuantumChannel.create(name, LinkProfile.gys(), 10, registry, root.split().nextLong()),
                "channel-" + name);
        BitVector kc = BitVector.random(4096, root.split());
        keys.provision(name, kc);
        SplittableRandom impostorStream = root.split(); // split even for an honest member: the streams after it stay put
        BitVector held = impostor ? BitVector.random(4096, impostorStream) : kc;
        this.member = kit.spawn(Member.create(name, "g", held, registry, null, null, root.split().nextLong()),
                "member-" + name);
        this.random = root.split();
    }

    AuthSessions withEavesdropper(String strategy) {
        eve = kit.spawn(Eavesdropper.create(memberId + "-eve", strategy, 0, 0, registry, random.nextLong()),
                "eve-" + memberId);
        TestProbe<QuantumChannel.TapChanged> ack = kit.createTestProbe();
        eve.tell(new Eavesdropper.AttachTo(channel, ack.getRef()));
        ack.receiveMessage(WAIT);
        return this;
    }

    Authenticator.Completed run(EprAuthentication.Mode mode, int rounds, double checkFraction) {
        TestProbe<Authenticator.Completed> done = kit.createTestProbe();
        String session = memberId + "-s" + (++sessions);
        kit.spawn(Authenticator.create(session, memberId, member, channel, registry,
                new Authenticator.Settings(mode, rounds, checkFraction, 0.0), keys, random.nextLong(), done.getRef()),
                "auth-" + session);
        return done.receiveMessage(WAIT);
    }

    Eavesdropper.Report eveReport() {
        TestProbe<Eavesdropper.Report> r = kit.createTestProbe();
        eve.tell(new Eavesdropper.GetReport(r.getRef()));
        return r.receiveMessage(WAIT);
    }

    BitVector kdcKey() {
        return keys.current(memberId);
    }
}
