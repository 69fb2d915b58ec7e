import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The benchmark's ceiling: a bare Vert.x HTTP server that answers every request with one fixed 20-item JSON page
 * (encoded once), with as many instances as the gateway has by default (one per core). What the marketplace adds on
 * top of this — routing, request ids, CORS, token, rate limit, the bus hop, the service — is what the ratios show.
 *
 *   java -cp verticles/app/target/marketplace.jar bench/Baseline.java PORT
 */
public final class Baseline extends VerticleBase {

    private static final Buffer PAGE = page();

    private final int port;

    private Baseline(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        int instances = Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new Baseline(port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("Baseline ready on port " + port + " (" + instances + " instances)"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(PAGE))
                .listen(port, "127.0.0.1");
    }

    private static Buffer page() {
        JsonArray items = new JsonArray();
        for (int i = 0; i < 20; i++) {
            items.add(new JsonObject().put("id", String.format("6b09a0482d43740137ed%04x", i))
                    .put("name", "Bench product " + i).put("description", "load test item number " + i)
                    .put("price", 10.99 + i).put("category", "bench").put("stock", 1_000_000)
                    .put("vendor_id", "6b09a0452d43740137edd712").put("image_url", null).put("is_active", true)
                    .put("created_at", "2026-11-27T15:22:48.275Z").put("updated_at", "2026-11-27T15:22:48.275Z"));
        }
        return new JsonObject().put("items", items).put("total", 10_000).put("skip", 0).put("limit", 20).toBuffer();
    }
}
