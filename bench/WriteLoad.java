import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Write throughput of the acknowledged (durable) write path, JDK only: C closed-loop clients, each sending its next
 * write when the previous one is answered, so concurrent writes can share a group commit.
 *
 *   java bench/WriteLoad.java http://127.0.0.1:8000 <create|checkout> <iterations> <concurrency>
 *
 * create: POST /api/products (one write per request). checkout: add to cart, POST /api/orders, pay (three requests,
 * each one or more database writes); latency is per whole checkout.
 */
public final class WriteLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String scenario = args[1];
        int iterations = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        if (iterations > 1_000_000 || concurrency > 512) {
            throw new IllegalArgumentException("bounded: at most 1,000,000 iterations and 512 clients");
        }
        String vendor = token(base, "vendor");
        List<Supplier<CompletableFuture<Integer>>> clients = new ArrayList<>();
        AtomicInteger sequence = new AtomicInteger();
        for (int c = 0; c < concurrency; c++) {
            switch (scenario) {
                case "create" -> clients.add(() -> send(post(base + "/api/products", "{\"name\":\"Durable item "
                        + sequence.incrementAndGet() + "\",\"price\":12.50,\"category\":\"bench\",\"stock\":10}",
                        vendor)));
                case "checkout" -> {
                    String product = field(postNow(base + "/api/products", "{\"name\":\"Checkout item " + c
                            + "\",\"price\":9.99,\"category\":\"bench\",\"stock\":1000000}", vendor).body(), "id");
                    String buyer = token(base, "user");
                    clients.add(() -> checkout(base, buyer, product));
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        AtomicInteger remaining = new AtomicInteger(iterations);
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (Supplier<CompletableFuture<Integer>> client : clients) {
            loops.add(loop(client, remaining, errors, latencies));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("scenario=%s clients=%d iterations=%d errors=%d seconds=%.2f rate=%.0f/s p50=%.1fms "
                        + "p99=%.1fms%n", scenario, concurrency, sorted.length, errors.get(), seconds,
                sorted.length / seconds, pct(sorted, 50), pct(sorted, 99));
    }

    private static CompletableFuture<Void> loop(Supplier<CompletableFuture<Integer>> client, AtomicInteger remaining,
                                                AtomicInteger errors, ConcurrentLinkedQueue<Long> latencies) {
        if (remaining.getAndDecrement() <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        long t0 = System.nanoTime();
        return client.get().handle((status, failure) -> {
            latencies.add(System.nanoTime() - t0);
            if (failure != null || status >= 400) {
                errors.incrementAndGet();
            }
            return null;
        }).thenCompose(ignored -> loop(client, remaining, errors, latencies));
    }

    private static CompletableFuture<Integer> checkout(String base, String token, String productId) {
        return HTTP.sendAsync(post(base + "/api/cart/items", "{\"product_id\":\"" + productId + "\",\"quantity\":1}",
                        token), HttpResponse.BodyHandlers.ofString())
                .thenCompose(r -> HTTP.sendAsync(post(base + "/api/orders", "", token),
                        HttpResponse.BodyHandlers.ofString()))
                .thenCompose(order -> order.statusCode() != 201
                        ? CompletableFuture.completedFuture(order.statusCode())
                        : HTTP.sendAsync(post(base + "/api/payments/process", "{\"order_id\":\""
                                + field(order.body(), "id") + "\",\"payment_method\":\"credit_card\","
                                + "\"card_details\":{}}", token), HttpResponse.BodyHandlers.ofString())
                        .thenApply(HttpResponse::statusCode));
    }

    private static CompletableFuture<Integer> send(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String token(String base, String role) throws Exception {
        String email = role + "-" + System.nanoTime() + "@bench.example.com";
        postNow(base + "/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"password123\","
                + "\"full_name\":\"Bench\",\"role\":\"" + role + "\"}", null);
        return field(postNow(base + "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"password123\"}",
                null).body(), "access_token");
    }

    private static HttpRequest post(String url, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static HttpResponse<String> postNow(String url, String body, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(post(url, body, token), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    /** Pulls a top-level string field out of a flat JSON answer without a JSON library. */
    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        start += key.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private WriteLoad() {
    }
}
