package io.marketplace.payments;

import io.marketplace.common.bus.Services;
import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.Events;
import io.marketplace.testkit.EventLog;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.marketplace.payments.Checkout.pay;
import static io.marketplace.payments.Checkout.payment;
import static io.marketplace.payments.Checkout.pendingOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A charge that ends and a refund recorded are each published once on {@code marketplace.events.payments}, after the
 * write, with the transaction as the API shows it (its {@code user_id} and {@code order_id}) and its version.
 */
@ExtendWith(VertxExtension.class)
class PaymentEventsTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(Checkout.platform(1.0, 42)).withVendor();
    private static TestPlatform platform;
    private static Session vendor;
    private static EventLog payments;
    private static EventLog orders;

    @BeforeAll
    static void listen() {
        payments = EventLog.listen(platform.vertx(), Services.PAYMENTS);
        orders = EventLog.listen(platform.vertx(), Services.ORDERS);
    }

    @AfterAll
    static void stop(VertxTestContext ctx) {
        payments.close().compose(ignored -> orders.close()).onComplete(ctx.succeedingThenComplete());
    }

    private static List<DomainEvent> ofOrder(String orderId) {
        return payments.matching(event -> orderId.equals(event.data().getString("order_id")));
    }

    @Test
    @DisplayName("paying publishes payment.succeeded (version 2, the API's transaction) and order.paid; paying again "
            + "publishes nothing; cancelling the paid order publishes payment.refunded once and order.cancelled")
    void chargeAndRefundArePublished(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "20.00", 1).compose(pending -> {
            String orderId = pending.orderId();
            String cancel = "/api/orders/" + orderId + "/cancel";
            return pay(platform, pending.buyer()).sendJsonObject(payment(orderId)).compose(paid -> {
                ctx.verify(() -> assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201));
                return payments.await(() -> !ofOrder(orderId).isEmpty()).map(ignored -> {
                    ctx.verify(() -> {
                        DomainEvent event = ofOrder(orderId).get(0);
                        assertThat(event.type()).isEqualTo(Events.Payments.SUCCEEDED);
                        assertThat(event.version()).isEqualTo(2);
                        assertThat(event.data()).isEqualTo(paid.bodyAsJsonObject());
                        assertThat(event.data().getString("user_id")).isEqualTo(pending.buyer().userId());
                        assertThat(event.data().getString("order_id")).isEqualTo(orderId);
                    });
                    return paid;
                });
            })
                    .compose(paid -> pay(platform, pending.buyer()).sendJsonObject(payment(orderId)))
                    .compose(again -> {
                        ctx.verify(() -> assertThat(again.statusCode()).isEqualTo(409));
                        return platform.http().post(cancel).bearerTokenAuthentication(pending.buyer().accessToken())
                                .send();
                    })
                    .compose(cancelled -> {
                        ctx.verify(() -> assertThat(cancelled.statusCode()).isEqualTo(200));
                        return platform.http().post(cancel).bearerTokenAuthentication(pending.buyer().accessToken())
                                .send();
                    })
                    .compose(again -> laterCharge())
                    .compose(marker -> payments.await(() -> !ofOrder(marker).isEmpty()))
                    .compose(ignored -> orders.awaitCount(orderId, 3))
                    .compose(orderEvents -> platform.http().get("/api/payments/order/" + orderId)
                            .bearerTokenAuthentication(pending.buyer().accessToken()).send()
                            .map(listing -> {
                                ctx.verify(() -> {
                                    List<DomainEvent> events = ofOrder(orderId);
                                    assertThat(events).extracting(DomainEvent::type).containsExactly(
                                            Events.Payments.SUCCEEDED, Events.Payments.REFUNDED);
                                    DomainEvent refund = events.get(1);
                                    assertThat(refund.version()).isEqualTo(1);
                                    assertThat(refund.data().getString("type")).isEqualTo(Payment.REFUND);
                                    assertThat(refund.data().getString("user_id"))
                                            .isEqualTo(pending.buyer().userId());
                                    assertThat(listing.bodyAsJsonObject().getJsonArray("items"))
                                            .as("the refund event is the refund the API lists")
                                            .contains(refund.data());
                                    assertThat(orderEvents).extracting(DomainEvent::type).containsExactly(
                                            Events.Orders.CREATED, Events.Orders.PAID, Events.Orders.CANCELLED);
                                });
                                return null;
                            }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    /** Another buyer's payment: once its event is here, anything published before it is here too. */
    private static Future<String> laterCharge() {
        return pendingOrder(platform, vendor, "1.00", 1).compose(other -> pay(platform, other.buyer())
                .sendJsonObject(payment(other.orderId())).map(paid -> other.orderId()));
    }
}
