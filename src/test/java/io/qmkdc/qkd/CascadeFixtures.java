package io.qmkdc.qkd;

import java.util.random.RandomGenerator;

/** Test helpers: noisy copies and an oracle that counts and checks what it is asked. */
final class CascadeFixtures {
    private CascadeFixtures() {
    }

    /** Bob's key: Alice's with each bit flipped independently with probability qber. */
    static BitVector noisyCopy(BitVector alice, double qber, RandomGenerator random) {
        BitVector bob = alice.copy();
        for (int i = 0; i < bob.length(); i++) {
            if (random.nextDouble() < qber) {
                bob.flip(i);
            }
        }
        return bob;
    }

    /** Wraps Alice's responder; counts parities and checks each question is a range inside one block. */
    static final class CountingOracle implements ParityOracle {
        final ParityOracle inner;
        final CascadeSchedule schedule;
        final int length;
        long answered;
        int calls;
        int maxQuestions;
        String violation;

        CountingOracle(ParityOracle inner, CascadeSchedule schedule, int length) {
            this.inner = inner;
            this.schedule = schedule;
            this.length = length;
        }

        @Override
        public BitVector parities(ParityRequest request) {
            calls++;
            maxQuestions = Math.max(maxQuestions, request.size());
            for (int i = 0; i < request.size(); i++) {
                int p = request.pass()[i];
                int s = request.start()[i];
                int e = request.end()[i];
                if (p < 0 || p >= schedule.passes() || s < 0 || e > length || s >= e) {
                    violation = "bad range pass=" + p + " [" + s + "," + e + ")";
                } else {
                    int k = schedule.blockSize(p);
                    if (s / k != (e - 1) / k) {
                        violation = "range [" + s + "," + e + ") crosses a block of pass " + p;
                    }
                }
            }
            BitVector answer = inner.parities(request);
            answered += answer.length();
            return answer;
        }
    }
}
