package io.insightmesh.decisions.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** What Linux says of this JVM's threads, from /proc. */
public final class LinuxThreads {
  private LinuxThreads() {}

  /**
   * This JVM's threads Linux knows by {@code name} (a Java thread's name, cut to 15 bytes), by
   * thread id, with their nice values.
   */
  public static Map<String, OptionalInt> named(String name) throws IOException {
    Map<String, OptionalInt> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          if (Files.readString(task.resolve("comm")).strip().equals(name)) {
            threads.put(task.getFileName().toString(), BackgroundPriority.niceOf(task));
          }
        } catch (IOException ended) {
          // A thread that ended while listed.
        }
      }
    }
    return threads;
  }

  /** The threads named {@code name} that were not among {@code before} (from {@link #named}). */
  public static Map<String, OptionalInt> startedSince(Map<String, OptionalInt> before, String name)
      throws IOException {
    Map<String, OptionalInt> started = named(name);
    started.keySet().removeAll(before.keySet());
    return started;
  }
}
