package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLinkTest {
  @TempDir Path dataDir;

  @Test
  void anErrorWhileLinkingIsReportedInsteadOfEndingTheLinkSilently() {
    EngineConfig real =
        TestEngineConfigs.of(
            dataDir, Map.of("catalog-enabled", "false", "log-segment-bytes", "40000"));
    // The first step of linking throws an Error, as a heap too small to take back the table's
    // decisions does further on.
    EngineConfig failing =
        (EngineConfig)
            Proxy.newProxyInstance(
                EngineConfig.class.getClassLoader(),
                new Class<?>[] {EngineConfig.class},
                (proxy, method, arguments) -> {
                  if (method.getName().equals("secret")) {
                    throw new OutOfMemoryError("Java heap space");
                  }
                  try {
                    return method.invoke(real, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Engine engine = new Engine(real);
    try (CatalogLink link =
        new CatalogLink(failing, engine.log(), engine.assessments(), engine.index())) {
      assertThat(link.problem()).contains("not connected yet");

      link.start();

      // The problem each wait saw, not a second read: the next attempt may have replaced it.
      Optional<String> first =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(link::problem, problem -> !problem.equals(Optional.of("not connected yet")));
      assertThat(first)
          .contains("java.lang.OutOfMemoryError: Java heap space (attempt 1 failed; next in 2 s)");
      // Retried, each time later: an attempt may read the whole table back on the requests' core.
      Optional<String> third =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(link::problem, problem -> problem.orElse("").contains("attempt 3 failed"));
      assertThat(third)
          .contains("java.lang.OutOfMemoryError: Java heap space (attempt 3 failed; next in 8 s)");
    } finally {
      engine.close();
    }
  }

  @Test
  void failedAttemptsToLinkBackOffToAMinute() {
    assertThat(
            java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(CatalogLink.RETRY::after)
                .map(Duration::toSeconds))
        .containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    assertThat(CatalogLink.RETRY.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anIntervalOutOfRangeIsRefusedNamingItsKeyAndRule() {
    assertThatThrownBy(
            () ->
                CatalogLink.checkInterval(
                    "mesh.engine.hygiene-interval", Duration.ofSeconds(-1), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid mesh.engine.hygiene-interval PT-1S: must be zero or positive");
    assertThatThrownBy(
            () -> CatalogLink.checkInterval("mesh.engine.release-interval", Duration.ZERO, false))
        .hasMessage("Invalid mesh.engine.release-interval PT0S: must be positive");
  }

  @Test
  void zeroIsAllowedWhereItTurnsSomethingOff() {
    assertThatCode(
            () -> CatalogLink.checkInterval("mesh.engine.hygiene-interval", Duration.ZERO, true))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CatalogLink.checkInterval(
                    "mesh.engine.release-interval", Duration.ofMinutes(1), false))
        .doesNotThrowAnyException();
  }
}
