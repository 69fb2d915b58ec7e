import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's Java load client (run by bench/run.sh with the fat jar on the class path, for Vert.x's HTTP client
 * and HdrHistogram). Every mode prints one line of {@code key=value} pairs that the runner reads.
 *
 * <pre>
 *   seed     BASE STATE_DIR PRODUCTS BUYERS HOT_STOCK   vendor, products, a hot product, buyers, a cart user
 *   closed   BASE STATE_DIR SCENARIO SECONDS CONNECTIONS  closed loop: throughput (the fallback when wrk is missing)
 *   rate     BASE STATE_DIR SCENARIO SECONDS RATE         constant offered rate: latency from each request's planned
 *                                                         start, so a stall counts for every request it delays
 *   checkout BASE STATE_DIR SECONDS BUYERS [WARMUP]       cart, order, pay in a loop per buyer; a quarter of the
 *                                                         checkouts also take the hot product; every tenth pays twice
 *                                                         at once (a double click); counted after WARMUP seconds of
 *                                                         the same loop (default 0); then verify every order
 *   verify   BASE STATE_DIR                               hot product: sold + reserved + left == initial; no order
 *                                                         with two successful charges
 * </pre>
 *
 * Scenarios: health, api404, catalog, search, product, product-token, cart.
 */
public final class Load {

    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

    private final Vertx vertx;
    private final HttpClient http;
    private final String host;
    private final int port;
    private final Path state;

