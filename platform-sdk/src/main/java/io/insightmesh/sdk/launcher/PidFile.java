package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The file that remembers the process id of a component started in the background, so a later
 * {@code ./mesh} invocation can find, check and stop it.
 *
 * @param path where the pid is kept
 */
public record PidFile(Path path) {
  // The start time the OS reports is derived from the boot time in whole seconds.
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

  public PidFile {
    requireNonNull(path, "path is null");
  }

  public boolean exists() {
    return Files.exists(path);
  }

  /**
   * Records {@code process}, with its start time in clock ticks since boot where the OS tells it;
   * written atomically so a reader never sees half a pid.
   */
  public void write(ProcessHandle process) {
    try {
      Files.createDirectories(path.getParent());
      Path temporary =
          Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp");
      OptionalLong ticks = startTicks(process.pid());
      Files.writeString(
          temporary,
          process.pid() + (ticks.isPresent() ? " " + ticks.getAsLong() : "") + "\n",
          StandardCharsets.US_ASCII);
      Files.move(
          temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write pid file " + path, e);
    }
  }

  /** The recorded pid, empty if there is no pid file or it does not hold a number. */
  public OptionalLong pid() {
    return field(0);
  }

  /** The recorded start ticks, empty if the file has none (or was written elsewhere than Linux). */
  private OptionalLong recordedTicks() {
    return field(1);
  }

  private OptionalLong field(int index) {
    try {
      String[] fields = Files.readString(path, StandardCharsets.US_ASCII).strip().split(" ");
      return fields.length > index
          ? OptionalLong.of(Long.parseLong(fields[index]))
          : OptionalLong.empty();
    } catch (NoSuchFileException | NumberFormatException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read pid file " + path, e);
    }
  }

  /**
   * When process {@code pid} started, in clock ticks since boot ({@code /proc/<pid>/stat} field
   * 22): unlike wall-clock start times, it does not move when the clock is stepped, and a recycled
   * pid never has the same.
   */
  static OptionalLong startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(after[19]));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The live process this file names. Empty when the process is gone, or when its pid now belongs
   * to a process started after the file was written (the OS recycled the pid).
   */
  public Optional<ProcessHandle> process() {
    OptionalLong pid = pid();
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong recorded = recordedTicks();
    return ProcessHandle.of(pid.getAsLong())
        .filter(ProcessHandle::isAlive)
        .filter(
            process -> {
              OptionalLong now = startTicks(process.pid());
              return recorded.isPresent() && now.isPresent()
                  ? recorded.getAsLong() == now.getAsLong()
                  : startedBeforeWritten(process);
            });
  }

  /** Removes the file; fine if it is already gone. */
  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete pid file " + path, e);
    }
  }

  private boolean startedBeforeWritten(ProcessHandle process) {
    Optional<Instant> started = process.info().startInstant();
    if (started.isEmpty()) {
      return true;
    }
    try {
      Instant written = Files.getLastModifiedTime(path).toInstant();
      return !started.get().isAfter(written.plus(CLOCK_SLACK));
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read pid file " + path, e);
    }
  }
}
