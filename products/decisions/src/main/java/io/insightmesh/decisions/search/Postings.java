package io.insightmesh.decisions.search;

import io.insightmesh.decisions.compact.ChunkSizing;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Many append-only lists of ints (postings: claim ids of a value, name ids of a trigram) with no
 * object per list, so the index adds nothing per value for young collections to copy.
 *
 * <p><b>Layout.</b> Per list: its size, and its head and tail in primitive columns. A list of one
 * int keeps it inline in the head. Longer lists are chains of blocks in shared int chunks of one G1
 * region each (so G1 allocates them straight into the old generation and young pauses never copy
 * them; see {@code ChunkSizing}): block k holds min(2^(k+1), {@value #MAX_BLOCK}) ints after a link
 * to the next block, so the slack of a list is at most its size (or {@value #MAX_BLOCK}) and
 * reaching position i follows at most 11 + i / {@value #MAX_BLOCK} links. Blocks never move, so
 * appending copies nothing.
 *
 * <p>Not thread-safe: callers serialise writes against reads.
 */
final class Postings {
  /** The largest block, in ints; from block {@value #LAST_GROWING} on, all blocks are this size. */
  static final int MAX_BLOCK = 4096;

  private static final int LAST_GROWING = 11;

  /** Positions before block {@value #LAST_GROWING}: 2 + 4 + ... + 2048. */
  private static final int GROWING_INTS = MAX_BLOCK - 2;

  private static final int CHUNK_SHIFT = ChunkSizing.intChunkShift();

  private static final int CHUNK_INTS = ChunkSizing.intChunkInts(CHUNK_SHIFT);

  private static final int CHUNK_INTS_MASK = (1 << CHUNK_SHIFT) - 1;

  private static final int NO_BLOCK = -1;

  private int[][] chunks = new int[8][];
  private int chunkCount;
  private int chunkFill = CHUNK_INTS;

  private int[] sizes = new int[1024];

  /** Per list: its only int when its size is 1, else the address of its first block. */
  private int[] heads = new int[1024];

  /** Per list of two or more: the address of its last block. */
  private int[] tails = new int[1024];

  private int lists;

  /** Starts a list holding {@code first}; returns its id (dense, from 0). */
  int newList(int first) {
    int list = lists;
    if (list == sizes.length) {
      int capacity = list + (list >> 1);
      sizes = Arrays.copyOf(sizes, capacity);
      heads = Arrays.copyOf(heads, capacity);
      tails = Arrays.copyOf(tails, capacity);
    }
    sizes[list] = 1;
    heads[list] = first;
    lists++;
    return list;
  }

  /** Appends {@code value} to {@code list}. */
  void add(int list, int value) {
    int size = sizes[list];
    if (size == 1) {
      int block = allocate(0);
      int[] chunk = chunks[block >>> CHUNK_SHIFT];
      int at = (block & CHUNK_INTS_MASK) + 1;
      chunk[at] = heads[list];
      chunk[at + 1] = value;
      heads[list] = block;
      tails[list] = block;
    } else {
      int k = blockOf(size);
      int within = size - start(k);
      if (within == 0) {
        int block = allocate(k);
        int tail = tails[list];
        chunks[tail >>> CHUNK_SHIFT][tail & CHUNK_INTS_MASK] = block;
        tails[list] = block;
      }
      int tail = tails[list];
      chunks[tail >>> CHUNK_SHIFT][(tail & CHUNK_INTS_MASK) + 1 + within] = value;
    }
    sizes[list] = size + 1;
  }

  /** The number of ints in {@code list}. */
  int size(int list) {
    return sizes[list];
  }

  /** Lists started. */
  int lists() {
    return lists;
  }

  /**
   * Passes the ints of {@code list} at positions {@code from} (inclusive) to {@code to}, in order.
   */
  void forEach(int list, int from, int to, IntConsumer action) {
    int size = sizes[list];
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException(
          "Positions " + from + " to " + to + " of a list of " + size);
    }
    if (from == to) {
      return;
    }
    if (size == 1) {
      action.accept(heads[list]);
      return;
    }
    int k = blockOf(from);
    int block = heads[list];
    for (int hop = 0; hop < k; hop++) {
      block = chunks[block >>> CHUNK_SHIFT][block & CHUNK_INTS_MASK];
    }
    int position = from;
    int within = from - start(k);
    while (true) {
      int[] chunk = chunks[block >>> CHUNK_SHIFT];
      int base = (block & CHUNK_INTS_MASK) + 1;
      int end = Math.min(capacity(k), within + (to - position));
      for (int i = within; i < end; i++) {
        action.accept(chunk[base + i]);
      }
      position += end - within;
      if (position == to) {
        return;
      }
      block = chunk[base - 1];
      k++;
      within = 0;
    }
  }

  private int allocate(int k) {
    int ints = 1 + capacity(k);
    if (chunkFill + ints > CHUNK_INTS) {
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      if (chunkCount == 1 << (31 - CHUNK_SHIFT)) {
        throw new IllegalStateException(
            "Postings exceed " + chunkCount + " chunks of " + CHUNK_INTS + " ints");
      }
      chunks[chunkCount++] = new int[CHUNK_INTS];
      chunkFill = 0;
    }
    int block = ((chunkCount - 1) << CHUNK_SHIFT) | chunkFill;
    chunks[chunkCount - 1][chunkFill] = NO_BLOCK;
    chunkFill += ints;
    return block;
  }

  private static int capacity(int k) {
    return k < LAST_GROWING ? 2 << k : MAX_BLOCK;
  }

  /** The position of the first int of block {@code k}. */
  private static int start(int k) {
    return k <= LAST_GROWING ? (2 << k) - 2 : GROWING_INTS + (k - LAST_GROWING) * MAX_BLOCK;
  }

  /** The block holding position {@code position} of a list of two or more. */
  private static int blockOf(int position) {
    if (position < GROWING_INTS) {
      return 30 - Integer.numberOfLeadingZeros(position + 2);
    }
    return LAST_GROWING + (position - GROWING_INTS) / MAX_BLOCK;
  }
}
