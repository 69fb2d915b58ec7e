package io.marketplace.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP route of the public API and the bus action behind it. {@link RequestReader} builds the message body from
 * the query (GET) or the JSON body (other methods), plus the path parameters ({@code :id}), so services see one
 * flat JSON object. {@code acceptsForm} marks the routes that also take a form-encoded body. A route that creates a
 * resource answers 201 with a {@code Location} built from the reply ({@code /api/products/{id}} takes the reply's
 * {@code id}).
 */
public record ApiRoute(HttpMethod method, String path, String service, String action, Access access, int status,
                       String location, boolean acceptsForm) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    public enum Access {
        /** No token needed; a valid one still identifies the caller. */
        PUBLIC,
        /** A valid, unrevoked bearer token is required. */
        AUTHENTICATED
    }

    public static ApiRoute open(HttpMethod method, String path, String service, String action) {
        return new ApiRoute(method, path, service, action, Access.PUBLIC, 200, null, false);
    }

    public static ApiRoute secured(HttpMethod method, String path, String service, String action) {
        return new ApiRoute(method, path, service, action, Access.AUTHENTICATED, 200, null, false);
    }

    public ApiRoute withStatus(int successStatus) {
        return new ApiRoute(method, path, service, action, access, successStatus, location, acceptsForm);
    }

    /** This route also takes {@code application/x-www-form-urlencoded} bodies (documented in openapi.yaml). */
    public ApiRoute withForm() {
        return new ApiRoute(method, path, service, action, access, status, location, true);
    }

    /** 201 Created, with the created resource's URI: a template whose {@code {field}}s come from the reply. */
    public ApiRoute creates(String locationTemplate) {
        return new ApiRoute(method, path, service, action, access, 201, locationTemplate, acceptsForm);
    }

    /** The created resource's URI for this reply, each value percent-encoded as a path segment; null if none. */
    public String locationOf(JsonObject reply) {
        if (location == null) {
            return null;
        }
        Matcher placeholder = PLACEHOLDER.matcher(location);
        StringBuilder uri = new StringBuilder();
        while (placeholder.find()) {
            Object value = reply.getValue(placeholder.group(1));
            if (value == null) {
                return null;
            }
            placeholder.appendReplacement(uri, Matcher.quoteReplacement(
                    URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        placeholder.appendTail(uri);
        return uri.toString();
    }
}
