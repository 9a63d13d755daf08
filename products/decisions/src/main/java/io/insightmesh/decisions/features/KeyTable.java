package io.insightmesh.decisions.features;

import java.util.Arrays;

/**
 * One key type's per-minute claim counts: for each key (a keyed 64-bit hash) the distinct minutes
 * it was seen in during the last horizon minutes up to its latest minute, with a count each.
 *
 * <p><b>Why primitive arrays.</b> There is a key per claim id, so the table holds about as many
 * keys as the engine decided claims in the last horizon, and whatever it keeps per key survives
 * young collections: as a map entry, a boxed key and a counter with two arrays, that was five
 * objects a key for G1 to copy and scan. Here a key is a slot in a few parallel arrays (linear
 * probing, at most two thirds full): its hash, its latest minute and that minute's count inline,
 * since most keys are seen in one minute only; a key seen in several minutes gets one {@code int[]}
 * of (minute, count) pairs, ascending, after its length.
 *
 * <p><b>Removal a little at a time.</b> A sweep (every half horizon of submission time, or when the
 * type holds too many keys) visits every slot, and the table of claim ids holds a key per claim: at
 * the default maximum of a million keys, removing the least recent tenth in one go (sorting every
 * key's minute, then rebuilding the arrays) held the recording thread, the engine's event loop, for
 * a stretch that every claim arriving meanwhile waited out. So {@link #startRemoving} only sets
 * what to remove, and each later {@link #record} visits a few slots of it ({@link #REMOVAL_STEP}),
 * deleting in place (backward-shift deletion, which linear probing allows without tombstones): the
 * work is spread over the next thousands of claims, and a small table is swept within the call that
 * starts it. A table the removal left less than an eighth full is then rebuilt smaller, at once:
 * that happens only after a flood of keys has gone.
 *
 * <p><b>Growth a little at a time, too.</b> A table that fills past two thirds doubles. Moving
 * every key into the doubled arrays at once held the recording thread for 20-47 ms at the sizes a
 * table of claim ids reaches; so the keys move {@link #DRAIN_STEP} slots of the old arrays at each
 * later {@link #record}, lookups trying the new arrays first and the old ones after. A key not yet
 * moved is counted where it is; new keys go into the new arrays. No key leaves the old arrays while
 * they drain (a deletion there would shift the clusters the drain has still to visit), so a removal
 * waits for the drain, and starts its pass over the new arrays once it is done.
 *
 * <p>Guarded by its own monitor.
 */
final class KeyTable {
  private static final int EMPTY = Integer.MIN_VALUE;

  /**
   * The slots a removal in progress visits per call: microseconds of the caller's time, a deletion
   * also moving the rest of its cluster (a few slots at the table's load).
   */
  static final int REMOVAL_STEP = 1_024;

  /**
   * The slots of the arrays before a doubling that move at each later {@link #record}. All of them
   * must be visited before the new arrays fill to their own two thirds, a third of their slots of
   * new keys later, so 2 or more would do; a few microseconds of the caller's time.
   */
  static final int DRAIN_STEP = 64;

  /** Where keys are found first, and where new keys go. */
  private Slots table = new Slots(64);

  /** The arrays before the last doubling while their keys move to {@link #table}, else null. */
  private Slots draining;

  /** The next slot of {@link #draining} to move; its slots below are in {@link #table}. */
  private int drainCursor;

  /** Keys in the table, each counted once however far its move is. */
  private int size;

  /** The next slot the removal in progress visits, or -1 when none is in progress. */
  private int removalCursor = -1;

  /** Keys whose latest minute is before this one are removed (expired). */
  private int expiredBefore;

  /** Keys whose latest minute is before this one are evicted; of this minute, {@link #atCutoff}. */
  private int cutoff;

  private long atCutoff;

  /** Keys evicted since creation (not counting expired ones). */
  private long evicted;

  /**
   * Adds one claim of {@code key} at {@code minute} (dropped if older than the horizon behind the
   * key's latest minute) and adds its counts, the claim included, into {@code out}; atomically.
   */
  synchronized void record(
      long key, int minute, int horizon, int[] windows, int[] out, int offset) {
    if (draining != null) {
      drain(DRAIN_STEP);
    } else if (removalCursor >= 0) {
      continueRemoving(REMOVAL_STEP);
    }
    Slots slots = table;
    int slot = table.find(key);
    if (slot < 0 && draining != null) {
      slots = draining;
      slot = draining.find(key);
    }
    if (slot < 0) {
      if ((size + 1) * 3 > table.capacity() * 2) {
        grow();
      }
      slots = table;
      slot = table.insert(key, minute, 1, null);
      size++;
    } else {
      slots.add(slot, minute, horizon);
    }
    slots.countInto(slot, minute, windows, out, offset);
  }

