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
 * A small closed-loop load generator using only the JDK: C virtual clients each send requests back to back for a
 * fixed number of requests, against a marketplace gateway on loopback. Prints throughput and latency percentiles.
 *
 *   java bench/Load.java http://127.0.0.1:8000 <scenario> <requests> <concurrency>
 *
 * Scenarios: catalog (GET /api/products?limit=20), product (GET /api/products/{id}), checkout (add to cart, create
 * order, pay: three requests per iteration, one buyer per client). Setup (a vendor, 50 products, buyers) is done first
 * through the same public API.
 */
public final class Load {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8000";
        String scenario = args.length > 1 ? args[1] : "catalog";
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        if (requests > 1_000_000 || concurrency > 512) {
            throw new IllegalArgumentException("bounded: at most 1,000,000 requests and 512 clients");
        }
        String vendor = token(base, "vendor");
        List<String> productIds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String body = "{\"name\":\"Bench product " + i + "\",\"description\":\"load test item\",\"price\":"
                    + (10 + i) + ".99,\"category\":\"bench\",\"stock\":1000000}";
            productIds.add(field(post(base + "/api/products", body, vendor).body(), "id"));
        }
        List<Supplier<CompletableFuture<Integer>>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            int client = c;
            switch (scenario) {
                case "catalog" -> clients.add(() -> send(get(base + "/api/products?limit=20&skip="
                        + (client % 3) * 20, null)));
                case "product" -> clients.add(() -> send(get(base + "/api/products/"
                        + productIds.get((int) (Math.random() * productIds.size())), null)));
                case "checkout" -> {
                    String buyer = token(base, "user");
                    String product = productIds.get(client % productIds.size());
                    clients.add(() -> checkout(base, buyer, product));
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        int perIteration = scenario.equals("checkout") ? 3 : 1;
        int iterations = Math.max(1, requests / perIteration);
        run(scenario, clients, iterations, perIteration);
    }

    private static void run(String scenario, List<Supplier<CompletableFuture<Integer>>> clients, int iterations,
                            int perIteration) throws Exception {
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
        int total = sorted.length * perIteration;
        System.out.printf("scenario=%s clients=%d requests=%d errors=%d seconds=%.2f throughput=%.0f req/s "
                        + "p50=%.1fms p95=%.1fms p99=%.1fms (latency per %s)%n",
                scenario, clients.size(), total, errors.get(), seconds, total / seconds,
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), perIteration == 1 ? "request" : "checkout");
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
        return HTTP.sendAsync(postRequest(base + "/api/cart/items",
                        "{\"product_id\":\"" + productId + "\",\"quantity\":1}", token), HttpResponse.BodyHandlers.ofString())
                .thenCompose(r -> HTTP.sendAsync(postRequest(base + "/api/orders", "", token),
                        HttpResponse.BodyHandlers.ofString()))
                .thenCompose(order -> order.statusCode() != 201
                        ? CompletableFuture.completedFuture(order.statusCode())
                        : HTTP.sendAsync(postRequest(base + "/api/payments/process", "{\"order_id\":\""
                                + field(order.body(), "id") + "\",\"payment_method\":\"credit_card\",\"card_details\":{}}",
                                token), HttpResponse.BodyHandlers.ofString())
                        .thenApply(p -> p.statusCode() == 402 ? 201 : p.statusCode()));
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
        post(base + "/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"password123\","
                + "\"full_name\":\"Bench\",\"role\":\"" + role + "\"}", null);
        return field(post(base + "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"password123\"}",
                null).body(), "access_token");
    }

    private static HttpRequest get(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static HttpRequest postRequest(String url, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(postRequest(url, body, token), HttpResponse.BodyHandlers.ofString());
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

    private Load() {
    }
}
