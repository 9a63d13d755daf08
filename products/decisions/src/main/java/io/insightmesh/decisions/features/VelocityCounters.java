package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.compact.SeededHash;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Live sliding-window claim counts per bank account, device, IP address, postcode and claim id
 * ({@link KeyType}), for the windows of its {@link VelocitySettings}. Thread-safe.
 *
 * <p><b>Time is the claim's {@code submitted_at}</b>, not a wall clock: a replay of the 2020
 * synthetic claims at full speed must see the bursts the claimants made, not the rate the replay
 * runs at, and assessing the same claims in the same order gives the same counts. The watermark
 * (the latest minute seen) drives eviction, so memory is bounded by the keys of the last horizon of
 * <em>submission</em> time however fast claims arrive. {@code submitted_at} is stamped by the
 * intake system, not the claimant; even so, one claim stamped far ahead would move the watermark
 * there and every key would expire, so callers refuse claims ahead of their own clock (the engine's
 * {@code AssessmentService} does) before recording.
 *
 * <p><b>Windows</b> are per-minute buckets: a window of {@code W} minutes at a claim submitted in
 * minute {@code m} (minutes since the epoch, UTC) counts the claims submitted in minutes {@code (m
 * - W, m]}: its own minute and the {@code W - 1} before it, so between {@code W - 1} and {@code W}
 * minutes of history. Claims later than {@code m} (arrived out of order) are not counted. Counts
 * are exact when claims arrive in submission order, and for claims arriving out of order by less
 * than the longest window; a later straggler may miss claims older than the longest window behind
 * the latest claim seen, and is itself not recorded if it is that old.
 *
 * <p><b>Memory.</b> Keys are kept as keyed 64-bit hashes (no PII is held; two keys collide with
 * odds around 2<sup>-64</sup> per pair) with one slot per distinct minute seen within the horizon,
 * in primitive arrays per key type ({@link KeyTable}): no object per key, as there is one key per
 * claim id. A key is evicted once its latest claim is older than the longest window behind the
 * watermark; sweeps start in the recording thread every half horizon of submission time, or from
 * {@link #evictIdle()}, and remove keys a few slots at each later recording ({@link KeyTable}). If
 * a key type holds more than {@link VelocitySettings#maxKeysPerType()} keys, about the least
 * recently seen tenth of the maximum are evicted too (counted by {@link #evictions()}; the minute
 * to evict up to is estimated from a sample of the keys): under a flood of new keys counts can then
 * start again from zero, which undercounts rather than fails.
 */
public final class VelocityCounters {
  private static final int TYPES = KeyType.values().length;

  /** Keys sampled to estimate the minute eviction goes up to: a small fraction of a full table. */
  private static final int EVICTION_SAMPLE = 8_192;

  private final VelocitySettings settings;
  private final int[] windowMinutes;
  private final int horizon;
  private final int sweepEvery;
  private final long hashSeed;
  private final Map<KeyType, KeyTable> counters = new EnumMap<>(KeyType.class);
  private final AtomicLong watermark = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);
  private final ReentrantLock sweeping = new ReentrantLock();

  /** Counters with the given settings, empty. */
  public VelocityCounters(VelocitySettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.windowMinutes = settings.windowMinutes();
    this.horizon = settings.horizonMinutes();
    this.sweepEvery = Math.max(1, horizon / 2);
    // A secret per instance: nobody can craft keys that collide in its maps.
    this.hashSeed = new SecureRandom().nextLong();
    for (KeyType type : KeyType.values()) {
      counters.put(type, new KeyTable());
    }
  }

  /** The settings the counters run with. */
  public VelocitySettings settings() {
    return settings;
  }

  /**
   * Records the claim under each of its keys and returns the counts <em>including</em> it, taken
   * atomically per key with the recording: of two concurrent claims from one device, one sees 1 and
   * the other 2. Recording the same claim twice counts it twice (that is what a {@code claim_id}
   * count above one means), so callers record a claim once, when they assess it.
   *
   * @throws IllegalArgumentException if the claim has no {@code submitted_at}
   */
  public VelocityCounts record(Claim claim) {
    int minute = minuteOf(claim);
    int[] out = new int[TYPES * windowMinutes.length];
    boolean grew = false;
    for (KeyType type : KeyType.values()) {
      String key = type.keyOf(claim);
      if (key == null) {
        continue;
      }
      KeyTable table = counters.get(type);
      table.record(
          hash(key), minute, horizon, windowMinutes, out, type.ordinal() * windowMinutes.length);
      grew |= table.size() > settings.maxKeysPerType();
    }
    long latest = watermark.accumulateAndGet(minute, Math::max);
    boolean due = latest - sweepEvery >= lastSweep.get();
    if (grew || due) {
      maybeSweep(latest, due);
    }
    return new VelocityCounts(settings, out);
  }

  /**
   * Takes back a claim {@link #record} counted whose decision was never made durable (the log
   * refused or failed it): the client retries it, and counted twice it would raise its own bank
   * account's, device's, IP's and postcode's velocity.
   *
   * @throws IllegalArgumentException if the claim has no {@code submitted_at}
   */
  public void unrecord(Claim claim) {
    int minute = minuteOf(claim);
    for (KeyType type : KeyType.values()) {
      String key = type.keyOf(claim);
      if (key != null) {
        counters.get(type).remove(hash(key), minute);
      }
    }
  }

  /**
   * The counts of claims already recorded, in the windows ending at this claim's minute. The claim
   * itself is counted only if it was recorded before; nothing changes.
   *
   * @throws IllegalArgumentException if the claim has no {@code submitted_at}
   */
  public VelocityCounts counts(Claim claim) {
    int minute = minuteOf(claim);
    int[] out = new int[TYPES * windowMinutes.length];
    for (KeyType type : KeyType.values()) {
      String key = type.keyOf(claim);
      if (key == null) {
        continue;
      }
      counters
          .get(type)
          .countInto(hash(key), minute, windowMinutes, out, type.ordinal() * windowMinutes.length);
    }
    return new VelocityCounts(settings, out);
  }

  /** The number of keys of a type currently kept. */
  public long size(KeyType type) {
    return counters.get(requireNonNull(type, "type is null")).size();
  }

  /** How many keys were evicted because a key type exceeded its maximum, since creation. */
  public long evictions() {
    long evicted = 0;
    for (KeyTable table : counters.values()) {
      evicted += table.evicted();
    }
    return evicted;
  }

  /**
   * Evicts every key whose latest claim is older than the longest window behind the watermark, and
   * the least recently seen keys of any type over its maximum, now rather than a little at each
   * recording. Waits for a sweep in progress.
   */
  public void evictIdle() {
    long latest = watermark.get();
    if (latest == Long.MIN_VALUE) {
      return;
    }
    sweeping.lock();
    try {
      counters.values().forEach(KeyTable::finishRemoving);
      sweep(latest, true);
      counters.values().forEach(KeyTable::finishRemoving);
    } finally {
      sweeping.unlock();
    }
  }

  private void maybeSweep(long latest, boolean due) {
    // One sweeper at a time; the others carry on counting.
    if (sweeping.tryLock()) {
      try {
        sweep(latest, due);
      } finally {
        sweeping.unlock();
      }
    }
  }

  /**
   * Starts a removal in the tables that have none in progress: in every such table when a sweep is
   * {@code due} by submission time, else in those over the maximum. A table still removing is
   * skipped, its expiry left to the next sweep: it is already shrinking.
   */
  private void sweep(long latest, boolean due) {
    if (due) {
      lastSweep.set(latest);
    }
    // Keys whose latest minute is at or before the expired one: nothing can read them any more.
    int expiredBefore = (int) Math.max(Integer.MIN_VALUE + 1, latest - horizon + 1);
    for (KeyTable table : counters.values()) {
      if (table.removing() || (!due && table.size() <= settings.maxKeysPerType())) {
        continue;
      }
      startRemoving(table, expiredBefore);
    }
  }

  /**
   * Starts removing the table's expired keys and, if more than the maximum would be left, about the
   * least recently seen tenth of the maximum besides, the minute to evict up to estimated from a
   * sample of the keys.
   */
  private void startRemoving(KeyTable table, int expiredBefore) {
    int[] sample = table.sampleLatestMinutes(EVICTION_SAMPLE);
    long size = Math.max(table.size(), sample.length);
    Arrays.sort(sample);
    int expired = lowerBound(sample, expiredBefore);
    long excess =
        sample.length == 0 ? 0 : size - expired * size / sample.length - settings.maxKeysPerType();
    if (excess <= 0) {
      table.startRemoving(expiredBefore, Integer.MIN_VALUE, 0);
      return;
    }
    // Leave a tenth of headroom so that a flood does not make every claim sweep.
    long target = excess + settings.maxKeysPerType() / 10;
    int cutoff = sample[(int) Math.min(sample.length - 1, expired + target * sample.length / size)];
    // Keys seen before the cutoff minute go first; the cutoff minute's own make up the rest.
    long before = (lowerBound(sample, cutoff) - expired) * size / sample.length;
    table.startRemoving(expiredBefore, cutoff, Math.max(0, target - before));
  }

  /** The index of the first element of the sorted array not below {@code value}. */
  private static int lowerBound(int[] sorted, int value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] < value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private long hash(String key) {
    return SeededHash.of(hashSeed, key);
  }

  private static int minuteOf(Claim claim) {
    requireNonNull(claim, "claim is null");
    Instant submittedAt = claim.getSubmittedAt();
    if (submittedAt == null) {
      throw new IllegalArgumentException(
          "Claim " + claim.getClaimId() + ": field submitted_at is required to count velocity");
    }
    return (int) Math.floorDiv(submittedAt.getEpochSecond(), 60L);
  }
}
