package io.marketplace.gateway.compat;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;

/**
 * Our errors in the seed's (FastAPI's) words: {@code {"detail": "message"}} with the same status; validation
 * failures as 422 with FastAPI's list of {@code {loc, msg, type}}; a rejected or missing bearer token as the bare
 * JSON string the seed's gateway answers. Where the seed's status or wording differs for the same situation (a
 * taken email is its 400), its clients expect the seed's, so those are mapped by our error code.
 */
final class SeedErrors {

    /** 401s that a service answers about presented credentials (not about the token): they carry a detail. */
    private static final Set<String> CREDENTIAL_CODES = Set.of(
            "invalid_credentials", "invalid_refresh_token", "refresh_token_reused");

    private static final String TOKEN_MISSING = "token_missing";

    /** Codes whose seed counterpart has another status or a fixed wording its clients match on. */
    private static final Map<String, ServiceException> SEED_WORDING = Map.of(
            "email_taken", new ServiceException(400, "email_taken", "Email already registered"),
            "empty_cart", new ServiceException(400, "empty_cart", "Cart is empty"),
            "method_not_allowed", new ServiceException(405, "method_not_allowed", "Method Not Allowed"));

    private SeedErrors() {
    }

    static FormattedResponse toSeed(RoutingContext ctx, ServiceException error) {
        if (error.status() == 401 && !CREDENTIAL_CODES.contains(error.code())) {
            boolean missing = TOKEN_MISSING.equals(error.code()) || ctx.request().getHeader("Authorization") == null;
            String reason = missing ? "Missing Authorization header" : "Invalid authentication credentials";
            return new FormattedResponse(401, Json.encodeToBuffer(reason));
        }
        if ("validation_error".equals(error.code()) || "malformed_json".equals(error.code())) {
            return new FormattedResponse(422, new JsonObject().put("detail", validationDetail(ctx, error)).toBuffer());
        }
        ServiceException seed = SEED_WORDING.getOrDefault(error.code(), error);
        return new FormattedResponse(seed.status(), new JsonObject().put("detail", seed.getMessage()).toBuffer());
    }

    /**
     * FastAPI's list: one entry per offending field, located in the path, the query or the body. Our details name
     * the field ({@code details.field}) or list several ({@code details.errors[]}: {@code field}, {@code code},
     * {@code message}); FastAPI's {@code type} is {@code value_error}, refined by our code when there is one.
     */
    static JsonArray validationDetail(RoutingContext ctx, ServiceException error) {
        JsonArray detail = new JsonArray();
        if ("malformed_json".equals(error.code())) {
            return detail.add(entry(ctx, null, error.getMessage(), "value_error.jsondecode"));
        }
        JsonObject details = error.details() instanceof JsonObject object ? object : new JsonObject();
        JsonArray errors = details.getJsonArray("errors");
        if (errors != null && !errors.isEmpty()) {
            for (Object each : errors) {
                if (each instanceof JsonObject field) {
                    String code = field.getString("code");
                    detail.add(entry(ctx, field.getString("field"), field.getString("message", error.getMessage()),
                            code == null ? "value_error" : "value_error." + code));
                }
            }
        }
        if (detail.isEmpty()) {
            detail.add(entry(ctx, details.getString("field"), error.getMessage(), "value_error"));
        }
        return detail;
    }

    private static JsonObject entry(RoutingContext ctx, String field, String message, String type) {
        if (field == null) {
            return new JsonObject().put("loc", new JsonArray().add("body")).put("msg", message).put("type", type);
        }
        String location = ctx.pathParam(field) != null ? "path"
                : ctx.queryParams().contains(field) ? "query" : "body";
        JsonArray loc = new JsonArray().add(location).add(field);
        return new JsonObject().put("loc", loc).put("msg", message).put("type", type);
    }
}
