package io.insightmesh.catalog.http;

import io.insightmesh.catalog.config.CatalogConfig;
import io.insightmesh.catalog.store.CatalogStore;
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
    Optional<Stored> stored = find(principal, key);
    if (stored.isPresent()) {
      if (!stored.get().fingerprint().equals(fingerprint)) {
        throw new IllegalArgumentException(
            "Invalid header Idempotency-Key: key "
                + key
                + " was already used for a different request");
      }
      return stored.get().answer();
    }
    Answer answer = action.get();
    try {
      save(principal, key, fingerprint, answer);
    } catch (StoreException e) {
      // The change is made: a 503 now would say it may not be, and the client's resend would
      // apply it again. Only a second loss, of this answer too, goes unprotected.
      LOG.warnf(e, "Idempotency key %s of %s not stored; answering without it", key, principal);
    }
    return answer;
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

  private void save(String principal, String key, String fingerprint, Answer answer) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO idempotency_keys "
                    + "(principal, idempotency_key, request_fingerprint, status, body, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, principal);
      insert.setString(2, key);
      insert.setString(3, fingerprint);
      insert.setInt(4, answer.status());
      insert.setString(5, answer.body());
      insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
      insert.executeUpdate();
    } catch (SQLException e) {
      // A concurrent request with the same key stored its answer first; that one stands.
      if (find(principal, key).isEmpty()) {
        throw new StoreException("Cannot store idempotency key", e);
      }
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
