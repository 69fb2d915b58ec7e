package io.marketplace.payments;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentSimulatorTest {

    private static double observedRate(double rate, long seed, int draws) {
        PaymentSimulator simulator = new PaymentSimulator(rate, seed);
        int succeeded = 0;
        for (int i = 0; i < draws; i++) {
            if (simulator.charge(null) == null) {
                succeeded++;
            }
        }
        return succeeded / (double) draws;
    }

    @Test
    @DisplayName("over 10,000 seeded attempts the success rate is within 2 points of the configured 0.9")
    void rateWithinBand() {
        assertThat(observedRate(0.9, 42, 10_000)).isBetween(0.88, 0.92);
        assertThat(observedRate(0.5, 7, 10_000)).isBetween(0.48, 0.52);
    }

    @Test
    @DisplayName("the same seed gives the same sequence of outcomes and failure reasons")
    void seededIsReproducible() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        PaymentSimulator a = new PaymentSimulator(0.7, 123L);
        PaymentSimulator b = new PaymentSimulator(0.7, 123L);
        for (int i = 0; i < 200; i++) {
            first.add(String.valueOf(a.charge("4242424242424242")));
            second.add(String.valueOf(b.charge("4242424242424242")));
        }
        assertThat(first).isEqualTo(second).contains("null").anyMatch(PaymentSimulator.FAILURE_REASONS::contains);
    }

    @Test
    @DisplayName("rate 1 always succeeds, rate 0 always fails with a known reason, other rates are refused")
    void extremes() {
        assertThat(observedRate(1.0, 1, 1000)).isEqualTo(1.0);
        assertThat(observedRate(0.0, 1, 1000)).isEqualTo(0.0);
        assertThat(new PaymentSimulator(0.0, 3L).charge(null)).isIn(PaymentSimulator.FAILURE_REASONS);
        assertThatThrownBy(() -> new PaymentSimulator(1.5, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("each documented test card always fails with its own reason, even at rate 1, and draws nothing "
            + "from the seeded sequence of the other cards")
    void decliningTestCards() {
        PaymentSimulator simulator = new PaymentSimulator(1.0, 5L);
        for (int i = 0; i < 20; i++) {
            assertThat(simulator.charge("4000000000000002")).isEqualTo("card_declined");
            assertThat(simulator.charge("4000000000009995")).isEqualTo("insufficient_funds");
            assertThat(simulator.charge("4000000000000119")).isEqualTo("processor_error");
            assertThat(simulator.charge("4242424242424242")).isNull();
        }
        PaymentSimulator plain = new PaymentSimulator(0.5, 9L);
        PaymentSimulator mixed = new PaymentSimulator(0.5, 9L);
        List<String> withoutTestCards = new ArrayList<>();
        List<String> betweenTestCards = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            withoutTestCards.add(String.valueOf(plain.charge("5555555555554444")));
            mixed.charge("4000000000000002");
            betweenTestCards.add(String.valueOf(mixed.charge("5555555555554444")));
        }
        assertThat(betweenTestCards).isEqualTo(withoutTestCards);
        assertThat(PaymentSimulator.DECLINING_TEST_CARDS.values()).isSubsetOf(PaymentSimulator.FAILURE_REASONS);
    }
}
