package io.marketplace.gateway.compat;

import io.marketplace.gateway.ApiRoute;
import io.marketplace.gateway.RouteTable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /openapi.yaml} in seed mode, derived from the plain document by the same table that shapes the responses
 * ({@link SeedRoutes}), so Swagger UI shows what this gateway really sends: every operation keeps its path,
 * parameters and request body, and its responses become the seed envelope around the route's seed schema (or around
 * the plain schema where the reply passes unchanged), {@code {"detail"}} errors, a 422 where input is validated, and
 * the bare-string 401 of a rejected token.
 */
final class SeedApiDocument {

    static final String PLAIN = "openapi.yaml";
    static final String SEED = "openapi-seed.yaml";
    private static final String SCHEMAS = "#/components/schemas/";

    private SeedApiDocument() {
    }

    static Buffer render() {
        return Buffer.buffer(yaml().dump(plain(build())));
    }

    static JsonObject build() {
        JsonObject spec = load(PLAIN);
        JsonObject seed = load(SEED);
        JsonObject info = spec.getJsonObject("info");
        info.put("title", info.getString("title") + " (API_COMPAT=seed)").put("description", seed.getString("description"));
        JsonObject schemas = spec.getJsonObject("components").getJsonObject("schemas");
        seed.getJsonObject("schemas").forEach(entry -> schemas.put(entry.getKey(), entry.getValue()));
        JsonObject paths = spec.getJsonObject("paths");
        for (ApiRoute route : RouteTable.all()) {
            JsonObject item = paths.getJsonObject(route.path().replaceAll(":(\\w+)", "{$1}"));
            JsonObject operation = item == null ? null : item.getJsonObject(route.method().name().toLowerCase(Locale.ROOT));
            if (operation != null) {
                rewrite(spec, operation, SeedRoutes.shapeOf(route));
            }
        }
        JsonObject health = paths.getJsonObject("/health").getJsonObject("get");
        health.put("responses", new JsonObject().put("200", response("The gateway and each service",
                ref("SeedHealth"))));
        return spec;
    }

    private static void rewrite(JsonObject spec, JsonObject operation, SeedRoutes.Shape shape) {
        JsonObject plain = operation.getJsonObject("responses");
        JsonObject responses = new JsonObject();
        JsonObject data = shape.schema() != null ? ref(shape.schema()) : plainSuccessSchema(spec, plain);
        responses.put("200", response("Success", envelope(data)));
        for (String status : plain.fieldNames()) {
            if (status.startsWith("2")) {
                continue;
            }
            String description = describe(spec, plain.getValue(status));
            if ("401".equals(status)) {
                responses.put(status, response(description, new JsonObject().put("oneOf", new JsonArray()
                        .add(ref("SeedTokenRejected")).add(ref("SeedDetail")))));
            } else {
                responses.put("409".equals(status) && "register".equals(operation.getString("operationId"))
                        ? "400" : status, response(description, ref("SeedDetail")));
            }
        }
        if (plain.containsKey("400") || operation.containsKey("requestBody")
                || operation.containsKey("parameters")) {
            responses.put("422", response("Invalid input, as FastAPI reports it", ref("SeedValidationError")));
        }
        operation.put("responses", responses);
    }

    private static JsonObject envelope(JsonObject data) {
        return new JsonObject()
                .put("type", "object")
                .put("required", new JsonArray(List.of("success", "data", "message")))
                .put("properties", new JsonObject()
                        .put("success", new JsonObject().put("const", true))
                        .put("data", data)
                        .put("message", new JsonObject().put("type", new JsonArray(List.of("string", "null")))));
    }

    /** The schema of the plain document's success, followed through a shared response if it is one. */
    private static JsonObject plainSuccessSchema(JsonObject spec, JsonObject responses) {
        for (String status : responses.fieldNames()) {
            if (status.startsWith("2")) {
                JsonObject schema = resolve(spec, responses.getValue(status)).getJsonObject("content",
                        new JsonObject()).getJsonObject("application/json", new JsonObject()).getJsonObject("schema");
                if (schema != null) {
                    return schema;
                }
            }
        }
        return new JsonObject();
    }

    private static String describe(JsonObject spec, Object response) {
        return resolve(spec, response).getString("description", "Error");
    }

    private static JsonObject resolve(JsonObject spec, Object response) {
        JsonObject object = response instanceof JsonObject json ? json : new JsonObject();
        String ref = object.getString("$ref");
        if (ref == null || !ref.startsWith("#/components/responses/")) {
            return object;
        }
        return spec.getJsonObject("components").getJsonObject("responses")
                .getJsonObject(ref.substring("#/components/responses/".length()), new JsonObject());
    }

    private static JsonObject response(String description, JsonObject schema) {
        return new JsonObject().put("description", description).put("content", new JsonObject()
                .put("application/json", new JsonObject().put("schema", schema)));
    }

    private static JsonObject ref(String schema) {
        return new JsonObject().put("$ref", SCHEMAS + schema);
    }

    /** Read through JSON so that YAML anchors become independent copies, never shared (and re-anchored) maps. */
    @SuppressWarnings("unchecked")
    private static JsonObject load(String resource) {
        try (InputStream in = SeedApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the gateway's resources");
            }
            return new JsonObject(new JsonObject((Map<String, Object>) new Yaml().load(in)).encode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maps and lists only, as the YAML writer expects. */
    private static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (value instanceof JsonArray array) {
            return array.stream().map(SeedApiDocument::plain).toList();
        }
        return value;
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return new Yaml(options);
    }
}
