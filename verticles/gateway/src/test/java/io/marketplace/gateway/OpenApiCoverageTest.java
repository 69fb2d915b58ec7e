package io.marketplace.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The published API description and the gateway's routes describe exactly the same operations. */
class OpenApiCoverageTest {

    private static final Set<String> OPERATIONS_ROUTES = Set.of(
            "GET /health", "GET /health/ready", "GET /metrics", "GET /openapi.yaml", "GET /docs");
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");

    @SuppressWarnings("unchecked")
    private static Set<String> documented() throws Exception {
        try (InputStream in = OpenApiCoverageTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            Map<String, Object> spec = new Yaml().load(in);
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
            Set<String> operations = new TreeSet<>();
            paths.forEach((path, item) -> item.keySet().stream().filter(HTTP_METHODS::contains)
                    .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
            return operations;
        }
    }

    private static Set<String> routed() {
        Set<String> routes = RouteTable.all().stream()
                .map(route -> route.method().name() + " " + route.path().replaceAll(":(\\w+)", "{$1}"))
                .collect(Collectors.toCollection(TreeSet::new));
        routes.addAll(OPERATIONS_ROUTES);
        return routes;
    }

    @Test
    @DisplayName("every gateway route is in openapi.yaml and every documented operation is routed")
    void sameOperations() throws Exception {
        Set<String> documented = documented();
        Set<String> routed = routed();
        assertThat(routed).as("routed but not documented").isSubsetOf(documented);
        assertThat(documented).as("documented but not routed").isSubsetOf(routed);
        assertThat(documented).hasSizeGreaterThan(30);
    }

    @Test
    @DisplayName("every operation has a unique operationId, and secured ones document 401")
    @SuppressWarnings("unchecked")
    void operationsAreComplete() throws Exception {
        try (InputStream in = OpenApiCoverageTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            Map<String, Object> spec = new Yaml().load(in);
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
            Set<String> ids = new TreeSet<>();
            int operations = 0;
            for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
                for (Map.Entry<String, Object> entry : path.getValue().entrySet()) {
                    if (!HTTP_METHODS.contains(entry.getKey())) {
                        continue;
                    }
                    operations++;
                    Map<String, Object> operation = (Map<String, Object>) entry.getValue();
                    ids.add((String) operation.get("operationId"));
                    Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                    boolean secured = !(operation.get("security") instanceof java.util.List<?> list && list.isEmpty());
                    if (secured) {
                        assertThat(responses).as(entry.getKey() + " " + path.getKey()).containsKey("401");
                    }
                }
            }
            assertThat(ids).doesNotContainNull().hasSize(operations);
        }
    }
}
