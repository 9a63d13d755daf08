package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentTest {
  private final PlatformLayout layout =
      new PlatformLayout(Path.of("/opt/mesh"), Path.of("/var/mesh"));

  @Test
  void theReplayStartsLastSoDownStopsItFirst() {
    assertThat(Component.values())
        .containsExactly(Component.CATALOG, Component.TRINO, Component.ENGINE, Component.REPLAY);
    assertThat(Component.parse("replay")).isEqualTo(Component.REPLAY);
    assertThat(Component.knownIds()).isEqualTo("catalog, trino, engine, replay");
  }

  @Test
  void theReplaySubmitsTheDemoClaimsToTheEngineAndKeepsItsPositionInTheDataDirectory() {
    Map<Component, Integer> ports =
        Map.of(Component.CATALOG, 9181, Component.ENGINE, 9282, Component.TRINO, 9080);

    assertThat(Component.REPLAY.command(layout, 9292, ports::get, Map.of()))
        .containsSubsequence("--input", "/var/mesh/demo/claims")
        .containsSubsequence("--engine", "http://localhost:9282")
        .containsSubsequence("--catalog", "http://localhost:9181")
        .containsSubsequence("--credentials", "/var/mesh/catalog/credentials")
        .containsSubsequence("--position", "/var/mesh/demo/replay.position")
        .containsSubsequence("--status-port", "9292")
        .contains("io.insightmesh.products.claims.replay.ReplayClaims");
    assertThat(Component.REPLAY.artifact(layout, Map.of()))
        .isEqualTo(
            Path.of(
                "/opt/mesh/products/claims/target/classes/io/insightmesh/products/claims/replay/ReplayClaims.class"));
    assertThat(Component.REPLAY.readinessUri(9292)).hasToString("http://127.0.0.1:9292/health");
  }

  @Test
  void theReplayRateIsTheRealPeakUnlessConfigured() {
    assertThat(Component.replayRate(Map.of())).isEqualTo(63);
    assertThat(Component.replayRate(Map.of("MESH_REPLAY_RATE", "250"))).isEqualTo(250);
    assertThat(Component.replayRate(Map.of("MESH_REPLAY_RATE", "0.5"))).isEqualTo(0.5);
  }

  @Test
  void aReplayRateThatIsNotAPositiveNumberIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> Component.replayRate(Map.of("MESH_REPLAY_RATE", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MESH_REPLAY_RATE must be a positive number of claims per second, not 'fast'");
    assertThatThrownBy(() -> Component.replayRate(Map.of("MESH_REPLAY_RATE", "-3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MESH_REPLAY_RATE must be a positive number of claims per second, not '-3'");
  }

  @Test
  void theEngineRunsOnAFixedHeapWhenOneIsConfigured() {
    assertThat(Component.engineHeapOptions(Map.of())).isEmpty();
    assertThat(Component.engineHeapOptions(Map.of("MESH_ENGINE_HEAP", " 8g ")))
        .containsExactly(
            "-Xms8g",
            "-Xmx8g",
            "-XX:+UseTransparentHugePages",
            "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=80");
    assertThat(Component.engineHeapOptions(Map.of("MESH_ENGINE_HEAP", "8192m")))
        .containsExactly(
            "-Xms8192m",
            "-Xmx8192m",
            "-XX:+UseTransparentHugePages",
            "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=80");
    assertThat(Component.ENGINE.jvmOptions(layout, Map.of("MESH_ENGINE_HEAP", "3g")))
        .containsExactly(
            "-Xms3g",
            "-Xmx3g",
            "-XX:+UseTransparentHugePages",
            "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=80",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:CompilerDirectivesFile=/opt/mesh/products/decisions/jvm/compiler-directives.json",
            "-XX:GuaranteedSafepointInterval=0",
            "-Dquarkus.vertx.event-loops-pool-size=" + Runtime.getRuntime().availableProcessors());
    // The tests' engines start from the same list as ./mesh up's.
    assertThat(Component.engineJvmOptions(layout.home(), Map.of("MESH_ENGINE_HEAP", "3g")))
        .isEqualTo(Component.ENGINE.jvmOptions(layout, Map.of("MESH_ENGINE_HEAP", "3g")));
    assertThat(Component.CATALOG.jvmOptions(layout, Map.of("MESH_ENGINE_HEAP", "3g")))
        .noneMatch(option -> option.startsWith("-Xm"));
    assertThat(Component.ENGINE.command(layout, 9282, component -> 0, Map.of()))
        .containsSubsequence(
            "-Dquarkus.http.port=9282",
            "-jar",
            "/opt/mesh/products/decisions/target/quarkus-app/quarkus-run.jar");
  }

  @Test
  void theEnginesJitDirectivesAreAcceptedByTheJvmAndKeepOnlyTheBackgroundsCodeFromC2()
      throws Exception {
    // A file the JVM cannot read or parse stops the engine from starting at all.
    String output = javaWithEngineVmOptions("-XX:+CompilerDirectivesPrint");
    String[] directives =
        output.substring(0, output.indexOf("Directive: (default)")).split("Directive:");
    // [0] is the count HotSpot prints first; the directives follow in the order they match.
    assertThat(directives).hasSize(3);
    String perRecord = directives[1];
    String background = directives[2];
    // The committer's per-record writers match first and keep C2, ahead of their packages'
    // exclusion.
    assertThat(perRecord)
        .contains(
            "org/apache/parquet/column/*.*",
            "org/apache/iceberg/data/*.*",
            "org/apache/iceberg/parquet/ParquetAvroWriter*.*",
            "org/apache/avro/util/Utf8.*")
        .doesNotContain("org/apache/iceberg/*.*", "org/apache/parquet/*.*");
    assertThat(c2(perRecord)).contains("Exclude:false");
    assertThat(background)
        .contains("org/apache/iceberg/*.*", "org/apache/parquet/*.*")
        .doesNotContain("io/insightmesh", "io/netty", "io/vertx", "org/apache/avro/io");
    assertThat(c2(background)).contains("Exclude:true");
  }

  @Test
  void theEngineRunsWithoutPeriodicSafepoints() throws Exception {
    // A diagnostic option without its unlock, or one a JVM no longer knows, stops the engine.
    String output = javaWithEngineVmOptions("-XX:+PrintFlagsFinal");
    assertThat(output.lines().filter(line -> line.contains(" GuaranteedSafepointInterval ")))
        .singleElement(InstanceOfAssertFactories.STRING)
        .matches("\\s*intx GuaranteedSafepointInterval\\s+= 0\\s.*\\{command line\\}.*");
  }

  /**
   * What {@code java -version} prints with the engine's HotSpot settings for this checkout and
   * {@code option}, once it has exited successfully.
   */
  private static String javaWithEngineVmOptions(String option) throws Exception {
    Path home = Path.of("").toAbsolutePath().getParent();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(Component.engineVmOptions(home));
    command.add(option);
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor()).as(output).isZero();
    return output;
  }

  private static String c2(String directive) {
    return directive.substring(directive.indexOf("c2 directives:"));
  }

  @Test
  void theEngineAnswersOnOneEventLoopPerCoreUnlessConfigured() {
    assertThat(Component.engineEventLoopOptions(Map.of(), 2))
        .containsExactly("-Dquarkus.vertx.event-loops-pool-size=2");
    assertThat(Component.engineEventLoopOptions(Map.of("MESH_ENGINE_EVENT_LOOPS", " 1 "), 2))
        .containsExactly("-Dquarkus.vertx.event-loops-pool-size=1");
    assertThat(Component.ENGINE.jvmOptions(layout, Map.of("MESH_ENGINE_EVENT_LOOPS", "3")))
        .endsWith("-Dquarkus.vertx.event-loops-pool-size=3");
  }

  @Test
  void anEventLoopCountThatIsNotAPositiveWholeNumberIsRefusedNamingTheVariable() {
    for (String value : List.of("0", "-2", "1.5", "many")) {
      assertThatThrownBy(
              () -> Component.engineEventLoopOptions(Map.of("MESH_ENGINE_EVENT_LOOPS", value), 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "MESH_ENGINE_EVENT_LOOPS must be a positive whole number of event loops, not '"
                  + value
                  + "'");
    }
  }

  @Test
  void theEngineKeepsClaimsOffTheHeapUpToTheConfiguredMemory() {
    assertThat(Component.engineOffHeapOptions(Map.of())).isEmpty();
    assertThat(Component.engineOffHeapOptions(Map.of("MESH_ENGINE_OFF_HEAP", " 12g ")))
        .containsExactly("-XX:MaxDirectMemorySize=12g");
    // Beside the heap's options, in the list ./mesh up and the tests' engines both start from.
    assertThat(
            Component.engineJvmOptions(
                layout.home(), Map.of("MESH_ENGINE_HEAP", "4g", "MESH_ENGINE_OFF_HEAP", "12g")))
        .containsSubsequence("-Xmx4g", "-XX:MaxDirectMemorySize=12g");
    assertThatThrownBy(
            () -> Component.engineOffHeapOptions(Map.of("MESH_ENGINE_OFF_HEAP", "plenty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MESH_ENGINE_OFF_HEAP must be a memory size such as 12g or 12288m, not 'plenty'");
  }

  @Test
  void anEngineHeapThatIsNotASizeIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> Component.engineHeapOptions(Map.of("MESH_ENGINE_HEAP", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MESH_ENGINE_HEAP must be a heap size such as 8g or 8192m, not 'lots'");
    assertThatThrownBy(() -> Component.engineHeapOptions(Map.of("MESH_ENGINE_HEAP", "-Xmx8g")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MESH_ENGINE_HEAP must be a heap size such as 8g or 8192m, not '-Xmx8g'");
  }

  @Test
  void trinoWithoutItsJavaNamesTheMissingJavaAndTheVariable(@TempDir Path empty) {
    assertThatThrownBy(
            () ->
                Component.trinoJavaHome(
                    Map.of(Component.TRINO_JAVA_HOME_VARIABLE, empty.toString())))
        .isInstanceOf(ComponentStartException.class)
        .hasMessage(
            "trino needs Java 25 and there is no "
                + empty.resolve("bin/java")
                + "; install a Java 25 JDK there or name its home in MESH_TRINO_JAVA_HOME");
  }
}
