package io.insightmesh.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stop-the-world pauses and concurrent cycles in a window of a HotSpot GC log written with
 * {@code -Xlog:gc:file=...:time}. The engine's own pause metric ({@code jvm_gc_pause_seconds})
 * comes from the JVM's collector beans, which on JDK 17 report G1's young and full pauses but not
 * its remark and cleanup pauses: a window of concurrent cycles looked 20 ms a cycle shorter than it
 * was. The log has them all.
 */
final class GcLog {
  /** How a pause is called in the log. */
  enum Kind {
    YOUNG("young"),
    REMARK("remark"),
    CLEANUP("cleanup"),
    FULL("full");

    private final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /** HotSpot's {@code time} decoration: ISO-8601 with milliseconds and a +hhmm offset. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private static final Pattern PAUSE =
      Pattern.compile("^\\[([^\\]]+)\\].* Pause (Young|Remark|Cleanup|Full)\\b.* ([0-9.]+)ms$");
  private static final Pattern CYCLE =
      Pattern.compile("^\\[([^\\]]+)\\].* Concurrent Mark Cycle [0-9.]+ms$");

  private GcLog() {}

  /**
   * What {@code lines} of a GC log logged between {@code from} and {@code to} (each line is logged
   * as its pause or cycle ends).
   */
  static Window window(List<String> lines, Instant from, Instant to) {
    Map<Kind, double[]> pauses = new EnumMap<>(Kind.class);
    double longest = 0;
    int cycles = 0;
    for (String line : lines) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.matches() && within(pause.group(1), from, to)) {
        double millis = Double.parseDouble(pause.group(3));
        double[] kind =
            pauses.computeIfAbsent(
                Kind.valueOf(pause.group(2).toUpperCase(Locale.ROOT)), k -> new double[2]);
        kind[0]++;
        kind[1] += millis;
        longest = Math.max(longest, millis);
        continue;
      }
      Matcher cycle = CYCLE.matcher(line);
      if (cycle.matches() && within(cycle.group(1), from, to)) {
        cycles++;
      }
    }
    return new Window(pauses, longest, cycles);
  }

  /** The window of the log at {@code file}, or {@code null} if there is no such file. */
  static Window window(Path file, Instant from, Instant to) {
    if (!Files.exists(file)) {
      return null;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return window(lines.toList(), from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the GC log " + file, e);
    }
  }

  private static boolean within(String time, Instant from, Instant to) {
    Instant at;
    try {
      at = OffsetDateTime.parse(time, TIME).toInstant();
    } catch (DateTimeParseException e) {
      return false;
    }
    return !at.isBefore(from) && !at.isAfter(to);
  }

  /**
   * Pauses by kind (count, milliseconds), the longest, and the concurrent mark cycles that ended.
   */
  record Window(Map<Kind, double[]> pauses, double longestMillis, int cycles) {
    /**
     * E.g. "14 young 105 ms, 14 remark 294 ms, 14 cleanup 2 ms (longest 21.1 ms); 14 concurrent
     * cycles".
     */
    String describe() {
      if (pauses.isEmpty() && cycles == 0) {
        return "none";
      }
      StringBuilder text = new StringBuilder();
      for (Map.Entry<Kind, double[]> kind : pauses.entrySet()) {
        if (!text.isEmpty()) {
          text.append(", ");
        }
        text.append(
            String.format(
                "%.0f %s %.0f ms", kind.getValue()[0], kind.getKey().word, kind.getValue()[1]));
      }
      if (!pauses.isEmpty()) {
        text.append(String.format(" (longest %.1f ms)", longestMillis));
      }
      if (cycles > 0) {
        text.append(text.isEmpty() ? "" : "; ")
            .append(cycles)
            .append(cycles == 1 ? " concurrent cycle" : " concurrent cycles");
      }
      return text.toString();
    }

    /** The milliseconds paused in all. */
    double totalMillis() {
      return pauses.values().stream().mapToDouble(kind -> kind[1]).sum();
    }
  }
}
