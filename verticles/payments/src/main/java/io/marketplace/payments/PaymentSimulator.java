package io.marketplace.payments;

import java.util.List;
import java.util.Random;

/** The simulated card processor: succeeds with the configured probability, from a seedable random source. */
public class PaymentSimulator {

    static final List<String> FAILURE_REASONS = List.of("card_declined", "insufficient_funds", "processor_error");

    private final Random random;
    private final double successRate;

    public PaymentSimulator(double successRate, Long seed) {
        if (successRate < 0 || successRate > 1) {
            throw new IllegalArgumentException("success rate must be between 0 and 1");
        }
        this.successRate = successRate;
        this.random = seed == null ? new Random() : new Random(seed);
    }

    /** One charge attempt: null when it succeeds, else the reason it failed. */
    public synchronized String charge() {
        if (random.nextDouble() < successRate) {
            return null;
        }
        return FAILURE_REASONS.get(random.nextInt(FAILURE_REASONS.size()));
    }
}
