package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {

    @Test
    @DisplayName("defaults to the first 20, takes skip, or a 1-based page as the seed's clients send it")
    void skipOrPage() {
        assertThat(Page.from(new JsonObject())).isEqualTo(new Page(0, 20));
        assertThat(Page.from(new JsonObject().put("skip", "40").put("limit", "10"))).isEqualTo(new Page(40, 10));
        assertThat(Page.from(new JsonObject().put("page", "3").put("limit", "10"))).isEqualTo(new Page(20, 10));
        assertThat(Page.from(new JsonObject().put("skip", "").put("page", "2"))).isEqualTo(new Page(20, 20));
        assertThat(Page.from(new JsonObject().put("skip", "5").put("page", "9"))).isEqualTo(new Page(5, 20));
    }

    @Test
    @DisplayName("a limit over 100, a page 0, a negative skip or a non-number is a 400")
    void refusesBadPaging() {
        for (JsonObject bad : List.of(new JsonObject().put("limit", "101"), new JsonObject().put("page", "0"),
                new JsonObject().put("skip", "-1"), new JsonObject().put("limit", "ten"))) {
            assertThatThrownBy(() -> Page.from(bad)).as(bad.encode())
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    @DisplayName("every list answers items, total, skip and limit")
    void listingShape() {
        JsonObject listing = new Page(20, 10).listing(List.of(new JsonObject().put("id", "a")), 21);
        assertThat(listing.fieldNames()).containsExactlyInAnyOrder("items", "total", "skip", "limit");
        assertThat(listing.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo("a");
        assertThat(listing.getLong("total")).isEqualTo(21);
        assertThat(listing.getInteger("skip")).isEqualTo(20);
        assertThat(listing.getInteger("limit")).isEqualTo(10);
    }
}
