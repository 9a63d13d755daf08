package io.insightmesh.decisions.features;

/**
 * Per-minute claim counts of one key: the distinct minutes it was seen in during the last horizon
 * minutes (up to its latest minute), ascending, with a count each. Most keys are seen once, so the
 * arrays start at one slot and grow to at most the horizon.
 *
 * <p>Callers hold the owning map's lock for the key (or this object's monitor) while mutating it.
 */
final class KeyCounter {
  private int[] minutes = new int[1];
  private int[] counts = new int[1];
  private int size;

  /** Adds one claim at {@code minute}; drops it if it is older than the horizon of what is kept. */
  synchronized void record(int minute, int horizon) {
    int latest = size == 0 ? minute : Math.max(minutes[size - 1], minute);
    int expired = latest - horizon;
    prune(expired);
    if (minute <= expired) {
      // Later than every window that could still read it: counting it would change nothing.
      return;
    }
    int i = size - 1;
    while (i >= 0 && minutes[i] > minute) {
      i--;
    }
    if (i >= 0 && minutes[i] == minute) {
      if (counts[i] < Integer.MAX_VALUE) {
        counts[i]++;
      }
      return;
    }
    if (size == minutes.length) {
      int capacity = Math.min(horizon, minutes.length * 2);
      minutes = java.util.Arrays.copyOf(minutes, capacity);
      counts = java.util.Arrays.copyOf(counts, capacity);
    }
    int at = i + 1;
    System.arraycopy(minutes, at, minutes, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    minutes[at] = minute;
    counts[at] = 1;
    size++;
  }

  /**
   * Adds to {@code out[offset + w]} the claims in minutes {@code (minute - windows[w], minute]}:
   * the minute itself and the {@code windows[w] - 1} minutes before it.
   */
  synchronized void countInto(int minute, int[] windows, int[] out, int offset) {
    for (int j = 0; j < size; j++) {
      long age = (long) minute - minutes[j];
      if (age < 0) {
        break;
      }
      for (int w = 0; w < windows.length; w++) {
        if (age < windows[w]) {
          out[offset + w] = saturatedAdd(out[offset + w], counts[j]);
        }
      }
    }
  }

  /** The latest minute seen, or {@link Integer#MIN_VALUE} when empty. */
  synchronized int latestMinute() {
    return size == 0 ? Integer.MIN_VALUE : minutes[size - 1];
  }

  private void prune(int expired) {
    int drop = 0;
    while (drop < size && minutes[drop] <= expired) {
      drop++;
    }
    if (drop > 0) {
      System.arraycopy(minutes, drop, minutes, 0, size - drop);
      System.arraycopy(counts, drop, counts, 0, size - drop);
      size -= drop;
    }
  }

  private static int saturatedAdd(int a, int b) {
    long sum = (long) a + b;
    return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
  }
}
