package io.marketplace.app;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark runner in smoke mode (a second or two per step), as CI runs it: it must start the stack and the
 * baseline, measure every scenario (with wrk when installed, else with the Java load client), run the checkout mix
 * with its invariants, write its table, and leave nothing running. Timings are not asserted, only that figures exist.
 */
class BenchSmokeIT {

    private static final List<String> ROWS = List.of("bare Vert.x baseline", "| health |", "| /api 404 |",
            "| catalog |", "| catalog search |", "| product, anonymous |", "| product, with token |",
            "| cart, with token |", "| checkout mix |");

    @Test
    @DisplayName("bench/run.sh --smoke writes a Markdown table with a throughput and a baseline ratio for every "
            + "scenario, and the checkout invariants hold")
    void smokeRunWritesTable() throws Exception {
        Path results = Files.createTempDirectory("bench-smoke");
        Path script = Cluster.ROOT.resolve("bench/run.sh").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--smoke")
                .redirectErrorStream(true)
                .redirectOutput(results.resolve("runner.log").toFile());
        builder.environment().put("BENCH_RESULTS", results.toString());
        Process runner = builder.start();
        boolean finished = runner.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            runner.destroy();
            runner.waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(results.resolve("runner.log"), StandardCharsets.UTF_8);
        assertThat(finished).as("runner finished in time; log:%n%s", log).isTrue();
        assertThat(runner.exitValue()).as("exit code; log:%n%s", log).isZero();

        Path table;
        try (Stream<Path> files = Files.list(results)) {
            table = files.filter(file -> file.getFileName().toString().endsWith("-smoke.md")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| scenario | request | req/s | of baseline"));
        for (String row : ROWS) {
            String line = lines.stream().filter(candidate -> candidate.contains(row)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row " + row + " in " + lines));
            String[] cells = line.split("\\|");
            double throughput = Double.parseDouble(cells[3].strip().split(" ")[0]);
            assertThat(throughput).as("throughput of %s", row).isPositive();
            assertThat(cells[4].strip()).as("ratio of %s", row).matches("\\d+\\.\\d %");
        }
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("* Invariants: verify").contains("balanced=yes").contains("double_charged_orders=0"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| catalog ≥ 30 % of baseline"));
        String[] catalog = lines.stream().filter(line -> line.startsWith("| catalog |")).findFirst().orElseThrow()
                .split("\\|");
        assertThat(Double.parseDouble(catalog[7].strip())).as("stack CPU per catalog request").isPositive();
        assertThat(catalog[8].strip()).as("baseline's CPU per request as a share of the catalog's")
                .matches("\\d+\\.\\d %");
        assertThat(Double.parseDouble(catalog[9].strip())).as("catalog's constant rate").isPositive();
        assertThat(Double.parseDouble(catalog[10].strip())).as("catalog's p99 at that rate").isPositive();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("\\| catalog p99 ≤ 10 ms at a constant 5000 req/s \\| [0-9.]+ ms at \\d+ req/s \\| .*"));
        Matcher port = Pattern.compile("stack \\(\\./run\\.sh --background\\) on :(\\d+)").matcher(log);
        assertThat(port.find()).as("the runner names the stack's port; log:%n%s", log).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", Integer.parseInt(port.group(1))).close())
                .as("the runner stopped the stack it started").isInstanceOf(IOException.class);
    }
}
