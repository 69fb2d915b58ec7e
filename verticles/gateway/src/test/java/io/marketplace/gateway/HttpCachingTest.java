package io.marketplace.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCachingTest {

    @Test
    @DisplayName("If-None-Match compares weakly against every listed tag, and * matches any current copy")
    void weakComparison() {
        assertThat(HttpCaching.matches("W/\"7\"", "W/\"7\"")).isTrue();
        assertThat(HttpCaching.matches("\"7\"", "W/\"7\"")).isTrue();
        assertThat(HttpCaching.matches("\"a\", W/\"7\"", "W/\"7\"")).isTrue();
        assertThat(HttpCaching.matches("*", "W/\"7\"")).isTrue();
        assertThat(HttpCaching.matches("W/\"8\"", "W/\"7\"")).isFalse();
        assertThat(HttpCaching.matches("W/\"7", "W/\"7\"")).isFalse();
        assertThat(HttpCaching.matches("stale", "W/\"7\"")).isFalse();
    }

    @Test
    @DisplayName("a resource's tag is its version; a page's is a digest that changes with any byte of the page")
    void tags() {
        JsonObject product = new JsonObject().put("id", "p").put("version", 12);
        assertThat(HttpCaching.resourceTag(product, product.toBuffer())).isEqualTo("W/\"12\"");
        String page = HttpCaching.pageTag(Buffer.buffer("{\"items\":[],\"total\":0}"));
        assertThat(page).startsWith("W/\"p").endsWith("\"");
        assertThat(HttpCaching.pageTag(Buffer.buffer("{\"items\":[],\"total\":1}"))).isNotEqualTo(page);
        assertThat(HttpCaching.pageTag(Buffer.buffer("{\"items\":[],\"total\":0}"))).isEqualTo(page);
    }
}
