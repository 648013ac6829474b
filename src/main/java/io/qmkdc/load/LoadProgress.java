package io.qmkdc.load;

/** Where a load run's progress goes (the CLI draws bars on stderr). */
public interface LoadProgress {
    void keying(int keyed, int total);

    void traffic(double seconds, double total);

    LoadProgress NONE = new LoadProgress() {
        @Override
        public void keying(int keyed, int total) {
        }

        @Override
        public void traffic(double seconds, double total) {
        }
    };
}
