package io.marketplace.app;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.config.ConfigKeys;
import io.marketplace.common.events.Events;
import io.marketplace.gateway.events.BrowserBridgePermits;
import io.marketplace.testkit.PlatformUnderTest;
import io.marketplace.testkit.TestPlatform;
import io.marketplace.testkit.Users.Session;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.marketplace.app.BlockingCalls.await;
import static io.marketplace.app.BridgeSocket.event;
import static io.marketplace.app.BridgeSocket.paymentOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browsers' bridge at {@code /eventbus}, through a real gateway and real services, spoken to as a browser does
 * (SockJS's raw websocket, the bridge's JSON frames): product events for anyone, order and payment events only to
 * their own user with a valid token, nothing from the browser onto the bus.
 */
class BrowserBridgeTest {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.of(WholePlatform.builder()
            .config(ConfigKeys.RESERVATION_RECOVERY_SECONDS, 3600));
    private static Vertx vertx;
    private static TestPlatform platform;
    private static BlockingCalls calls;
    private static Session vendor;

    @BeforeAll
    static void start() throws Exception {
        calls = new BlockingCalls(platform);
        vendor = await(platform.users().vendor());
    }

    private static BridgeSocket connect() throws Exception {
        return await(BridgeSocket.open(vertx, platform.port()));
    }

