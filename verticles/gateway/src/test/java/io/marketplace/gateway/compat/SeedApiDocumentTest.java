package io.marketplace.gateway.compat;

import io.marketplace.gateway.ApiRoute;
import io.marketplace.gateway.RouteTable;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed-mode API document describes only what seed mode sends, for every route the gateway serves. */
class SeedApiDocumentTest {

    @Test
    @DisplayName("every routed operation answers 200 in the seed envelope, and no error of the plain format is left")
    void everyOperationInSeedTerms() {
        JsonObject spec = SeedApiDocument.build();
        assertThat(spec.getJsonObject("info").getString("title")).contains("API_COMPAT=seed");
        JsonObject paths = spec.getJsonObject("paths");
        for (ApiRoute route : RouteTable.all()) {
            String path = route.path().replaceAll(":(\\w+)", "{$1}");
            JsonObject operation = paths.getJsonObject(path, new JsonObject())
                    .getJsonObject(route.method().name().toLowerCase(Locale.ROOT));
            if (operation == null) {
                continue; // methods the plain document leaves to the HTTP layer (HEAD) are not seed operations
            }
            String name = route.method() + " " + path;
            JsonObject responses = operation.getJsonObject("responses");
            assertThat(responses.fieldNames()).as(name).contains("200")
                    .noneMatch(status -> status.startsWith("2") && !"200".equals(status));
            JsonObject data = responses.getJsonObject("200").getJsonObject("content").getJsonObject("application/json")
                    .getJsonObject("schema").getJsonObject("properties").getJsonObject("data");
            assertThat(data).as(name + " data schema").isNotNull();
            SeedRoutes.Shape shape = SeedRoutes.shapeOf(route);
            if (shape.schema() != null) {
                assertThat(data.getString("$ref")).as(name).isEqualTo("#/components/schemas/" + shape.schema());
                assertThat(spec.getJsonObject("components").getJsonObject("schemas").containsKey(shape.schema()))
                        .as(name + " schema " + shape.schema() + " defined").isTrue();
            }
            assertThat(responses.encode()).as(name + " errors").doesNotContain("#/components/schemas/Error\"",
                    "#/components/responses/");
        }
    }

    @Test
    @DisplayName("the rendered YAML reads back as the same document")
    @SuppressWarnings("unchecked")
    void rendersAsYaml() {
        Map<String, Object> read = new Yaml().load(SeedApiDocument.render().toString());
        assertThat(new JsonObject(new JsonObject(read).encode())).isEqualTo(SeedApiDocument.build());
    }
}
