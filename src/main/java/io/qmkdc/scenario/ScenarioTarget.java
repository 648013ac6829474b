package io.qmkdc.scenario;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import java.util.Map;

/**
 * Where {@link ScenarioRunner} plays a scenario's steps: the deployment of a cluster's KDC host, one node in this JVM
 * or many (io.qmkdc.cluster.HostTarget). Refs may be remote.
 */
public interface ScenarioTarget {
    /** Takes the KDC's commands (status, re-initialize, join, leave). */
    ActorRef<QmKdc.Command> kdc();

    /** Member id to a ref taking {@link Member.Command}s, impostors included; a join adds to it. */
    Map<String, ActorRef<Member.Command>> members();

    /** Member id to group id. */
    Map<String, String> groupOf();

    /** The initialize step: starts (or, where the KDC host initializes on its own, awaits) the session. */
    QmKdc.InitializeReply initialize(String session);

    /** Attaches an eavesdropper running {@code type} to the link(s) of {@code group}; a handle for {@link #detach}. */
    String attach(String type, double fraction, int count, String group);

    /** Detaches it; what it did and learned. */
    Eavesdropper.Report detach(String handle);

    /** Provisions {@code member} with a fresh K_c and asks the KDC to authenticate it into {@code group}. */
    void join(String member, String group);
}
