package io.insightmesh.decisions.search;

import java.util.Arrays;

/** A growable list of ints: postings and per-claim columns without boxing. Not thread-safe. */
final class IntList {
  private int[] values;
  private int size;

  IntList() {
    this(2);
  }

  IntList(int capacity) {
    values = new int[Math.max(1, capacity)];
  }

  void add(int value) {
    if (size == values.length) {
      // 1.5x growth keeps the slack of millions of small postings lists low.
      values = Arrays.copyOf(values, size + Math.max(1, size >> 1));
    }
    values[size++] = value;
  }

  int get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return values[index];
  }

  int size() {
    return size;
  }
}
