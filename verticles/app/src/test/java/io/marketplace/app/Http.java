package io.marketplace.app;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A blocking JSON client for the multi-process tests (they run on the test thread, not on an event loop). */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Http(String base) {
        this.base = base;
    }

    record Response(int status, String body, HttpHeaders headers) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Response get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    Response post(String path, JsonObject body, String token) throws IOException, InterruptedException {
        return post(path, body, token, Map.of());
    }

    Response post(String path, JsonObject body, String token, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode()));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Response patch(String path, JsonObject body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response.headers());
    }

    /** Registers an account with the role and returns its access token. */
    String account(String role) throws IOException, InterruptedException {
        String email = role + "-" + System.nanoTime() + "@it.example.com";
        Response registered = post("/api/auth/register", new JsonObject().put("email", email)
                .put("password", "password123").put("full_name", "IT").put("role", role), null);
        if (registered.status() != 201) {
            throw new AssertionError("register: " + registered);
        }
        Response login = post("/api/auth/login", new JsonObject().put("email", email).put("password", "password123"),
                null);
        return login.json().getString("access_token");
    }
}
