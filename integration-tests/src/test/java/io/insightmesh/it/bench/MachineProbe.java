package io.insightmesh.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A few seconds of micro-measurements that tell one benchmark machine from another: two machines of
 * the same kind have given the scoring benchmark's echo service 85,328 and 32,288 requests/s, and
 * without these a reader cannot tell a slower machine from a slower build. Each figure stands for a
 * cost the scoring benchmark pays: the thread hand-off for a request crossing from the event loop
 * to a worker (and, across cores, for the load generator's core talking to the server's), the fsync
 * for the engine's durable log, the dependent loads for the engine's and the JIT's single-threaded
 * work on one core. The disk floor stands for the answers' tail: on a virtual disk whose flushes
 * stall for tens of milliseconds, it alone can put a window's p99 over (c)'s target.
 */
final class MachineProbe {
  private static final int HANDOFF_BATCH = 100;
  private static final long HANDOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(600);
  private static final int FSYNC_SAMPLES = 300;
  private static final long FSYNC_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final int MEMORY_INTS = 32 << 20;
  private static final int MEMORY_LOADS = 1_000_000;

  /**
   * An fsync begun at most this often by the disk floor's loop: about what the engine's log writer
   * does at 6,300 claims/s (some 700 group commits a second).
   */
  static final long DISK_FLOOR_PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(1400);

  private static final int DISK_FLOOR_BLOCKS = 1024;

