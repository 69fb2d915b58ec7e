package io.marketplace.payments;

import io.marketplace.testkit.Pages;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.marketplace.testkit.ApiAssertions.assertError;
import static io.marketplace.payments.Checkout.pay;
import static io.marketplace.payments.Checkout.payment;
import static io.marketplace.payments.Checkout.pendingOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** Payments through the gateway with a simulator that always succeeds: amounts, ownership, never twice. */
@ExtendWith(VertxExtension.class)
class PaymentsApiTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(Checkout.platform(1.0, 42)).withVendor();
    private static TestPlatform platform;
    private static Session vendor;

    private static Future<Long> charges(String orderId, String status) {
        return platform.mongo().count("payments", new JsonObject().put("order_id", orderId).put("type", "charge")
                .put("status", status));
    }

    @Test
    @DisplayName("the seed flow: pay an order for its own total (whatever amount the body claims), then see it in "
            + "the history; the order is paid")
    void seedFlow(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "24.95", 2).compose(pending -> pay(platform, pending.buyer())
                        .sendJsonObject(payment(pending.orderId()).put("amount", 0.01)
                                .put("card_details", new JsonObject().put("number", "4242 4242 4242 4242")
                                        .put("cvv", "123")))
                        .compose(paid -> {
                            ctx.verify(() -> {
                                assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
                                JsonObject body = paid.bodyAsJsonObject();
                                assertThat(body.getString("status")).isEqualTo("succeeded");
                                assertThat(body.getValue("amount")).isEqualTo(new BigDecimal("49.90"));
                                assertThat(body.getString("card_last4")).isEqualTo("4242");
                                assertThat(body.getString("order_id")).isEqualTo(pending.orderId());
                            });
                            return Future.all(
                                    platform.http().get("/api/payments/user")
                                            .bearerTokenAuthentication(pending.buyer().accessToken()).send(),
                                    platform.http().get("/api/orders/" + pending.orderId())
                                            .bearerTokenAuthentication(pending.buyer().accessToken()).send(),
                                    platform.mongo().findOne("payments", new JsonObject()
                                            .put("order_id", pending.orderId()), null));
                        }))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    JsonObject history = ((HttpResponse<Buffer>) after.resultAt(0)).bodyAsJsonObject();
                    assertThat(history.getLong("total")).isEqualTo(1);
                    assertThat(history.getJsonArray("items").getJsonObject(0).getString("status"))
                            .isEqualTo("succeeded");
                    JsonObject order = ((HttpResponse<Buffer>) after.resultAt(1)).bodyAsJsonObject();
                    assertThat(order.getString("status")).isEqualTo("paid");
                    assertThat(order.getString("payment_id")).isNotBlank();
                    JsonObject stored = after.resultAt(2);
                    assertThat(stored.getLong("amount_cents")).isEqualTo(4990L);
                    assertThat(stored.encode()).doesNotContain("4242 4242").doesNotContain("123\"");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("the documented test cards decline with their reason even when every other card succeeds; the "
            + "order stays payable and a good card then pays it once")
    void decliningTestCards(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "12.00", 1).compose(pending -> pay(platform, pending.buyer())
                        .sendJsonObject(payment(pending.orderId()).put("card_details",
                                new JsonObject().put("number", "4000 0000 0000 0002")))
                        .compose(declined -> {
                            ctx.verify(() -> {
                                assertError(declined, 402, "payment_failed");
                                JsonObject failed = declined.bodyAsJsonObject().getJsonObject("error")
                                        .getJsonObject("details");
                                assertThat(failed.getString("failure_reason")).isEqualTo("card_declined");
                                assertThat(failed.getString("card_last4")).isEqualTo("0002");
                            });
                            return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId())
                                    .put("card_details", new JsonObject().put("card_number", "4000-0000-0000-9995")));
                        })
                        .compose(poor -> {
                            ctx.verify(() -> {
                                assertError(poor, 402, "payment_failed");
                                assertThat(poor.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
                                        .getString("failure_reason")).isEqualTo("insufficient_funds");
                            });
                            return platform.http().get("/api/orders/" + pending.orderId())
                                    .bearerTokenAuthentication(pending.buyer().accessToken()).send();
                        })
                        .compose(order -> {
                            ctx.verify(() -> assertThat(order.bodyAsJsonObject().getString("status"))
                                    .isEqualTo("pending_payment"));
                            return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId())
                                    .put("card_details", new JsonObject().put("number", "4242 4242 4242 4242")));
                        })
                        .compose(paid -> {
                            ctx.verify(() -> assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201));
                            return Future.all(charges(pending.orderId(), "failed"),
                                    charges(pending.orderId(), "succeeded"));
                        }))
                .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
                    assertThat((Long) counts.resultAt(0)).isEqualTo(2);
                    assertThat((Long) counts.resultAt(1)).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("another user's order is 404, a paid order is 409, a bad method is 400, an unknown order 404")
    void refusals(VertxTestContext ctx) {
        Future.all(pendingOrder(platform, vendor, "10.00", 1), platform.users().user()).compose(setup -> {
            Checkout.PendingOrder pending = setup.resultAt(0);
            Session stranger = setup.resultAt(1);
            return pay(platform, stranger).sendJsonObject(payment(pending.orderId()))
                    .compose(foreign -> {
                        ctx.verify(() -> assertError(foreign, 404, "not_found"));
                        return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId())
                                .put("payment_method", "bitcoin"));
                    })
                    .compose(badMethod -> {
                        ctx.verify(() -> assertError(badMethod, 400, "validation_error"));
                        return pay(platform, pending.buyer()).sendJsonObject(payment("000000000000000000000000"));
                    })
                    .compose(unknown -> {
                        ctx.verify(() -> assertError(unknown, 404, "not_found"));
                        return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId()));
                    })
                    .compose(first -> {
                        ctx.verify(() -> assertThat(first.statusCode()).isEqualTo(201));
                        return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId()));
                    })
                    .compose(second -> {
                        ctx.verify(() -> assertError(second, 409, "already_paid"));
                        return platform.mongo().count("payments", new JsonObject().put("order_id", pending.orderId()));
                    });
        }).onComplete(ctx.succeeding(count -> ctx.verify(() -> {
            assertThat(count).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("Idempotency-Key: a retry returns the first response without a new charge; another body is 422")
    void idempotencyKey(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        pendingOrder(platform, vendor, "3.30", 1).compose(pending -> pay(platform, pending.buyer())
                        .putHeader("Idempotency-Key", key).sendJsonObject(payment(pending.orderId()))
                        .compose(first -> pay(platform, pending.buyer()).putHeader("Idempotency-Key", key)
                                .sendJsonObject(payment(pending.orderId()))
                                .compose(second -> {
                                    ctx.verify(() -> {
                                        assertThat(first.statusCode()).isEqualTo(201);
                                        assertThat(second.statusCode()).isEqualTo(201);
                                        assertThat(second.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
                                    });
                                    return pay(platform, pending.buyer()).putHeader("Idempotency-Key", key)
                                            .sendJsonObject(payment(pending.orderId()).put("payment_method", "paypal"));
                                }))
                        .compose(otherBody -> {
                            ctx.verify(() -> assertError(otherBody, 422, "idempotency_key_reused"));
                            return platform.mongo().count("payments",
                                    new JsonObject().put("order_id", pending.orderId()));
                        }))
                .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                    assertThat(count).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("10 concurrent requests with one Idempotency-Key charge once")
    void concurrentSameKey(VertxTestContext ctx) {
        String key = UUID.randomUUID().toString();
        pendingOrder(platform, vendor, "8.00", 1).compose(pending -> {
            List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                attempts.add(pay(platform, pending.buyer()).putHeader("Idempotency-Key", key)
                        .sendJsonObject(payment(pending.orderId())));
            }
            return Future.all(attempts).compose(all -> charges(pending.orderId(), "succeeded").map(count -> {
                ctx.verify(() -> {
                    assertThat(count).isEqualTo(1);
                    assertThat(attempts.stream().map(f -> f.result().statusCode()))
                            .allMatch(status -> status == 201 || status == 409).contains(201);
                });
                return count;
            }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("20 concurrent payments of one order without keys: at most one succeeds")
    void concurrentWithoutKeys(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "15.00", 1).compose(pending -> {
            List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                attempts.add(pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId())));
            }
            return Future.all(attempts).compose(all -> charges(pending.orderId(), "succeeded").map(count -> {
                ctx.verify(() -> {
                    assertThat(count).isEqualTo(1);
                    assertThat(attempts.stream().filter(f -> f.result().statusCode() == 201).count()).isEqualTo(1);
                });
                return count;
            }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("cancelling a paid order refunds it (visible in the history, id without a colon) and returns its "
            + "units to stock; a repeated cancel is a 200 that refunds nothing more")
    void refundOnCancel(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "20.00", 3).compose(pending -> pay(platform, pending.buyer())
                        .sendJsonObject(payment(pending.orderId()))
                        .compose(paid -> platform.http().post("/api/orders/" + pending.orderId() + "/cancel")
                                .bearerTokenAuthentication(pending.buyer().accessToken()).send())
                        .compose(cancelled -> {
                            ctx.verify(() -> assertThat(cancelled.bodyAsJsonObject().getString("status"))
                                    .isEqualTo("cancelled"));
                            return platform.http().post("/api/orders/" + pending.orderId() + "/cancel")
                                    .bearerTokenAuthentication(pending.buyer().accessToken()).send();
                        })
                        .compose(again -> {
                            ctx.verify(() -> {
                                assertThat(again.statusCode()).isEqualTo(200);
                                assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
                            });
                            return Future.all(
                                    platform.http().get("/api/payments/user")
                                            .bearerTokenAuthentication(pending.buyer().accessToken()).send(),
                                    platform.http().get("/api/payments/order/" + pending.orderId())
                                            .bearerTokenAuthentication(pending.buyer().accessToken()).send(),
                                    platform.mongo().findOne("products",
                                            new JsonObject().put("_id", pending.productId()), null),
                                    platform.http().get("/api/payments/refund-" + pending.orderId())
                                            .bearerTokenAuthentication(pending.buyer().accessToken()).send());
                        }))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    JsonArray history = ((HttpResponse<Buffer>) after.resultAt(0)).bodyAsJsonObject()
                            .getJsonArray("items");
                    assertThat(history.stream().map(p -> ((JsonObject) p).getString("type")))
                            .containsExactlyInAnyOrder("charge", "refund");
                    JsonObject refund = history.stream().map(JsonObject.class::cast)
                            .filter(p -> "refund".equals(p.getString("type"))).findFirst().orElseThrow();
                    assertThat(refund.getValue("amount")).isEqualTo(new BigDecimal("60.00"));
                    assertThat(refund.getString("id")).isEqualTo("refund-" + refund.getString("order_id"))
                            .doesNotContain(":");
                    HttpResponse<Buffer> byId = after.resultAt(3);
                    assertThat(byId.statusCode()).isEqualTo(200);
                    assertThat(byId.bodyAsJsonObject()).isEqualTo(refund);
                    assertThat(((HttpResponse<Buffer>) after.resultAt(1)).bodyAsJsonObject().getJsonArray("items"))
                            .hasSize(2);
                    JsonObject product = after.resultAt(2);
                    assertThat(product.getInteger("stock")).isEqualTo(100);
                    assertThat(product.getInteger("sold")).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a payment is visible to its owner and an admin, and a 404 to anyone else")
    void paymentVisibility(VertxTestContext ctx) {
        Future.all(pendingOrder(platform, vendor, "5.00", 1), platform.users().user(), platform.users().admin())
                .compose(setup -> {
                    Checkout.PendingOrder pending = setup.resultAt(0);
                    Session stranger = setup.resultAt(1);
                    Session admin = setup.resultAt(2);
                    return pay(platform, pending.buyer()).sendJsonObject(payment(pending.orderId()))
                            .compose(paid -> {
                                String path = "/api/payments/" + paid.bodyAsJsonObject().getString("id");
                                return Future.all(
                                        platform.http().get(path).bearerTokenAuthentication(pending.buyer().accessToken())
                                                .send(),
                                        platform.http().get(path).bearerTokenAuthentication(admin.accessToken()).send(),
                                        platform.http().get(path).bearerTokenAuthentication(stranger.accessToken())
                                                .send(),
                                        platform.http().get("/api/payments/order/" + pending.orderId())
                                                .bearerTokenAuthentication(stranger.accessToken()).send());
                            });
                })
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(((HttpResponse<Buffer>) all.resultAt(0)).statusCode()).isEqualTo(200);
                    assertThat(((HttpResponse<Buffer>) all.resultAt(1)).statusCode()).isEqualTo(200);
                    assertError(all.resultAt(2), 404, "not_found");
                    assertError(all.resultAt(3), 404, "not_found");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an order refunded under the old id form (refund:<order>) stays readable and is not refunded again")
    void legacyRefundId(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "9.00", 1).compose(pending -> pay(platform, pending.buyer())
                        .sendJsonObject(payment(pending.orderId()))
                        .compose(paid -> {
                            JsonObject charge = paid.bodyAsJsonObject();
                            long now = System.currentTimeMillis();
                            return platform.mongo().insert("payments", new JsonObject()
                                    .put("_id", "refund:" + pending.orderId()).put("type", "refund")
                                    .put("order_id", pending.orderId()).put("user_id", pending.buyer().userId())
                                    .put("amount_cents", 900L).put("currency", "USD")
                                    .put("payment_method", charge.getString("payment_method"))
                                    .put("card_last4", charge.getString("card_last4")).put("status", "succeeded")
                                    .putNull("failure_reason").put("created_at", now).put("updated_at", now));
                        })
                        .compose(legacy -> platform.http().post("/api/orders/" + pending.orderId() + "/cancel")
                                .bearerTokenAuthentication(pending.buyer().accessToken()).send())
                        .compose(cancelled -> {
                            ctx.verify(() -> assertThat(cancelled.statusCode()).isEqualTo(200));
                            return Future.all(
                                    platform.http().get("/api/payments/refund:" + pending.orderId())
                                            .bearerTokenAuthentication(pending.buyer().accessToken()).send(),
                                    platform.mongo().count("payments", new JsonObject()
                                            .put("order_id", pending.orderId()).put("type", "refund")));
                        }))
                .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
                    HttpResponse<Buffer> legacy = after.resultAt(0);
                    assertThat(legacy.statusCode()).as(legacy.bodyAsString()).isEqualTo(200);
                    assertThat(legacy.bodyAsJsonObject().getString("type")).isEqualTo("refund");
                    assertThat((Long) after.resultAt(1)).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("an order's payments come in the history's list shape and order (newest first), honouring limit "
            + "and cursor; an unknown query parameter is a 400")
    void orderPaymentsList(VertxTestContext ctx) {
        pendingOrder(platform, vendor, "4.00", 1).compose(pending -> pay(platform, pending.buyer())
                        .sendJsonObject(payment(pending.orderId()))
                        .compose(paid -> platform.http().post("/api/orders/" + pending.orderId() + "/cancel")
                                .bearerTokenAuthentication(pending.buyer().accessToken()).send())
                        .compose(cancelled -> Future.all(
                                Pages.walk(platform, "/api/payments/order/" + pending.orderId() + "?limit=1",
                                        pending.buyer().accessToken(), Future::succeededFuture),
                                Pages.walk(platform, "/api/payments/user", pending.buyer().accessToken(),
                                        Future::succeededFuture),
                                platform.http().get("/api/payments/user?order_id=" + pending.orderId())
                                        .bearerTokenAuthentication(pending.buyer().accessToken()).send())))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    List<JsonObject> byOrder = all.resultAt(0);
                    assertThat(byOrder).hasSize(2);
                    assertThat(byOrder.get(0).getLong("total")).isEqualTo(2);
                    assertThat(byOrder.get(0).getInteger("limit")).isEqualTo(1);
                    assertThat(byOrder.get(0).getString("order_id")).isNotBlank();
                    List<JsonObject> items = Pages.items(byOrder);
                    assertThat(items).extracting(p -> p.getString("type")).containsExactly("refund", "charge");
                    List<JsonObject> history = Pages.items(all.resultAt(1));
                    assertThat(history).isEqualTo(items);
                    assertError(all.resultAt(2), 400, "validation_error");
                    ctx.completeNow();
                })));
    }
}
