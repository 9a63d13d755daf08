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
 * <p>Guarded by its own monitor.
 */
final class KeyTable {
  private static final int EMPTY = Integer.MIN_VALUE;

  /**
   * The slots a removal in progress visits per call: microseconds of the caller's time, a deletion
   * also moving the rest of its cluster (a few slots at the table's load).
   */
  static final int REMOVAL_STEP = 1_024;

  private long[] keys;

  /** Per slot: the key's latest minute, or {@link #EMPTY} for a free slot. */
  private int[] latest;

  /** Per slot: the count of its latest minute, when {@code more} is null. */
  private int[] latestCount;

  /** Per slot: null, or the key's minutes and counts as {@code [n, m1, c1, ..., mn, cn]}. */
  private int[][] more;

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

  KeyTable() {
    allocate(64);
  }

  /**
   * Adds one claim of {@code key} at {@code minute} (dropped if older than the horizon behind the
   * key's latest minute) and adds its counts, the claim included, into {@code out}; atomically.
   */
  synchronized void record(
      long key, int minute, int horizon, int[] windows, int[] out, int offset) {
    if (removalCursor >= 0) {
      continueRemoving(REMOVAL_STEP);
    }
    int slot = find(key);
    if (slot < 0) {
      if ((size + 1) * 3 > keys.length * 2) {
        rehash(keys.length * 2);
      }
      slot = insert(key, minute, 1, null);
      size++;
    } else {
      add(slot, minute, horizon);
    }
    countInto(slot, minute, windows, out, offset);
  }

  /**
   * Takes back one claim of {@code key} at {@code minute} that {@link #record} counted; nothing if
   * that minute is no longer kept (too old for any window, so it counts nowhere). A minute left at
   * zero adds nothing to any window and goes as minutes expire.
   */
  synchronized void remove(long key, int minute) {
    int slot = find(key);
    if (slot < 0) {
      return;
    }
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

  /** Adds the counts of {@code key} at {@code minute} into {@code out}, if it is kept. */
  synchronized void countInto(long key, int minute, int[] windows, int[] out, int offset) {
    int slot = find(key);
    if (slot >= 0) {
      countInto(slot, minute, windows, out, offset);
    }
  }

  synchronized int size() {
    return size;
  }

  /**
   * The latest minutes of about {@code max} keys (at most that many), in no order; every key's when
   * there are no more than {@code max}. A systematic sample of slots, keeping the occupied ones:
   * every key is as likely to be in it as any other (the first key of a cluster no likelier), and,
   * the keys being hashed, the sample is a fair one of the keys.
   */
  synchronized int[] sampleLatestMinutes(int max) {
    int[] sample = new int[Math.min(max, size)];
    int n = 0;
    int stride = size <= max ? 1 : size / max;
    for (int slot = 0; slot < latest.length && n < sample.length; slot += stride) {
      if (latest[slot] != EMPTY) {
        sample[n++] = latest[slot];
      }
    }
    return n == sample.length ? sample : Arrays.copyOf(sample, n);
  }

  /**
   * Starts removing, a few slots at each later {@link #record}, every key whose latest minute is
   * before {@code expiredBefore} (expired), then every other key whose latest minute is before
   * {@code cutoff} and up to {@code atCutoff} keys of that minute (evicted, counted by {@link
   * #evicted}): the least recently seen first, as far as minutes tell. Replaces any removal in
   * progress.
   */
  synchronized void startRemoving(int expiredBefore, int cutoff, long atCutoff) {
    this.expiredBefore = expiredBefore;
    this.cutoff = cutoff;
    this.atCutoff = atCutoff;
    removalCursor = 0;
    continueRemoving(REMOVAL_STEP);
  }

  /** Whether a removal is in progress. */
  synchronized boolean removing() {
    return removalCursor >= 0;
  }

  /** Completes the removal in progress, if any, now. */
  synchronized void finishRemoving() {
    continueRemoving(Integer.MAX_VALUE);
  }

  /** Keys evicted (not expired) since creation. */
  synchronized long evicted() {
    return evicted;
  }

  /** Visits up to {@code visits} slots of the removal in progress. */
  private void continueRemoving(int visits) {
    int cursor = removalCursor;
    if (cursor < 0) {
      return;
    }
    int end = latest.length;
    for (; visits > 0 && cursor < end; visits--) {
      int minute = latest[cursor];
      if (minute == EMPTY) {
        cursor++;
      } else if (minute < expiredBefore) {
        // The deletion may move a later key of the cluster here: visit this slot again.
        delete(cursor);
      } else if (minute < cutoff || (minute == cutoff && atCutoff > 0)) {
        if (minute == cutoff) {
          atCutoff--;
        }
        delete(cursor);
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
    if (latest.length > 64 && size * 8 < latest.length) {
      int capacity = 64;
      while (size * 3 > capacity) {
        capacity *= 2;
      }
      rehash(capacity);
    }
  }

  /**
   * Empties a slot and moves later keys of its cluster back into the hole where their probe
   * sequence allows (Knuth's algorithm R for linear probing), so lookups stay correct without
   * tombstones. A key only moves back within its cluster, and the first hole is the slot a removal
   * is at: a key the removal has not reached can move into that slot, which it visits again, but
   * never behind it.
   */
  private void delete(int hole) {
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
    size--;
  }

  private void add(int slot, int minute, int horizon) {
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
  private void countInto(int slot, int minute, int[] windows, int[] out, int offset) {
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

  private int find(long key) {
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

  private int insert(long key, int minute, int count, int[] buckets) {
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

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    int[] oldLatest = latest;
    int[] oldCounts = latestCount;
    int[][] oldMore = more;
    allocate(capacity);
    for (int slot = 0; slot < oldLatest.length; slot++) {
      if (oldLatest[slot] != EMPTY) {
        insert(oldKeys[slot], oldLatest[slot], oldCounts[slot], oldMore[slot]);
      }
    }
    if (removalCursor >= 0) {
      // The keys have new slots: the removal in progress starts its pass again.
      removalCursor = 0;
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    latest = new int[capacity];
    Arrays.fill(latest, EMPTY);
    latestCount = new int[capacity];
    more = new int[capacity][];
  }

  /** The keys are already keyed hashes; the high bits are folded in for small tables. */
  private static int spread(long key) {
    return (int) (key ^ (key >>> 32));
  }

  private static int saturatedAdd(int a, int b) {
    long sum = (long) a + b;
    return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
  }
}
