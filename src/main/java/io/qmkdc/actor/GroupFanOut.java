package io.qmkdc.actor;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group terminal's members and the traffic it fans out to them (paper §2.5): who registered where,
 * who the current epoch lists (with sender indices), who ever held a key here and who departed for
 * good; same-group, relayed and reliable messages go to the right ones, one message per node where
 * the node has a delivery port. Part of the {@link Group} actor (its state: no synchronization).
 */
final class GroupFanOut {
    private final Map<String, ActorRef<Member.Command>> registered = new HashMap<>();
    private final Map<String, Integer> current = new LinkedHashMap<>();
    private final Set<String> everCurrent = new HashSet<>();
    /** Members that left for good ({@link Group.Departed}) and no epoch has listed again. */
    private final Set<String> departed = new HashSet<>();
    private final Map<Address, ActorRef<NodePort.Command>> ports = new HashMap<>();
    private int fannedOut;
    private int relayedIn;

    /** Records the member's (new) address; answers the one it had before (null: none). */
    ActorRef<Member.Command> register(String memberId, ActorRef<Member.Command> member) {
        return registered.put(memberId, member);
    }

    ActorRef<Member.Command> registered(String memberId) {
        return registered.get(memberId);
    }

    /** The member's sender index in the current epoch, null when the epoch does not list it. */
    Integer senderIndex(String memberId) {
        return current.get(memberId);
    }

    void setMembers(List<Group.MemberIndex> members) {
        current.clear();
        for (Group.MemberIndex m : members) {
            current.put(m.member(), m.senderIndex());
            everCurrent.add(m.member());
            departed.remove(m.member());
        }
    }

    void departed(String memberId) {
        departed.add(memberId);
    }

    List<String> members() {
        return List.copyOf(current.keySet());
    }

    int fannedOut() {
        return fannedOut;
    }

    int relayedIn() {
        return relayedIn;
    }

    void portsChanged(List<ActorRef<NodePort.Command>> listed) {
        ports.clear();
        listed.forEach(port -> ports.put(port.path().address(), port));
    }

    /** LKH: every member that ever held a key here hears the rekey (who left opens nothing). */
    void multicast(Member.TreeRekeyed rekey) {
        for (String m : everCurrent) {
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref != null) {
                ref.tell(rekey);
            }
        }
    }

    /** Same-group traffic to the current members but its sender; false (nothing sent) from a non-member. */
    boolean publish(GroupTraffic traffic) {
        if (!current.containsKey(traffic.from())) {
            return false;
        }
        for (String m : current.keySet()) {
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref != null && !m.equals(traffic.from())) {
                ref.tell(new Member.Deliver(traffic));
                fannedOut++;
            }
        }
        return true;
    }

    /** Traffic the KDC relay re-encrypted for this group: to every current member. */
    void relayIn(GroupTraffic traffic) {
        for (String m : current.keySet()) {
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref != null) {
                ref.tell(new Member.Deliver(traffic));
                relayedIn++;
            }
        }
    }

    /**
     * To every member that has held a key of this group (a member re-authenticating after its node
     * died is still owed the message: it acknowledges once keyed again) but {@code except}; a re-send
     * only to those it names. Recipients on a node with a delivery port get one message per node.
     * The sender learns the recipients and awaits their acks — all of them, also the members not
     * registered here yet (a new incarnation's terminal fills up as the member entities re-register):
     * they get the message on a re-send. A terminal that knows no membership yet answers nothing, so
     * the sender sends again instead of completing with no recipients. A member that departed is owed nothing
     * more: left out of the fan-out, so a re-send's recipients tell the sender it is gone.
     * False (nothing sent) when {@code except}, the sender, is not a current member.
     */
    boolean publishReliable(ReliableTraffic r, String except) {
        if (except != null && !current.containsKey(except)) {
            return false;
        }
        if (everCurrent.isEmpty()) {
            return true;
        }
        List<String> to = new ArrayList<>();
        Map<ActorRef<NodePort.Command>, List<String>> perNode = new HashMap<>();
        for (String m : everCurrent) {
            if (m.equals(except) || departed.contains(m) || (r.only() != null && !r.only().contains(m))) {
                continue;
            }
            to.add(m);
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref == null) {
                continue;
            }
            ActorRef<NodePort.Command> port = ports.get(ref.path().address());
            if (port == null) {
                ref.tell(new Member.DeliverReliable(r));
            } else {
                perNode.computeIfAbsent(port, k -> new ArrayList<>()).add(m);
            }
        }
        perNode.forEach((port, ids) -> port.tell(new NodePort.Fanout(r, ids)));
        if (except == null) {
            relayedIn += to.size();
        } else {
            fannedOut += to.size();
        }
        r.ackTo().tell(new Member.FannedOut(r.seq(), to));
        return true;
    }
}