    private Load(String base, Path state, int connections) {
        URI uri = URI.create(base);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.state = state;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: MODE BASE STATE_DIR ... (see the class comment)");
        }
        String mode = args[0];
        Path state = Path.of(args[2]);
        int connections = switch (mode) {
            case "closed" -> Integer.parseInt(args[5]);
            case "checkout" -> Integer.parseInt(args[4]) * 2;
            default -> 64;
        };
        Load load = new Load(args[1], state, connections);
        try {
            switch (mode) {
                case "seed" -> load.seed(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                case "closed" -> load.closed(args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                case "rate" -> load.rate(args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                case "checkout" -> load.checkout(Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        args.length > 5 ? Integer.parseInt(args[5]) : 0);
                case "verify" -> load.verify();
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        } finally {
            load.vertx.close().await();
        }
    }

    // ---- HTTP ----

    private record Reply(int status, Buffer body) {
        JsonObject json() {
            return body.toJsonObject();
        }
    }

    private Future<Reply> send(HttpMethod method, String uri, String token, String body, String idempotencyKey) {
        // A request that gets no connection or no data for 10 s fails (counted as an error) instead of hanging the run.
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(uri)
                .setConnectTimeout(10_000).setIdleTimeout(10_000);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            options.putHeader("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(bytes -> new Reply(response.statusCode(), bytes)));
    }

    private Reply call(HttpMethod method, String uri, String token, String body, int expected) {
        // Bounded: one run's verification waited forever for a pooled connection that never came, hanging the runner.
        Reply reply = send(method, uri, token, body, null).timeout(60, TimeUnit.SECONDS).await();
        if (reply.status() != expected) {
            throw new IllegalStateException(method + " " + uri + " -> " + reply.status() + " " + reply.body());
        }
        return reply;
    }

    // ---- seed ----

    private void seed(int products, int buyers, int hotStock) throws Exception {
        Files.createDirectories(state);
        String vendor = account("vendor");
        List<String> ids = new ArrayList<>(products);
        int parallel = 16;
        AtomicLong next = new AtomicLong();
        List<Future<Void>> workers = new ArrayList<>();
        String[] created = new String[products];
        for (int w = 0; w < parallel; w++) {
            workers.add(createProducts(vendor, next, products, created));
        }
        Future.all(workers).await();
        ids.addAll(List.of(created));
        String hot = call(HttpMethod.POST, "/api/products", vendor, product("Hot deal", "the limited one", 9.99,
                hotStock), 201).json().getString("id");
        List<String> buyerTokens = new ArrayList<>();
        for (int b = 0; b < buyers; b++) {
            buyerTokens.add(account("user"));
        }
        String cartUser = account("user");
        for (int i = 0; i < 3; i++) {
            call(HttpMethod.POST, "/api/cart/items", cartUser,
                    new JsonObject().put("product_id", ids.get(i)).put("quantity", 1 + i).encode(), 200);
        }
        Files.write(state.resolve("products.txt"), ids);
        Files.write(state.resolve("buyers.txt"), buyerTokens);
        Files.writeString(state.resolve("user.token"), cartUser);
        Files.writeString(state.resolve("hot.json"), new JsonObject().put("id", hot).put("initial", hotStock).encode());
        System.out.printf("seeded products=%d buyers=%d hot_stock=%d%n", ids.size(), buyers, hotStock);
    }

    private Future<Void> createProducts(String vendor, AtomicLong next, int total, String[] created) {
        long index = next.getAndIncrement();
        if (index >= total) {
            return Future.succeededFuture();
        }
        String body = product("Bench product " + index, "load test item number " + index, 10 + index % 90 + 0.99,
                1_000_000);
        return send(HttpMethod.POST, "/api/products", vendor, body, null).compose(reply -> {
            if (reply.status() != 201) {
                return Future.failedFuture("create product -> " + reply.status() + " " + reply.body());
            }
            created[(int) index] = reply.json().getString("id");
            return createProducts(vendor, next, total, created);
        });
    }

    private static String product(String name, String description, double price, int stock) {
        return new JsonObject().put("name", name).put("description", description)
                .put("price", Math.round(price * 100) / 100.0).put("category", "bench").put("stock", stock).encode();
    }

    private String account(String role) {
        String email = role + "-" + UUID.randomUUID() + "@bench.example.com";
        call(HttpMethod.POST, "/api/auth/register", null, new JsonObject().put("email", email)
                .put("password", "password123").put("full_name", "Bench").put("role", role).encode(), 201);
        return call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("email", email)
                .put("password", "password123").encode(), 200).json().getString("access_token");
    }

    // ---- read scenarios ----

    private record Target(String uri, String token, int expected) {
    }

    /** Picks the next request of a scenario; product scenarios spread over every seeded product. */
    private java.util.function.Supplier<Target> scenario(String name) throws Exception {
        List<String> ids = Files.readAllLines(state.resolve("products.txt"));
        String token = Files.readString(state.resolve("user.token")).strip();
        return switch (name) {
            case "health" -> () -> new Target("/health", null, 200);
            case "api404" -> () -> new Target("/api/no-such-route", null, 404);
            case "catalog" -> () -> new Target("/api/products?limit=20", null, 200);
            case "search" -> () -> new Target("/api/products?limit=20&search=product%2012", null, 200);
            case "product" -> () -> new Target("/api/products/" + random(ids), null, 200);
            case "product-token" -> () -> new Target("/api/products/" + random(ids), token, 200);
            case "cart" -> () -> new Target("/api/cart", token, 200);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    private static String random(List<String> ids) {
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    private void closed(String name, int seconds, int connections) throws Exception {
        java.util.function.Supplier<Target> next = scenario(name);
        Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Void>> loops = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            loops.add(closedLoop(next, running, latencies, done, errors));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        Future.join(loops).await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        report(name, latencies.getIntervalHistogram(), done.get(), errors.get(), elapsed, "closed=" + connections);
    }

    private Future<Void> closedLoop(java.util.function.Supplier<Target> next, AtomicBoolean running,
                                    Recorder latencies, AtomicLong done, AtomicLong errors) {
        if (!running.get()) {
            return Future.succeededFuture();
        }
        Target target = next.get();
        long t0 = System.nanoTime();
        return send(HttpMethod.GET, target.uri(), target.token(), null, null)
                .transform(result -> {
                    latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000));
                    done.incrementAndGet();
                    if (result.failed() || result.result().status() != target.expected()) {
                        errors.incrementAndGet();
                    }
                    return closedLoop(next, running, latencies, done, errors);
                });
    }

    /** A warm-up at the same rate first (its latencies dropped), so the client's own JIT is not measured. */
    private void rate(String name, int seconds, int rate) throws Exception {
        java.util.function.Supplier<Target> next = scenario(name);
        pace(next, Math.max(1, seconds / 3), rate, new Recorder(MAX_LATENCY_MICROS, 3), new AtomicLong(),
                new AtomicLong());
        Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        pace(next, seconds, rate, latencies, done, errors);
        double elapsed = (System.nanoTime() - started) / 1e9;
        report(name, latencies.getIntervalHistogram(), done.get(), errors.get(), elapsed, "rate=" + rate);
    }

    /**
     * Sends at a constant rate and waits for every answer; latency counts from each request's planned start, so a
     * stall, of the server or of this client, counts for every request it delays (no coordinated omission). The
     * requests leave from one event loop on a 1 ms tick, each tick sending every request planned up to that moment: no
     * thread hand-off per request, and a late tick sends its backlog at once instead of shifting the schedule.
     */
    private void pace(java.util.function.Supplier<Target> next, int seconds, int rate, Recorder latencies,
                      AtomicLong done, AtomicLong errors) throws Exception {
        long total = (long) seconds * rate;
        double intervalNanos = 1e9 / rate;
        List<Future<Void>> sent = new ArrayList<>();
        Promise<Void> allSent = Promise.promise();
        long started = System.nanoTime();
        vertx.getOrCreateContext().runOnContext(ignored -> vertx.setPeriodic(0, 1, timer -> {
            long due = Math.min(total, (long) ((System.nanoTime() - started) / intervalNanos) + 1);
            for (long i = sent.size(); i < due; i++) {
                long planned = started + (long) (i * intervalNanos);
                Target target = next.get();
                sent.add(send(HttpMethod.GET, target.uri(), target.token(), null, null).transform(result -> {
                    latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - planned) / 1000));
                    done.incrementAndGet();
                    if (result.failed() || result.result().status() != target.expected()) {
                        errors.incrementAndGet();
                    }
                    return Future.succeededFuture();
                }));
            }
            if (due == total) {
                vertx.cancelTimer(timer);
                allSent.complete();
            }
        }));
        allSent.future().await();
        try {
            // every request times out after 10 s; this bound only keeps a lost answer from hanging the whole run
            Future.join(sent).await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            long lost = sent.stream().filter(future -> !future.isComplete()).count();
            errors.addAndGet(lost);
            System.err.println("rate: " + lost + " requests never answered, counted as errors");
        }
    }

    private static void report(String name, Histogram h, long done, long errors, double seconds, String load) {
        System.out.printf("scenario=%s %s requests=%d errors=%d seconds=%.2f throughput=%.1f p50_ms=%.2f "
                        + "p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n", name, load, done, errors, seconds, done / seconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    // ---- checkout mix ----

    /**
     * The loop runs {@code warmup} seconds before it is counted, as wrk's scenarios are: the JIT compiles the
     * checkout's code paths there (C2 took a third of the JVM's CPU in the first 20 s of checkouts). Invariants are
     * verified over every order, warm-up included.
     */
    private void checkout(int seconds, int buyers, int warmup) throws Exception {
        List<String> ids = Files.readAllLines(state.resolve("products.txt"));
        List<String> tokens = Files.readAllLines(state.resolve("buyers.txt")).subList(0, buyers);
        String hot = new JsonObject(Files.readString(state.resolve("hot.json"))).getString("id");
        Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);
        Map<String, AtomicLong> outcomes = new HashMap<>();
        for (String outcome : List.of("paid", "declined", "sold_out", "double_click_refused", "errors")) {
            outcomes.put(outcome, new AtomicLong());
        }
        AtomicLong iteration = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Void>> loops = new ArrayList<>();
        for (String token : tokens) {
            loops.add(checkoutLoop(token, ids, hot, running, iteration, latencies, outcomes));
        }
        Thread.sleep(warmup * 1000L);
        // Errors keep counting from the start: a failure during the warm-up is still reported.
        outcomes.forEach((outcome, count) -> {
            if (!"errors".equals(outcome)) {
                count.set(0);
            }
        });
        latencies.reset();
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        Future.join(loops).await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        Histogram h = latencies.getIntervalHistogram();
        long completed = outcomes.get("paid").get() + outcomes.get("declined").get();
        System.out.printf("scenario=checkout buyers=%d checkouts=%d seconds=%.2f checkouts_per_s=%.1f paid=%d "
                        + "declined=%d sold_out=%d double_click_refused=%d errors=%d p50_ms=%.1f p99_ms=%.1f%n",
                buyers, completed, elapsed, completed / elapsed, outcomes.get("paid").get(),
                outcomes.get("declined").get(), outcomes.get("sold_out").get(),
                outcomes.get("double_click_refused").get(), outcomes.get("errors").get(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
        verify();
    }

    private Future<Void> checkoutLoop(String token, List<String> ids, String hot, AtomicBoolean running,
                                      AtomicLong iteration, Recorder latencies, Map<String, AtomicLong> outcomes) {
        if (!running.get()) {
            return Future.succeededFuture();
        }
        long n = iteration.incrementAndGet();
        long t0 = System.nanoTime();
        Future<Reply> cart = send(HttpMethod.POST, "/api/cart/items", token,
                new JsonObject().put("product_id", random(ids)).put("quantity", 1).encode(), null);
        if (n % 4 == 0) {
            cart = cart.compose(ignored -> send(HttpMethod.POST, "/api/cart/items", token,
                    new JsonObject().put("product_id", hot).put("quantity", 1).encode(), null));
        }
        return cart
                .compose(added -> added.status() == 200
                        ? send(HttpMethod.POST, "/api/orders", token, "{}", null)
                        : Future.failedFuture("add to cart -> " + added.status() + " " + added.body()))
                .compose(order -> {
                    if (order.status() == 409 && "insufficient_stock".equals(errorCode(order))) {
                        outcomes.get("sold_out").incrementAndGet();
                        return send(HttpMethod.DELETE, "/api/cart", token, null, null).mapEmpty();
                    }
                    if (order.status() != 201) {
                        return Future.failedFuture("checkout -> " + order.status() + " " + order.body());
                    }
                    return pay(token, order.json().getString("id"), n % 10 == 0, outcomes)
                            .onSuccess(ignored -> latencies.recordValue(
                                    Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000)));
                })
                .transform(result -> {
                    if (result.failed()) {
                        outcomes.get("errors").incrementAndGet();
                        System.err.println("checkout error: " + result.cause().getMessage());
                    }
                    return checkoutLoop(token, ids, hot, running, iteration, latencies, outcomes);
                });
    }

    /** One payment, or two at once with different keys (a double click): at most one may charge. */
    private Future<Void> pay(String token, String orderId, boolean twice, Map<String, AtomicLong> outcomes) {
        String body = new JsonObject().put("order_id", orderId).put("payment_method", "credit_card")
                .put("card_details", new JsonObject().put("number", "4242424242424242")).encode();
        Future<Reply> first = send(HttpMethod.POST, "/api/payments/process", token, body, UUID.randomUUID().toString());
        Future<Reply> second = twice
                ? send(HttpMethod.POST, "/api/payments/process", token, body, UUID.randomUUID().toString())
                : Future.succeededFuture(null);
        return Future.all(first, second).compose(both -> {
            int counted = 0;
            for (Reply reply : new Reply[] {both.resultAt(0), both.resultAt(1)}) {
                if (reply == null) {
                    continue;
                }
                if (reply.status() == 201) {
                    outcomes.get("paid").incrementAndGet();
                    counted++;
                } else if (reply.status() == 402) {
                    outcomes.get("declined").incrementAndGet();
                    counted++;
                } else if (reply.status() == 409) {
                    outcomes.get("double_click_refused").incrementAndGet();
                } else {
                    return Future.failedFuture("pay -> " + reply.status() + " " + reply.body());
                }
            }
            return counted > 0 ? Future.succeededFuture()
                    : Future.failedFuture("neither payment of " + orderId + " was answered 201 or 402");
        });
    }

    private static String errorCode(Reply reply) {
        try {
            return reply.json().getJsonObject("error").getString("code");
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- invariants ----

    private void verify() throws Exception {
        JsonObject hotInfo = new JsonObject(Files.readString(state.resolve("hot.json")));
        String hot = hotInfo.getString("id");
        long initial = hotInfo.getLong("initial");
        long sold = 0;
        long reserved = 0;
        long orders = 0;
        long doubleCharged = 0;
        for (String token : Files.readAllLines(state.resolve("buyers.txt"))) {
            for (JsonObject order : all("/api/orders", token)) {
                orders++;
                String status = order.getString("status");
                long units = order.getJsonArray("items").stream().map(JsonObject.class::cast)
                        .filter(line -> hot.equals(line.getString("product_id")))
                        .mapToLong(line -> line.getLong("quantity")).sum();
                switch (status) {
                    case "paid", "shipped", "delivered" -> sold += units;
                    case "reserving", "pending_payment" -> reserved += units;
                    default -> { }
                }
            }
            Map<String, Integer> charges = new HashMap<>();
            for (JsonObject payment : all("/api/payments/user", token)) {
                if ("charge".equals(payment.getString("type")) && "succeeded".equals(payment.getString("status"))) {
                    charges.merge(payment.getString("order_id"), 1, Integer::sum);
                }
            }
            doubleCharged += charges.values().stream().filter(count -> count > 1).count();
        }
        long left = call(HttpMethod.GET, "/api/products/" + hot, null, null, 200).json().getLong("stock");
        boolean balanced = sold + reserved + left == initial;
        System.out.printf("verify orders=%d hot_initial=%d hot_sold=%d hot_reserved=%d hot_left=%d balanced=%s "
                + "double_charged_orders=%d ok=%s%n", orders, initial, sold, reserved, left, balanced ? "yes" : "no",
                doubleCharged, balanced && doubleCharged == 0 ? "yes" : "no");
    }

    private List<JsonObject> all(String path, String token) {
        List<JsonObject> items = new ArrayList<>();
        for (int skip = 0; ; skip += 100) {
            JsonObject page = call(HttpMethod.GET, path + "?limit=100&skip=" + skip, token, null, 200).json();
            JsonArray batch = page.getJsonArray("items");
            batch.forEach(item -> items.add((JsonObject) item));
            if (batch.size() < 100) {
                return items;
            }
        }
    }
}
