package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KDC's side of its {@link Relay}: which epochs' keys the relay has been sent, so each new epoch's
 * key goes to it once, as a copy ({@link Relay.EpochKeys}), before any member can hold it. The relay
 * shares no state with the KDC: it learns keys only by message.
 */
final class RelayFeed {
    private final ActorRef<Relay.Command> relay;
    private final int keptEpochs;
    private final Map<String, Long> relayedEpoch = new HashMap<>();

    RelayFeed(ActorRef<Relay.Command> relay, int keptEpochs) {
        this.relay = relay;
        this.keptEpochs = keptEpochs;
    }

    /** Sends the keys of {@code group}'s kept epochs the relay has not had yet. */
    void send(QmKdc.GroupSpec group, GroupState state) {
        long from = relayedEpoch.getOrDefault(group.id(), -1L);
        List<GroupKey> fresh = new ArrayList<>();
        for (long epoch = Math.max(from + 1, state.currentEpoch() - keptEpochs + 1); epoch <= state.currentEpoch(); epoch++) {
            Optional<GroupKey> k = state.keyFor(epoch);
            k.ifPresent(fresh::add);
        }
        if (!fresh.isEmpty()) {
            relay.tell(Relay.EpochKeys.copyOf(group.id(), group.group(), fresh));
            relayedEpoch.put(group.id(), state.currentEpoch());
        }
    }
}
