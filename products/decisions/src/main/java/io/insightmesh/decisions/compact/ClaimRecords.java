package io.insightmesh.decisions.compact;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Bytes per claim id, for every claim the engine has decided, in a few large arrays instead of
 * objects per claim: each claim gets a dense int id in the order added, its claim id and payload
 * are appended to byte chunks, and a primitive open-addressing table maps the claim id to its id.
 *
 * <p><b>Why.</b> The engine keeps every decided claim for as long as it runs, so whatever it keeps
 * per claim survives every young collection: as a {@code HashMap} entry, a {@code String} key, its
 * bytes and a {@code byte[]} payload, that was four to six objects a claim that G1 copied from eden
 * to the survivor spaces and into the old generation, and then scanned for pointers into new
 * regions. Here a claim costs no object at all: the chunks and tables are a few hundred large
 * arrays whatever the number of claims, and the chunks are off the heap (see {@link #CHUNK_BYTES}).
 *
 * <p><b>Layout.</b> A record is the claim id's UTF-8 bytes and the payload, each after its length
 * as a varint, never split across chunks. The table keeps per slot one {@code long}: the low 32
 * bits of the claim id's hash (seeded per instance, so nobody can craft colliding claim ids) above
 * the claim's id plus one (zero is an empty slot). A lookup compares the stored claim id only when
 * those hash bits are equal, and a probe touches one array, not a hash array and an id array: every
 * claim probes the table several times at random places (its own id, the search index's
 * dictionaries), and two arrays meant two cache misses a probe. The stored bits also give an
 * entry's slot when the table grows, without hashing its claim id again on the request's thread.
 * Linear probing at a load of at most one half; entries are never removed, as decisions never
 * change.
 *
 * <p><b>Growing a little at a time.</b> When the table doubles, its entries move to the new one
 * {@link #DRAIN_STEP} slots at each later add, and lookups try both tables meanwhile. Moved all at
 * once, millions of entries re-inserted at random places held the adding thread (the engine's event
 * loop) for a stretch every claim arriving meanwhile waited out, a longer one each time the table
 * doubled. The new table is allocated at once: zeroing it is a small part of that.
 *
 * <p>The search index's dictionaries keep their distinct values here too, as keys with an empty
 * payload: the same reasons, the same layout; so does a release audit, the claim ids it has seen,
 * which gives its chunks back when done ({@link #close()}).
 *
 * <p><b>Off the heap.</b> The engine keeps its stores for as long as it runs and they only grow, so
 * with their bytes on the heap the kept claims filled it: once they held 80 % of it G1 started a
 * marking cycle at every new chunk (every 1.5 s at 6,300 claims/s), each with a remark pause of
 * 23-46 ms, and none freed anything (ADR 0027). The chunks are direct buffers instead, outside the
 * heap, counted against {@code -XX:MaxDirectMemorySize}; on the heap stay only the table and the
 * positions, about a fifth of the bytes. Every store's chunks are direct, the short-lived audit's
 * too, so that the code reading them only ever meets one kind of buffer: a first attempt kept the
 * audit's on the heap, and the engine's first saturated rounds were slower (ADR 0027).
 *
 * <p>Not thread-safe: callers serialise writes against reads.
 */
public final class ClaimRecords implements AutoCloseable {
  /**
   * 1 MiB. Fresh native memory is faulted in 4 KB pages as {@link ByteBuffer#allocateDirect} zeroes
   * it (the JVM's transparent huge pages are the heap's only), about 3 µs a page on the benchmark's
   * virtual machine, all on the adding thread: a 4 MB chunk held the engine's event loop for about
   * 3 ms, a 1 MiB one holds it for under one. Every chunk is a mapping of its own, so the 10 GB of
   * claims of a long benchmark run are about 10,000, within the kernel's 65,530 a process.
   */
  static final int CHUNK_BYTES = 1 << 20;

  /**
   * Chunks given back by closed stores, for the next store that needs one: a release audit fills
   * about four every 20-30 s and is done with them. Without reuse each would stay allocated until a
   * collection found its buffer object dead, which for one tenured in an old generation that no
   * longer fills may be never. Guarded by itself.
   */
  private static final ArrayDeque<ByteBuffer> FREE_CHUNKS = new ArrayDeque<>();

  /** Chunks kept for reuse at most (64 MiB); more are left to the collector. */
  static final int FREE_CHUNKS_KEPT = 64;

  /** A byte array read eight bytes at a time, in the chunks' (big-endian) order. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final long EMPTY = 0;
  private static final byte[] NO_PAYLOAD = new byte[0];

  private final long seed = new java.security.SecureRandom().nextLong();
  private ByteBuffer[] chunks = new ByteBuffer[8];
  private int chunkCount;
  private int chunkFill = CHUNK_BYTES;

  /** Per id, where its record starts: chunk index × 2^32 + offset. */
  private long[] positions = new long[1024];

  private int size;

  /**
   * Slots of the old table visited at each add while it drains: all of its slots must be visited
   * before the new table fills to its own limit, {@code length / 2} adds later, so 2 or more would
   * do; 32 keeps the two-table lookups short-lived.
   */
  static final int DRAIN_STEP = 32;

  /** Per slot, {@link #EMPTY} or the claim id's hash's low 32 bits above its id plus one. */
  private long[] slots = new long[2048];

  /** The table before the last doubling while its entries move to {@link #slots}, else null. */
  private long[] draining;

  /** The next slot of {@link #draining} to move. */
  private int drainCursor;

  /** The bytes of the chunks this store holds off the heap, filled or not. */
  public long allocatedBytes() {
    return (long) chunkCount * CHUNK_BYTES;
  }

  /**
   * Gives the chunks back for other stores to reuse: for a store that is dropped once used (a
   * release audit's), never for one the engine keeps. The store is empty afterwards.
   */
  @Override
  public void close() {
    synchronized (FREE_CHUNKS) {
      for (int i = 0; i < chunkCount && FREE_CHUNKS.size() < FREE_CHUNKS_KEPT; i++) {
        FREE_CHUNKS.push(chunks[i]);
      }
    }
    chunks = new ByteBuffer[8];
    chunkCount = 0;
    chunkFill = CHUNK_BYTES;
    positions = new long[1024];
    slots = new long[2048];
    draining = null;
    size = 0;
  }

  /** The chunks waiting for reuse; for tests. */
  static int freeChunks() {
    synchronized (FREE_CHUNKS) {
      return FREE_CHUNKS.size();
    }
  }

  /** The id of {@code claimId}, or -1 if it was never added. */
  public int id(String claimId) {
    byte[] key = claimId.getBytes(StandardCharsets.UTF_8);
    return find(key, hash(key));
  }

  /** Whether {@code claimId} was added. */
  public boolean contains(String claimId) {
    return id(claimId) >= 0;
  }

  /**
   * Adds a claim id with its payload (copied), unless it is there already.
   *
   * @return the new id, or {@code -1 - id} of the claim id added before (the payload is ignored)
   * @throws IllegalArgumentException if the claim id and payload together exceed a chunk
   */
  public int add(String claimId, byte[] payload) {
    requireNonNull(claimId, "claimId is null");
    requireNonNull(payload, "payload is null");
    byte[] key = claimId.getBytes(StandardCharsets.UTF_8);
    long hash = hash(key);
    int known = find(key, hash);
    if (known >= 0) {
      return -1 - known;
    }
    if (draining != null) {
      drain(DRAIN_STEP);
    }
    int id = size;
    if (id == positions.length) {
      positions = Arrays.copyOf(positions, id * 2);
    }
    positions[id] = append(key, payload);
    size++;
    if (size * 2 > slots.length) {
      grow();
    }
    insert(entry((int) hash, id));
    return id;
  }

  /**
   * Adds {@code key} with an empty payload, unless it is there already: the records as a set of
   * strings.
   *
   * @return as {@link #add(String, byte[])}
   */
  public int addKey(String key) {
    return add(key, NO_PAYLOAD);
  }

  /** The payload of an id (a copy). */
  public byte[] payload(int id) {
    long position = position(id);
    ByteBuffer chunk = chunkAt(position);
    int offset = (int) position;
    int keyLength = readVarint(chunk, offset);
    offset += varintBytes(keyLength) + keyLength;
    int length = readVarint(chunk, offset);
    offset += varintBytes(length);
    byte[] payload = new byte[length];
    chunk.get(offset, payload, 0, length);
    return payload;
  }

  /** The key (claim id) of an id. */
  public String key(int id) {
    long position = position(id);
    ByteBuffer chunk = chunkAt(position);
    int offset = (int) position;
    int length = readVarint(chunk, offset);
    byte[] key = new byte[length];
    chunk.get(offset + varintBytes(length), key, 0, length);
    return new String(key, StandardCharsets.UTF_8);
  }

  /** The payload of {@code claimId}, or null if it was never added. */
  public byte[] payload(String claimId) {
    int id = id(claimId);
    return id < 0 ? null : payload(id);
  }

  /** Claim ids added. */
  public int size() {
    return size;
  }

  /** Whether the entries of the table before the last doubling are still moving; for tests. */
  boolean growing() {
    return draining != null;
  }

  private int find(byte[] key, long hash) {
    int id = find(slots, key, hash);
    // An entry not yet moved out of the draining table is still found there.
    return id >= 0 || draining == null ? id : find(draining, key, hash);
  }

  private int find(long[] table, byte[] key, long hash) {
    int bits = (int) hash;
    int mask = table.length - 1;
    for (int slot = bits & mask; ; slot = (slot + 1) & mask) {
      long entry = table[slot];
      if (entry == EMPTY) {
        return -1;
      }
      if ((int) (entry >>> 32) == bits) {
        int id = (int) entry - 1;
        if (keyEquals(id, key)) {
          return id;
        }
      }
    }
  }

  private static long entry(int hashBits, int id) {
    return ((long) hashBits << 32) | (id + 1L);
  }

  private void insert(long entry) {
    int mask = slots.length - 1;
    int slot = (int) (entry >>> 32) & mask;
    while (slots[slot] != EMPTY) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = entry;
  }

  /** Doubles the table; its entries move a few at each later add ({@link #drain}). */
  private void grow() {
    if (draining != null) {
      drain(Integer.MAX_VALUE);
    }
    draining = slots;
    drainCursor = 0;
    slots = new long[draining.length * 2];
  }

  /**
   * Moves the entries of up to {@code visits} slots of the draining table into the new one. They
   * stay in the old table too (lookups find them in the new one first): emptying their slots would
   * break the probe sequences of the entries not yet moved.
   */
  private void drain(int visits) {
    long[] old = draining;
    int cursor = drainCursor;
    for (; visits > 0 && cursor < old.length; visits--, cursor++) {
      if (old[cursor] != EMPTY) {
        insert(old[cursor]);
      }
    }
    drainCursor = cursor;
    if (cursor == old.length) {
      draining = null;
    }
  }

  /** Where the record of {@code id} starts: see {@link #positions}. */
  private long position(int id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException("No claim record " + id + " of " + size);
    }
    return positions[id];
  }

  private ByteBuffer chunkAt(long position) {
    return chunks[(int) (position >>> 32)];
  }

  private boolean keyEquals(int id, byte[] key) {
    long position = positions[id];
    ByteBuffer chunk = chunkAt(position);
    int offset = (int) position;
    int length = readVarint(chunk, offset);
    if (length != key.length) {
      return false;
    }
    offset += varintBytes(length);
    // Eight bytes a read: a claim id is 36, and a byte at a time was a bounds check each.
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      if (chunk.getLong(offset + i) != (long) LONGS.get(key, i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (chunk.get(offset + i) != key[i]) {
        return false;
      }
    }
    return true;
  }

  private long append(byte[] key, byte[] payload) {
    int bytes = varintBytes(key.length) + key.length + varintBytes(payload.length) + payload.length;
    if (bytes > CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "A claim record of "
              + bytes
              + " bytes does not fit in a chunk of "
              + CHUNK_BYTES
              + " bytes");
    }
    if (chunkFill + bytes > CHUNK_BYTES) {
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      chunks[chunkCount++] = newChunk();
      chunkFill = 0;
    }
    ByteBuffer chunk = chunks[chunkCount - 1];
    long position = ((long) (chunkCount - 1) << 32) | chunkFill;
    int offset = writeVarint(chunk, chunkFill, key.length);
    chunk.put(offset, key, 0, key.length);
    offset = writeVarint(chunk, offset + key.length, payload.length);
    chunk.put(offset, payload, 0, payload.length);
    chunkFill = offset + payload.length;
    return position;
  }

  /**
   * A chunk a closed store gave back, else a new one; a reused chunk's old bytes are never read.
   */
  private static ByteBuffer newChunk() {
    synchronized (FREE_CHUNKS) {
      ByteBuffer reused = FREE_CHUNKS.poll();
      if (reused != null) {
        return reused;
      }
    }
    return ByteBuffer.allocateDirect(CHUNK_BYTES);
  }

  private long hash(byte[] key) {
    return SeededHash.of(seed, key);
  }

  private static int varintBytes(int value) {
    int bytes = 1;
    while ((value >>>= 7) != 0) {
      bytes++;
    }
    return bytes;
  }

  private static int writeVarint(ByteBuffer into, int offset, int value) {
    while ((value & ~0x7f) != 0) {
      into.put(offset++, (byte) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    into.put(offset++, (byte) value);
    return offset;
  }

  private static int readVarint(ByteBuffer from, int offset) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = from.get(offset++);
      value |= (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }
}
