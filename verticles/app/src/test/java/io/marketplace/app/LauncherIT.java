package io.marketplace.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a user meets it: flags, start-up failures, restarts, and run.sh's background mode. */
class LauncherIT {

    @Test
    @DisplayName("--help lists the flags; a bad flag is a one-line error and exit code 2")
    void flags() throws Exception {
        NodeProcess help = NodeProcess.start(Map.of(), "--help");
        assertThat(help.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(help.output()).contains("--services", "--instances", "--no-cluster", "--cluster-config",
                "--http-port", "--embedded-db", "--compat", "--set");
        NodeProcess unknownFormat = NodeProcess.start(Map.of(), "--no-cluster", "--compat", "fastapi");
        assertThat(unknownFormat.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(unknownFormat.output()).contains("API_COMPAT must be 'none' or 'seed'");
        NodeProcess bad = NodeProcess.start(Map.of(), "--frobnicate");
        assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(bad.output().strip().lines().count()).isEqualTo(1);
        assertThat(bad.output()).contains("--frobnicate");
    }

    @Test
    @DisplayName("a taken port stops the start with one line naming the port and HTTP_PORT, and a non-zero exit")
    void portTaken() throws Exception {
        Cluster cluster = new Cluster();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", cluster.httpPort));
            NodeProcess node = NodeProcess.start(cluster.env(), "--no-cluster");
            assertThat(node.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(node.output()).contains("Port " + cluster.httpPort + " is already in use", "HTTP_PORT");
        }
    }

    @Test
    @DisplayName("an unwritable data directory stops the start with a clear line")
    void dataDirUnwritable() throws Exception {
        Cluster cluster = new Cluster();
        Path file = Files.createTempFile("not-a-dir", ".txt");
        Map<String, String> env = new java.util.HashMap<>(cluster.env());
        env.put("DATA_DIR", file.resolve("data").toString());
        NodeProcess node = NodeProcess.start(env, "--no-cluster");
        assertThat(node.awaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(node.output()).contains("is not writable", "DATA_DIR");
    }

    @Test
    @DisplayName("data survive a restart: register, stop the node with SIGTERM, start it again with --compat seed, "
            + "log in and read the token where the seed's clients read it")
    void restartKeepsData() throws Exception {
        Cluster cluster = new Cluster();
        Http http = new Http(cluster.baseUrl());
        String email = "restart-" + System.nanoTime() + "@it.example.com";
        try (NodeProcess first = NodeProcess.start(cluster.env(), "--no-cluster")) {
            first.awaitLog("Marketplace ready", Duration.ofSeconds(60));
            assertThat(http.post("/api/auth/register", new JsonObject().put("email", email)
                    .put("password", "password123"), null).status()).isEqualTo(201);
            first.stop();
            assertThat(first.output()).contains("Embedded MongoDB stopped and flushed");
        }
        try (NodeProcess second = NodeProcess.start(cluster.env(), "--no-cluster", "--compat", "seed")) {
            second.awaitLog("Marketplace ready", Duration.ofSeconds(60));
            Http.Response login = http.post("/api/auth/login", new JsonObject().put("email", email)
                    .put("password", "password123"), null);
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            assertThat(login.json().getJsonObject("data").getString("access_token")).isNotBlank();
            Http.Response document = http.get("/openapi.yaml", null);
            assertThat(document.status()).as(document.body()).isEqualTo(200);
            assertThat(document.body()).contains("API_COMPAT=seed", "SeedOrder");
        }
    }

    @Test
    @DisplayName("./run.sh --background starts a node and records its pid; ./run.sh stop stops it and frees the port")
    void backgroundAndStop() throws Exception {
        Cluster cluster = new Cluster();
        Path runSh = Cluster.ROOT.resolve("run.sh").toAbsolutePath();
        ProcessBuilder start = new ProcessBuilder(List.of("bash", runSh.toString(), "--background", "--no-cluster"))
                .redirectErrorStream(true);
        start.environment().putAll(cluster.env());
        Process starting = start.start();
        String started = new String(starting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(starting.waitFor()).as(started).isZero();
        assertThat(started).contains("Started node", "ready");
        assertThat(Files.list(cluster.dataDir.resolve("pids")).count()).isEqualTo(1);
        assertThat(listening(cluster.httpPort)).isTrue();

        ProcessBuilder stop = new ProcessBuilder(List.of("bash", runSh.toString(), "stop")).redirectErrorStream(true);
        stop.environment().putAll(cluster.env());
        Process stopping = stop.start();
        String stopped = new String(stopping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stopping.waitFor()).as(stopped).isZero();
        assertThat(stopped).contains("Stopped 1 node(s)");
        assertThat(listening(cluster.httpPort)).isFalse();
        assertThat(Files.list(cluster.dataDir.resolve("pids")).count()).isZero();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
