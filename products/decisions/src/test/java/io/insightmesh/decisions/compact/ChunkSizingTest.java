package io.insightmesh.decisions.compact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkSizingTest {
  /** The array header of an int[] with compressed class pointers (24 bytes without). */
  private static final int HEADER = 16;

  @Test
  void anIntChunkFillsOneRegionAndAddressesTheSameIntsForEveryG1RegionSize() {
    for (long region = 1 << 20; region <= 512L << 20; region <<= 1) {
      int shift = ChunkSizing.intChunkShift(region);
      long array = (long) ChunkSizing.intChunkInts(shift) * Integer.BYTES + HEADER;
      assertThat(array).as("region %d", region).isGreaterThanOrEqualTo(region / 2);
      assertThat(array + 8).as("region %d", region).isLessThanOrEqualTo(region);
      // An address is the chunk's index above the shift and the offset below, so the postings
      // can address 2^31 ints (8 GiB) with any region size.
      assertThat((1L << shift) * Integer.BYTES).isEqualTo(region);
    }
    assertThat(ChunkSizing.intChunkShift(2 << 20)).isEqualTo(19);
  }

  @Test
  void withoutG1ChunksKeepTheSizeOfTheSmallestRegion() {
    // 0 is what the JVM reports when G1 is not the collector; the others are no G1 region size.
    for (long region : new long[] {0, 1 << 19, 3 << 20, 1L << 30}) {
      assertThat(ChunkSizing.intChunkShift(region)).isEqualTo(18);
    }
  }
}
