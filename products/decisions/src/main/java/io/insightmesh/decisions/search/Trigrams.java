package io.insightmesh.decisions.search;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Trigram → ids of the distinct names that have it, ascending, with no object per trigram or per
 * name: a primitive open-addressing table (the packed trigram and its list per slot, linear probing
 * at a load of at most one half) over lists in {@link Postings}.
 *
 * <p>Not thread-safe: callers serialise writes against reads.
 */
final class Trigrams {
  private static final int EMPTY = -1;

  /** Mixed into the slot choice, so nobody can pick names whose trigrams share a probe run. */
  private final long seed = new SecureRandom().nextLong();

  private final Postings names = new Postings();
  private long[] grams = new long[1024];
  private int[] lists = filledEmpty(1024);

  /** Records that name {@code nameId} (larger than any added before) has {@code gram}. */
  void add(long gram, int nameId) {
    int slot = slot(gram);
    if (lists[slot] != EMPTY) {
      names.add(lists[slot], nameId);
      return;
    }
    grams[slot] = gram;
    lists[slot] = names.newList(nameId);
    if (names.lists() * 2 > lists.length) {
      rehash(lists.length * 2);
    }
  }

  /** Passes the ids of the names having {@code gram}, ascending. */
  void forEachName(long gram, IntConsumer action) {
    int list = lists[slot(gram)];
    if (list != EMPTY) {
      names.forEach(list, 0, names.size(list), action);
    }
  }

  /** The slot of {@code gram}, or the empty slot where it would go. */
  private int slot(long gram) {
    int mask = lists.length - 1;
    for (int slot = mix(gram) & mask; ; slot = (slot + 1) & mask) {
      if (lists[slot] == EMPTY || grams[slot] == gram) {
        return slot;
      }
    }
  }

  private int mix(long gram) {
    long h = (gram ^ seed) * 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 33));
  }

  private void rehash(int capacity) {
    long[] oldGrams = grams;
    int[] oldLists = lists;
    grams = new long[capacity];
    lists = filledEmpty(capacity);
    for (int old = 0; old < oldLists.length; old++) {
      if (oldLists[old] != EMPTY) {
        int slot = slot(oldGrams[old]);
        grams[slot] = oldGrams[old];
        lists[slot] = oldLists[old];
      }
    }
  }

  private static int[] filledEmpty(int capacity) {
    int[] array = new int[capacity];
    Arrays.fill(array, EMPTY);
    return array;
  }
}
