package io.insightmesh.decisions.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.sched.BackgroundPriority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.FileIO;

/**
 * Deletes the files that snapshot expiry frees, a grace period later and a few megabytes at a time,
 * instead of all at once when the snapshots go.
 *
 * <p>The grace keeps a query that planned on a snapshot just expired able to read its files: expiry
 * judges snapshots, not the readers still scanning them. The pace keeps deletions off the decision
 * log's fsyncs: on a file system mounted with {@code discard}, freeing 64 MiB at once held them
 * 18–21 ms here, and one expiry after a compaction frees hundreds of megabytes at full load.
 *
 * <p>Files waiting are written to a journal before Iceberg's expiry commit returns to its caller
 * ({@link #flush}), so a restart deletes them still; a crash between the expiry's commit and the
 * flush leaves at most that expiry's files behind, unreferenced (Iceberg's {@code
 * remove_orphan_files} finds them). Deleting a file already gone is harmless, so the journal may
 * name files deleted before a crash, and it is rewritten only when it names many more files than
 * wait.
 *
 * <p>Thread-safe: expiry adds from hygiene's thread, the schedule deletes from its own.
 */
public final class PacedDeletes implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PacedDeletes.class.getName());

  /** Between two batches of deletions. */
  static final Duration TICK = Duration.ofMillis(100);

  /** How long expired files wait by default: a long query's scan of a snapshot just expired. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);

  /**
   * What a tick frees by default, 5 MiB a second. On ext4 mounted with {@code discard} freed blocks
   * are discarded at the journal's commits, and the log's fsyncs wait behind them: deleting 2 MiB
   * every 100 ms held 12 fsyncs in 20 s over 5 ms (up to 17 ms, none without deleting), 512 KiB
   * every 100 ms none ({@code benchmarks/scheduler-trace/fsync-paced-deletes.py}).
   */
  public static final long DEFAULT_BYTES_PER_TICK = 512L << 10;

  private record Pending(long dueMillis, String location) {}

  private final FileIO io;
  private final Path journal;
  private final Duration grace;
  private final long bytesPerTick;
  private final Clock clock;
  private final Periodic schedule = new Periodic("paced-deletes", BackgroundPriority.IDLE_TIME);
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final List<Pending> unjournaled = new ArrayList<>();
  private long journaled;
  private long allowance;
  private long deleted;

  /**
   * Deletes through {@code io}, remembering what waits in {@code journal}, and takes up what a
   * previous run left there.
   *
   * @param grace how long a file waits after its snapshots expired
   * @param bytesPerTick how many bytes are freed every {@link #TICK} on average; a larger file is
   *     deleted alone and the ticks after it free nothing until its bytes are paid off
   * @throws UncheckedIOException if the journal exists and cannot be read
   */
  public PacedDeletes(FileIO io, Path journal, Duration grace, long bytesPerTick, Clock clock) {
    this.io = requireNonNull(io, "io is null");
    this.journal = requireNonNull(journal, "journal is null");
    this.grace = requireNonNull(grace, "grace is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (grace.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid delete grace " + grace + ": must not be negative");
    }
    if (bytesPerTick < 1) {
      throw new IllegalArgumentException(
          "Invalid bytesPerTick " + bytesPerTick + ": must be positive");
    }
    this.bytesPerTick = bytesPerTick;
    this.allowance = bytesPerTick;
    readJournal();
  }

  private void readJournal() {
    if (!Files.exists(journal)) {
      return;
    }
    String text;
    try {
      text = Files.readString(journal, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the files waiting for deletion in " + journal, e);
    }
    // A last line without its newline was cut short by a crash mid-write: it may name a prefix of
    // another file's path. Its own file is an orphan at worst.
    String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
    List<Pending> read = new ArrayList<>();
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space < 1) {
        continue;
      }
      try {
        read.add(new Pending(Long.parseLong(line.substring(0, space)), line.substring(space + 1)));
      } catch (NumberFormatException e) {
        LOG.log(Level.WARNING, "Skipping a damaged line of " + journal);
      }
    }
    read.sort((a, b) -> Long.compare(a.dueMillis(), b.dueMillis()));
    pending.addAll(read);
    journaled = read.size();
    if (!read.isEmpty()) {
      LOG.log(Level.INFO, read.size() + " expired files still to delete, from " + journal);
    }
  }

  /** Deletes a file after the grace; what Iceberg's {@code deleteWith} is given. */
  public synchronized void deleteLater(String location) {
    Pending file = new Pending(clock.millis() + grace.toMillis(), location);
    pending.addLast(file);
    unjournaled.add(file);
  }

  /**
   * Writes the files added since the last flush to the journal and forces it to disk.
   *
   * @throws UncheckedIOException if the journal cannot be written: the files stay waiting in memory
   */
  public synchronized void flush() {
    if (unjournaled.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(journal.getParent());
      write(journal, unjournaled, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot note the files waiting for deletion in " + journal, e);
    }
    journaled += unjournaled.size();
    unjournaled.clear();
  }

  /** Deletes due files every {@link #TICK} on a thread of its own, at idle priority. */
  public PacedDeletes start() {
    schedule.start("paced deletes", this::tick, TICK, TICK);
    return this;
  }

  /**
   * Deletes the due files this tick's allowance pays for: what it has not spent carries over up to
   * one tick's worth, and a file larger than it is paid off by the ticks after.
   *
   * @return how many files were deleted
   */
  synchronized int tick() {
    allowance = Math.min(bytesPerTick, allowance + bytesPerTick);
    long now = clock.millis();
    int count = 0;
    while (allowance > 0 && !pending.isEmpty() && pending.peekFirst().dueMillis() <= now) {
      Pending file = pending.peekFirst();
      try {
        allowance -= length(file.location());
        io.deleteFile(file.location());
      } catch (RuntimeException e) {
        // Left behind, unreferenced: only room is lost. Retrying a file that cannot be deleted
        // would stop every file after it.
        LOG.log(Level.WARNING, "Cannot delete expired file " + file.location() + "; left", e);
      }
      pending.removeFirst();
      count++;
    }
    deleted += count;
    if (count > 0 && unjournaled.isEmpty() && journaled > 2L * pending.size() + 1_000) {
      rewriteJournal();
    }
    return count;
  }

  private long length(String location) {
    try {
      return io.newInputFile(location).getLength();
    } catch (RuntimeException e) {
      // Gone already (a restart after a crash), or not ours to stat: it frees nothing now.
      return 0;
    }
  }

  /** Keeps the journal to the files still waiting, replacing it in one rename. */
  private void rewriteJournal() {
    Path next = journal.resolveSibling(journal.getFileName() + ".next");
    try {
      write(next, pending, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(next, journal, StandardCopyOption.ATOMIC_MOVE);
      journaled = pending.size();
    } catch (IOException e) {
      // The longer journal stays right: it names every file that waits, and some deleted ones.
      LOG.log(Level.WARNING, "Cannot shorten " + journal + "; kept as it is", e);
    }
  }

  /** Writes {@code files} as journal lines to {@code path} ({@code mode}) and forces them. */
  private static void write(Path path, Iterable<Pending> files, StandardOpenOption mode)
      throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Pending file : files) {
      lines.append(file.dueMillis()).append(' ').append(file.location()).append('\n');
    }
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
      ByteBuffer bytes = UTF_8.encode(lines.toString());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    }
  }

  /** Files waiting for deletion. */
  public synchronized int pending() {
    return pending.size();
  }

  /** Files deleted (or given up on) since this instance was made. */
  public synchronized long deleted() {
    return deleted;
  }

  /**
   * Stops deleting; the files still waiting stay in the journal for the next run. Unflushed ones
   * are flushed if they can be. Idempotent.
   */
  @Override
  public void close() {
    schedule.stop(Duration.ofSeconds(5));
    try {
      flush();
    } catch (UncheckedIOException e) {
      LOG.log(Level.WARNING, "Cannot note the last expired files to delete; they are left", e);
    }
  }
}
