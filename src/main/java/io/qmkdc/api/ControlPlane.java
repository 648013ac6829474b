package io.qmkdc.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What the control API ({@link ApiServer}) needs from a running deployment. {@link NodeControlPlane} serves it, on
 * the one-node cluster of {@code serve} and on every node of a {@code node} cluster. Methods answer asynchronously and
 * fail their stage with {@link ApiError} for a request they refuse.
 */
public interface ControlPlane {

    /** {@code GET /status}. */
    CompletionStage<Status> status();

    /** Link names and member ids that {@link AttackRequest#parse} accepts; asked, never awaited on a route thread. */
    CompletionStage<Targets> targets();

    /** What an attack may name: the deployment's links and members. */
    record Targets(Set<String> links, Set<String> members) {
    }

    /** {@code POST /attacks}: attaches an eavesdropper; the stage holds the new attack. */
    CompletionStage<Attack> attach(AttackRequest request);

    /** {@code DELETE /attacks/{id}}: detaches it; false (404) when no such attack is attached. */
    CompletionStage<Boolean> detach(String id);

    /** {@code GET /attacks}: the attacks attached now. */
    CompletionStage<List<Attack>> attacks();

    /**
     * {@code POST /scenarios}: checks the HOCON text (throws {@link ApiError} 400 listing every problem) and starts
     * running it; returns at once.
     */
    ScenarioRun runScenario(String hocon);

    /** {@code GET /scenarios/{id}}. */
    Optional<ScenarioRun> scenario(String id);

    /** One attached attack. {@code fraction} and {@code count} are null when the type takes none. */
    record Attack(String id, String type, String target, Double fraction, Integer count, long attachedAtMillis) {
    }

    /** A node of the cluster: its address and roles. */
    record Node(String address, List<String> roles, String status) {
    }

    /**
     * A group: id, keying mode, members that passed authentication, link length and key epochs. {@code node}: where
     * the group's terminal runs (null on the embedded one-node cluster). {@code memberEpochs}: the G_k epoch each
     * member holds (-1: none yet or not answering), {@code delivered} / {@code rejected}: group messages its members
     * opened / refused, at the KDC host's latest probe of each member.
     */
    record Group(String id, String keying, List<String> members, double linkKm, long keyEpoch, long installedEpoch,
            boolean compromised, String refusal, String node, Map<String, Long> memberEpochs, long delivered,
            long rejected) {
        public Group(String id, String keying, List<String> members, double linkKm, long keyEpoch, long installedEpoch,
                boolean compromised, String refusal) {
            this(id, keying, members, linkKm, keyEpoch, installedEpoch, compromised, refusal, null, Map.of(), 0, 0);
        }
    }

    /**
     * A BB84 link: current QBER (null before the first keyed round), health, and the key bits accepted so far
     * ({@code keyPoolBits}); {@code siftedBits} / {@code finalBits} summed over its keyed rounds; {@code qberThreshold}
     * P_o, the QBER at which a round aborts.
     */
    record Link(String id, String group, double linkKm, Double qber, boolean compromised, int aborts, String lastAbort,
            Double abortQber, long keyPoolBits, int tamperAlarms, String channelNode, long siftedBits, long finalBits,
            Double qberThreshold) {
        /** {@code channelNode}: where the link's BB84 channel runs (null on the embedded one-node cluster). */
        public Link(String id, String group, double linkKm, Double qber, boolean compromised, int aborts,
                String lastAbort, Double abortQber, long keyPoolBits, int tamperAlarms) {
            this(id, group, linkKm, qber, compromised, aborts, lastAbort, abortQber, keyPoolBits, tamperAlarms, null,
                    0, 0, null);
        }
    }

    /** {@code kdcNode}: where the KDC singleton runs (null on the embedded one-node cluster). */
    record Status(String session, List<Node> nodes, List<Group> groups, Map<String, List<String>> membersPerNode,
            List<Link> links, List<Attack> attacks, String kdcNode) {
        public Status(String session, List<Node> nodes, List<Group> groups, Map<String, List<String>> membersPerNode,
                List<Link> links, List<Attack> attacks) {
            this(session, nodes, groups, membersPerNode, links, attacks, null);
        }
    }

    /** A scenario run: {@code state} running, done or failed; its step-by-step account so far. */
    record ScenarioRun(String id, String name, String state, List<String> account, String error) {
    }
}