  /**
   * Takes back one claim of {@code key} at {@code minute} that {@link #record} counted; nothing if
   * that minute is no longer kept (too old for any window, so it counts nowhere). A minute left at
   * zero adds nothing to any window and goes as minutes expire.
   */
  synchronized void remove(long key, int minute) {
    int slot = table.find(key);
    if (slot >= 0) {
      table.takeBack(slot, minute);
    } else if (draining != null && (slot = draining.find(key)) >= 0) {
      draining.takeBack(slot, minute);
    }
  }

  /** Adds the counts of {@code key} at {@code minute} into {@code out}, if it is kept. */
  synchronized void countInto(long key, int minute, int[] windows, int[] out, int offset) {
    int slot = table.find(key);
    if (slot >= 0) {
      table.countInto(slot, minute, windows, out, offset);
    } else if (draining != null && (slot = draining.find(key)) >= 0) {
      draining.countInto(slot, minute, windows, out, offset);
    }
  }

  synchronized int size() {
    return size;
  }

  /**
   * The latest minutes of about {@code max} keys (at most that many), in no order; every key's when
   * there are no more than {@code max}. A systematic sample of slots, keeping the occupied ones:
   * every key is as likely to be in it as any other (the first key of a cluster no likelier), and,
   * the keys being hashed, the sample is a fair one of the keys. While the table drains, its slots
   * are the new arrays' followed by the old arrays' not yet moved.
   */
  synchronized int[] sampleLatestMinutes(int max) {
    int[] sample = new int[Math.min(max, size)];
    int n = 0;
    int stride = size <= max ? 1 : size / max;
    int inTable = table.capacity();
    int slots = inTable + (draining == null ? 0 : draining.capacity() - drainCursor);
    for (int index = 0; index < slots && n < sample.length; index += stride) {
      int minute =
          index < inTable ? table.latest[index] : draining.latest[drainCursor + index - inTable];
      if (minute != EMPTY) {
        sample[n++] = minute;
      }
    }
    return n == sample.length ? sample : Arrays.copyOf(sample, n);
  }

  /**
   * Starts removing, a few slots at each later {@link #record}, every key whose latest minute is
   * before {@code expiredBefore} (expired), then every other key whose latest minute is before
   * {@code cutoff} and up to {@code atCutoff} keys of that minute (evicted, counted by {@link
   * #evicted}): the least recently seen first, as far as minutes tell. Replaces any removal in
   * progress. While the table drains after a doubling, the removal waits for the drain.
   */
  synchronized void startRemoving(int expiredBefore, int cutoff, long atCutoff) {
    this.expiredBefore = expiredBefore;
    this.cutoff = cutoff;
    this.atCutoff = atCutoff;
    removalCursor = 0;
    continueRemoving(REMOVAL_STEP);
  }

  /** Whether a removal is in progress (or waiting for a drain). */
  synchronized boolean removing() {
    return removalCursor >= 0;
  }

  /** Whether the keys of the arrays before the last doubling are still moving; for tests. */
  synchronized boolean growing() {
    return draining != null;
  }

  /** Completes the drain and the removal in progress, if any, now. */
  synchronized void finishRemoving() {
    if (draining != null) {
      drain(Integer.MAX_VALUE);
    }
    continueRemoving(Integer.MAX_VALUE);
  }

  /** Keys evicted (not expired) since creation. */
  synchronized long evicted() {
    return evicted;
  }

