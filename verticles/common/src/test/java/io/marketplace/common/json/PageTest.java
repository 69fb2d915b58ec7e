package io.marketplace.common.json;

import io.marketplace.common.bus.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {

    private static final Keyset BY_PRICE = Keyset.of(new JsonObject().put("price", 1).put("_id", 1));

    private static JsonObject item(long price, String id) {
        return new JsonObject().put("price", price).put("_id", id);
    }

    private static void assertRefused(JsonObject params, String field) {
        assertThatThrownBy(() -> Page.from(params)).as(params.encode())
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(((JsonObject) e.details()).getString("field")).isEqualTo(field);
                });
    }

    @Test
    @DisplayName("defaults to the first 20, takes skip, or a 1-based page as the seed's clients send it")
    void skipOrPage() {
        assertThat(Page.from(new JsonObject())).extracting(Page::skip, Page::limit).containsExactly(0, 20);
        assertThat(Page.from(new JsonObject().put("skip", "40").put("limit", "10")))
                .extracting(Page::skip, Page::limit).containsExactly(40, 10);
        assertThat(Page.from(new JsonObject().put("page", "3").put("limit", "10")))
                .extracting(Page::skip, Page::limit).containsExactly(20, 10);
        assertThat(Page.from(new JsonObject().put("skip", "").put("page", "2")).skip()).isEqualTo(20);
        assertThat(Page.from(new JsonObject().put("skip", "5").put("page", "9")).skip()).isEqualTo(5);
    }

    @Test
    @DisplayName("limit 0 means the default, a limit over 100 is taken as 100, even one beyond a long")
    void limitCoerced() {
        assertThat(Page.from(new JsonObject().put("limit", "0")).limit()).isEqualTo(20);
        assertThat(Page.from(new JsonObject().put("limit", "101")).limit()).isEqualTo(100);
        assertThat(Page.from(new JsonObject().put("limit", 9_000_000_000L)).limit()).isEqualTo(100);
    }

    @Test
    @DisplayName("a negative limit, a page 0, a negative skip or a non-number is a 400 naming the field")
    void refusesBadPaging() {
        assertRefused(new JsonObject().put("limit", "-1"), "limit");
        assertRefused(new JsonObject().put("limit", "ten"), "limit");
        assertRefused(new JsonObject().put("page", "0"), "page");
        assertRefused(new JsonObject().put("skip", "-1"), "skip");
    }

    @Test
    @DisplayName("every list answers items, total, skip, limit and next; next is null on the last page")
    void listingShape() {
        Page page = Page.from(new JsonObject().put("skip", "20").put("limit", "2"));
        JsonObject middle = page.listing(List.of(item(1, "a"), item(2, "b"), item(3, "c")), 30, o -> o,
                BY_PRICE::keyOf);
        assertThat(middle.fieldNames()).containsExactlyInAnyOrder("items", "total", "skip", "limit", "next");
        assertThat(middle.getJsonArray("items")).hasSize(2);
        assertThat(middle.getLong("total")).isEqualTo(30);
        assertThat(middle.getInteger("skip")).isEqualTo(20);
        assertThat(middle.getInteger("limit")).isEqualTo(2);
        assertThat(middle.getString("next")).isNotBlank().doesNotContain("=", "+", "/");
        JsonObject last = page.listing(List.of(item(1, "a")), 21, o -> o, BY_PRICE::keyOf);
        assertThat(last.containsKey("next")).isTrue();
        assertThat(last.getValue("next")).isNull();
    }

    @Test
    @DisplayName("a cursor continues after the last item of its page and reports how many came before")
    void cursorContinues() {
        JsonObject query = new JsonObject().put("sort", "price").put("limit", "2");
        Page first = Page.from(query);
        String next = first.listing(List.of(item(5, "a"), item(5, "b"), item(7, "c")), 3, o -> o, BY_PRICE::keyOf)
                .getString("next");
        Page second = Page.from(query.copy().put("cursor", next));
        assertThat(second.after()).isEqualTo(new JsonArray().add(5).add("b"));
        assertThat(second.skip()).isEqualTo(2);
        assertThat(second.offset()).isZero();
        assertThat(second.filter(new JsonObject().put("deleted", false), BY_PRICE)).isEqualTo(new JsonObject()
                .put("$and", new JsonArray().add(new JsonObject().put("deleted", false)).add(new JsonObject()
                        .put("$or", new JsonArray()
                                .add(new JsonObject().put("price", new JsonObject().put("$gt", 5)))
                                .add(new JsonObject().put("price", 5).put("_id", new JsonObject().put("$gt", "b")))))));
    }

    @Test
    @DisplayName("in memory, a cursor page starts right after its key even when items were inserted before it")
    void windowInMemory() {
        List<JsonObject> sorted = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> sorted.add(item(i * 10L, "id" + i)));
        JsonObject query = new JsonObject().put("limit", "3");
        Page first = Page.from(query);
        JsonObject page1 = first.listing(first.window(sorted, BY_PRICE::keyOf, BY_PRICE), sorted.size(), o -> o,
                BY_PRICE::keyOf);
        sorted.add(0, item(-1, "new-first"));
        sorted.add(2, item(5, "new-early"));
        Page second = Page.from(query.copy().put("cursor", page1.getString("next")));
        List<JsonObject> window = second.window(sorted, BY_PRICE::keyOf, BY_PRICE);
        assertThat(window).extracting(o -> o.getString("_id")).containsExactly("id3", "id4", "id5", "id6");
    }

    @Test
    @DisplayName("a cursor sent with other filters, with skip or page, or tampered with is a 400 naming cursor")
    void refusesForeignCursors() {
        JsonObject query = new JsonObject().put("category", "books").put("limit", "1");
        String oneOfTwo = Page.from(query).listing(List.of(item(1, "a"), item(2, "b")), 2,
                o -> o, BY_PRICE::keyOf).getString("next");
        assertThat(Page.from(query.copy().put("limit", "5").put("cursor", oneOfTwo)).limit()).isEqualTo(5);
        assertRefused(new JsonObject().put("category", "games").put("cursor", oneOfTwo), "cursor");
        assertRefused(query.copy().put("cursor", oneOfTwo).put("skip", "3"), "cursor");
        assertRefused(query.copy().put("cursor", oneOfTwo).put("page", "2"), "cursor");
        assertRefused(query.copy().put("cursor", "not a cursor!"), "cursor");
        String forged = Base64.getUrlEncoder().encodeToString(new JsonObject().put("q", "x").encode().getBytes());
        assertRefused(query.copy().put("cursor", forged), "cursor");
        Page wrongShape = Page.from(query.copy().put("cursor", oneOfTwo));
        assertThatThrownBy(() -> wrongShape.filter(new JsonObject(),
                Keyset.of(new JsonObject().put("a", 1).put("b", 1).put("_id", 1))))
                .isInstanceOf(ServiceException.class);
    }
}
