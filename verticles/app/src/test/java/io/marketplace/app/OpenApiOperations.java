package io.marketplace.app;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of openapi.yaml as the fuzz test needs them: method, path template, query parameters and the JSON
 * body's properties, with {@code $ref}s resolved. Tolerant by design: a schema shape it does not know yields no
 * properties, and the fuzzer then sends hostile values only.
 */
final class OpenApiOperations {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    record Operation(String method, String path, List<String> pathParams, Map<String, Map<String, Object>> query,
                     Map<String, Map<String, Object>> bodyProperties, boolean secured) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private final Map<String, Object> spec;

    private OpenApiOperations(Map<String, Object> spec) {
        this.spec = spec;
    }

    static List<Operation> load() {
        try (InputStream in = OpenApiOperations.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            return new OpenApiOperations(new Yaml().load(in)).operations();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        Map<String, Object> paths = map(spec.get("paths"));
        boolean securedByDefault = spec.get("security") != null;
        for (Map.Entry<String, Object> pathEntry : paths.entrySet()) {
            if (!pathEntry.getKey().startsWith("/api/")) {
                continue;
            }
            Map<String, Object> item = map(pathEntry.getValue());
            List<Object> shared = list(item.get("parameters"));
            for (Map.Entry<String, Object> opEntry : item.entrySet()) {
                if (!METHODS.contains(opEntry.getKey())) {
                    continue;
                }
                Map<String, Object> op = map(opEntry.getValue());
                List<String> pathParams = new ArrayList<>();
                Map<String, Map<String, Object>> query = new LinkedHashMap<>();
                List<Object> params = new ArrayList<>(shared);
                params.addAll(list(op.get("parameters")));
                for (Object raw : params) {
                    Map<String, Object> param = map(resolve(raw));
                    if ("path".equals(param.get("in"))) {
                        pathParams.add((String) param.get("name"));
                    } else if ("query".equals(param.get("in"))) {
                        query.put((String) param.get("name"), map(resolve(param.get("schema"))));
                    }
                }
                Map<String, Map<String, Object>> body = new LinkedHashMap<>();
                Map<String, Object> requestBody = map(resolve(op.get("requestBody")));
                Map<String, Object> json = map(map(requestBody.get("content")).get("application/json"));
                collectProperties(json.get("schema"), body);
                boolean secured = op.containsKey("security") ? !list(op.get("security")).isEmpty() : securedByDefault;
                operations.add(new Operation(opEntry.getKey(), pathEntry.getKey(), pathParams, query, body, secured));
            }
        }
        return operations;
    }

    private void collectProperties(Object rawSchema, Map<String, Map<String, Object>> into) {
        Map<String, Object> schema = map(resolve(rawSchema));
        for (Map.Entry<String, Object> property : map(schema.get("properties")).entrySet()) {
            into.put(property.getKey(), map(resolve(property.getValue())));
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            for (Object part : list(schema.get(combinator))) {
                collectProperties(part, into);
            }
        }
    }

    /** Follows a local {@code $ref} ({@code #/components/...}); anything else is returned as it is. */
    Object resolve(Object value) {
        Map<String, Object> node = map(value);
        Object ref = node.get("$ref");
        if (!(ref instanceof String pointer) || !pointer.startsWith("#/")) {
            return value;
        }
        Object current = spec;
        for (String part : pointer.substring(2).split("/")) {
            current = map(current).get(part);
        }
        return resolve(current);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