  /** Visits up to {@code visits} slots of the removal in progress, unless the table drains. */
  private void continueRemoving(int visits) {
    int cursor = removalCursor;
    if (cursor < 0 || draining != null) {
      return;
    }
    int end = table.capacity();
    for (; visits > 0 && cursor < end; visits--) {
      int minute = table.latest[cursor];
      if (minute == EMPTY) {
        cursor++;
      } else if (minute < expiredBefore) {
        // The deletion may move a later key of the cluster here: visit this slot again.
        table.delete(cursor);
        size--;
      } else if (minute < cutoff || (minute == cutoff && atCutoff > 0)) {
        if (minute == cutoff) {
          atCutoff--;
        }
        table.delete(cursor);
        size--;
        evicted++;
      } else {
        cursor++;
      }
    }
    if (cursor < end) {
      removalCursor = cursor;
      return;
    }
    removalCursor = -1;
    if (end > 64 && size * 8 < end) {
      // Rare (after a flood), and the table is nearly empty: rebuilt at once.
      int capacity = 64;
      while (size * 3 > capacity) {
        capacity *= 2;
      }
      Slots smaller = new Slots(capacity);
      table.moveInto(smaller, 0, end);
      table = smaller;
    }
  }

  /** Doubles the table; its keys move a few at each later {@link #record} ({@link #drain}). */
  private void grow() {
    if (draining != null) {
      drain(Integer.MAX_VALUE);
    }
    draining = table;
    drainCursor = 0;
    table = new Slots(draining.capacity() * 2);
    if (removalCursor >= 0) {
      // The keys get new slots: the removal waiting for the drain starts its pass again.
      removalCursor = 0;
    }
  }

  /**
   * Moves the keys of up to {@code visits} slots of the draining arrays into the new ones. They
   * stay in the old arrays too (lookups find them in the new ones first): emptying their slots
   * would break the probe sequences of the keys not yet moved.
   */
  private void drain(int visits) {
    int end = (int) Math.min(draining.capacity(), (long) drainCursor + visits);
    draining.moveInto(table, drainCursor, end);
    drainCursor = end;
    if (end == draining.capacity()) {
      draining = null;
    }
  }

  /** The keys are already keyed hashes; the high bits are folded in for small tables. */
  private static int spread(long key) {
    return (int) (key ^ (key >>> 32));
  }

  private static int saturatedAdd(int a, int b) {
    long sum = (long) a + b;
    return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
  }

  /** One open-addressing table of keys (linear probing), as parallel arrays. */
  private static final class Slots {
    private final long[] keys;

    /** Per slot: the key's latest minute, or {@link #EMPTY} for a free slot. */
    private final int[] latest;

    /** Per slot: the count of its latest minute, when {@code more} is null. */
    private final int[] latestCount;

    /** Per slot: null, or the key's minutes and counts as {@code [n, m1, c1, ..., mn, cn]}. */
    private final int[][] more;

    Slots(int capacity) {
      keys = new long[capacity];
      latest = new int[capacity];
      Arrays.fill(latest, EMPTY);
      latestCount = new int[capacity];
      more = new int[capacity][];
    }

    int capacity() {
      return keys.length;
    }

    int find(long key) {
      int mask = keys.length - 1;
      for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
        if (latest[slot] == EMPTY) {
          return -1;
        }
        if (keys[slot] == key) {
          return slot;
        }
      }
    }

