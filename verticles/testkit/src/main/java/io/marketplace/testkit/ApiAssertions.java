package io.marketplace.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the gateway's answers. */
public final class ApiAssertions {

    private ApiAssertions() {
    }

    /** The status, and the one error body shape: {@code {"error": {"code", "message", "details"}}} as JSON. */
    public static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error).as("error body of %s", response.bodyAsString()).isNotNull();
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
    }
}
