package io.marketplace.payments;

import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static io.marketplace.payments.Checkout.pay;
import static io.marketplace.payments.Checkout.payment;
import static io.marketplace.payments.Checkout.pendingOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** A declined payment may be retried: with a seed whose first draw fails and second succeeds. */
@ExtendWith(VertxExtension.class)
class PaymentRetryTest {

    private static final double RATE = 0.5;
    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(Checkout.platform(RATE, failThenSucceedSeed()));
    private static TestPlatform platform;

    /** The first seed whose simulator declines once, then accepts. */
    static long failThenSucceedSeed() {
        for (long seed = 0; ; seed++) {
            PaymentSimulator simulator = new PaymentSimulator(RATE, seed);
            if (simulator.charge(null) != null && simulator.charge(null) == null) {
                return seed;
            }
        }
    }

    @Test
    @DisplayName("a declined attempt answers 402 and leaves the order payable; the retry succeeds; "
            + "exactly one succeeded charge, the order paid")
    void declinedThenRetried(VertxTestContext ctx) {
        platform.users().vendor().compose(vendor -> pendingOrder(platform, vendor, "12.34", 1))
                .compose(pending -> pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId()))
                        .compose(declined -> {
                            ctx.verify(() -> {
                                assertError(declined, 402, "payment_failed");
                                JsonObject failed = declined.bodyAsJsonObject().getJsonObject("error")
                                        .getJsonObject("details");
                                assertThat(failed.getString("status")).isEqualTo("failed");
                                assertThat(failed.getString("failure_reason")).isIn(PaymentSimulator.FAILURE_REASONS);
                            });
                            return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId()));
                        })
                        .compose(retried -> {
                            ctx.verify(() -> {
                                assertThat(retried.statusCode()).isEqualTo(201);
                                assertThat(retried.bodyAsJsonObject().getValue("amount"))
                                        .isEqualTo(new BigDecimal("12.34"));
                            });
                            return io.vertx.core.Future.all(
                                    platform.mongo().count("payments", new JsonObject()
                                            .put("order_id", pending.orderId()).put("status", "succeeded")),
                                    platform.mongo().count("payments", new JsonObject()
                                            .put("order_id", pending.orderId()).put("status", "failed")),
                                    platform.mongo().findOne("orders", new JsonObject().put("_id", pending.orderId()),
                                            null));
                        }))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    assertThat((Long) after.resultAt(0)).isEqualTo(1);
                    assertThat((Long) after.resultAt(1)).isEqualTo(1);
                    assertThat(((JsonObject) after.resultAt(2)).getString("status")).isEqualTo("paid");
                    ctx.completeNow();
                })));
    }
}
