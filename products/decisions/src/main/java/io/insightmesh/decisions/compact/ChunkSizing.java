package io.insightmesh.decisions.compact;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How large to make the chunks of the engine's append-only stores on the heap (the search index's
 * postings): one G1 heap region each, less room for the array header. The claims' own bytes are off
 * the heap ({@link ClaimRecords}).
 *
 * <p><b>Why.</b> The chunks live as long as the engine, so G1 would copy each one from eden to the
 * survivor spaces at every young pause until it is old enough to be tenured (up to 15 times); with
 * claims coming in, the chunk being filled and its recent predecessors are always among the
 * survivors. An array of at least half a region is humongous instead: G1 allocates it in regions of
 * its own in the old generation and never copies it. A chunk that fills its region exactly is
 * humongous whatever the region size (1 MiB with small heaps, 2 MiB at the benchmark's 3 GB, up to
 * 32 MiB) and wastes no tail of a second region. The region size comes from the running JVM, as G1
 * chooses it from the heap size; on other collectors (or JVMs without HotSpot's diagnostic bean)
 * chunks keep the 1 MiB-region size, which only costs copying, never correctness.
 *
 * <p>The price: every store holds at least one chunk from its first entry, about 1/2048 of the heap
 * (G1 aims at 2048 regions): under 1% of the heap for the engine's stores on it.
 */
public final class ChunkSizing {
  /** The region size assumed when the JVM does not say (G1's smallest). */
  static final long FALLBACK_REGION_BYTES = 1 << 20;

  /**
   * Room left for the array's header (16 bytes with compressed class pointers, 24 without): a chunk
   * one byte over its region would take two, the second one almost empty.
   */
  static final int HEADER_ALLOWANCE = 64;

  private static final long REGION_BYTES = regionBytesOfThisJvm();

  private ChunkSizing() {}

  /**
   * The bit shift of an int chunk's address space in this JVM: see {@link #intChunkShift(long)}.
   */
  public static int intChunkShift() {
    return intChunkShift(REGION_BYTES);
  }

  /**
   * The address shift of int chunks filling one region of {@code regionBytes}: a chunk holds {@code
   * (1 << shift) - HEADER_ALLOWANCE / 4} ints, and an int address is the chunk's index shifted left
   * by it plus the offset, so the addressable ints (2^31) stay the same whatever the region size. A
   * region size that G1 would not use (0 when it is not the collector) stands for the smallest.
   */
  static int intChunkShift(long regionBytes) {
    return Long.numberOfTrailingZeros(usable(regionBytes) / Integer.BYTES);
  }

  /** The ints of an int chunk for a shift of {@link #intChunkShift(long)}. */
  public static int intChunkInts(int shift) {
    return (1 << shift) - HEADER_ALLOWANCE / Integer.BYTES;
  }

  /** G1's region sizes are powers of two from 1 MiB to 512 MiB; anything else is not G1's. */
  private static long usable(long regionBytes) {
    boolean g1 =
        regionBytes >= FALLBACK_REGION_BYTES
            && regionBytes <= 512L << 20
            && Long.bitCount(regionBytes) == 1;
    return g1 ? regionBytes : FALLBACK_REGION_BYTES;
  }

  private static long regionBytesOfThisJvm() {
    try {
      HotSpotDiagnosticMXBean hotSpot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hotSpot == null || !Boolean.parseBoolean(hotSpot.getVMOption("UseG1GC").getValue())) {
        return 0;
      }
      return Long.parseLong(hotSpot.getVMOption("G1HeapRegionSize").getValue());
    } catch (RuntimeException | LinkageError notHotSpot) {
      return 0;
    }
  }
}
