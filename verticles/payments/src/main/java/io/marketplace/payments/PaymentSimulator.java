package io.marketplace.payments;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated card processor: succeeds with the configured probability, from a seedable random source. A few
 * documented test card numbers, as real processors publish them, always fail with one reason, so a person or a test
 * can see a decline on purpose whatever the rate; they draw nothing from the random source, so the seeded sequence
 * of every other card stays the same.
 */
public class PaymentSimulator {

    static final List<String> FAILURE_REASONS = List.of("card_declined", "insufficient_funds", "processor_error");

    /** Card number (digits only) → the reason a charge with it always fails. */
    static final Map<String, String> DECLINING_TEST_CARDS = Map.of(
            "4000000000000002", "card_declined",
            "4000000000009995", "insufficient_funds",
            "4000000000000119", "processor_error");

    private final Random random;
    private final double successRate;

    public PaymentSimulator(double successRate, Long seed) {
        if (successRate < 0 || successRate > 1) {
            throw new IllegalArgumentException("success rate must be between 0 and 1");
        }
        this.successRate = successRate;
        this.random = seed == null ? new Random() : new Random(seed);
    }

    /**
     * One charge attempt with this card number (digits only, or null when the client sent none): null when it
     * succeeds, else the reason it failed.
     */
    public synchronized String charge(String cardNumber) {
        String declined = cardNumber == null ? null : DECLINING_TEST_CARDS.get(cardNumber);
        if (declined != null) {
            return declined;
        }
        if (random.nextDouble() < successRate) {
            return null;
        }
        return FAILURE_REASONS.get(random.nextInt(FAILURE_REASONS.size()));
    }
}
