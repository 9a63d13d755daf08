package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.insightmesh.sdk.launcher.ProcessSupervisor.StopOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSupervisorTest {
  private final ProcessSupervisor supervisor = new ProcessSupervisor();
  private ProcessHandle started;

  @TempDir Path directory;

  @AfterEach
  void killLeftovers() {
    if (started != null) {
      started.destroyForcibly();
    }
  }

  @Test
  void startsInTheBackgroundAndStopsWithSigterm() {
    Path log = directory.resolve("logs").resolve("sleeper.log");

    started = supervisor.start(List.of("sleep", "60"), Map.of(), log);

    assertThat(started.isAlive()).isTrue();
    assertThat(log).content().contains("started: sleep 60");
    assertThat(supervisor.stop(started, Duration.ofSeconds(60))).isEqualTo(StopOutcome.TERMINATED);
    assertThat(started.isAlive()).isFalse();
  }

  @Test
  void killsAProcessThatIgnoresSigterm() {
    Path log = directory.resolve("stubborn.log");
    started =
        supervisor.start(
            List.of("bash", "-c", "trap '' TERM; echo ignoring TERM; exec sleep 60"),
            Map.of(),
            log);
    // SIGTERM before the trap is set would end it the polite way.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(log).contains("ignoring TERM"));

    assertThat(supervisor.stop(started, Duration.ofMillis(300))).isEqualTo(StopOutcome.KILLED);
    assertThat(started.isAlive()).isFalse();
  }

  @Test
  void passesTheEnvironmentAndAppendsOutputToTheLog() throws Exception {
    Path log = directory.resolve("echo.log");
    Files.writeString(log, "earlier run\n");

    started =
        supervisor.start(
            List.of("sh", "-c", "echo data=$MESH_DATA_DIR; echo oops >&2"),
            Map.of("MESH_DATA_DIR", "/tmp/mesh-data"),
            log);
    started.onExit().get(60, TimeUnit.SECONDS);

    assertThat(Files.readAllLines(log)).first().isEqualTo("earlier run");
    assertThat(log).content().contains("data=/tmp/mesh-data").contains("oops");
  }
}
