package io.marketplace.common.mongo;

import io.marketplace.common.config.AppConfig;
import io.marketplace.common.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteConcernSettingTest {

    @Test
    @DisplayName("by default a real MongoDB acknowledges a write once it is journaled on a majority")
    void defaultIsJournaledMajority() {
        AppConfig config = ConfigLoader.load(Map.of(), Map.of());
        assertThat(config.mongoWriteConcern()).isEqualTo(WriteConcernSetting.MAJORITY);
        assertThat(config.mongoWriteConcern().clientOptions())
                .isEqualTo(new JsonObject().put("w", "majority").put("j", true).put("wtimeoutMS", 10_000));
    }

    @Test
    @DisplayName("MONGO_WRITE_CONCERN chooses a weaker concern, in any case")
    void overridable() {
        AppConfig journaled = ConfigLoader.load(Map.of("MONGO_WRITE_CONCERN", "Journaled"), Map.of());
        assertThat(journaled.mongoWriteConcern().clientOptions()).isEqualTo(new JsonObject().put("w", 1).put("j", true));
        AppConfig acknowledged = ConfigLoader.load(Map.of("MONGO_WRITE_CONCERN", "acknowledged"), Map.of());
        assertThat(acknowledged.mongoWriteConcern().clientOptions()).isEqualTo(new JsonObject().put("w", 1));
    }

    @Test
    @DisplayName("an unknown write concern is refused at start-up with the variable's name")
    void unknownRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("MONGO_WRITE_CONCERN", "w0"), Map.of()))
                .hasMessageContaining("MONGO_WRITE_CONCERN");
    }
}