  /**
   * The figures, each the median of its samples, and the disk's floor under an answer that waits
   * for an fsync.
   */
  record Fingerprint(
      double crossCoreHandoffMicros,
      double sameCoreHandoffMicros,
      double fsyncMicros,
      double fsyncCpuMicros,
      double randomLoadNanos,
      DiskFloor disk) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "thread hand-off round trip %.1f µs across cores, %.1f µs on one core; fsync of a 4 KB"
              + " write %.0f µs (%.0f µs of CPU with its write); dependent random load over 128 MB"
              + " %.0f ns",
          crossCoreHandoffMicros,
          sameCoreHandoffMicros,
          fsyncMicros,
          fsyncCpuMicros,
          randomLoadNanos);
    }
  }

  /**
   * What the disk alone leaves of a latency target for answers that wait for an fsync: arrivals at
   * a constant rate, each answered when the first fsync begun after it ends, over a loop of paced
   * fsyncs with nothing else running. The fsyncs' own percentiles count a stalled fsync once; the
   * arrivals count every answer it holds, which is what the benchmark's latency sees.
   *
   * @param rate the arrivals a second
   * @param seconds the span measured
   * @param p99Millis the arrivals' p99 wait
   * @param p999Millis their p99.9 wait
   * @param overFiveMillis how many waited over 5 ms
   * @param arrivals how many arrived
   * @param slowestFsyncMillis the slowest fsync of the loop
   */
  record DiskFloor(
      double rate,
      double seconds,
      double p99Millis,
      double p999Millis,
      long overFiveMillis,
      long arrivals,
      double slowestFsyncMillis) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "the disk alone (a 4 KB overwrite fsynced at most every %.1f ms, as the engine's log at"
              + " 6,300 claims/s, for %.0f s): arrivals at %,.0f/s, each answered when the first"
              + " fsync begun after it ends, wait p99 %.2f ms, p99.9 %.2f ms, %,d of %,d over 5 ms"
              + " (slowest fsync %.1f ms)",
          DISK_FLOOR_PACE_NANOS / 1e6,
          seconds,
          rate,
          p99Millis,
          p999Millis,
          overFiveMillis,
          arrivals,
          slowestFsyncMillis);
    }
  }

  private MachineProbe() {}

  /**
   * Measures this machine: hand-offs between {@code clientCore} and {@code serverCore}, and within
   * {@code serverCore}; fsyncs in {@code directory}, and the disk's floor for arrivals at {@code
   * rate} over {@code diskFloor}. Takes 2-4 s and {@code diskFloor}.
   *
   * @throws IllegalStateException if a probe thread cannot be pinned with {@code taskset}
   */
  static Fingerprint measure(
      Path directory, int clientCore, int serverCore, double rate, Duration diskFloor)
      throws IOException, InterruptedException {
    // `./mesh bench` builds just before: without this the fsyncs below wait behind the writeback
    // of the build's hundreds of megabytes, and time that rather than the disk.
    syncAll();
    Fsync fsync = fsync(directory);
    return new Fingerprint(
        handoffMicros(clientCore, serverCore),
        handoffMicros(serverCore, serverCore),
        fsync.medianMicros(),
        fsync.cpuMicros(),
        randomLoadNanos(),
        diskFloor(directory, rate, diskFloor));
  }

  /**
   * The median round trip of a {@link SynchronousQueue} ping-pong between two threads pinned to the
   * given cores: on one core each hand-off is a context switch, across cores a wake-up of an idle
   * core, which is what costs on a virtual machine.
   */
  static double handoffMicros(int pingCore, int pongCore) throws InterruptedException {
    SynchronousQueue<Long> there = new SynchronousQueue<>();
    SynchronousQueue<Long> back = new SynchronousQueue<>();
    String suffix = Long.toString(System.nanoTime() % 100_000);
    Thread pong =
        new Thread(
            () -> {
              try {
                for (long value = there.take(); value >= 0; value = there.take()) {
                  back.put(value);
                }
              } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
              }
            },
            "probe-pong-" + suffix);
    // Pinned before it starts its ping-pong: the ping thread waits for this.
    SynchronousQueue<Long> pinned = new SynchronousQueue<>();
    long[] batches = new long[4096];
    int[] count = new int[1];
    Thread ping =
        new Thread(
            () -> {
              try {
                pinned.take();
                for (int warm = 0; warm < 10 * HANDOFF_BATCH; warm++) {
                  there.put((long) warm);
                  back.take();
                }
                long deadline = System.nanoTime() + HANDOFF_NANOS;
                while (System.nanoTime() < deadline && count[0] < batches.length) {
                  long start = System.nanoTime();
                  for (int trip = 0; trip < HANDOFF_BATCH; trip++) {
                    there.put((long) trip);
                    back.take();
                  }
                  batches[count[0]++] = System.nanoTime() - start;
                }
                there.put(-1L);
              } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
              }
            },
            "probe-ping-" + suffix);
    pong.setDaemon(true);
    ping.setDaemon(true);
    pong.start();
    ping.start();
    try {
      pinThread(pong.getName(), pongCore);
      pinThread(ping.getName(), pingCore);
    } finally {
      pinned.put(0L);
    }
    ping.join();
    pong.join();
    return median(Arrays.copyOf(batches, count[0])) / HANDOFF_BATCH / 1e3;
  }

  /**
   * What an fsync costs: the median wall time of {@code FileChannel.force(false)}, and the CPU time
   * of a write and its fsync together.
   */
  record Fsync(double medianMicros, double cpuMicros) {}

  /**
   * The median time of {@code FileChannel.force(false)} after a 4 KB write at the end of a file in
   * {@code directory}, what the engine's group commit waits for before it answers, and the mean CPU
   * time of the write and the fsync, what each group commit costs the engine's core: on a virtual
   * machine the kernel's side of an fsync (device writes through the hypervisor, a cache flush, the
   * thread's wake-ups) took a quarter to a half of its wall time in CPU.
   */
  static Fsync fsync(Path directory) throws IOException {
    Files.createDirectories(directory);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Path file = Files.createTempFile(directory, "probe-fsync", ".bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      long[] samples = new long[FSYNC_SAMPLES];
      int count = 0;
      long deadline = System.nanoTime() + FSYNC_NANOS;
      long cpuStart = threads.getCurrentThreadCpuTime();
      while (count < samples.length && System.nanoTime() < deadline) {
        block.clear();
        block.putLong(0, count);
        channel.write(block, (long) count * block.capacity());
        long start = System.nanoTime();
        channel.force(false);
        samples[count++] = System.nanoTime() - start;
      }
      double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
      return new Fsync(median(Arrays.copyOf(samples, count)) / 1e3, cpuMicros);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Times {@link DiskFloor}'s loop in {@code directory} for {@code span}: 4 KB overwrites of a file
   * already written (as the engine's zero-filled log segments, so that no fsync commits a new
   * length), each fsynced, one begun at most every {@link #DISK_FLOOR_PACE_NANOS}.
   */
  static DiskFloor diskFloor(Path directory, double rate, Duration span) throws IOException {
    Files.createDirectories(directory);
    Path file = Files.createTempFile(directory, "probe-disk-floor", ".bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      for (int at = 0; at < DISK_FLOOR_BLOCKS; at++) {
        block.clear();
        channel.write(block, (long) at * block.capacity());
      }
      channel.force(true);
      int capacity = (int) (span.toNanos() / DISK_FLOOR_PACE_NANOS) + 2;
      long[] begins = new long[capacity];
      long[] ends = new long[capacity];
      int count = 0;
      long start = System.nanoTime();
      long until = start + span.toNanos();
      // One fsync past the span, so that the last arrivals have one begun after them.
      while (count < capacity && (count == 0 || begins[count - 1] < until)) {
        if (count > 0) {
          long next = begins[count - 1] + DISK_FLOOR_PACE_NANOS;
          for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
            LockSupport.parkNanos(next - now);
          }
        }
        block.clear();
        block.putLong(0, count);
        channel.write(block, (long) (count % DISK_FLOOR_BLOCKS) * block.capacity());
        begins[count] = System.nanoTime();
        channel.force(false);
        ends[count++] = System.nanoTime();
      }
      return floor(Arrays.copyOf(begins, count), Arrays.copyOf(ends, count), start, until, rate);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * The waits of arrivals at {@code rate} from {@code start} to {@code until}, each until the end
   * of the first fsync begun at or after it; arrivals after the last fsync began are not counted.
   */
  static DiskFloor floor(long[] begins, long[] ends, long start, long until, double rate) {
    int total = (int) Math.floor((until - start) / 1e9 * rate);
    long[] waits = new long[total];
    int arrivals = 0;
    int fsync = 0;
    long overFive = 0;
    for (int n = 0; n < total; n++) {
      long arrival = start + (long) (n * 1e9 / rate);
      while (fsync < begins.length && begins[fsync] < arrival) {
        fsync++;
      }
      if (fsync == begins.length) {
        break;
      }
      long wait = ends[fsync] - arrival;
      waits[arrivals++] = wait;
      if (wait > TimeUnit.MILLISECONDS.toNanos(5)) {
        overFive++;
      }
    }
    if (arrivals == 0) {
      throw new IllegalStateException("No fsync began after the first arrival");
    }
    long[] sorted = Arrays.copyOf(waits, arrivals);
    Arrays.sort(sorted);
    long slowest = 0;
    for (int i = 0; i < begins.length; i++) {
      slowest = Math.max(slowest, ends[i] - begins[i]);
    }
    return new DiskFloor(
        rate,
        (until - start) / 1e9,
        sorted[(int) (0.99 * (arrivals - 1))] / 1e6,
        sorted[(int) (0.999 * (arrivals - 1))] / 1e6,
        overFive,
        arrivals,
        slowest / 1e6);
  }

  /**
   * The mean time of a load whose address depends on the previous load, over one random cycle
   * through 128 MB: far beyond the caches, so each step is a miss to memory (and, on a virtual
   * machine, often a TLB miss too).
   */
  static double randomLoadNanos() {
    // One slot per 64-byte cache line, so every step touches a line of its own.
    int stride = 16;
    int lines = MEMORY_INTS / stride;
    int[] order = new int[lines];
    for (int line = 0; line < lines; line++) {
      order[line] = line;
    }
    // Sattolo's shuffle: one cycle through every line, so the chase never settles in a short loop.
    // Shuffling the lines rather than all 32M slots keeps the set-up to a fraction of a second.
    SplittableRandom random = new SplittableRandom(42);
    for (int line = lines - 1; line > 0; line--) {
      int other = random.nextInt(line);
      int swap = order[line];
      order[line] = order[other];
      order[other] = swap;
    }
    int[] next = new int[MEMORY_INTS];
    for (int line = 0; line < lines; line++) {
      next[line * stride] = order[line] * stride;
    }
    int at = 0;
    for (int step = 0; step < MEMORY_LOADS / 10; step++) {
      at = next[at];
    }
    long start = System.nanoTime();
    for (int step = 0; step < MEMORY_LOADS; step++) {
      at = next[at];
    }
    long elapsed = System.nanoTime() - start;
    // Keeps the chase from being optimised away.
    if (at == -1) {
      throw new AssertionError();
    }
    return (double) elapsed / MEMORY_LOADS;
  }

  private static double median(long[] samples) {
    if (samples.length == 0) {
      throw new IllegalStateException("No samples within the probe's time limit");
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  /** Writes every file system's dirty data out and waits for it ({@code sync(1)}). */
  private static void syncAll() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sync").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException("sync failed: " + output);
    }
  }

  /**
   * Pins the thread of this JVM named {@code name} to {@code core}. Java has no affinity API, but
   * HotSpot names each native thread after its Java thread (cut to 15 characters), which {@code
   * /proc/self/task/TID/comm} shows.
   */
  private static void pinThread(String name, int core) {
    taskset(threadId(name), Integer.toString(core));
  }

  /**
   * The native id of the thread named {@code name}, waiting for it to show: a started thread names
   * its native thread itself, as it begins to run, so {@link Thread#start} may return before.
   */
  private static long threadId(String name) {
    String comm = name.length() > 15 ? name.substring(0, 15) : name;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path task : tasks.toList()) {
          try {
            if (Files.readString(task.resolve("comm")).trim().equals(comm)) {
              return Long.parseLong(task.getFileName().toString());
            }
          } catch (IOException exited) {
            // A thread that ended while listed.
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot list this JVM's threads in /proc/self/task", e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("No thread named " + comm + " in /proc/self/task");
  }

  /**
   * Pins the thread {@code tid} (of any process) to {@code cores}, as {@code taskset -c} lists
   * them.
   */
  static void taskset(long tid, String cores) {
    try {
      Process process =
          new ProcessBuilder("taskset", "-p", "-c", cores, Long.toString(tid))
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException(
            "taskset failed for thread " + tid + " on cores " + cores + ": " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run taskset for thread " + tid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted pinning thread " + tid, e);
    }
  }
}
