package io.insightmesh.decisions.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTableTest {
  private static final int HORIZON = 60;
  private static final int[] WINDOWS = {60};

  @Test
  void aRemovalIsSpreadOverLaterRecordingsAndKeepsEveryOtherKeyCounted() {
    KeyTable table = new KeyTable();
    Map<Long, Integer> minutes = new HashMap<>();
    Random random = new Random(5);
    // 100,000 keys over minutes 0-99: a table of 262,144 slots, far more than one step visits.
    for (int i = 0; i < 100_000; i++) {
      long key = random.nextLong();
      int minute = random.nextInt(100);
      record(table, key, minute);
      minutes.put(key, minute);
    }

    table.startRemoving(50, Integer.MIN_VALUE, 0);

    // The recording thread paid for one step, not for the whole table.
    assertThat(table.removing()).isTrue();
    int recordings = 0;
    while (table.removing()) {
      long key = random.nextLong();
      record(table, key, 100);
      minutes.put(key, 100);
      recordings++;
    }
    assertThat(recordings).isGreaterThan(100);
    // Every key of minute 50 or later is still there with its count; every older one is gone.
    long kept = minutes.values().stream().filter(minute -> minute >= 50).count();
    assertThat(table.size()).isEqualTo((int) kept);
    for (Map.Entry<Long, Integer> entry : minutes.entrySet()) {
      int expected = entry.getValue() >= 50 ? 1 : 0;
      assertThat(count(table, entry.getKey(), 100))
          .as("key %d", entry.getKey())
          .isEqualTo(expected);
    }
    assertThat(table.evicted()).isZero();
  }

  @Test
  void evictsNoMoreThanItsTargetAndCountsThem() {
    KeyTable table = new KeyTable();
    for (long key = 1; key <= 10_000; key++) {
      record(table, key * 0x9E3779B97F4A7C15L, (int) (key % 10));
    }

    // 3,000 keys have minute 0-2; evict up to minute 2, but only 1,000 of them.
    table.startRemoving(Integer.MIN_VALUE, 2, 1_000);
    table.finishRemoving();

    assertThat(table.evicted()).isEqualTo(1_000);
    assertThat(table.size()).isEqualTo(9_000);
    int[] sample = table.sampleLatestMinutes(20_000);
    assertThat(sample).hasSize(9_000);
    // Keys of later minutes were not touched.
    for (long key = 1; key <= 10_000; key++) {
      if (key % 10 > 2) {
        assertThat(count(table, key * 0x9E3779B97F4A7C15L, 9)).isEqualTo(1);
      }
    }
  }

  @Test
  void aTableThatGrowsDuringARemovalFinishesIt() {
    KeyTable table = new KeyTable();
    for (long key = 1; key <= 30_000; key++) {
      record(table, key * 31, 1);
    }
    table.startRemoving(2, Integer.MIN_VALUE, 0);
    // Enough new keys to double the table while the removal is under way.
    for (long key = 1; key <= 100_000; key++) {
      record(table, -key, 5);
    }
    table.finishRemoving();

    assertThat(table.size()).isEqualTo(100_000);
    assertThat(count(table, 31, 5)).isZero();
    assertThat(count(table, -1, 5)).isEqualTo(1);
  }

  @Test
  void samplesSpreadOverTheWholeTable() {
    KeyTable table = new KeyTable();
    for (long key = 1; key <= 50_000; key++) {
      record(table, key * 0x9E3779B97F4A7C15L, (int) (key % 100));
    }
    int[] sample = table.sampleLatestMinutes(1_000);
    assertThat(sample).hasSize(1_000);
    long early = java.util.Arrays.stream(sample).filter(minute -> minute < 50).count();
    // Half the keys are of minutes 0-49: so, within sampling error, is half the sample.
    assertThat(early).isBetween(400L, 600L);
  }

  private static void record(KeyTable table, long key, int minute) {
    table.record(key, minute, HORIZON, WINDOWS, new int[1], 0);
  }

  private static int count(KeyTable table, long key, int minute) {
    int[] out = new int[1];
    table.countInto(key, minute, WINDOWS, out, 0);
    return out[0];
  }
}
