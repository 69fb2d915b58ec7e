package io.marketplace.gateway.compat;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.config.AppConfig;
import io.marketplace.gateway.ApiRoute;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How the gateway speaks at its edge: the plain API, or the FastAPI seed system's format ({@code API_COMPAT=seed}).
 * The services, the bus protocol and the stored data are the same in both; only this translation differs, and it
 * happens in three places only: the body a route sends on the bus, the body of a success, the body of an error.
 * The format is attached to each request, so every writer of a response asks {@link #of} instead of testing a mode.
 */
public interface ApiFormat {

    /** The format attached to this request by {@link #mount}; the plain API when none was attached. */
    static ApiFormat of(RoutingContext ctx) {
        ApiFormat format = ctx.get(ApiFormat.class.getName());
        return format != null ? format : PlainFormat.INSTANCE;
    }

    /** The format {@code API_COMPAT} selects. */
    static ApiFormat forConfig(Vertx vertx, AppConfig config) {
        return AppConfig.API_COMPAT_SEED.equals(config.apiCompat()) ? new SeedFormat(vertx) : PlainFormat.INSTANCE;
    }

    /**
     * Attaches this format to every request and adds the routes whose whole answer differs in this format (a
     * format's own {@code /health} or {@code /openapi.yaml}). Call it before the plain routes, so those come first.
     */
    void mount(Router router);

    /** The message a route sends on the bus, from the body the gateway read from the request. */
    JsonObject request(ApiRoute route, JsonObject body);

    /** The response to a service's successful reply. */
    FormattedResponse success(ApiRoute route, JsonObject reply);

    /**
     * True when a success is the service's reply unchanged, so a reply the service sends already encoded
     * ({@link io.marketplace.common.bus.JsonText}) can be the body as it is.
     */
    default boolean passesRepliesThrough() {
        return false;
    }

    /** The response to a failure. */
    FormattedResponse error(RoutingContext ctx, ServiceException error);

    /** Helper for {@link #mount}: puts the format on the request for {@link #of}. */
    static void attach(RoutingContext ctx, ApiFormat format) {
        ctx.put(ApiFormat.class.getName(), format);
        ctx.next();
    }
}
