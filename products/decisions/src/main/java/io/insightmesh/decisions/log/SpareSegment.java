package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The next segment, written full of zeros and fsynced in the background before the writer needs it,
 * so that the writer's fsyncs overwrite blocks the file already has instead of growing it.
 *
 * <p><b>Why.</b> An append that grows a file changes its length, and {@code fdatasync} must then
 * commit the length through the file system's journal as well as the data: on ext4 that is a second
 * write and flush per group commit. Overwriting blocks that are already allocated and written
 * leaves nothing but the data to sync. Measured on the benchmark machine (1 KB records, one {@code
 * fdatasync} each): 376-400 µs and 150-157 µs of CPU per append to a growing file, 194-201 µs and
 * 83-90 µs into a zero-filled one. Blocks must really be written, not just reserved: {@code
 * fallocate} leaves unwritten extents, whose conversion on first write is again a journal commit.
 * PostgreSQL zero-fills its WAL segments for the same reason.
 *
 * <p>The spare lives under a name {@link Segments#list} ignores, so a crash while preparing it
 * leaves nothing recovery reads; the next log to open the directory deletes it. It becomes a
 * segment only by an atomic rename, after its zeros are durable.
 *
 * <p><b>A quarter of a mebibyte at a time.</b> The writer's every {@code fdatasync} ends by
 * flushing the disk's write cache, which waits for all writes in flight, the spare's included:
 * written whole and fsynced once, a 64 MiB spare held the writer's fsyncs 3-19 ms each for a
 * quarter of a second, on the benchmark's virtual disk at 6,300 claims/s
 * (docs/benchmarks/scoring.md). So the spare is fsynced after every {@link #STEP_BYTES}, with a
 * pause before the next step: the writer's flushes then wait for at most one step of it. 64 MiB
 * take about 1.5 s that way; the writer fills a segment in about six at the fastest saturated rate
 * measured (19,000 claims/s, about 570 bytes a decision).
 *
 * <p><b>Recycled, not deleted.</b> A segment whose decisions are all committed is {@linkplain
 * #retire retired}: renamed aside, up to {@link #MAX_RECYCLED} of them, and the next spare is one
 * of those, zeroed in place, rather than a new file. On this file system (ext4 mounted with {@code
 * discard}, the benchmark machine's) deleting a 64 MiB file held the fsyncs of a concurrent {@code
 * fdatasync} loop 10-20 ms within the next second in each of six tries, against at most 1.5-3.8 ms
 * in the same second without it (docs/benchmarks/scoring.md): freeing the blocks is a journal
 * commit and a discard the disk's flushes wait behind. A recycled file's blocks are already
 * allocated and written, so zeroing it neither allocates nor frees anything. PostgreSQL recycles
 * its WAL segments for the same reasons.
 *
 * <p>Preparing is best effort: if it fails (a full disk, say) or is not done when the writer rolls,
 * the writer appends to a new empty segment as before, and only its fsyncs cost more.
 */
final class SpareSegment implements Closeable {
  /** The spare's file name: not a segment name, so listing and recovery ignore it. */
  static final String FILE_NAME = "spare-segment.zeroed";

  private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());

  /**
   * Retired segments' names start with this: not segment names, so listing and recovery ignore
   * them.
   */
  static final String RECYCLED_PREFIX = "recycled-";

  /**
   * Retired segments kept for reuse; the rest are deleted. Two, so that one is at hand whenever a
   * spare is prepared: the committer retires a segment a commit or two after the writer left it,
   * and the spare for the roll after next is prepared as soon as the writer rolls.
   */
  static final int MAX_RECYCLED = 2;

  /** The zeros written at a time; a spare is fsynced after each such step. */
  static final int STEP_BYTES = 1 << 18;

  /** The pause after each fsynced step of a spare, for the writer's flushes in between. */
  static final long PACING_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Path file;
  private final long bytes;
  private final SegmentChannels channels;
  private final ExecutorService preparer;
  private volatile boolean ready;
  private volatile boolean closed;
  private Future<?> preparing;

  /**
   * A spare of {@code bytes} for segments in {@code directory}, deleting one a crashed log left
   * there; call {@link #request()} to have it prepared. It is written through {@code channels}, as
   * the segments are.
   */
  SpareSegment(Path directory, long bytes, SegmentChannels channels) throws IOException {
    this.file = requireNonNull(directory, "directory is null").resolve(FILE_NAME);
    this.bytes = bytes;
    this.channels = requireNonNull(channels, "channels is null");
    Files.deleteIfExists(file);
    this.preparer =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "decision-log-spare-segment");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts preparing the spare unless it is ready or being prepared. Called by the writer thread
   * only.
   */
  void request() {
    // A preparation first, then readiness: a preparation sets ready just before it is done, so
    // reading ready first could miss a spare finished in between and start a second preparation,
    // which would delete that spare before the writer moves it.
    if (closed || (preparing != null && !preparing.isDone()) || ready) {
      return;
    }
    preparing = preparer.submit(this::prepare);
  }

  /**
   * Renames the spare to the new segment {@code segment} and starts preparing the next one; called
   * by the writer thread only. The caller makes the rename durable with the directory's fsync.
   *
   * @return whether there was a spare ready; if not, one is being prepared
   * @throws FileAlreadyExistsException if {@code segment} exists: a segment is never replaced, and
   *     {@code rename(2)} would replace it silently
   */
  boolean moveTo(Path segment) throws IOException {
    if (!ready) {
      request();
      return false;
    }
    if (Files.exists(segment, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(segment.toString(), null, "a log segment of that name");
    }
    ready = false;
    Files.move(file, segment, StandardCopyOption.ATOMIC_MOVE);
    request();
    return true;
  }

  /** Whether a spare is ready for the next roll. */
  boolean ready() {
    return ready;
  }

  /** The length of a spare: the segment size it was made for. */
  long bytes() {
    return bytes;
  }

  /** Stops preparing, waits for the preparer to notice, and deletes an unused spare. */
  @Override
  public void close() {
    closed = true;
    boolean interrupted = DecisionLog.shutDownAndWait(preparer);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Cannot delete the spare decision log segment " + file, e);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes zeros into {@code file} from {@code from} to {@code to} and fsyncs it (its length
   * included), unless {@code stop} says to give up first. With a positive {@code pauseNanos},
   * paced: each {@link #STEP_BYTES} step is fsynced on its own and followed by that pause.
   *
   * @return whether the zeros are durable
   */
  static boolean fill(
      SegmentChannels channels,
      Path file,
      long from,
      long to,
      BooleanSupplier stop,
      long pauseNanos)
      throws IOException {
    ByteBuffer zeros = ByteBuffer.allocateDirect(STEP_BYTES);
    try (FileChannel channel = channels.openForAppend(file)) {
      long position = from;
      while (position < to) {
        if (stop.getAsBoolean()) {
          return false;
        }
        zeros.clear().limit((int) Math.min(STEP_BYTES, to - position));
        position += channel.write(zeros, position);
        if (pauseNanos > 0 && position < to) {
          channel.force(false);
          LockSupport.parkNanos(pauseNanos);
        }
      }
      channel.force(true);
      return true;
    }
  }

  /**
   * Takes {@code segment}, whose records are all committed, out of the log: renamed aside for a
   * later spare if fewer than {@link #MAX_RECYCLED} are, deleted otherwise. The caller makes the
   * change durable with the directory's fsync. Called under the log's truncation lock, so retiring
   * callers never race each other; a spare being prepared meanwhile may take one of the recycled
   * files, which at worst keeps one more or one fewer than the maximum.
   *
   * @throws IOException if the segment could be neither renamed nor deleted; it is then still
   *     there, under its own name
   */
  static void retire(Path segment) throws IOException {
    Path directory = segment.getParent();
    if (recycled(directory).size() < MAX_RECYCLED) {
      Files.move(
          segment,
          segment.resolveSibling(RECYCLED_PREFIX + segment.getFileName()),
          StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.delete(segment);
    }
  }

  /** The recycled files in {@code directory}, oldest segment first. */
  static List<Path> recycled(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(
              path ->
                  path.getFileName().toString().startsWith(RECYCLED_PREFIX)
                      && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .toList();
    }
  }

  private void prepare() {
    try {
      Files.deleteIfExists(file);
      reuseRecycled();
      ready = fill(channels, file, 0, bytes, () -> closed, PACING_PAUSE_NANOS) && !closed;
    } catch (IOException e) {
      // Most likely a full disk: the zeros written so far would hold space the segment being
      // written needs to grow into, so they go.
      try {
        Files.deleteIfExists(file);
      } catch (IOException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      LOG.log(
          Level.WARNING,
          "Cannot prepare the next decision log segment "
              + file
              + " ("
              + e
              + "); the next segment will grow as it is written, with costlier fsyncs");
    }
  }

  /**
   * Makes a recycled file, if there is one, the spare to be zeroed, cut to a spare's length if it
   * is longer (a log reopened with smaller segments).
   */
  private void reuseRecycled() throws IOException {
    List<Path> recycled = recycled(file.getParent());
    if (recycled.isEmpty()) {
      return;
    }
    Files.move(recycled.get(0), file, StandardCopyOption.ATOMIC_MOVE);
    if (Files.size(file) > bytes) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(bytes);
      }
    }
  }
}
