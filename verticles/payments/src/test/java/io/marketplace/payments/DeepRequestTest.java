package io.marketplace.payments;

import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Caller;
import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.bus.Services;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

import static io.marketplace.payments.Checkout.pay;
import static io.marketplace.payments.Checkout.payment;
import static io.marketplace.payments.Checkout.pendingOrder;
import static io.marketplace.testkit.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Deeply nested card details with an Idempotency-Key: a 400 at the gateway, and a 400 from the service itself. */
@ExtendWith(VertxExtension.class)
class DeepRequestTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(Checkout.platform(1.0, 7));
    private static TestPlatform platform;

    private static String nested(int depth) {
        return "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static JsonObject nestedObject(int depth) {
        JsonObject inner = new JsonObject().put("a", 1);
        for (int i = 1; i < depth; i++) {
            inner = new JsonObject().put("a", i % 2 == 0 ? inner : new JsonArray().add(inner));
        }
        return inner;
    }

    @Test
    @DisplayName("card_details nested 999 deep is 400 at the gateway, 40 deep over the bus is 400 from payments; "
            + "no transaction is recorded and the key stays usable")
    void deepCardDetails(VertxTestContext ctx) {
        platform.users().vendor().compose(vendor -> pendingOrder(platform, vendor, "3.00", 1)).compose(pending -> {
            String body = "{\"order_id\": \"" + pending.orderId() + "\", \"payment_method\": \"credit_card\", "
                    + "\"card_details\": " + nested(999) + "}";
            Caller caller = new Caller(pending.buyer().userId(), null, Set.of("user"), "deep-test", null, 0, null, null)
                    .withIdempotencyKey("deep-key");
            return pay(platform, pending.buyer()).putHeader("Idempotency-Key", "deep-key")
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                    .compose(viaHttp -> {
                        ctx.verify(() -> assertError(viaHttp, 400, "validation_error"));
                        return platform.bus(Services.PAYMENTS, Actions.Payments.PROCESS, payment(pending.orderId())
                                .put("card_details", nestedObject(40)), caller)
                                .transform(result -> {
                                    ctx.verify(() -> {
                                        assertThat(result.failed()).isTrue();
                                        assertThat(ServiceException.from(result.cause()).status()).isEqualTo(400);
                                    });
                                    return platform.mongo().count("payments",
                                            new JsonObject().put("order_id", pending.orderId()));
                                });
                    })
                    .compose(recorded -> {
                        ctx.verify(() -> assertThat(recorded).isZero());
                        return pay(platform, pending.buyer()).putHeader("Idempotency-Key", "deep-key")
                                .sendJsonObject(payment(pending.orderId()));
                    });
        }).onComplete(ctx.succeeding(paid -> ctx.verify(() -> {
            assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
            ctx.completeNow();
        })));
    }
}
