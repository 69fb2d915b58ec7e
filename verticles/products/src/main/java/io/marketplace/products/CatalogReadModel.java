package io.marketplace.products;

import io.marketplace.common.bus.Services;
import io.marketplace.common.events.DomainEvent;
import io.marketplace.common.events.EventPublisher;
import io.marketplace.common.events.Events;
import io.marketplace.common.recovery.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps this verticle's {@link CatalogModel} in step with the database, which stays the source of truth.
 * <ul>
 * <li>At start the whole catalog is loaded, unless it holds more products than the memory limit: then
 * {@link #serving()} is false and reads use the database's indexed queries.</li>
 * <li>A write on this verticle is applied as soon as the database returns the written document
 * ({@link #written}), so the writer reads its own change at once; then it is published as a domain event.</li>
 * <li>Other verticles apply published events, ordered by the product's version (an older or repeated one is a
 * no-op).</li>
 * <li>The bus may drop events, so every sync period the verticle also reloads the products written since its
 * watermark, the start of its previous pass (less an overlap for clock skew between nodes and for writes still in
 * flight when that pass read), and every {@link #FULL_SWEEP_EVERY}th pass it
 * compares every version with the database.</li>
 * </ul>
 */
final class CatalogReadModel {

    static final long WATERMARK_OVERLAP_MS = 5_000;
    static final int FULL_SWEEP_EVERY = 15;
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReadModel.class);

    private final Vertx vertx;
    private final ProductRepository products;
    private final CategoryRepository categories;
    private final EventPublisher publisher;
    private final int memoryLimit;
    private final long syncPeriodMs;
    private CatalogModel model;
    private long watermark;
    private int passes;
    private MessageConsumer<JsonObject> consumer;
    private PeriodicPass sync;

    CatalogReadModel(Vertx vertx, ProductRepository products, CategoryRepository categories, int memoryLimit,
                     long syncPeriodMs) {
        this.vertx = vertx;
        this.products = products;
        this.categories = categories;
        this.publisher = new EventPublisher(vertx, Services.PRODUCTS);
        this.memoryLimit = memoryLimit;
        this.syncPeriodMs = syncPeriodMs;
    }

    /** Subscribes to product events first (so nothing written during the load is missed), then loads. */
    Future<Void> start() {
        consumer = vertx.eventBus().consumer(Events.address(Services.PRODUCTS), message -> onEvent(message.body()));
        return consumer.completion()
                .compose(ignored -> products.countAll())
                .compose(count -> {
                    if (count > memoryLimit || memoryLimit == 0) {
                        LOG.info("Catalog of {} products exceeds CATALOG_MEMORY_LIMIT={}: reads use the database",
                                count, memoryLimit);
                        return Future.succeededFuture();
                    }
                    return load().onSuccess(loaded -> LOG.info("Catalog read model loaded: {} products",
                            loaded.size()));
                })
                .onSuccess(ignored -> sync = PeriodicPass.schedule(vertx, "catalog read model sync", syncPeriodMs,
                        syncPeriodMs, this::catchUp))
                .mapEmpty();
    }

    void stop() {
        if (sync != null) {
            sync.cancel();
        }
        if (consumer != null) {
            consumer.unregister();
        }
    }

    boolean serving() {
        return model != null;
    }

    /** The model to read from; only while {@link #serving()}. */
    CatalogModel model() {
        return model;
    }

    /** A product written on this verticle: into the model now, then to every other node as an event. */
    void written(String type, Product product) {
        apply(product);
        publisher.publish(DomainEvent.of(type, product.version(), product.toJson()));
    }

    void categoryDeclared(JsonObject category) {
        if (model != null) {
            model.declareCategory(category.getString("_id"), category.getString("name"),
                    category.getString("description"));
        }
        publisher.publish(DomainEvent.of(Events.Products.CATEGORY_CREATED, 1, category));
    }

    private Future<CatalogModel> load() {
        CatalogModel loading = new CatalogModel();
        long started = System.currentTimeMillis();
        return Future.all(products.all(), categories.all()).map(all -> {
            for (Product product : all.<List<Product>>resultAt(0)) {
                loading.apply(product);
            }
            watermark = started;
            for (JsonObject category : all.<List<JsonObject>>resultAt(1)) {
                loading.declareCategory(category.getString("_id"), category.getString("name"),
                        category.getString("description"));
            }
            if (loading.size() > memoryLimit) {
                return null;
            }
            model = loading;
            return loading;
        });
    }

    private void onEvent(JsonObject body) {
        if (model == null) {
            return;
        }
        try {
            DomainEvent event = DomainEvent.fromJson(body);
            if (Events.Products.CATEGORY_CREATED.equals(event.type())) {
                JsonObject category = event.data();
                model.declareCategory(category.getString("_id"), category.getString("name"),
                        category.getString("description"));
            } else {
                apply(Product.fromJson(event.data()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Ignored a malformed product event: {}", e.getMessage());
        }
    }

    private void apply(Product product) {
        if (model == null) {
            return;
        }
        if (model.versionOf(product.id()) < 0 && model.size() >= memoryLimit) {
            LOG.warn("Catalog grew past CATALOG_MEMORY_LIMIT={}: reads use the database from now on", memoryLimit);
            model = null;
            return;
        }
        model.apply(product);
    }

    /** Reloads what changed since the watermark; every few passes, whatever differs from the database at all. */
    private Future<?> catchUp() {
        if (model == null) {
            return Future.succeededFuture();
        }
        passes++;
        if (passes % FULL_SWEEP_EVERY == 0) {
            return fullSweep();
        }
        long started = System.currentTimeMillis();
        return products.changedSince(watermark - WATERMARK_OVERLAP_MS).onSuccess(changed -> {
            watermark = started;
            int applied = 0;
            for (Product product : changed) {
                if (model != null && product.version() > model.versionOf(product.id())) {
                    apply(product);
                    applied++;
                }
            }
            if (applied > 0) {
                LOG.info("Catalog read model caught up on {} missed product changes", applied);
            }
        });
    }

    private Future<?> fullSweep() {
        return Future.all(products.versions(), categories.all()).compose(all -> {
            List<String> stale = new ArrayList<>();
            for (JsonObject row : all.<List<JsonObject>>resultAt(0)) {
                if (model != null && row.getLong("version", 0L) > model.versionOf(row.getString("_id"))) {
                    stale.add(row.getString("_id"));
                }
            }
            for (JsonObject category : all.<List<JsonObject>>resultAt(1)) {
                if (model != null) {
                    model.declareCategory(category.getString("_id"), category.getString("name"),
                            category.getString("description"));
                }
            }
            if (stale.isEmpty()) {
                return Future.succeededFuture();
            }
            LOG.info("Catalog read model found {} products behind the database; reloading them", stale.size());
            return products.findAll(stale).onSuccess(reloaded -> reloaded.forEach(this::apply));
        });
    }
}
