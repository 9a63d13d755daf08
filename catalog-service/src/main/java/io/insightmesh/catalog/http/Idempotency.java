package io.insightmesh.catalog.http;

import io.insightmesh.catalog.config.CatalogConfig;
import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.SqlStates;
import io.insightmesh.catalog.store.StoreException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Replays the answer of a mutation sent again under the same {@code Idempotency-Key}, so a client
 * that lost a response can retry without applying the change twice. Answers are kept per principal
 * for the configured retention (at least a token's lifetime), in the metadata store, so they
 * survive a restart.
 */
@ApplicationScoped
public class Idempotency {
  private static final Logger LOG = Logger.getLogger(Idempotency.class);
  public static final String HEADER = "Idempotency-Key";
  private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z0-9._:\\-]{1,255}");

  /** A stored or fresh answer: HTTP status and JSON body (null for no content). */
  public record Answer(int status, String body) {}

  private final DataSource dataSource;
  private final Duration retention;

  public Idempotency(CatalogStore store, CatalogConfig config) {
    this.dataSource = store.dataSource();
    this.retention =
        config.idempotencyRetention().compareTo(config.tokens().lifetime()) >= 0
            ? config.idempotencyRetention()
            : config.tokens().lifetime();
  }

  /**
   * Runs {@code action} once per key: a repeated key with the same request replays the first
   * answer; a repeated key with a different request is refused.
   *
   * @throws IllegalArgumentException if the key is malformed or reused for a different request
   */
  public Answer execute(
      String principal,
      String key,
      String method,
      String path,
      String body,
      Supplier<Answer> action) {
    if (key == null) {
      return action.get();
    }
    if (!VALID_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "Invalid header Idempotency-Key: 1 to 255 letters, digits, '.', '_', ':' or '-'");
    }
    String fingerprint = fingerprint(method, path, body);
    // The key is reserved before the action runs, in the store (so on every instance): a resend
    // while the first is still running, or after it ended without an answer, must not run it a
    // second time; before, both ran, and a commit whose outcome was unknown ran again.
    while (!reserve(principal, key, fingerprint)) {
      Optional<Stored> stored = find(principal, key);
      if (stored.isEmpty()) {
        // Released meanwhile, or expired and not yet swept by expire(): an expired key is free.
        deleteExpired(principal, key);
        continue;
      }
      if (!stored.get().fingerprint().equals(fingerprint)) {
        throw new IllegalArgumentException(
            "Invalid header Idempotency-Key: key "
                + key
                + " was already used for a different request");
      }
      if (stored.get().answer().status() == PENDING) {
        throw new OutcomeUnknownException(
            "The request first sent with Idempotency-Key "
                + key
                + " has no answer yet: it is still running, or it ended without one and may or may"
                + " not have applied. Read the resource to see whether it did, and send any new"
                + " attempt under a new key");
      }
      return stored.get().answer();
    }
    Answer answer;
    try {
      answer = action.get();
    } catch (RuntimeException | Error failure) {
      // Refused with nothing changed (4xx): the client may correct it and resend under the key.
      // Otherwise the outcome is unknown, and the reservation stays to say so.
      if (ErrorCode.of(failure).status() < 500) {
        release(principal, key);
      }
      throw failure;
    }
    try {
      save(principal, key, answer);
    } catch (StoreException e) {
      // The change is made: a 503 now would say it may not be. A resend finds the reservation
      // and is told the outcome is unknown, instead of applying it again.
      LOG.warnf(e, "Idempotency key %s of %s: answer not stored", key, principal);
    }
    return answer;
  }

  /** A reservation's status until the action's answer replaces it. */
  private static final int PENDING = 0;

  /** A request under a key whose first request has no answer: it must not run again. */
  public static final class OutcomeUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutcomeUnknownException(String message) {
      super(message);
    }
  }

  @Scheduled(every = "10m", delayed = "1m")
  void expire() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
      delete.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("Cannot expire idempotency keys", e);
    }
  }

  private record Stored(String fingerprint, Answer answer) {}

  private Optional<Stored> find(String principal, String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT request_fingerprint, status, body FROM idempotency_keys "
                    + "WHERE principal = ? AND idempotency_key = ? AND created_at >= ?")) {
      query.setString(1, principal);
      query.setString(2, key);
      query.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
      try (ResultSet row = query.executeQuery()) {
        return row.next()
            ? Optional.of(new Stored(row.getString(1), new Answer(row.getInt(2), row.getString(3))))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read idempotency key", e);
    }
  }

  /** Inserts a pending row for the key: false if the key has a row already. */
  private boolean reserve(String principal, String key, String fingerprint) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO idempotency_keys "
                    + "(principal, idempotency_key, request_fingerprint, status, body, created_at) "
                    + "VALUES (?, ?, ?, ?, NULL, ?)")) {
      insert.setString(1, principal);
      insert.setString(2, key);
      insert.setString(3, fingerprint);
      insert.setInt(4, PENDING);
      insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (SqlStates.uniqueViolation(e)) {
        return false;
      }
      throw new StoreException("Cannot reserve idempotency key", e);
    }
  }

  private void save(String principal, String key, Answer answer) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE idempotency_keys SET status = ?, body = ? "
                    + "WHERE principal = ? AND idempotency_key = ?")) {
      update.setInt(1, answer.status());
      update.setString(2, answer.body());
      update.setString(3, principal);
      update.setString(4, key);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("Cannot store idempotency key", e);
    }
  }

  private void deleteExpired(String principal, String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM idempotency_keys"
                    + " WHERE principal = ? AND idempotency_key = ? AND created_at < ?")) {
      delete.setString(1, principal);
      delete.setString(2, key);
      delete.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("Cannot expire idempotency key", e);
    }
  }

  private void release(String principal, String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?")) {
      delete.setString(1, principal);
      delete.setString(2, key);
      delete.executeUpdate();
    } catch (SQLException e) {
      // Kept, the reservation says "outcome unknown" to a resend: safe, if less helpful.
      LOG.warnf(e, "Idempotency key %s of %s not released", key, principal);
    }
  }

  private static String fingerprint(String method, String path, String body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(method.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(path.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
