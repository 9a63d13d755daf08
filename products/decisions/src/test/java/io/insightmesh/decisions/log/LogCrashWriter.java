package io.insightmesh.decisions.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.insightmesh.decisions.log.DecisionLog.Options;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child process of {@link DecisionLogCrashTest}: appends records from several threads until it
 * is killed, and prints {@code ACK <sequence> <id> END} for each record only after its future
 * completed, so every printed line is a promise the log must keep after {@code kill -9}.
 */
public final class LogCrashWriter {
  /** Small segments so that kills also land around segment rolls. */
  static final Options OPTIONS = new Options(64 * 1024, 2048, 8 << 20);

  private static final int THREADS = 8;

  private LogCrashWriter() {}

  /**
   * Runs until killed.
   *
   * @param args the log directory and a label that makes this run's record ids unique
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    String run = args[1];
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    exitWhenTheParentGoesAway();
    DecisionLog log = DecisionLog.open(directory, OPTIONS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String prefix = run + "-" + t + "-";
      Thread thread = new Thread(() -> appendForever(log, prefix, out), "appender-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static void appendForever(DecisionLog log, String prefix, PrintStream out) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (long i = 0; ; i++) {
      if (i % 10 == 9) {
        List<String> ids = List.of(prefix + i + "a", prefix + i + "b", prefix + i + "c");
        List<Long> sequences =
            log.append(ids.stream().map(id -> payload(id, random)).toList()).join();
        for (int k = 0; k < ids.size(); k++) {
          out.println("ACK " + sequences.get(k) + " " + ids.get(k) + " END");
        }
      } else {
        String id = prefix + i;
        long sequence = log.append(payload(id, random)).join();
        out.println("ACK " + sequence + " " + id + " END");
      }
    }
  }

  /** The id, a space, then padding of a random length so frames straddle buffers and segments. */
  private static byte[] payload(String id, ThreadLocalRandom random) {
    byte[] label = (id + " ").getBytes(UTF_8);
    byte[] payload = Arrays.copyOf(label, label.length + random.nextInt(1500));
    Arrays.fill(payload, label.length, payload.length, (byte) 'x');
    return payload;
  }

  /** Stdin closes when the test JVM dies; an orphaned writer must not run on. */
  private static void exitWhenTheParentGoesAway() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Nothing is ever sent; wait for end of stream.
                }
              } catch (IOException e) {
                // The parent is gone either way.
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
