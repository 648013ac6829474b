package io.qmkdc.actor;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Member} saw, as its parts count it (one actor's state: no synchronization):
 * plaintexts it received (test payloads, not keys), rejections, sends, deliveries opened under an
 * epoch older than its key ({@code stale}, must stay 0) and why it last refused something.
 */
final class MemberTally {
    final List<String> received = new ArrayList<>();
    int rejected;
    int sent;
    int stale;
    String lastRefusal = "";
}
