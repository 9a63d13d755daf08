package io.insightmesh.decisions.log;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lowest sequence a log was durable to at any open since a table last matched it, kept in its
 * directory ({@value #FILE}).
 *
 * <p>Recovery cuts a log at its first invalid frame. Past a torn tail nothing was acknowledged, but
 * a frame damaged on disk may hold a decision the table already has, and the log then gives its
 * sequence to a new decision. The table's position shows that only while the log is shorter than
 * it: the engine assesses claims before the catalog is reachable, and once the log has grown past
 * the position again a committer would start after it and skip the new decisions under the repeated
 * numbers. The point is written before the first append of an open is acknowledged and kept at its
 * lowest across opens, so a comparison made later, even after more restarts, still sees where the
 * log restarted.
 */
final class ReopenedAt {
  static final String FILE = "reopened-at";

  /** No open is waiting for a table to match it. */
  static final long NONE = Long.MAX_VALUE;

  private ReopenedAt() {}

  /**
   * Records an open at {@code durable}, keeping an earlier, lower point no table has matched yet.
   *
   * @return the point now recorded
   * @throws IOException if the point cannot be read or written, or the file holds no sequence
   */
  static long record(Path directory, long durable) throws IOException {
    Path file = directory.resolve(FILE);
    long recorded = read(file);
    if (recorded <= durable) {
      // Written by an open that may have died before its directory's fsync.
      DurableFiles.syncDirectory(directory);
      return recorded;
    }
    DurableFiles.replace(file, (durable + "\n").getBytes(StandardCharsets.US_ASCII));
    return durable;
  }

  /** Forgets the point once a table has matched the log. */
  static void forget(Path directory) throws IOException {
    Files.deleteIfExists(directory.resolve(FILE));
    // Also when an earlier attempt deleted it but failed to sync: the deletion must be durable
    // before a committer moves the table past the point.
    DurableFiles.syncDirectory(directory);
  }

  private static long read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return NONE;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      long point = Long.parseLong(text);
      if (point >= 0) {
        return point;
      }
    } catch (NumberFormatException e) {
      // Named below.
    }
    throw new IOException(
        file
            + " should hold the sequence the log was reopened at, not '"
            + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
            + "'");
  }
}
