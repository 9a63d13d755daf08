package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The bound on how stale a load may be after a commit through another catalog instance, on a clock
 * the test moves: {@code TableAndViewLoadsTest} shows the reread happens against a real store, this
 * shows it happens once a read is {@link RecentPointers#REREAD_AFTER} old and not before.
 */
class RecentPointersTest {
  private static final TableIdentifier CLAIMS = TableIdentifier.of("claims", "claims");

  private final AtomicLong nanos = new AtomicLong();
  private final RecentPointers pointers = new RecentPointers(nanos::get);

  @Test
  void aTableReadIsReusedUntilItIsRereadAfterOldAndThenReadAgain() {
    pointers.readTable(CLAIMS, "s3://warehouse/claims/v1.metadata.json", pointers.generation());

    nanos.addAndGet(RecentPointers.REREAD_AFTER.toNanos() - 1);
    assertThat(pointers.table(CLAIMS)).contains("s3://warehouse/claims/v1.metadata.json");

    nanos.incrementAndGet();
    assertThat(pointers.table(CLAIMS)).isEmpty();
  }

  @Test
  void aViewFoundMissingIsLookedForAgainOnceTheReadIsRereadAfterOld() {
    pointers.readNoView(CLAIMS, pointers.generation());

    nanos.addAndGet(RecentPointers.REREAD_AFTER.toNanos() - 1);
    assertThat(pointers.noView(CLAIMS)).isTrue();

    nanos.incrementAndGet();
    assertThat(pointers.noView(CLAIMS)).isFalse();
  }

  @Test
  void aWriteThroughThisInstanceForgetsEveryReadAtOnce() {
    long before = pointers.generation();
    pointers.readTable(CLAIMS, "s3://warehouse/claims/v1.metadata.json", before);
    pointers.readNoView(CLAIMS, before);

    pointers.changed();

    assertThat(pointers.table(CLAIMS)).isEmpty();
    assertThat(pointers.noView(CLAIMS)).isFalse();
    // A read that began before the write is not remembered as current.
    pointers.readTable(CLAIMS, "s3://warehouse/claims/v1.metadata.json", before);
    assertThat(pointers.table(CLAIMS)).isEmpty();
  }
}
