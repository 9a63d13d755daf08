package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;

/**
 * Appends batches of frames to the active segment, rolling to a new one at the size limit.
 *
 * <p>The active segment is written full of zeros before the writer appends to it (see {@link
 * SpareSegment} for why): at open, the last segment is filled up to the segment size; on roll, the
 * writer renames a spare segment a background thread zero-filled ahead of time, or starts an empty
 * one if none is ready. So the active segment is usually longer than its records: {@link
 * #allocated} is its length, and the bytes after {@link #size} are zeros until overwritten. A
 * segment is cut to its records when the writer leaves it (on roll and on close), so only the last
 * segment of a log that was not closed ends in zeros, which recovery tells apart from a torn write.
 */
final class SegmentWriter implements Closeable {
  private static final int MIN_BUFFER_BYTES = 1 << 20;

  private final Path directory;
  private final long segmentBytes;
  private final SegmentChannels channels;
  private final ConcurrentSkipListMap<Long, Path> segments;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private FileChannel channel;
  private Path segment;
  private long size;

  /** The active segment's length on disk: zeros from {@link #size} to here. */
  private long allocated;

  private final SpareSegment spare;
  private long nextSequence;
  private volatile long fsyncs;
  private volatile long preparedSegments;
  private volatile long grownSegments;
  private long lastForceNanos;

  SegmentWriter(
      Path directory,
      long segmentBytes,
      int maxRecordBytes,
      SegmentChannels channels,
      ConcurrentSkipListMap<Long, Path> segments,
      long activeSize,
      long activeAllocated,
      long nextSequence)
      throws IOException {
    this.directory = requireNonNull(directory, "directory is null");
    this.segmentBytes = segmentBytes;
    this.channels = requireNonNull(channels, "channels is null");
    this.segments = requireNonNull(segments, "segments is null");
    this.buffer =
        ByteBuffer.allocateDirect(
            (int) Math.max(MIN_BUFFER_BYTES, Frames.frameBytes(maxRecordBytes)));
    this.segment = segments.lastEntry().getValue();
    this.size = activeSize;
    this.allocated = Math.max(activeSize, activeAllocated);
    if (allocated < segmentBytes) {
      // A new log's first segment, or the last one of a log closed cleanly (cut to its records):
      // zero-filled here, before the first append, as writing a segment of zeros takes well under
      // a second (64 MiB: 70 ms on the benchmark machine); unpaced, as nothing is answered yet.
      SpareSegment.fill(channels, segment, allocated, segmentBytes, () -> false, 0);
      allocated = segmentBytes;
    }
    this.channel = channels.openForAppend(segment);
    try {
      // Recovery read records a killed process wrote but never fsynced (still in the page cache):
      // they are answered as durable from now on, so they must reach the disk first.
      channel.force(false);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    this.nextSequence = nextSequence;
    this.spare = new SpareSegment(directory, segmentBytes, channels);
    spare.request();
  }

  /**
   * Writes every record of the batch and fsyncs once.
   *
   * @param firstSequences receives, per pending entry, the sequence of its first record
   * @return the sequence of the last record written
   */
  long write(List<Pending> batch, long[] firstSequences) throws IOException {
    for (int i = 0; i < batch.size(); i++) {
      firstSequences[i] = nextSequence;
      for (byte[] payload : batch.get(i).payloads()) {
        long frameBytes = Frames.frameBytes(payload.length);
        long written = size + buffer.position();
        if (written > 0 && written + frameBytes > segmentBytes) {
          flush();
          roll();
        }
        if (buffer.remaining() < frameBytes) {
          flush();
        }
        Frames.encode(buffer, nextSequence, payload, crc);
        nextSequence++;
      }
    }
    flush();
    long started = System.nanoTime();
    force();
    lastForceNanos = System.nanoTime() - started;
    return nextSequence - 1;
  }

  /** The segment being appended to. */
  Path segment() {
    return segment;
  }

  long fsyncs() {
    return fsyncs;
  }

  long preparedSegments() {
    return preparedSegments;
  }

  long grownSegments() {
    return grownSegments;
  }

  /** Whether the next roll will find a zeroed spare ready. */
  boolean spareReady() {
    return spare.ready();
  }

  long lastForceNanos() {
    return lastForceNanos;
  }

  /**
   * Cuts the active segment to its records and closes it: a log closed cleanly leaves no zeros
   * behind, so recovery of a later open sees exactly the records.
   */
  @Override
  public void close() throws IOException {
    spare.close();
    if (!channel.isOpen()) {
      return;
    }
    try (FileChannel active = channel) {
      if (allocated > size) {
        active.truncate(size);
        active.force(false);
        allocated = size;
      }
    }
  }

  /** Closes the active segment as it is, after a failed write: recovery handles its tail. */
  void abandon() throws IOException {
    spare.close();
    channel.close();
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      size += channel.write(buffer, size);
    }
    buffer.clear();
  }

  private void force() throws IOException {
    channel.force(false);
    fsyncs++;
  }

  private void roll() throws IOException {
    // The old segment must be durable, and cut to its records, before the new one exists:
    // recovery treats an invalid frame in any segment but the last as damage, not as a torn write.
    if (allocated > size) {
      channel.truncate(size);
    }
    force();
    channel.close();
    Path next = directory.resolve(Segments.fileName(nextSequence));
    boolean prepared = spare.moveTo(next);
    channel = channels.openForAppend(next);
    segment = next;
    size = 0;
    allocated = prepared ? spare.bytes() : 0;
    if (prepared) {
      preparedSegments++;
    } else {
      grownSegments++;
    }
    Segments.syncDirectory(directory);
    segments.put(nextSequence, next);
  }
}
