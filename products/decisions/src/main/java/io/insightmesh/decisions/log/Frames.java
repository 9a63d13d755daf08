package io.insightmesh.decisions.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record, big-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic "IMDL"
 *      4    1 version (1)
 *      5    4 payload length
 *      9    4 CRC32C of sequence and payload (bytes 13 .. end)
 *     13    8 sequence
 *     21    n payload
 * </pre>
 *
 * <p>The length is outside the checksum, but a wrong length makes the checksum cover other bytes
 * and fail, and recovery bounds it by the file size before trusting it.
 */
final class Frames {
  static final int MAGIC = 0x494D444C;
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 21;
  static final int LENGTH_OFFSET = 5;
  static final int CHECKSUM_OFFSET = 9;
  static final int SEQUENCE_OFFSET = 13;

  private Frames() {}

  /** The bytes a frame for a payload of this length occupies. */
  static long frameBytes(int payloadLength) {
    return (long) HEADER_BYTES + payloadLength;
  }

  /** Writes one frame at the buffer's position, which must have room for it. */
  static void encode(ByteBuffer buffer, long sequence, byte[] payload, CRC32C crc) {
    int start = buffer.position();
    buffer.putInt(MAGIC).put(VERSION).putInt(payload.length).putInt(0).putLong(sequence);
    buffer.put(payload);
    ByteBuffer checked = buffer.duplicate();
    checked.position(start + SEQUENCE_OFFSET).limit(buffer.position());
    crc.reset();
    crc.update(checked);
    buffer.putInt(start + CHECKSUM_OFFSET, (int) crc.getValue());
  }
}
