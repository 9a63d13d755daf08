package io.insightmesh.decisions.search;

import io.insightmesh.decisions.compact.SeededHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Distinct values of one key (bank accounts, postcodes, ...) numbered densely, each with the
 * ascending ids of the claims that carry it.
 *
 * <p><b>Why no objects.</b> Most values are carried by one claim, and the index keeps them for as
 * long as the engine runs: as a {@code String}, a {@code HashMap} node, a boxed id and a postings
 * list each, every decided claim added some twenty objects that young collections copied until they
 * were tenured. Here a value costs none: its UTF-8 bytes are appended to byte chunks of about 1
 * MiB, a primitive open-addressing table (as in {@code ClaimRecords}: the value's seeded 64-bit
 * hash and its id per slot, linear probing at a load of at most one half) maps it to its id, and
 * its postings are a list in {@link Postings}.
 *
 * <p>Not thread-safe: callers serialise writes against reads.
 */
final class Dictionary {
  static final int ABSENT = -1;

  /** A little under G1's 1 MiB region, so a chunk is allocated straight into the old generation. */
  private static final int CHUNK_BYTES = (1 << 20) - 64;

  private static final int EMPTY = -1;

  private final long seed = new SecureRandom().nextLong();
  private final Postings postings = new Postings();

  private byte[][] chunks = new byte[8][];
  private int chunkCount;
  private int chunkFill = CHUNK_BYTES;

  /** Per id, where its value's bytes start: chunk index × 2^32 + offset, after a varint length. */
  private long[] positions = new long[1024];

  private long[] hashes = new long[2048];
  private int[] slots = filledEmpty(2048);

  /**
   * Adds {@code claim} to the postings of {@code value}; returns the value's id.
   *
   * @throws IllegalArgumentException if the value's UTF-8 bytes exceed a chunk
   */
  int add(String value, int claim) {
    byte[] key = value.getBytes(StandardCharsets.UTF_8);
    long hash = SeededHash.of(seed, key);
    int id = find(key, hash);
    if (id != ABSENT) {
      postings.add(id, claim);
      return id;
    }
    long position = append(key);
    id = postings.newList(claim);
    if (id == positions.length) {
      positions = Arrays.copyOf(positions, id + (id >> 1));
    }
    positions[id] = position;
    if ((id + 1) * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    insert(hash, id);
    return id;
  }

  int id(String value) {
    byte[] key = value.getBytes(StandardCharsets.UTF_8);
    return find(key, SeededHash.of(seed, key));
  }

  String value(int id) {
    if (id < 0 || id >= size()) {
      throw new IndexOutOfBoundsException("No value " + id + " of " + size());
    }
    long position = positions[id];
    byte[] chunk = chunks[(int) (position >>> 32)];
    int offset = (int) position;
    int length = readVarint(chunk, offset);
    return new String(chunk, offset + varintBytes(length), length, StandardCharsets.UTF_8);
  }

  /** The number of claims carrying value {@code id}. */
  int count(int id) {
    return postings.size(id);
  }

  /** Passes the claims of value {@code id} at positions {@code from} to {@code to}, in order. */
  void forEachClaim(int id, int from, int to, IntConsumer action) {
    postings.forEach(id, from, to, action);
  }

  int size() {
    return postings.lists();
  }

  private int find(byte[] key, long hash) {
    int mask = slots.length - 1;
    for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
      int id = slots[slot];
      if (id == EMPTY) {
        return ABSENT;
      }
      if (hashes[slot] == hash && keyEquals(id, key)) {
        return id;
      }
    }
  }

  private void insert(long hash, int id) {
    int mask = slots.length - 1;
    int slot = (int) hash & mask;
    while (slots[slot] != EMPTY) {
      slot = (slot + 1) & mask;
    }
    hashes[slot] = hash;
    slots[slot] = id;
  }

  private void rehash(int capacity) {
    long[] oldHashes = hashes;
    int[] oldSlots = slots;
    hashes = new long[capacity];
    slots = filledEmpty(capacity);
    for (int slot = 0; slot < oldSlots.length; slot++) {
      if (oldSlots[slot] != EMPTY) {
        insert(oldHashes[slot], oldSlots[slot]);
      }
    }
  }

  private boolean keyEquals(int id, byte[] key) {
    long position = positions[id];
    byte[] chunk = chunks[(int) (position >>> 32)];
    int offset = (int) position;
    int length = readVarint(chunk, offset);
    if (length != key.length) {
      return false;
    }
    offset += varintBytes(length);
    return Arrays.equals(chunk, offset, offset + length, key, 0, length);
  }

  private long append(byte[] key) {
    int bytes = varintBytes(key.length) + key.length;
    if (bytes > CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "A value of " + key.length + " bytes exceeds a chunk of " + CHUNK_BYTES + " bytes");
    }
    if (chunkFill + bytes > CHUNK_BYTES) {
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      chunks[chunkCount++] = new byte[CHUNK_BYTES];
      chunkFill = 0;
    }
    byte[] chunk = chunks[chunkCount - 1];
    long position = ((long) (chunkCount - 1) << 32) | chunkFill;
    int offset = writeVarint(chunk, chunkFill, key.length);
    System.arraycopy(key, 0, chunk, offset, key.length);
    chunkFill = offset + key.length;
    return position;
  }

  private static int[] filledEmpty(int capacity) {
    int[] array = new int[capacity];
    Arrays.fill(array, EMPTY);
    return array;
  }

  private static int varintBytes(int value) {
    int bytes = 1;
    while ((value >>>= 7) != 0) {
      bytes++;
    }
    return bytes;
  }

  private static int writeVarint(byte[] into, int offset, int value) {
    while ((value & ~0x7f) != 0) {
      into[offset++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    into[offset++] = (byte) value;
    return offset;
  }

  private static int readVarint(byte[] from, int offset) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = from[offset++];
      value |= (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }
}
