package io.insightmesh.decisions.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process with SIGKILL at random moments, again and again on one directory, and
 * checks the promise the HTTP API makes: every acknowledged record is in the log exactly once, at
 * the sequence it was acknowledged with, and sequences stay dense.
 */
class DecisionLogCrashTest {
  private static final int RUNS = 6;
  private static final Pattern ACK = Pattern.compile("ACK (\\d+) (\\S+) END");

  @TempDir Path scratch;

  @Test
  void everyAcknowledgedRecordSurvivesKillMinusNineExactlyOnce() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path directory = scratch.resolve("log");
    Map<String, Long> acknowledged = new HashMap<>();

    for (int run = 1; run <= RUNS; run++) {
      int killAfter = 20 + random.nextInt(1500);
      Path stdout = scratch.resolve("writer-" + run + ".out");
      Path stderr = scratch.resolve("writer-" + run + ".err");
      Process writer =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-Xmx128m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  LogCrashWriter.class.getName(),
                  directory.toString(),
                  "r" + run)
              // A file, not a pipe: every line the writer printed before the kill is kept.
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();

      // Hang guards, not timings: up to 1,519 group commits' fsyncs on a loaded disk.
      await("writer run " + run + " (seed " + seed + ") acknowledging " + killAfter)
          .atMost(Duration.ofMinutes(5))
          .until(() -> acknowledgements(stdout).size() >= killAfter || !writer.isAlive());
      assertThat(writer.isAlive())
          .as("writer run %d died on its own; stderr: %s", run, Files.readString(stderr))
          .isTrue();
      writer.destroyForcibly();
      // A writer inside fdatasync dies only when the disk answers.
      assertThat(writer.waitFor(2, TimeUnit.MINUTES)).isTrue();
      acknowledged.putAll(acknowledgements(stdout));

      try (DecisionLog log = DecisionLog.open(directory, LogCrashWriter.OPTIONS)) {
        List<LogRecord> records = DecisionLogTest.readAll(log);
        assertThat(records)
            .as("run %d (seed %d): sequences are dense from 1", run, seed)
            .extracting(LogRecord::sequence)
            .containsExactlyElementsOf(
                LongStream.rangeClosed(1, log.durableSequence()).boxed().toList());
        Map<String, Long> logged = new HashMap<>();
        for (LogRecord record : records) {
          Long previous = logged.put(id(record), record.sequence());
          assertThat(previous)
              .as("run %d (seed %d): record %s is logged twice", run, seed, id(record))
              .isNull();
        }
        assertThat(logged)
            .as("run %d (seed %d): every acknowledged record at its sequence", run, seed)
            .containsAllEntriesOf(acknowledged);
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(RUNS * 20);
  }

  /** Record id to sequence, from the writer's output so far. */
  private static Map<String, Long> acknowledgements(Path stdout) throws IOException {
    Map<String, Long> acks = new HashMap<>();
    for (String line : Files.readAllLines(stdout, UTF_8)) {
      // A kill can cut the last line short; only a complete line is an acknowledgement.
      Matcher ack = ACK.matcher(line);
      if (ack.matches()) {
        acks.put(ack.group(2), Long.parseLong(ack.group(1)));
      }
    }
    return acks;
  }

  private static String id(LogRecord record) {
    String payload = new String(record.payload(), UTF_8);
    return payload.substring(0, payload.indexOf(' '));
  }
}
