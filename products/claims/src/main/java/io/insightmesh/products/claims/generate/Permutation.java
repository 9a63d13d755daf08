package io.insightmesh.products.claims.generate;

/**
 * A bijection on [0, size): {@code x -> (a·x + b) mod size} with {@code a} coprime to size. It
 * turns claimant indexes into identifiers (NINO serials, account numbers, UTRs, company numbers)
 * that look scattered yet never collide, without remembering any that were handed out.
 */
final class Permutation {
  private final long size;
  private final long multiplier;
  private final long offset;

  /**
   * A permutation of [0, size) drawn from a key.
   *
   * @throws IllegalArgumentException if size is not positive or too large for exact arithmetic
   */
  Permutation(long size, long key) {
    if (size <= 0 || size >= 1L << 34) {
      throw new IllegalArgumentException("Permutation size " + size + " must be in [1, 2^34)");
    }
    this.size = size;
    long candidate = 1 + Math.floorMod(Rng.mix(key), Math.min(size, 1L << 28));
    while (size > 1 && gcd(candidate, size) != 1) {
      candidate++;
    }
    this.multiplier = candidate % size == 0 ? 1 : candidate;
    this.offset = Math.floorMod(Rng.mix(key + 1), size);
  }

  /**
   * The image of x.
   *
   * @throws IllegalArgumentException if x is outside [0, size)
   */
  long apply(long x) {
    if (x < 0 || x >= size) {
      throw new IllegalArgumentException("Value " + x + " is outside [0, " + size + ")");
    }
    // multiplier < 2^28 and x < 2^34: the product fits in 63 bits.
    return (multiplier * x + offset) % size;
  }

  long size() {
    return size;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
