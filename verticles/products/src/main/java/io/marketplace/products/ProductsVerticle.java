package io.marketplace.products;

import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.mongo.MongoClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mongo.MongoClient;

/** Wiring of the products service: the catalog and the inventory actions on {@code marketplace.products}. */
public class ProductsVerticle extends VerticleBase {

    private CatalogReadModel readModel;
    private ActionDispatcher dispatcher;

    @Override
    public Future<?> start() {
        AppConfig config = AppConfig.fromJson(config());
        MongoClient mongo = MongoClients.shared(vertx, config);
        ProductRepository products = new ProductRepository(mongo);
        CategoryRepository categories = new CategoryRepository(mongo);
        readModel = new CatalogReadModel(vertx, products, categories, CatalogMemory.limit(config),
                config.catalogSyncMs());
        CatalogService catalog = new CatalogService(products, categories, readModel);
        ReleasedOrders released = new ReleasedOrders(mongo);
        InventoryService inventory = new InventoryService(products, readModel, released);
        dispatcher = new ActionDispatcher(Services.PRODUCTS)
                .on(Actions.Products.LIST, catalog::list)
                .onText(Actions.Products.LIST, catalog::listText)
                .on(Actions.Products.GET, catalog::get)
                .onText(Actions.Products.GET, catalog::getText)
                .on(Actions.Products.CREATE, catalog::create)
                .on(Actions.Products.UPDATE, catalog::update)
                .on(Actions.Products.DELETE, catalog::delete)
                .on(Actions.Products.ADJUST_STOCK, catalog::adjustStock)
                .on(Actions.Products.LIST_CATEGORIES, catalog::listCategories)
                .on(Actions.Products.GET_CATEGORY, catalog::getCategory)
                .on(Actions.Products.CREATE_CATEGORY, catalog::createCategory)
                .on(Actions.Products.RESERVE, inventory::reserve)
                .on(Actions.Products.RELEASE, inventory::release)
                .on(Actions.Products.COMMIT, inventory::commit)
                .on(Actions.Products.RESTOCK, inventory::restock)
                .on(Actions.Products.OPEN_RESERVATIONS, inventory::openReservations);
        return products.createIndexes()
                .compose(ignored -> released.createIndexes())
                .compose(ignored -> readModel.start())
                .compose(ignored -> dispatcher.register(vertx));
    }

    /** The actions of this verticle alone (tests address one node with it). */
    ActionDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Future<?> stop() {
        if (readModel != null) {
            readModel.stop();
        }
        return Future.succeededFuture();
    }
}
