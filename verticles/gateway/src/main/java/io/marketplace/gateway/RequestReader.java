package io.marketplace.gateway;

import io.marketplace.common.bus.ServiceException;
import io.marketplace.common.json.StrictJson;
import io.marketplace.common.json.StrictText;
import io.marketplace.common.json.UrlEncoded;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where the gateway reads what a client sent and builds the bus body from it. Invariant: a service
 * only ever receives input that passed the strict readers of {@code io.marketplace.common.json}, taken from where
 * the method says it belongs:
 * <ul>
 *   <li>GET (and HEAD) read the query string and the path; a body is ignored.</li>
 *   <li>Every other method reads the body and the path; a query string is refused, so a password or a price never
 *       travels in a URL and a write never changes a field the body did not name.</li>
 *   <li>Path parameters always win.</li>
 * </ul>
 * A body needs {@code application/json} (any charset parameter; it is read as UTF-8, as RFC 8259 requires) or, on
 * the routes that declare it ({@link ApiRoute#acceptsForm()}), {@code application/x-www-form-urlencoded}; anything
 * else is 415. An empty body (none, or {@code Content-Length: 0}) needs no type.
 */
public final class RequestReader {

    private static final String BUS_BODY = "bus-body";
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    private RequestReader() {
    }

    /** Route handler: parses and validates, then stores the bus body for {@link #busBody}; fails with a 4xx. */
    public static void read(RoutingContext ctx, ApiRoute route) {
        try {
            ctx.put(BUS_BODY, busBodyOf(ctx, route));
        } catch (ServiceException e) {
            ctx.fail(e);
            return;
        }
        ctx.next();
    }

    /**
     * Router handler, before any route matches: a path or query whose percent-encoding cannot be decoded strictly is
     * a 400 here, instead of failing inside the router's own decoding (a 500: a route with path parameters makes the
     * router decode the query too, so {@code /api/products/x?skip=%zz} failed there).
     */
    public static void checkPath(RoutingContext ctx) {
        try {
            UrlEncoded.decodePath(ctx.request().path());
            UrlEncoded.checkEncoding(ctx.request().query());
        } catch (ServiceException e) {
            ErrorMapper.respond(ctx, e);
            return;
        }
        ctx.next();
    }

    /** The bus body built by {@link #read}. */
    public static JsonObject busBody(RoutingContext ctx) {
        JsonObject body = ctx.get(BUS_BODY);
        return body == null ? new JsonObject() : body;
    }

    static JsonObject busBodyOf(RoutingContext ctx, ApiRoute route) {
        HttpMethod method = ctx.request().method();
        JsonObject input;
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            input = UrlEncoded.parse(ctx.request().query());
        } else {
            refuseQuery(ctx.request().query(), method);
            input = body(ctx, route);
        }
        for (Map.Entry<String, String> param : ctx.pathParams().entrySet()) {
            input.put(param.getKey(), StrictText.checkValue(param.getValue(), param.getKey()));
        }
        return input;
    }

    private static void refuseQuery(String query, HttpMethod method) {
        if (query == null || query.isEmpty()) {
            return;
        }
        String first = UrlEncoded.parse(query).fieldNames().stream().findFirst().orElse("query");
        throw ServiceException.invalidField(first, "A " + method.name() + " request reads its input from the "
                + "body, not the query string: send '" + first + "' in the JSON body");
    }

    private static JsonObject body(RoutingContext ctx, ApiRoute route) {
        Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            return new JsonObject();
        }
        String type = mediaType(ctx.request().getHeader("Content-Type"));
        if (JSON.equals(type)) {
            return StrictJson.parseObject(raw.getBytes());
        }
        if (FORM.equals(type) && route.acceptsForm()) {
            return UrlEncoded.parse(raw.toString(StandardCharsets.ISO_8859_1));
        }
        throw new ServiceException(415, "unsupported_media_type", "Send the body as " + JSON
                + (route.acceptsForm() ? " or " + FORM : "") + (type == null ? "" : ", not " + type),
                new JsonObject().put("content_type", type));
    }

    /** The media type without its parameters, lower case; null when absent. */
    private static String mediaType(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }
}
