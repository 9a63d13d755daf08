package io.insightmesh.catalog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.Test;

/** The service's own bean over its real metadata store: what a resend under a key runs. */
@QuarkusTest
class IdempotencyTest {
  private static final Idempotency.Answer CREATED = new Idempotency.Answer(200, "{\"ok\":true}");

  @Inject Idempotency idempotency;
  @Inject io.insightmesh.catalog.store.CatalogStore store;

  private final String key = "k-" + UUID.randomUUID();
  private final AtomicInteger runs = new AtomicInteger();

  private Idempotency.Answer send(
      String body, java.util.function.Supplier<Idempotency.Answer> action) {
    return idempotency.execute(
        "claims-team",
        key,
        "POST",
        "namespaces/claims/tables",
        body,
        () -> {
          runs.incrementAndGet();
          return action.get();
        });
  }

  @Test
  void aResendReplaysTheFirstAnswerWithoutRunningAgain() {
    assertThat(send("{}", () -> CREATED)).isEqualTo(CREATED);
    assertThat(send("{}", () -> CREATED)).isEqualTo(CREATED);
    assertThat(runs).hasValue(1);
    assertThatThrownBy(() -> send("{\"other\":1}", () -> CREATED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was already used for a different request");
  }

  @Test
  void aResendWhileTheFirstStillRunsDoesNotRunIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<Idempotency.Answer> first =
        CompletableFuture.supplyAsync(
            () ->
                send(
                    "{}",
                    () -> {
                      running.countDown();
                      awaitReleased(finish);
                      return CREATED;
                    }));
    try {
      assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

      // Before, both ran: two commits of one change.
      assertThatThrownBy(() -> send("{}", () -> CREATED))
          .isInstanceOf(Idempotency.OutcomeUnknownException.class)
          .hasMessageContaining("has no answer yet");
      assertThat(ErrorCode.of(new Idempotency.OutcomeUnknownException("x")).status())
          .isEqualTo(503);
    } finally {
      finish.countDown();
    }
    assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(CREATED);
    assertThat(send("{}", () -> CREATED)).isEqualTo(CREATED);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aResendAfterAnUnknownOutcomeIsToldSoAndNotRunAgain() {
    assertThatThrownBy(
            () ->
                send(
                    "{}",
                    () -> {
                      throw new CommitStateUnknownException(new RuntimeException("lost"));
                    }))
        .isInstanceOf(CommitStateUnknownException.class);

    // Run again, the commit might apply a second time.
    assertThatThrownBy(() -> send("{}", () -> CREATED))
        .isInstanceOf(Idempotency.OutcomeUnknownException.class);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aRequestRefusedWithNothingChangedMayBeSentAgainUnderItsKey() {
    assertThatThrownBy(
            () ->
                send(
                    "{}",
                    () -> {
                      throw new CommitFailedException(
                          "Requirement failed: branch main has changed");
                    }))
        .isInstanceOf(CommitFailedException.class);

    assertThat(send("{}", () -> CREATED)).isEqualTo(CREATED);
    assertThat(runs).hasValue(2);
  }

  @Test
  void anExpiredKeyNotYetSweptIsFreeAgain() throws Exception {
    // A row past the retention that the periodic sweep has not deleted yet: the key is free, and
    // the request runs (it looped on the taken key until the sweep).
    try (java.sql.Connection connection = store.dataSource().getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO idempotency_keys (principal, idempotency_key, request_fingerprint,"
                    + " status, body, created_at) VALUES ('claims-team', ?, 'old', 200, NULL, ?)")) {
      insert.setString(1, key);
      insert.setObject(2, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(30));
      insert.executeUpdate();
    }

    assertThat(
            CompletableFuture.supplyAsync(() -> send("{}", () -> CREATED))
                .get(60, TimeUnit.SECONDS))
        .isEqualTo(CREATED);
    assertThat(runs).hasValue(1);
  }

  // Held until the test releases it, however long a loaded machine takes to get there: one that
  // finished on its own meanwhile would answer the resend, and the test would fail for no fault.
  private static void awaitReleased(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.MINUTES)).as("released by the test").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted before the test released it", e);
    }
  }
}
