package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One durable record of the decision log.
 *
 * <p>The payload array belongs to the caller: every read returns a fresh copy. Equality compares
 * payload contents, and {@link #toString()} prints only the payload's size because payloads carry
 * PII.
 *
 * @param sequence the record's position in the log, dense from 1
 * @param payload the bytes that were appended
 */
public record LogRecord(long sequence, byte[] payload) {
  /** Validates the record. */
  public LogRecord {
    if (sequence < 1) {
      throw new IllegalArgumentException("Invalid sequence " + sequence + ": sequences start at 1");
    }
    requireNonNull(payload, "payload is null");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogRecord that
        && sequence == that.sequence
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(sequence) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "LogRecord[sequence=" + sequence + ", payload=" + payload.length + " bytes]";
  }
}