    private static String product(int stock) throws Exception {
        HttpResponse<Buffer> created = calls.post("/api/products", vendor.accessToken(), new JsonObject()
                .put("name", "Live " + UUID.randomUUID()).put("price", new BigDecimal("4.00")).put("stock", stock)
                .put("category", "live"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("id");
    }

    /** The buyer puts one unit in the cart, checks out and pays: the paid order's id. */
    private static String buyAndPay(Session buyer, String productId) throws Exception {
        assertThat(calls.post("/api/cart/items", buyer.accessToken(), new JsonObject().put("product_id", productId)
                .put("quantity", 1)).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> order = await(platform.http().post("/api/orders")
                .bearerTokenAuthentication(buyer.accessToken()).putHeader("Content-Length", "0").send());
        assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
        String orderId = order.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> paid = calls.post("/api/payments/process", buyer.accessToken(), new JsonObject()
                .put("order_id", orderId).put("payment_method", "credit_card").put("card_details", new JsonObject()));
        assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
        return orderId;
    }

    /** A socket registered on the order and payment events with the user's token, and on the product events. */
    private static BridgeSocket watching(Session user) throws Exception {
        BridgeSocket socket = connect();
        await(socket.register(BrowserBridgePermits.ORDERS, user.accessToken()));
        await(socket.register(BrowserBridgePermits.PAYMENTS, user.accessToken()));
        await(socket.register(BrowserBridgePermits.PRODUCTS, null));
        return socket;
    }

    private static List<String> userIdsOf(List<JsonObject> events) {
        return events.stream().map(event -> event.getJsonObject("data").getString("user_id")).distinct().toList();
    }

    @Test
    @DisplayName("each user's socket receives that user's order and payment events only, product events reach every "
            + "socket, and a socket without a token gets product events and a token_missing refusal for orders")
    void eventsGoOnlyToTheirOwner() throws Exception {
        Session alice = await(platform.users().user());
        Session bob = await(platform.users().user());
        BridgeSocket aliceSocket = watching(alice);
        BridgeSocket bobSocket = watching(bob);
        BridgeSocket anonymous = connect();
        await(anonymous.register(BrowserBridgePermits.PRODUCTS, null));
        await(anonymous.register(BrowserBridgePermits.ORDERS, null));
        await(anonymous.register(BrowserBridgePermits.PAYMENTS, null));
        await(anonymous.await(frame -> BrowserBridgePermits.PAYMENTS.equals(frame.getString("address"))));
        // Registrations are complete once the server answered a later frame of the same socket; a product created
        // now reaches all three.
        String productId = product(10);
        await(anonymous.await(event(Events.Products.CREATED, productId)));
        await(aliceSocket.await(event(Events.Products.CREATED, productId)));
        await(bobSocket.await(event(Events.Products.CREATED, productId)));

        String aliceOrder = buyAndPay(alice, productId);
        String bobOrder = buyAndPay(bob, productId);
        // Alice's events were published before Bob's by the same services: once Bob's reached Bob's socket, and Alice's
        // second order reached hers, anything misdirected would have arrived too.
        String aliceSecond = buyAndPay(alice, productId);
        await(bobSocket.await(paymentOf(Events.Payments.SUCCEEDED, bobOrder)));
        await(bobSocket.await(event(Events.Orders.PAID, bobOrder)));
        await(aliceSocket.await(paymentOf(Events.Payments.SUCCEEDED, aliceSecond)));
        await(aliceSocket.await(event(Events.Orders.PAID, aliceSecond)));

        List<JsonObject> aliceOrders = aliceSocket.events(BrowserBridgePermits.ORDERS);
        assertThat(aliceOrders).extracting(e -> e.getString("type") + " " + e.getJsonObject("data").getString("id"))
                .containsExactly(Events.Orders.CREATED + " " + aliceOrder, Events.Orders.PAID + " " + aliceOrder,
                        Events.Orders.CREATED + " " + aliceSecond, Events.Orders.PAID + " " + aliceSecond);
        assertThat(userIdsOf(aliceOrders)).containsExactly(alice.userId());
        assertThat(userIdsOf(aliceSocket.events(BrowserBridgePermits.PAYMENTS))).containsExactly(alice.userId());
        assertThat(aliceSocket.events(BrowserBridgePermits.PAYMENTS)).hasSize(2);
        assertThat(bobSocket.events(BrowserBridgePermits.ORDERS)).extracting(e -> e.getString("type"))
                .containsExactly(Events.Orders.CREATED, Events.Orders.PAID);
        assertThat(userIdsOf(bobSocket.events(BrowserBridgePermits.ORDERS))).containsExactly(bob.userId());
        assertThat(userIdsOf(bobSocket.events(BrowserBridgePermits.PAYMENTS))).containsExactly(bob.userId());

        assertThat(anonymous.frames()).filteredOn(frame -> "rec".equals(frame.getString("type")))
                .extracting(frame -> frame.getString("address")).containsOnly(BrowserBridgePermits.PRODUCTS);
        assertThat(anonymous.events(BrowserBridgePermits.PRODUCTS)).extracting(e -> e.getString("type"))
                .contains(Events.Products.CREATED, Events.Products.STOCK_CHANGED);
        assertThat(anonymous.refusals())
                .extracting(frame -> frame.getString("address") + " " + frame.getValue("body"))
                .containsExactly(BrowserBridgePermits.ORDERS + " token_missing",
                        BrowserBridgePermits.PAYMENTS + " token_missing");
        assertThat(anonymous.genericRejections()).isEqualTo(2);
        for (BridgeSocket socket : List.of(aliceSocket, bobSocket, anonymous)) {
            await(socket.close());
        }
    }

    @Test
    @DisplayName("expired, revoked and invalid tokens are refused with their code, and a token revoked while connected "
            + "stops that socket's own events")
    void badTokensAreRefused() throws Exception {
        Session carol = await(platform.users().user());
        long now = System.currentTimeMillis() / 1000;
        String expired = Jwt.provider(platform.vertx(), platform.config()).generateToken(new JsonObject()
                        .put("sub", carol.userId()).put("email", carol.email())
                        .put("roles", new JsonArray().add("user")).put("jti", UUID.randomUUID().toString()).put("exp", now - 120).put("iat", now - 1000),
                new JWTOptions().setAlgorithm(Jwt.ALGORITHM).setIssuer(platform.config().jwtIssuer()));
        Session loggedOut = await(platform.users().user());
        assertThat(calls.post("/api/auth/logout", loggedOut.accessToken(), new JsonObject()).statusCode())
                .isBetween(200, 204);

        BridgeSocket socket = connect();
        await(socket.register(BrowserBridgePermits.ORDERS, expired));
        await(socket.await(frame -> "token_expired".equals(frame.getValue("body"))));
        await(socket.register(BrowserBridgePermits.ORDERS, loggedOut.accessToken()));
        await(socket.await(frame -> "token_revoked".equals(frame.getValue("body"))));
        await(socket.register(BrowserBridgePermits.PAYMENTS, "not-a-jwt"));
        await(socket.await(frame -> "token_invalid".equals(frame.getValue("body"))));
        assertThat(socket.refusals()).extracting(frame -> frame.getString("type") + " " + frame.getString("address")
                        + " " + frame.getValue("body"))
                .containsExactly("err " + BrowserBridgePermits.ORDERS + " token_expired",
                        "err " + BrowserBridgePermits.ORDERS + " token_revoked",
                        "err " + BrowserBridgePermits.PAYMENTS + " token_invalid");
        assertThat(socket.refusals().get(0).getInteger("failureCode")).isEqualTo(401);
        assertThat(socket.genericRejections()).isEqualTo(3);

        // Carol watches with a valid token, then logs out: her later order reaches only the socket of her new login.
        BridgeSocket before = watching(carol);
        String productId = product(5);
        await(before.await(event(Events.Products.CREATED, productId)));
        assertThat(calls.post("/api/auth/logout", carol.accessToken(), new JsonObject()).statusCode())
                .isBetween(200, 204);
        JsonObject again = await(platform.users().login(carol.email(), TestPlatform.PASSWORD));
        Session renewed = new Session(carol.userId(), carol.email(), again.getString("access_token"),
                again.getString("refresh_token"));
        BridgeSocket after = watching(renewed);
        String orderId = buyAndPay(renewed, productId);
        await(after.await(event(Events.Orders.PAID, orderId)));
        await(before.await(event(Events.Products.STOCK_CHANGED, productId)));
        assertThat(before.events(BrowserBridgePermits.ORDERS)).isEmpty();
        assertThat(before.events(BrowserBridgePermits.PAYMENTS)).isEmpty();
        assertThat(socket.frames()).noneMatch(frame -> "rec".equals(frame.getString("type")));
        for (BridgeSocket open : List.of(socket, before, after)) {
            await(open.close());
        }
    }

    @Test
    @DisplayName("a browser's send and publish are refused and deliver nothing; auth events and service addresses "
            + "cannot be registered")
    void nothingGoesInbound() throws Exception {
        List<Object> delivered = new CopyOnWriteArrayList<>();
        MessageConsumer<Object> products = vertx.eventBus().consumer(BrowserBridgePermits.PRODUCTS,
                message -> delivered.add(message.body()));
        Session dave = await(platform.users().user());
        BridgeSocket socket = connect();
        JsonObject forged = new JsonObject().put("type", "order.paid").put("data", new JsonObject());
        await(socket.send(new JsonObject().put("type", "publish").put("address", BrowserBridgePermits.PRODUCTS)
                .put("body", forged)));
        await(socket.send(new JsonObject().put("type", "send").put("address", "marketplace.orders")
                .put("body", new JsonObject()).put("headers", new JsonObject().put("token", dave.accessToken()))));
        await(socket.register(Events.address("auth"), dave.accessToken()));
        await(socket.register("marketplace.orders", dave.accessToken()));
        await(socket.await(frame -> "access_denied".equals(frame.getValue("body"))
                && socket.refusals().size() >= 4));
        assertThat(socket.refusals()).extracting(frame -> frame.getString("type") + " " + frame.getValue("body"))
                .containsExactly("err access_denied", "err access_denied", "err access_denied", "err access_denied");
        assertThat(socket.frames()).noneMatch(frame -> "rec".equals(frame.getString("type")));
        // A later publish of ours: had the refused one gone through, it would have arrived first.
        JsonObject marker = new JsonObject().put("marker", UUID.randomUUID().toString());
        vertx.eventBus().publish(BrowserBridgePermits.PRODUCTS, marker);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!delivered.contains(marker) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(delivered).contains(marker).doesNotContain(forged);
        assertThat(socket.frames()).noneMatch(frame -> "rec".equals(frame.getString("type")));
        await(products.unregister());
        await(socket.close());
    }

    @Test
    @DisplayName("the SockJS xhr fallback works through the gateway's CORS, method table and security headers")
    void xhrFallback() throws Exception {
        HttpResponse<Buffer> info = calls.get("/eventbus/info", null);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.bodyAsJsonObject().getBoolean("websocket")).isTrue();
        String session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
        // a connection per request, as a browser's xhr polling may use: no pooled connection closing under us
        WebClient browser = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)
                .setDefaultHost("localhost").setDefaultPort(platform.port()));
        HttpResponse<Buffer> opened = await(browser.post(session + "/xhr")
                .putHeader("Origin", "http://shop.example").send());
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.bodyAsString()).isEqualTo("o\n");
        HttpResponse<Buffer> sent = await(browser.post(session + "/xhr_send")
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer(new JsonArray().add(new JsonObject().put("type", "register")
                        .put("address", BrowserBridgePermits.PRODUCTS).encode()).encode())));
        assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(204);
        String productId = product(3);
        HttpResponse<Buffer> polled = await(browser.post(session + "/xhr").send());
        assertThat(polled.statusCode()).isEqualTo(200);
        assertThat(polled.bodyAsString()).startsWith("a[").contains(productId).contains(Events.Products.CREATED);
        browser.close();
    }
}
