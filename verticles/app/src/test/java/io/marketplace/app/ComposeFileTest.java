package io.marketplace.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI has no Docker, so the compose stack is checked as data: one image for every role, the right --services, a
 * cluster config that exists in the image. Where a docker CLI with the compose plugin exists, it validates too.
 */
class ComposeFileTest {

    private static final Path ROOT = Cluster.ROOT;
    private static final List<String> ROLES = List.of("gateway", "auth", "products", "orders", "payments");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    @Test
    @DisplayName("every role runs the one marketplace image with its own --services and the compose cluster config")
    @SuppressWarnings("unchecked")
    void rolesUseTheImage() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("mongodb", "gateway", "auth", "products", "orders", "payments");
        assertThat(((Map<String, Object>) services.get("mongodb")).get("image")).isEqualTo("mongo:7");
        for (String role : ROLES) {
            Map<String, Object> service = (Map<String, Object>) services.get(role);
            assertThat(service.get("image")).as(role).isEqualTo("marketplace:latest");
            assertThat((List<String>) service.get("command")).as(role).containsExactly("--services", role);
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            String clusterConfig = (String) env.get("CLUSTER_CONFIG");
            assertThat(clusterConfig).startsWith("/app/");
            assertThat(ROOT.resolve(clusterConfig.substring("/app/".length()))).as(role).isRegularFile();
            assertThat(String.valueOf(env.get("MONGO_URL"))).startsWith("mongodb://mongodb:");
            assertThat(service).as(role).containsKey("healthcheck");
            assertThat((Map<String, Object>) service.get("depends_on")).containsKey("mongodb");
        }
        assertThat(((Map<String, Object>) services.get("gateway")).get("ports")).asList().contains("8000:8000");
        assertThat(((Map<String, Object>) services.get("products"))).doesNotContainKey("ports")
                .doesNotContainKey("container_name");
    }

    @Test
    @DisplayName("the Dockerfile builds with Maven, runs on a JRE as a non-root user and checks /health")
    void dockerfile() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM maven:", "FROM eclipse-temurin:17-jre", "USER marketplace",
                "HEALTHCHECK", "/health", "COPY cluster-config", "marketplace.jar");
    }

    @Test
    @DisplayName("docker compose config accepts the file where the compose plugin is installed")
    void composeConfigWhenAvailable() throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
        } catch (IOException noDocker) {
            Assumptions.abort("no docker CLI on this machine");
            return;
        }
        Assumptions.assumeTrue(probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "docker compose plugin not available");
        Process config = new ProcessBuilder("docker", "compose", "-f", ROOT.resolve("docker-compose.yml").toString(),
                "config", "--quiet").redirectErrorStream(true).start();
        String output = new String(config.getInputStream().readAllBytes());
        assertThat(config.waitFor()).as(output).isZero();
    }
}
