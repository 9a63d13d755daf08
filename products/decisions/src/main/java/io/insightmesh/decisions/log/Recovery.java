package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Brings a log directory to a state the writer can append to: every frame verified, a torn tail of
 * the last segment cut off.
 *
 * <p>Only the last segment may end in a torn frame: the writer fsyncs a segment before it creates
 * the next one, and acknowledges nothing before its fsync, so bytes after the last valid frame of
 * the last segment were never acknowledged. Anywhere else an invalid frame is damage to
 * acknowledged records and fails the open.
 *
 * <p>The last segment of a log that was not closed cleanly usually ends in zeros: the writer
 * appends into {@link SpareSegment zero-filled} segments. Zeros to the end of the file are room the
 * writer goes on using, not a torn write; anything else after the last valid frame is cut off.
 */
final class Recovery {
  private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());

  /**
   * The recovered state.
   *
   * @param segments every segment by first sequence, the last one active
   * @param activeSize the valid length of the active segment
   * @param activeAllocated the active segment's length, zeros after {@code activeSize}
   * @param nextSequence the sequence the next record will get
   * @param truncatedBytes bytes cut off the active segment's tail
   */
  record State(
      ConcurrentSkipListMap<Long, Path> segments,
      long activeSize,
      long activeAllocated,
      long nextSequence,
      long truncatedBytes) {
    State {
      requireNonNull(segments, "segments is null");
    }
  }

  private Recovery() {}

  static State recover(Path directory) throws IOException {
    NavigableMap<Long, Path> found = Segments.list(directory);
    ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>(found);
    if (found.isEmpty()) {
      Path first = directory.resolve(Segments.fileName(1));
      DurableFiles.open(first, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
      Segments.syncDirectory(directory);
      segments.put(1L, first);
      return new State(segments, 0, 0, 1, 0);
    }
    long expected = found.firstKey();
    long activeSize = 0;
    long activeAllocated = 0;
    long truncated = 0;
    Iterator<Map.Entry<Long, Path>> entries = found.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, Path> entry = entries.next();
      Path file = entry.getValue();
      boolean last = !entries.hasNext();
      if (entry.getKey() != expected) {
        throw new CorruptLogException(
            file,
            0,
            "the segment is named for sequence "
                + entry.getKey()
                + " but the previous segment ends at "
                + (expected - 1));
      }
      try (FileChannel channel =
          last
              ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
              : FileChannel.open(file, StandardOpenOption.READ)) {
        long size = channel.size();
        FrameReader frames = new FrameReader(file, channel);
        long position = 0;
        while (true) {
          Frame frame = frames.read(position, false);
          if (frame == null) {
            if (frames.atEnd()) {
              break;
            }
            if (!last) {
              throw new CorruptLogException(file, position, frames.problem());
            }
            if (zerosToTheEnd(channel, position)) {
              activeAllocated = size;
              break;
            }
            truncated = size - position;
            channel.truncate(position);
            channel.force(false);
            LOG.log(
                Level.WARNING,
                String.format(
                    "Truncated %d bytes of torn tail from %s at offset %d (%s); the log continues"
                        + " after sequence %d",
                    truncated, file, position, frames.problem(), expected - 1));
            break;
          }
          if (frame.sequence() != expected) {
            throw new CorruptLogException(
                file,
                position,
                "the frame holds sequence "
                    + frame.sequence()
                    + " where "
                    + expected
                    + " was expected");
          }
          expected++;
          position = frame.nextPosition();
        }
        if (!last && position == 0) {
          throw new CorruptLogException(file, 0, "the segment is empty but is not the last one");
        }
        activeSize = position;
      }
    }
    // A process killed between creating (or renaming the spare into) a segment and syncing the
    // directory leaves an entry a power loss can still forget, with whatever this process now
    // acknowledges into it.
    Segments.syncDirectory(directory);
    return new State(segments, activeSize, activeAllocated, expected, truncated);
  }

  private static boolean zerosToTheEnd(FileChannel channel, long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    long at = position;
    while (true) {
      buffer.clear();
      int read = channel.read(buffer, at);
      if (read < 0) {
        return true;
      }
      for (int i = 0; i < read; i++) {
        if (buffer.get(i) != 0) {
          return false;
        }
      }
      at += read;
    }
  }
}
