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
            if (simulator.charge() == null) {
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
            first.add(String.valueOf(a.charge()));
            second.add(String.valueOf(b.charge()));
        }
        assertThat(first).isEqualTo(second).contains("null").anyMatch(PaymentSimulator.FAILURE_REASONS::contains);
    }

    @Test
    @DisplayName("rate 1 always succeeds, rate 0 always fails with a known reason, other rates are refused")
    void extremes() {
        assertThat(observedRate(1.0, 1, 1000)).isEqualTo(1.0);
        assertThat(observedRate(0.0, 1, 1000)).isEqualTo(0.0);
        assertThat(new PaymentSimulator(0.0, 3L).charge()).isIn(PaymentSimulator.FAILURE_REASONS);
        assertThatThrownBy(() -> new PaymentSimulator(1.5, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
