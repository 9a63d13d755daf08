package io.insightmesh.decisions.features;

import static io.insightmesh.decisions.features.KeyType.BANK_ACCOUNT;
import static io.insightmesh.decisions.features.KeyType.CLAIM_ID;
import static io.insightmesh.decisions.features.KeyType.DEVICE;
import static io.insightmesh.decisions.features.KeyType.IP;
import static io.insightmesh.decisions.features.KeyType.POSTCODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VelocityCountersTest {
  private static final Duration TEN = Duration.ofMinutes(10);
  private static final Duration SIXTY = Duration.ofMinutes(60);
  private static final Instant T0 = Instant.parse("2020-05-14T09:00:00Z");

  private final VelocityCounters counters = new VelocityCounters(VelocitySettings.standard());

  @Test
  void countsIncludeTheRecordedClaimAndOnlyTheWindowsItFallsIn() {
    // Claims from one device at minutes 0, 5, 9, 10 and 59, each a different claimant.
    for (int minute : new int[] {0, 5, 9, 10}) {
      counters.record(fromDevice("dev-1", T0.plusSeconds(minute * 60L)));
    }
    VelocityCounts at59 = counters.record(fromDevice("dev-1", T0.plusSeconds(59 * 60L + 59)));

    // Ten minutes at minute 59 are minutes 50..59: only the claim itself.
    assertThat(at59.count(DEVICE, TEN)).isEqualTo(1);
    // Sixty minutes are minutes 0..59: all five.
    assertThat(at59.count(DEVICE, SIXTY)).isEqualTo(5);

    VelocityCounts at60 = counters.counts(fromDevice("dev-1", T0.plusSeconds(60 * 60L)));
    // Not recorded, so not counted itself; minute 0 has left the hour.
    assertThat(at60.count(DEVICE, SIXTY)).isEqualTo(4);
    assertThat(at60.count(DEVICE, TEN)).isEqualTo(1);
  }

  @Test
  void aClaimTakenBackNoLongerCounts() {
    Claim first = fromDevice("dev-1", T0);
    Claim refused = fromDevice("dev-1", T0.plusSeconds(5 * 60));
    counters.record(first);
    counters.record(refused);

    counters.unrecord(refused);

    assertThat(counters.counts(fromDevice("dev-1", T0.plusSeconds(6 * 60))).count(DEVICE, SIXTY))
        .isEqualTo(1);
    // Recorded again (the client's retry), it counts once.
    assertThat(counters.record(refused).count(DEVICE, SIXTY)).isEqualTo(2);
    // A key with a single minute.
    Claim alone = fromDevice("dev-2", T0);
    counters.record(alone);
    counters.unrecord(alone);
    assertThat(counters.counts(alone).count(DEVICE, TEN)).isZero();
  }

  @Test
  void tenMinuteWindowCoversTheMinuteAndTheNineBefore() {
    counters.record(fromDevice("dev-1", T0));
    assertThat(counters.counts(fromDevice("dev-1", T0.plusSeconds(9 * 60 + 59))).count(DEVICE, TEN))
        .isEqualTo(1);
    assertThat(counters.counts(fromDevice("dev-1", T0.plusSeconds(10 * 60))).count(DEVICE, TEN))
        .isZero();
  }

  @Test
  void countsEveryKeyTypeAndNothingForAbsentKeys() {
    Claim first = TestClaims.seiss().setSubmittedAt(T0).build();
    Claim resubmitted =
        TestClaims.seiss()
            .setSubmittedAt(T0.plusSeconds(300))
            .setDeviceId(null)
            .setIpAddress(null)
            .setPostcode("sw1a1aa")
            .build();
    counters.record(first);
    VelocityCounts counts = counters.record(resubmitted);

    assertThat(counts.count(BANK_ACCOUNT, SIXTY)).isEqualTo(2);
    assertThat(counts.count(CLAIM_ID, SIXTY)).isEqualTo(2);
    // Postcodes are compared upper case without spaces.
    assertThat(counts.count(POSTCODE, TEN)).isEqualTo(2);
    assertThat(counts.count(DEVICE, SIXTY)).isZero();
    assertThat(counts.count(IP, SIXTY)).isZero();
  }

  @Test
  void lateClaimCountsOnlyWhatCameBeforeIt() {
    counters.record(fromDevice("dev-1", T0.plusSeconds(30 * 60)));
    VelocityCounts late = counters.record(fromDevice("dev-1", T0.plusSeconds(20 * 60)));
    assertThat(late.count(DEVICE, SIXTY)).isEqualTo(1);
    assertThat(counters.counts(fromDevice("dev-1", T0.plusSeconds(30 * 60))).count(DEVICE, SIXTY))
        .isEqualTo(2);
  }

  @Test
  void evictsKeysIdleForLongerThanTheLongestWindow() {
    counters.record(fromDevice("dev-old", T0));
    counters.record(fromDevice("dev-new", T0.plusSeconds(59 * 60)));
    counters.evictIdle();
    assertThat(counters.size(DEVICE)).isEqualTo(2);

    // An hour after dev-old's only claim, nothing can read it any more.
    counters.record(fromDevice("dev-new", T0.plusSeconds(60 * 60)));
    counters.evictIdle();
    assertThat(counters.size(DEVICE)).isEqualTo(1);
    assertThat(counters.counts(fromDevice("dev-old", T0)).count(DEVICE, SIXTY)).isZero();
    assertThat(counters.evictions()).isZero();
  }

  @Test
  void sweepsAsSubmissionTimeMovesOnWithoutBeingAsked() {
    for (int i = 0; i < 100; i++) {
      counters.record(fromDevice("dev-" + i, T0));
    }
    // Three hours later the recording thread's own sweep has dropped every idle device.
    counters.record(fromDevice("dev-late", T0.plusSeconds(3 * 3600)));
    assertThat(counters.size(DEVICE)).isEqualTo(1);
  }

  @Test
  void keepsAtMostTheConfiguredKeysEvictingTheLeastRecent() {
    VelocityCounters small = new VelocityCounters(new VelocitySettings(List.of(SIXTY), 100));
    for (int i = 0; i < 300; i++) {
      small.record(fromDevice("dev-" + i, T0.plusSeconds(i / 10 * 60L)));
    }
    assertThat(small.size(DEVICE)).isLessThanOrEqualTo(100);
    assertThat(small.evictions()).isGreaterThanOrEqualTo(200);
    // The most recent device is still counted.
    assertThat(small.counts(fromDevice("dev-299", T0.plusSeconds(29 * 60))).count(DEVICE, SIXTY))
        .isEqualTo(1);
  }

  @Test
  void concurrentClaimsFromOneDeviceEachSeeADistinctCount() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    Instant at = T0.plusSeconds(30 * 60);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    seen.add(counters.record(fromDevice("shared-device", at)).count(DEVICE, SIXTY));
                  }
                  return null;
                }));
      }
      // A sweeper racing the recorders must not lose a count.
      Future<?> sweeper =
          pool.submit(
              () -> {
                start.await();
                while (!done.get()) {
                  counters.evictIdle();
                }
                return null;
              });
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      sweeper.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    int total = threads * perThread;
    // Each claim saw the claims recorded before it plus itself: every count from 1 to total once.
    assertThat(seen).hasSize(total).allMatch(count -> count >= 1 && count <= total);
    assertThat(counters.counts(fromDevice("shared-device", at)).count(DEVICE, SIXTY))
        .isEqualTo(total);
    assertThat(counters.size(CLAIM_ID)).isEqualTo(total);
  }

  @Test
  void countsEveryClaimInItsWindowsOverHoursOfBurstsAndQuietSpells() {
    // Five devices, claims in order over three hours with bursts, gaps longer than the horizon
    // and several claims a minute: what each claim sees is what a list of every claim would say.
    java.util.Random random = new java.util.Random(42);
    List<String> devices = new ArrayList<>();
    List<Integer> minutes = new ArrayList<>();
    int minute = 0;
    for (int i = 0; i < 2_000; i++) {
      int step = random.nextInt(100);
      minute += step < 60 ? 0 : step < 95 ? 1 : 70;
      String device = "dev-" + random.nextInt(5);
      VelocityCounts seen = counters.record(fromDevice(device, T0.plusSeconds(minute * 60L)));
      devices.add(device);
      minutes.add(minute);
      for (Duration window : List.of(TEN, SIXTY)) {
        int expected = 0;
        for (int j = 0; j <= i; j++) {
          if (devices.get(j).equals(device) && minute - minutes.get(j) < window.toMinutes()) {
            expected++;
          }
        }
        assertThat(seen.count(DEVICE, window))
            .as("claim %d, window %s", i, window)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void refusesAClaimWithoutSubmissionTime() {
    Claim claim = TestClaims.seiss().build();
    // The builder refuses a null; a record read from a lenient source may still hold one.
    claim.put("submitted_at", null);
    assertThatThrownBy(() -> counters.record(claim))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field submitted_at is required");
  }

  @Test
  void settingsRefuseWindowsThatAreNotWholeMinutes() {
    assertThatThrownBy(() -> new VelocitySettings(List.of(Duration.ofSeconds(90)), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Velocity window PT1M30S is not a whole number of minutes between 1 minute and PT24H");
    assertThatThrownBy(() -> new VelocitySettings(List.of(TEN, TEN), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is configured twice");
    assertThatThrownBy(() -> new VelocitySettings(List.of(TEN), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Velocity maxKeysPerType 0 must be at least 1");
  }

  private static Claim fromDevice(String device, Instant at) {
    return TestClaims.seiss()
        .setClaimId(UUID.randomUUID().toString())
        .setBankAccountNumber(String.format("%08d", Math.floorMod(device.hashCode(), 100_000_000)))
        .setDeviceId(device)
        .setSubmittedAt(at)
        .build();
  }
}
