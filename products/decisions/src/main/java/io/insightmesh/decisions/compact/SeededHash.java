package io.insightmesh.decisions.compact;

/**
 * The 64-bit hash the engine's primitive tables key by: FNV-1a over the key from a per-instance
 * random seed (nobody outside can craft keys that collide), then MurmurHash3's finaliser, which
 * spreads the state over all 64 bits, so the low bits can pick a slot.
 */
public final class SeededHash {
  private static final long FNV_PRIME = 0x100000001B3L;

  private SeededHash() {}

  /** The hash of {@code key}'s bytes. */
  public static long of(long seed, byte[] key) {
    long h = seed;
    for (byte b : key) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return finish(h);
  }

  /** The hash of {@code key}'s UTF-16 characters. */
  public static long of(long seed, CharSequence key) {
    long h = seed;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * FNV_PRIME;
    }
    return finish(h);
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
