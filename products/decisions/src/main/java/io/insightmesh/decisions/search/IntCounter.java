package io.insightmesh.decisions.search;

import java.util.Arrays;

/**
 * Counts per int key in an open-addressing table: the candidate scoring of a name lookup touches
 * every posting of the query's trigrams, so it must not box.
 */
final class IntCounter {
  private static final int EMPTY = -1;
  private int[] keys;
  private int[] counts;
  private int size;

  IntCounter(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new int[capacity];
    counts = new int[capacity];
    Arrays.fill(keys, EMPTY);
  }

  /** Adds one to the count of {@code key} (not negative). */
  void increment(int key) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = mix(key) & mask;
    while (keys[slot] != EMPTY && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] == EMPTY) {
      keys[slot] = key;
      size++;
    }
    counts[slot]++;
  }

  int size() {
    return size;
  }

  /** Calls {@code visitor} with every key and its count, in no particular order. */
  void forEach(Visitor visitor) {
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != EMPTY) {
        visitor.visit(keys[slot], counts[slot]);
      }
    }
  }

  interface Visitor {
    void visit(int key, int count);
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new int[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = mix(oldKeys[i]) & mask;
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