    int insert(long key, int minute, int count, int[] buckets) {
      int mask = keys.length - 1;
      int slot = spread(key) & mask;
      while (latest[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      latest[slot] = minute;
      latestCount[slot] = count;
      more[slot] = buckets;
      return slot;
    }

    /** Inserts the keys of slots {@code [from, to)} into {@code target}; they stay here too. */
    void moveInto(Slots target, int from, int to) {
      for (int slot = from; slot < to; slot++) {
        if (latest[slot] != EMPTY) {
          target.insert(keys[slot], latest[slot], latestCount[slot], more[slot]);
        }
      }
    }

    /**
     * Empties a slot and moves later keys of its cluster back into the hole where their probe
     * sequence allows (Knuth's algorithm R for linear probing), so lookups stay correct without
     * tombstones. A key only moves back within its cluster, and the first hole is the slot a
     * removal is at: a key the removal has not reached can move into that slot, which it visits
     * again, but never behind it.
     */
    void delete(int hole) {
      int mask = keys.length - 1;
      for (int slot = (hole + 1) & mask; latest[slot] != EMPTY; slot = (slot + 1) & mask) {
        int home = spread(keys[slot]) & mask;
        // The key stays if its home lies cyclically in (hole, slot]: a lookup would not pass the
        // hole.
        boolean stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
        if (!stays) {
          keys[hole] = keys[slot];
          latest[hole] = latest[slot];
          latestCount[hole] = latestCount[slot];
          more[hole] = more[slot];
          hole = slot;
        }
      }
      keys[hole] = 0;
      latest[hole] = EMPTY;
      latestCount[hole] = 0;
      more[hole] = null;
    }

    /**
     * Takes one claim at {@code minute} back from the key in {@code slot}, if that minute is kept.
     */
    void takeBack(int slot, int minute) {
      int[] buckets = more[slot];
      if (buckets == null) {
        if (latest[slot] == minute && latestCount[slot] > 0) {
          latestCount[slot]--;
        }
        return;
      }
      for (int i = 0; i < buckets[0]; i++) {
        if (buckets[1 + 2 * i] == minute) {
          if (buckets[2 + 2 * i] > 0) {
            buckets[2 + 2 * i]--;
          }
          return;
        }
      }
    }

    void add(int slot, int minute, int horizon) {
      int last = latest[slot];
      int newest = Math.max(last, minute);
      int expired = newest - horizon;
      int[] buckets = more[slot];
      if (buckets == null) {
        if (last <= expired) {
          // Its only minute is too old for any window: the key starts again at this claim.
          latest[slot] = minute;
          latestCount[slot] = 1;
        } else if (minute == last) {
          latestCount[slot] = saturatedAdd(latestCount[slot], 1);
        } else if (minute > expired) {
          more[slot] =
              minute > last
                  ? new int[] {2, last, latestCount[slot], minute, 1}
                  : new int[] {2, minute, 1, last, latestCount[slot]};
          latest[slot] = newest;
        }
        // else: later than every window that could still read it, so counting it changes nothing.
        return;
      }
      buckets = prune(buckets, expired);
      if (minute > expired) {
        buckets = insertMinute(buckets, minute);
      }
      int n = buckets[0];
      if (n == 1) {
        latest[slot] = buckets[1];
        latestCount[slot] = buckets[2];
        more[slot] = null;
      } else {
        latest[slot] = buckets[2 * n - 1];
        more[slot] = buckets;
      }
    }

    /** Drops the minutes at or before {@code expired}; the latest is never among them. */
    private static int[] prune(int[] buckets, int expired) {
      int n = buckets[0];
      int drop = 0;
      while (drop < n && buckets[1 + 2 * drop] <= expired) {
        drop++;
      }
      if (drop > 0) {
        System.arraycopy(buckets, 1 + 2 * drop, buckets, 1, 2 * (n - drop));
        buckets[0] = n - drop;
      }
      return buckets;
    }

    private static int[] insertMinute(int[] buckets, int minute) {
      int n = buckets[0];
      int i = n - 1;
      while (i >= 0 && buckets[1 + 2 * i] > minute) {
        i--;
      }
      if (i >= 0 && buckets[1 + 2 * i] == minute) {
        buckets[2 + 2 * i] = saturatedAdd(buckets[2 + 2 * i], 1);
        return buckets;
      }
      if (1 + 2 * (n + 1) > buckets.length) {
        buckets = Arrays.copyOf(buckets, 1 + 2 * Math.max(n + 1, n * 2));
      }
      int at = i + 1;
      System.arraycopy(buckets, 1 + 2 * at, buckets, 1 + 2 * (at + 1), 2 * (n - at));
      buckets[1 + 2 * at] = minute;
      buckets[2 + 2 * at] = 1;
      buckets[0] = n + 1;
      return buckets;
    }

    /**
     * Adds to {@code out[offset + w]} the claims in minutes {@code (minute - windows[w], minute]}:
     * the minute itself and the {@code windows[w] - 1} minutes before it.
     */
    void countInto(int slot, int minute, int[] windows, int[] out, int offset) {
      int[] buckets = more[slot];
      if (buckets == null) {
        countBucket(latest[slot], latestCount[slot], minute, windows, out, offset);
        return;
      }
      for (int j = 0; j < buckets[0]; j++) {
        if (!countBucket(buckets[1 + 2 * j], buckets[2 + 2 * j], minute, windows, out, offset)) {
          return;
        }
      }
    }

    /** Returns false if the bucket is after {@code minute} (and so are all later ones). */
    private static boolean countBucket(
        int bucketMinute, int count, int minute, int[] windows, int[] out, int offset) {
      long age = (long) minute - bucketMinute;
      if (age < 0) {
        return false;
      }
      for (int w = 0; w < windows.length; w++) {
        if (age < windows[w]) {
          out[offset + w] = saturatedAdd(out[offset + w], count);
        }
      }
      return true;
    }
  }
}
