package io.insightmesh.decisions.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimRecordsTest {
  @Test
  void givesBackEveryPayloadByClaimIdAndByIdAcrossChunksAndRehashes() {
    ClaimRecords records = new ClaimRecords();
    int count = 40_000; // ~12 MB of payloads: a dozen chunks, the table rehashed five times
    String[] claimIds = new String[count];
    for (int i = 0; i < count; i++) {
      claimIds[i] = UUID.randomUUID().toString();
      assertThat(records.add(claimIds[i], payload(i))).isEqualTo(i);
    }
    assertThat(records.size()).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      assertThat(records.id(claimIds[i])).isEqualTo(i);
      assertThat(records.payload(claimIds[i])).isEqualTo(payload(i));
      assertThat(records.payload(i)).isEqualTo(payload(i));
    }
    assertThat(records.contains(UUID.randomUUID().toString())).isFalse();
    assertThat(records.payload(UUID.randomUUID().toString())).isNull();
  }

  @Test
  void findsEveryClaimIdWhileTheTableGrowsAFewEntriesAtATime() {
    ClaimRecords records = new ClaimRecords();
    int count = 100_000;
    String[] claimIds = new String[count];
    java.util.Random random = new java.util.Random(3);
    int addsWhileGrowing = 0;
    for (int i = 0; i < count; i++) {
      claimIds[i] = UUID.randomUUID().toString();
      assertThat(records.add(claimIds[i], payload(i))).isEqualTo(i);
      addsWhileGrowing += records.growing() ? 1 : 0;
      // Whether it sits in the new table or in the one still draining, an earlier id is found.
      int earlier = random.nextInt(i + 1);
      assertThat(records.id(claimIds[earlier])).isEqualTo(earlier);
      assertThat(records.add(claimIds[earlier], payload(7))).isEqualTo(-1 - earlier);
    }
    // Each doubling's moves were spread over many adds, not done inside one.
    assertThat(addsWhileGrowing).isGreaterThan(1_000);
    for (int i = 0; i < count; i++) {
      assertThat(records.payload(claimIds[i])).isEqualTo(payload(i));
    }
    assertThat(records.size()).isEqualTo(count);
  }

  @Test
  void keepsTheFirstPayloadOfAClaimId() {
    ClaimRecords records = new ClaimRecords();
    assertThat(records.add("claim-1", new byte[] {1})).isZero();
    assertThat(records.add("claim-2", new byte[] {2})).isEqualTo(1);

    assertThat(records.add("claim-1", new byte[] {9})).isEqualTo(-1);

    assertThat(records.payload("claim-1")).containsExactly(1);
    assertThat(records.size()).isEqualTo(2);
  }

  @Test
  void tellsApartClaimIdsOfAnyLengthAndEmptyPayloads() {
    ClaimRecords records = new ClaimRecords();
    String longId = "x".repeat(300);
    records.add("", new byte[0]);
    records.add("é", new byte[] {7});
    records.add(longId, longId.getBytes(StandardCharsets.UTF_8));

    assertThat(records.payload("")).isEmpty();
    assertThat(records.payload("é")).containsExactly(7);
    assertThat(records.payload(longId)).isEqualTo(longId.getBytes(StandardCharsets.UTF_8));
    assertThat(records.contains("e")).isFalse();
  }

  @Test
  void keepsKeysWithoutPayloadsAsASet() {
    ClaimRecords records = new ClaimRecords();
    assertThat(records.addKey("SW1A 1AA")).isZero();
    assertThat(records.addKey("M1 1AE")).isEqualTo(1);
    assertThat(records.addKey("SW1A 1AA")).isEqualTo(-1);
    assertThat(records.size()).isEqualTo(2);
    assertThat(records.key(1)).isEqualTo("M1 1AE");
    assertThat(records.payload("SW1A 1AA")).isEmpty();
  }

  @Test
  void refusesARecordLargerThanAChunk() {
    ClaimRecords records = new ClaimRecords();
    assertThatThrownBy(() -> records.add("claim-1", new byte[ClaimRecords.CHUNK_BYTES]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit in a chunk of " + ClaimRecords.CHUNK_BYTES + " bytes");
    assertThat(records.size()).isZero();
  }

  @Test
  void keepsTheClaimsBytesOffTheHeap() {
    ClaimRecords kept = new ClaimRecords();
    long heapBefore = usedHeap();
    // 50,000 records of 600 bytes: 30 MB of chunks; on the heap, the table's longs alone.
    for (int i = 0; i < 50_000; i++) {
      kept.add("claim-" + i, payload(16));
    }
    long heapGrowth = usedHeap() - heapBefore;

    assertThat(kept.allocatedBytes()).isGreaterThanOrEqualTo(50_000L * 600);
    // The table's slots and positions are about 1.6 MB.
    assertThat(heapGrowth).isLessThan(kept.allocatedBytes() / 4);
    assertThat(kept.payload("claim-49999")).isEqualTo(payload(16));
  }

  @Test
  void aClosedStoreGivesItsChunksToTheNextAndKeepsNoneOfItsClaims() {
    ClaimRecords audit = new ClaimRecords();
    // Three chunks' worth of claim ids, as an audit of a busy release holds.
    int count = 3 * ClaimRecords.CHUNK_BYTES / 40;
    for (int i = 0; i < count; i++) {
      audit.addKey(String.format("claim-%034d", i));
    }
    int chunks = (int) (audit.allocatedBytes() / ClaimRecords.CHUNK_BYTES);
    int freeBefore = ClaimRecords.freeChunks();

    audit.close();

    assertThat(ClaimRecords.freeChunks()).isEqualTo(freeBefore + chunks);
    assertThat(audit.size()).isZero();
    assertThat(audit.contains(String.format("claim-%034d", 0))).isFalse();
    assertThat(audit.allocatedBytes()).isZero();

    // The next store writes over the reused chunks' old bytes and reads back only its own.
    ClaimRecords next = new ClaimRecords();
    for (int i = 0; i < count; i++) {
      assertThat(next.add(String.format("other-%034d", i), payload(i))).isEqualTo(i);
    }
    assertThat(ClaimRecords.freeChunks()).isLessThan(freeBefore + chunks);
    assertThat(next.contains(String.format("claim-%034d", 5))).isFalse();
    for (int i = 0; i < count; i += 997) {
      assertThat(next.payload(String.format("other-%034d", i))).isEqualTo(payload(i));
    }
  }

  private static long usedHeap() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static byte[] payload(int i) {
    // Sizes from 0 to 599 bytes: decisions and claims are a few hundred.
    byte[] payload = new byte[(i * 37) % 600];
    for (int b = 0; b < payload.length; b++) {
      payload[b] = (byte) (i + b);
    }
    return payload;
  }
}
