package io.insightmesh.sdk.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts processes that outlive the command that started them, and stops them again. */
public final class ProcessSupervisor {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /** How {@link #stop} ended a process. */
  public enum StopOutcome {
    /** The process exited on SIGTERM within the grace period. */
    TERMINATED,
    /** The process ignored SIGTERM for the grace period and was killed. */
    KILLED
  }

  /**
   * Starts {@code command} in the background with stdout and stderr appended to {@code log}.
   *
   * @throws UncheckedIOException if the log cannot be written or the command cannot be started
   */
  public ProcessHandle start(List<String> command, Map<String, String> environment, Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Files.writeString(
          log,
          "--- "
              + Instant.now()
              + " started: "
              + String.join(" ", command)
              + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(detached(command));
      builder.environment().putAll(environment);
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      // Nothing is ever written to it; an open pipe would only keep a reader waiting.
      process.getOutputStream().close();
      return process.toHandle();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + String.join(" ", command), e);
    }
  }

  /**
   * Asks {@code process} to stop (SIGTERM), waits up to {@code grace}, then kills it.
   *
   * @throws IllegalStateException if the process survives even being killed
   */
  public StopOutcome stop(ProcessHandle process, Duration grace) {
    process.destroy();
    if (awaitExit(process, grace)) {
      return StopOutcome.TERMINATED;
    }
    process.destroyForcibly();
    if (!awaitExit(process, KILL_WAIT)) {
      throw new IllegalStateException("Process " + process.pid() + " survived SIGKILL");
    }
    return StopOutcome.KILLED;
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot wait for process " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  // In a session of its own the process survives the terminal closing and a Ctrl-C aimed at
  // ./mesh. setsid execs in place (the child is no group leader), so the pid stays the same.
  private static List<String> detached(List<String> command) {
    if (!Files.isExecutable(SETSID)) {
      return command;
    }
    List<String> detached = new ArrayList<>(command.size() + 1);
    detached.add(SETSID.toString());
    detached.addAll(command);
    return detached;
  }
}
