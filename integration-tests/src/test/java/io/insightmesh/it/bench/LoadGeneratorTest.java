package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {
  @Test
  void steadyWhenTheLastThreeWindowsLieWithinFivePercent() {
    assertThat(LoadGenerator.steady(List.of(400.0, 1_300.0, 1_330.0, 1_310.0))).isTrue();
    assertThat(LoadGenerator.steady(List.of(1_330.0, 1_300.0, 1_320.0))).isTrue();
    // A plateau of two windows while the JIT is still finishing: not yet.
    assertThat(LoadGenerator.steady(List.of(400.0, 1_300.0, 1_330.0))).isFalse();
    // Still climbing: 1,300 to 1,400 is 7%.
    assertThat(LoadGenerator.steady(List.of(1_300.0, 1_350.0, 1_400.0))).isFalse();
    // A server that answers nothing is not steady, however alike the windows.
    assertThat(LoadGenerator.steady(List.of(0.0, 0.0, 0.0))).isFalse();
    assertThat(LoadGenerator.steady(List.of(1_300.0, 1_300.0))).isFalse();
  }

  @Test
  void theJitCountsAsQuietOnlyWhenItWasQuietInEachOfTheLastThreeWindows() {
    assertThat(LoadGenerator.jitQuiet(List.of(0.30, 0.04, 0.01, 0.0))).isTrue();
    // A wave of C2 compiles two windows back: the next wave may fall in the measured window.
    assertThat(LoadGenerator.jitQuiet(List.of(0.01, 0.12, 0.02, 0.01))).isFalse();
    assertThat(LoadGenerator.jitQuiet(List.of(0.01, 0.01, 0.05))).isFalse();
    assertThat(LoadGenerator.jitQuiet(List.of(0.0, 0.0))).isFalse();
  }

  @Test
  void atAConstantRateOnlyWindowsAnsweringTheOfferedRateCountAsSteady() {
    assertThat(LoadGenerator.keepsUp(List.of(2_000.0, 6_290.0, 6_310.0, 6_300.0), 6_300)).isTrue();
    // Alike, but draining a backlog: the server is behind, not steady.
    assertThat(LoadGenerator.keepsUp(List.of(9_582.0, 9_217.0, 9_400.0), 6_300)).isFalse();
    assertThat(LoadGenerator.keepsUp(List.of(5_600.0, 5_650.0, 5_700.0), 6_300)).isFalse();
    assertThat(LoadGenerator.keepsUp(List.of(6_300.0, 6_300.0), 6_300)).isFalse();
  }

  @Test
  void readsTheCpuTimeOfTheServerJvmsCompilerThreads() {
    long self = ProcessHandle.current().pid();
    long before = LoadGenerator.compilerTicks(self);
    // Fresh code to compile, until the compiler threads have used at least one tick.
    long deadline = System.nanoTime() + 30_000_000_000L;
    long sink = 0;
    while (LoadGenerator.compilerTicks(self) == before && System.nanoTime() < deadline) {
      sink += String.valueOf(sink).chars().map(c -> c * 31).sum() + List.of(sink).hashCode();
    }
    long once = LoadGenerator.compilerTicks(self);
    assertThat(once).as("sink %d", sink).isGreaterThan(before);
    // Every process on the server's core counts: the same process twice, twice its ticks at least.
    assertThat(LoadGenerator.compilerTicks(self, self)).isGreaterThanOrEqualTo(2 * once);
    // No server pid: the throughput rule decides alone.
    assertThat(LoadGenerator.compilerTicks(0)).isZero();
    assertThat(LoadGenerator.compilerTicks()).isZero();
  }

  @Test
  void aConstantRateRunCountsEveryDueRequestAndSaysThatItDidNotPauseInTheWindow(@TempDir Path dir)
      throws Exception {
    AtomicLong served = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/assess",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          served.incrementAndGet();
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    try {
      Path templates = Files.writeString(dir.resolve("claims.jsonl"), "{\"claim_id\":\"x\"}\n");
      Path out = dir.resolve("run.properties");
      LoadGenerator.main(
          new String[] {
            "--url=http://127.0.0.1:" + server.getAddress().getPort() + "/assess",
            "--templates=" + templates,
            "--mode=rate",
            "--rate=200",
            "--connections=4",
            "--warmup-seconds=1",
            "--warmup-max-seconds=1",
            "--seconds=2",
            "--out=" + out
          });

      Properties result = new Properties();
      try (Reader reader = Files.newBufferedReader(out)) {
        result.load(reader);
      }
      // Two seconds at 200 a second, each answered; the warm-up's requests are not counted.
      assertThat(result.getProperty("measured")).isEqualTo("400");
      assertThat(result.getProperty("ok")).isEqualTo("400");
      assertThat(served.get()).isGreaterThanOrEqualTo(600);
      // It collected its garbage before the window, and a window this light makes too little to
      // need another: a pause here would have been charged to the server.
      assertThat(result.getProperty("generator-collections")).isEqualTo("0");
      assertThat(result.getProperty("generator-collection-millis")).isEqualTo("0");
    } finally {
      server.stop(0);
    }
  }
}
