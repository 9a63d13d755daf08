package io.insightmesh.decisions.log;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a group commit's sync costs, two ways, on this machine's disk: the log's way (a buffered
 * {@code pwrite} of the batch, then {@code fdatasync}) against a direct, synchronous write ({@code
 * O_DIRECT | O_DSYNC}) of the whole 4 KiB blocks the batch touches, the last partial block written
 * again by the next batch. Both into a file zero-filled and fsynced first, as the log's segments
 * are. Paced as the engine's writer is at 6,300 claims/s (a batch every ~2.3 ms), alternating the
 * two ways round by round; prints each round's wall time per sync (percentiles), the syncing
 * thread's CPU per sync (user and kernel) and the whole machine's CPU per sync ({@code /proc/stat},
 * which also counts the interrupts and kernel threads an I/O wakes).
 *
 * <p>Not a test: run by hand, as {@code java -cp … LogSyncProbe [directory] [batch bytes] [syncs a
 * second] [seconds a round] [rounds]}.
 */
public final class LogSyncProbe {
  private static final int BLOCK = 4096;
  private static final long FILE_BYTES = 64L << 20;

  private LogSyncProbe() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    int batchBytes = args.length > 1 ? Integer.parseInt(args[1]) : 9_000;
    int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 430;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 6;
    Path file = Files.createTempFile(directory, "log-sync-probe", ".seg");
    try {
      for (int round = 0; round < rounds; round++) {
        boolean direct = round % 2 == 1;
        zeroFill(file);
        Result result = run(file, direct, batchBytes, perSecond, seconds);
        System.out.printf(
            Locale.ROOT,
            "round %d %-8s %6d syncs: wall p50 %4d p90 %4d p99 %5d p99.9 %5d max %5d µs;"
                + " thread CPU %3d µs a sync; machine CPU %3d µs a sync%n",
            round,
            direct ? "direct" : "buffered",
            result.latencies.length,
            result.percentile(50),
            result.percentile(90),
            result.percentile(99),
            result.percentile(99.9),
            result.percentile(100),
            result.threadCpuNanos / result.latencies.length / 1000,
            result.machineCpuNanos / result.latencies.length / 1000);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void zeroFill(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
      for (long position = 0; position < FILE_BYTES; ) {
        zeros.clear();
        position += channel.write(zeros, position);
      }
      channel.force(true);
    }
  }

  private record Result(long[] latencies, long threadCpuNanos, long machineCpuNanos) {
    long percentile(double p) {
      int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1000;
    }
  }

  private static Result run(Path file, boolean direct, int batchBytes, int perSecond, int seconds)
      throws IOException {
    List<OpenOption> options =
        direct
            ? List.of(StandardOpenOption.WRITE, StandardOpenOption.DSYNC, ExtendedOpenOption.DIRECT)
            : List.of(StandardOpenOption.WRITE);
    int syncs = perSecond * seconds;
    long[] latencies = new long[syncs];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ByteBuffer batch = ByteBuffer.allocateDirect(batchBytes + 3 * BLOCK).alignedSlice(BLOCK);
    byte[] frame = new byte[batchBytes];
    Arrays.fill(frame, (byte) 0x5a);
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    try (FileChannel channel = FileChannel.open(file, options.toArray(OpenOption[]::new))) {
      long size = 0;
      long threadCpu = threads.getCurrentThreadCpuTime();
      long machineCpu = machineBusyNanos();
      long next = System.nanoTime();
      for (int i = 0; i < syncs; i++) {
        next += intervalNanos;
        if (size + batchBytes + BLOCK > FILE_BYTES) {
          size = 0;
        }
        long started = System.nanoTime();
        if (direct) {
          // From the start of the block the last batch ended in, to the end of this batch's last.
          long from = size / BLOCK * BLOCK;
          int carried = (int) (size - from);
          int length = (carried + batchBytes + BLOCK - 1) / BLOCK * BLOCK;
          batch.clear();
          // The carried bytes are the previous batch's tail, still in the buffer's first block.
          batch.position(carried);
          batch.put(frame, 0, batchBytes);
          while (batch.position() < length) {
            batch.put((byte) 0);
          }
          batch.flip();
          long position = from;
          while (batch.hasRemaining()) {
            position += channel.write(batch, position);
          }
          // The next batch rewrites this one's last block: move its tail to the buffer's front.
          int tail = (int) ((size + batchBytes) % BLOCK);
          if (tail > 0) {
            ByteBuffer last =
                batch.duplicate().position(length - BLOCK).limit(length - BLOCK + tail);
            ByteBuffer front = batch.duplicate().clear();
            front.put(last);
          }
        } else {
          batch.clear();
          batch.put(frame, 0, batchBytes);
          batch.flip();
          long position = size;
          while (batch.hasRemaining()) {
            position += channel.write(batch, position);
          }
          channel.force(false);
        }
        size += batchBytes;
        latencies[i] = System.nanoTime() - started;
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      threadCpu = threads.getCurrentThreadCpuTime() - threadCpu;
      machineCpu = machineBusyNanos() - machineCpu;
      Arrays.sort(latencies);
      return new Result(latencies, threadCpu, machineCpu);
    }
  }

  /** All cores' non-idle time since boot, from {@code /proc/stat}'s first line. */
  private static long machineBusyNanos() throws IOException {
    String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < fields.length; i++) {
      // user nice system idle iowait irq softirq steal guest guest_nice: idle and iowait are not.
      if (i != 4 && i != 5 && i <= 8) {
        busy += Long.parseLong(fields[i]);
      }
    }
    return busy * TimeUnit.SECONDS.toNanos(1) / 100;
  }
}
