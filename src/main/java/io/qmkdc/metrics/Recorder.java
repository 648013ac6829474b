package io.qmkdc.metrics;

/** What {@link Metrics} forwards to: Kamon while started, nothing otherwise. Arguments are already checked. */
interface Recorder {
    void linkQber(String link, double qber);

    void siftedKeyBits(String link, long bits);

    void finalKeyBits(String link, long bits);

    void linkAbort(String link, String reason);

    void authentication(String mode, String result);

    void groupKeyEpoch(String group, long epoch);

    void message(MessageKind kind, MessageResult result);

    void relayLatencyNanos(long nanos);

    void activeAttacks(String type, long count);

    /** Records nothing; what instruments call while metrics are not started. */
    Recorder NOOP = new Recorder() {
        @Override public void linkQber(String link, double qber) { }
        @Override public void siftedKeyBits(String link, long bits) { }
        @Override public void finalKeyBits(String link, long bits) { }
        @Override public void linkAbort(String link, String reason) { }
        @Override public void authentication(String mode, String result) { }
        @Override public void groupKeyEpoch(String group, long epoch) { }
        @Override public void message(MessageKind kind, MessageResult result) { }
        @Override public void relayLatencyNanos(long nanos) { }
        @Override public void activeAttacks(String type, long count) { }
        @Override public String toString() { return "Recorder.NOOP"; }
    };
}
