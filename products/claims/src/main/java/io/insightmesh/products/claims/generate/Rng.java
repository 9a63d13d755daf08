package io.insightmesh.products.claims.generate;

/**
 * A SplitMix64 stream. Every random value the generator draws comes from a stream keyed by (seed,
 * purpose, index), so any claimant or claim can be recomputed anywhere without generating the ones
 * before it — which is what makes chunks independent and the output identical whatever the thread
 * count.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;

  private Rng(long state) {
    this.state = state;
  }

  /** A stream for one purpose and index under a seed. */
  static Rng of(long seed, long purpose, long index) {
    return new Rng(key(seed, purpose, index));
  }

  /** Restarts this stream as {@link #of} would create it, without allocating. */
  Rng reset(long seed, long purpose, long index) {
    state = key(seed, purpose, index);
    return this;
  }

  /** A well-mixed 64-bit key for (seed, purpose, index); distinct indexes give distinct keys. */
  static long key(long seed, long purpose, long index) {
    return mix(mix(seed ^ (purpose * GOLDEN)) + index * GOLDEN);
  }

  /**
   * Stafford's variant 13 of the MurmurHash3 finaliser: a bijection on 64-bit values, so distinct
   * inputs always give distinct outputs (claimant ids, device ids and claim ids rely on it).
   */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, bound); Lemire's multiply-high, whose bias is far below anything observable. */
  int nextInt(int bound) {
    return (int) Math.multiplyHigh(nextLong() >>> 1, (long) bound << 1);
  }

  /** Uniform in [from, to], both inclusive. */
  int between(int from, int to) {
    return from + nextInt(to - from + 1);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  /** Log-normally distributed around {@code median} with shape {@code sigma}. */
  double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * gaussian());
  }

  /** Standard normal (Box–Muller, one value per call: simplicity over the spare draw). */
  double gaussian() {
    double u = 1.0 - nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** An index into cumulative weights (ascending, last = total), by binary search. */
  int pick(double[] cumulative) {
    double target = nextDouble() * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] > target) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** Cumulative sums of weights, for {@link #pick}. */
  static double[] cumulative(double... weights) {
    double[] sums = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      sums[i] = total;
    }
    return sums;
  }
}
