package io.insightmesh.products.claims.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * How far a replay has got, kept in a file so a stopped replay resumes where it left off: the
 * number of landing records, in file order, that the engine has answered, all of them and every one
 * before them. Answers arrive out of order (several claims are in flight), so a record answered
 * early is held until every earlier one is answered too: the file never claims a record the engine
 * may not have. On restart the records after the position are sent again; one that was answered
 * already gets its first decision back, since the engine is idempotent by claim id.
 */
final class ReplayPosition {
  private final Path file;
  private final BitSet answeredAhead = new BitSet();
  private long position;
  private long saved;

  private ReplayPosition(Path file, long position) {
    this.file = file;
    this.position = position;
    this.saved = position;
  }

  /**
   * The position saved in {@code file}, or 0 if there is none yet.
   *
   * @throws IllegalStateException if the file holds anything but a non-negative count
   */
  static ReplayPosition load(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      long position;
      try {
        position = Long.parseLong(text);
      } catch (NumberFormatException e) {
        position = -1;
      }
      if (position < 0) {
        throw new IllegalStateException(
            "Invalid replay position file "
                + file
                + ": it must hold a count of records, not '"
                + text
                + "'; delete it to replay from the start");
      }
      return new ReplayPosition(file, position);
    } catch (NoSuchFileException e) {
      return new ReplayPosition(file, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the replay position " + file, e);
    }
  }

  /** Records before this one have all been answered. */
  synchronized long position() {
    return position;
  }

  /** Record {@code index} (0-based, in file order) has been answered. */
  synchronized void answered(long index) {
    if (index < position) {
      return;
    }
    long offset = index - position;
    if (offset > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Record " + index + " is too far ahead of " + position);
    }
    answeredAhead.set((int) offset);
    int contiguous = answeredAhead.nextClearBit(0);
    if (contiguous > 0) {
      position += contiguous;
      BitSet rest = answeredAhead.get(contiguous, Math.max(contiguous, answeredAhead.length()));
      answeredAhead.clear();
      answeredAhead.or(rest);
    }
  }

  /**
   * Writes the position durably if it moved since the last save: to a temporary file that is forced
   * to disk, then renamed over the old one, so a crash leaves the old or the new count, never a
   * torn one.
   */
  synchronized void save() {
    if (position == saved && Files.exists(file)) {
      return;
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap((position + "\n").getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      // The rename itself is only durable once the directory is.
      try (FileChannel directory =
          FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      } catch (IOException notSupported) {
        // Some file systems cannot open a directory; the rename is then as durable as they make it.
      }
      saved = position;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the replay position " + file, e);
    }
  }
}
