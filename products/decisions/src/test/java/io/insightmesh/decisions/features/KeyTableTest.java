package io.insightmesh.decisions.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
  void evictsTheLeastRecentFirstThenUpToItsTargetOfTheCutoffMinute() {
    KeyTable table = new KeyTable();
    for (long key = 1; key <= 10_000; key++) {
      record(table, key * 0x9E3779B97F4A7C15L, (int) (key % 10));
    }

    // 1,000 keys a minute, minutes 0-9: evict all before minute 2, and 500 of minute 2.
    table.startRemoving(Integer.MIN_VALUE, 2, 500);
    table.finishRemoving();

    assertThat(table.evicted()).isEqualTo(2_500);
    assertThat(table.size()).isEqualTo(7_500);
    int[] minuteTwoLeft = {0};
    for (long key = 1; key <= 10_000; key++) {
      int count = count(table, key * 0x9E3779B97F4A7C15L, 9);
      long minute = key % 10;
      if (minute < 2) {
        assertThat(count).isZero();
      } else if (minute > 2) {
        assertThat(count).isEqualTo(1);
      } else {
        minuteTwoLeft[0] += count;
      }
    }
    assertThat(minuteTwoLeft[0]).isEqualTo(500);
  }

  @Test
  void aDeletionAtTheTablesEndMovesTheClusterThatWrapsAround() {
    // A new table has 64 slots and small keys hash to themselves: 63, 127 and 191 all belong in
    // slot 63, so 127 and 191 wrap to slots 0 and 1, and 0 (belonging in slot 0) goes to slot 2.
    KeyTable table = new KeyTable();
    record(table, 62, 5);
    record(table, 63, 1);
    record(table, 127, 5);
    record(table, 191, 5);
    record(table, 0, 5);

    table.startRemoving(2, Integer.MIN_VALUE, 0);

    assertThat(table.removing()).isFalse();
    assertThat(table.size()).isEqualTo(4);
    assertThat(count(table, 63, 5)).isZero();
    for (long key : new long[] {62, 127, 191, 0}) {
      assertThat(count(table, key, 5)).as("key %d", key).isEqualTo(1);
    }
  }

  @Test
  void aTableLeftNearlyEmptyKeepsItsKeysWhenRebuiltSmaller() {
    KeyTable table = new KeyTable();
    for (long key = 1; key <= 20_000; key++) {
      record(table, key * 0x9E3779B97F4A7C15L, 1);
    }
    for (long key = 1; key <= 100; key++) {
      record(table, -key, 5);
    }

    table.startRemoving(2, Integer.MIN_VALUE, 0);
    table.finishRemoving();

    assertThat(table.size()).isEqualTo(100);
    for (long key = 1; key <= 100; key++) {
      assertThat(count(table, -key, 5)).isEqualTo(1);
    }
    record(table, -101, 5);
    assertThat(count(table, -101, 5)).isEqualTo(1);
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
  void aDoubledTableMovesItsKeysOverLaterRecordingsAndKeepsCountingThem() {
    KeyTable table = new KeyTable();
    List<Long> keys = new ArrayList<>();
    Random random = new Random(7);
    // Keys until a doubling leaves tens of thousands of slots to move.
    while (!(table.growing() && table.size() > 40_000)) {
      long key = random.nextLong();
      record(table, key, 1);
      keys.add(key);
    }
    int before = keys.size();

    // While the keys move, each recording counts an earlier key again, and one claim of another
    // earlier key is taken back: wherever those keys are, moved or not.
    Map<Long, Integer> expected = new HashMap<>();
    keys.forEach(key -> expected.put(key, 1));
    int recordings = 0;
    while (table.growing()) {
      long again = keys.get(2 * recordings);
      record(table, again, 2);
      expected.put(again, 2);
      long takenBack = keys.get(2 * recordings + 1);
      table.remove(takenBack, 1);
      expected.put(takenBack, 0);
      recordings++;
      if (recordings == 100) {
        // Every key once in a full sample, whichever arrays it is in.
        int[] sample = table.sampleLatestMinutes(Integer.MAX_VALUE);
        assertThat(sample).hasSize(before);
        assertThat(Arrays.stream(sample).filter(minute -> minute == 2).count()).isEqualTo(100);
      }
    }

    // The recording thread paid a step at a time, not the whole table at once.
    assertThat(recordings).isGreaterThan(100);
    assertThat(table.size()).isEqualTo(before);
    for (long key : keys) {
      assertThat(count(table, key, 2)).as("key %d", key).isEqualTo(expected.get(key));
    }
    long fresh = random.nextLong();
    record(table, fresh, 2);
    assertThat(count(table, fresh, 2)).isEqualTo(1);
    assertThat(table.size()).isEqualTo(before + 1);
  }

  @Test
  void aRemovalStartedWhileTheTableDrainsWaitsForTheDrain() {
    KeyTable table = new KeyTable();
    Random random = new Random(11);
    List<Long> keys = new ArrayList<>();
    while (!(table.growing() && table.size() > 40_000)) {
      long key = random.nextLong();
      record(table, key, keys.size() % 2 == 0 ? 1 : 5);
      keys.add(key);
    }

    table.startRemoving(2, Integer.MIN_VALUE, 0);

    assertThat(table.removing()).isTrue();
    assertThat(table.size()).isEqualTo(keys.size());
    while (table.removing()) {
      record(table, random.nextLong(), 5);
    }
    assertThat(table.growing()).isFalse();
    for (int i = 0; i < keys.size(); i++) {
      assertThat(count(table, keys.get(i), 5)).as("key %d", i).isEqualTo(i % 2 == 0 ? 0 : 1);
    }
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
