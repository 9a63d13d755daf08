package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
  @TempDir Path directory;

  @Test
  void findsTheLiveProcessItRecorded() {
    PidFile pidFile = new PidFile(directory.resolve("run").resolve("catalog.pid"));

    pidFile.write(ProcessHandle.current());

    assertThat(pidFile.pid()).hasValue(ProcessHandle.current().pid());
    assertThat(pidFile.process()).contains(ProcessHandle.current());
  }

  @Test
  void missingFileNamesNoProcess() {
    PidFile pidFile = new PidFile(directory.resolve("catalog.pid"));

    assertThat(pidFile.exists()).isFalse();
    assertThat(pidFile.pid()).isEmpty();
    assertThat(pidFile.process()).isEmpty();
  }

  @Test
  void garbageNamesNoProcess() throws Exception {
    PidFile pidFile = new PidFile(Files.writeString(directory.resolve("catalog.pid"), "oops\n"));

    assertThat(pidFile.pid()).isEmpty();
    assertThat(pidFile.process()).isEmpty();
  }

  @Test
  void exitedProcessIsNotRunning() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    PidFile pidFile = new PidFile(directory.resolve("catalog.pid"));

    pidFile.write(process.toHandle());

    assertThat(pidFile.pid()).hasValue(process.pid());
    assertThat(pidFile.process()).isEmpty();
  }

  @Test
  void aPidNowHeldByAProcessThatStartedAtAnotherTickIsRecycled() throws Exception {
    long pid = ProcessHandle.current().pid();
    long ticks = PidFile.startTicks(pid).orElseThrow();
    PidFile pidFile = new PidFile(directory.resolve("catalog.pid"));

    Files.writeString(pidFile.path(), pid + " " + (ticks + 1) + "\n");
    assertThat(pidFile.process()).isEmpty();

    // Judged by ticks, not the clock: a pid file whose time was stepped back still names it.
    Files.writeString(pidFile.path(), pid + " " + ticks + "\n");
    Files.setLastModifiedTime(pidFile.path(), FileTime.from(Instant.EPOCH));
    assertThat(pidFile.process()).contains(ProcessHandle.current());
  }

  @Test
  void processStartedAfterTheFileWasWrittenHasARecycledPid() throws Exception {
    // A pid file of an earlier version holds the pid alone; its time then decides.
    PidFile pidFile =
        new PidFile(
            Files.writeString(
                directory.resolve("catalog.pid"), ProcessHandle.current().pid() + "\n"));
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();

    Files.setLastModifiedTime(pidFile.path(), FileTime.from(started.minus(Duration.ofHours(1))));

    assertThat(pidFile.process()).isEmpty();
  }

  @Test
  void deleteIsIdempotent() {
    PidFile pidFile = new PidFile(directory.resolve("catalog.pid"));
    pidFile.write(ProcessHandle.current());

    pidFile.delete();
    pidFile.delete();

    assertThat(pidFile.exists()).isFalse();
  }
}
