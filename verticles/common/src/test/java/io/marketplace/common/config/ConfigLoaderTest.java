package io.marketplace.common.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    @DisplayName("conf/application.json gives the defaults of the design's table")
    void defaults() {
        AppConfig config = ConfigLoader.load(Map.of(), Map.of());
        assertThat(config.httpPort()).isEqualTo(8000);
        assertThat(config.embeddedMongoPort()).isEqualTo(27018);
        assertThat(config.rateLimitPerMinute()).isEqualTo(100);
        assertThat(config.paymentSuccessRate()).isEqualTo(0.9);
        assertThat(config.tokenTtlMinutes()).isEqualTo(30);
        assertThat(config.orderExpiryMinutes()).isEqualTo(15);
        assertThat(config.busTimeoutMs()).isEqualTo(5000);
        assertThat(config.mongoUrl()).isNull();
        assertThat(config.paymentSeed()).isNull();
        assertThat(config.apiCompat()).isEqualTo("none");
    }

    @Test
    @DisplayName("API_COMPAT takes none or seed (any case) from the environment or --set, and refuses anything else")
    void apiCompat() {
        assertThat(ConfigLoader.load(Map.of("API_COMPAT", "SEED"), Map.of()).apiCompat()).isEqualTo("seed");
        assertThat(ConfigLoader.load(Map.of(), Map.of(ConfigKeys.API_COMPAT, "seed")).apiCompat()).isEqualTo("seed");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("API_COMPAT", "fastapi"), Map.of()))
                .hasMessageContaining("API_COMPAT");
    }

    @Test
    @DisplayName("an environment variable overrides the file, and a CLI flag overrides the environment")
    void precedence() {
        AppConfig fromEnv = ConfigLoader.load(Map.of("HTTP_PORT", "9000", "PAYMENT_SEED", "7",
                "PAYMENT_SUCCESS_RATE", "0.5"), Map.of());
        assertThat(fromEnv.httpPort()).isEqualTo(9000);
        assertThat(fromEnv.paymentSeed()).isEqualTo(7L);
        assertThat(fromEnv.paymentSuccessRate()).isEqualTo(0.5);

        AppConfig fromCli = ConfigLoader.load(Map.of("HTTP_PORT", "9000"), Map.of(ConfigKeys.HTTP_PORT, 9100));
        assertThat(fromCli.httpPort()).isEqualTo(9100);
    }

    @Test
    @DisplayName("values out of range are refused with the variable's name")
    void validation() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("HTTP_PORT", "70000"), Map.of()))
                .hasMessageContaining("HTTP_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAYMENT_SUCCESS_RATE", "1.5"), Map.of()))
                .hasMessageContaining("PAYMENT_SUCCESS_RATE");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("JWT_SECRET", "too-short"), Map.of()))
                .hasMessageContaining("JWT_SECRET");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("RATE_LIMIT_PER_MINUTE", "lots"), Map.of()))
                .hasMessageContaining("not a number");
    }

    @Test
    @DisplayName("the bridge is closed by default, binds loopback, and refuses to listen beyond loopback without a token")
    void bridge() {
        AppConfig defaults = ConfigLoader.load(Map.of(), Map.of());
        assertThat(defaults.bridgePort()).isNull();
        assertThat(defaults.bridgeHost()).isEqualTo("127.0.0.1");
        assertThat(defaults.bridgeToken()).isNull();
        assertThat(ConfigLoader.load(Map.of("BRIDGE_PORT", "7000"), Map.of()).bridgePort()).isEqualTo(7000);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("BRIDGE_PORT", "7000", "BRIDGE_HOST", "0.0.0.0"),
                Map.of())).hasMessageContaining("BRIDGE_TOKEN must be set");
        AppConfig open = ConfigLoader.load(Map.of("BRIDGE_PORT", "7000", "BRIDGE_HOST", "0.0.0.0",
                "BRIDGE_TOKEN", "a-long-enough-shared-secret"), Map.of());
        assertThat(open.bridgeToken()).isEqualTo("a-long-enough-shared-secret");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("BRIDGE_TOKEN", "short"), Map.of()))
                .hasMessageContaining("BRIDGE_TOKEN must be at least 16");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("BRIDGE_PORT", "seven"), Map.of()))
                .hasMessageContaining("BRIDGE_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("BRIDGE_PORT", "70000"), Map.of()))
                .hasMessageContaining("BRIDGE_PORT");
    }
}
