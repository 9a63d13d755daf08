package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A segment of the decision log holds bytes that are not a valid frame where acknowledged records
 * must be. Raised on open for damage anywhere but the tail of the last segment (which recovery
 * truncates), and by readers that meet a damaged durable record. The log is never repaired silently
 * past such damage: acknowledged decisions may be missing and an operator must decide.
 */
public final class CorruptLogException extends RuntimeException {
  private final Path file;
  private final long offset;

  /**
   * Creates the exception.
   *
   * @param file the damaged segment file
   * @param offset the byte offset in {@code file} of the first invalid frame
   * @param reason what is wrong there; never payload bytes
   */
  public CorruptLogException(Path file, long offset, String reason) {
    super(
        "Decision log segment "
            + requireNonNull(file, "file is null")
            + " is corrupt at offset "
            + offset
            + ": "
            + requireNonNull(reason, "reason is null"));
    this.file = file;
    this.offset = offset;
  }

  /** The damaged segment file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the first invalid frame in {@link #file()}. */
  public long offset() {
    return offset;
  }
}
