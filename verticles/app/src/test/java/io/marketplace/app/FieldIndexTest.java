package io.marketplace.app;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldIndexTest {

    @Test
    @DisplayName("a numeric range names the numbers in it, other numbers and arrays, never texts or missing fields")
    void rangeCandidates() {
        FieldIndex index = new FieldIndex("changed_at_1", List.of(new IndexKey("changed_at", true)));
        for (long at = 0; at < 100; at++) {
            index.add(new Document("_id", "p-" + at).append("changed_at", at), "p-" + at, null);
        }
        index.add(new Document("_id", "fraction").append("changed_at", 3.5), "fraction", null);
        index.add(new Document("_id", "array").append("changed_at", List.of(1L, 2L)), "array", null);
        index.add(new Document("_id", "text").append("changed_at", "97"), "text", null);
        index.add(new Document("_id", "missing"), "missing", null);

        Document since = new Document("changed_at", new Document("$gte", 97L));
        assertThat(index.canHandle(since)).isTrue();
        assertThat(positions(index, since)).containsExactly("array", "fraction", "p-97", "p-98", "p-99");
        assertThat(positions(index, new Document("changed_at", new Document("$gt", 2.5).append("$lt", 4))))
                .containsExactly("array", "fraction", "p-2", "p-3", "p-4");

        index.updateInPlace(null, new Document("_id", "p-5").append("changed_at", 500L), "p-5", null);
        index.remove(new Document("_id", "p-98"));
        assertThat(positions(index, since)).containsExactly("array", "fraction", "p-5", "p-97", "p-99");

        assertThat(index.canHandle(new Document("changed_at", new Document("$ne", 3L)))).isFalse();
        assertThat(index.canHandle(new Document("changed_at", new Document("$gte", "97")))).isFalse();
        assertThat(index.canHandle(new Document("changed_at", 3L))).isFalse();
    }

    @Test
    @DisplayName("a dotted path names only the documents holding something under its first field")
    void pathCandidates() {
        FieldIndex index = new FieldIndex("reservations.at_1", List.of(new IndexKey("reservations.at", true)));
        index.add(new Document("_id", "empty").append("reservations", List.of()), "empty", null);
        index.add(new Document("_id", "none"), "none", null);
        index.add(new Document("_id", "held").append("reservations",
                List.of(new Document("order_id", "o-1").append("at", 5L))), "held", null);

        Document old = new Document("reservations.at", new Document("$lt", 10L));
        assertThat(index.canHandle(old)).isTrue();
        assertThat(index.canHandle(new Document("reservations.order_id", "o-1"))).isFalse();
        assertThat(positions(index, old)).containsExactly("held");

        index.updateInPlace(null, new Document("_id", "held").append("reservations", List.of()), "held", null);
        assertThat(positions(index, old)).isEmpty();
    }

    private static List<Object> positions(FieldIndex index, Document query) {
        List<Object> positions = new ArrayList<>();
        index.getPositions(query).forEach(positions::add);
        return positions;
    }
}
