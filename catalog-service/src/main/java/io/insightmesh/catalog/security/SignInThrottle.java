package io.insightmesh.catalog.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.config.CatalogConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed sign-ins per client address and client id, and refuses further attempts for that
 * pair once too many failed within a window: guessing a secret then takes years, not hours, and
 * each guess no longer costs the catalog a key derivation and an audit row.
 *
 * <p>Keyed by address <em>and</em> name, not by name alone: anyone may send a known name (every
 * installation has {@code trino}), and a per-name lockout would let them lock the query engine out
 * from anywhere. An attempt while throttled is refused before the secret is checked, so a right
 * secret then is refused too; the window is fixed from the first failure, so waiting it out always
 * works.
 */
@ApplicationScoped
public class SignInThrottle {
  /** Pairs remembered at most: a flood of fresh addresses evicts the oldest windows. */
  private static final long MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final Duration window;
  private final Cache<String, Window> failures;

  @Inject
  public SignInThrottle(CatalogConfig config) {
    this(config.tokens().maxFailedSignIns(), config.tokens().failedSignInWindow());
  }

  SignInThrottle(int maxFailures, Duration window) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException(
          "Invalid mesh.catalog.tokens.max-failed-sign-ins " + maxFailures + ": must be 1 or more");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "Invalid mesh.catalog.tokens.failed-sign-in-window " + window + ": must be positive");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.failures = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterWrite(window).build();
  }

  /** How long {@code address} must wait before signing in as {@code clientId} again, if it must. */
  public Optional<Duration> refusedFor(String address, String clientId) {
    Window current = failures.getIfPresent(key(address, clientId));
    if (current == null || current.count.get() < maxFailures) {
      return Optional.empty();
    }
    Duration left = window.minusNanos(System.nanoTime() - current.startedNanos);
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  /**
   * Counts a failed sign-in.
   *
   * @return whether this failure used up the window's allowance (said once per window)
   */
  public boolean failed(String address, String clientId) {
    Window current = failures.get(key(address, clientId), key -> new Window(System.nanoTime()));
    return current.count.incrementAndGet() == maxFailures;
  }

  /**
   * The peer's address a request came from. Behind a proxy every client is the proxy's address:
   * failures are still counted per client id, so one client's guesses do not throttle another.
   */
  public static String address(HttpServerRequest request) {
    return request == null || request.remoteAddress() == null
        ? "unknown"
        : request.remoteAddress().hostAddress();
  }

  private static String key(String address, String clientId) {
    return address + '\u0000' + clientId;
  }

  private static final class Window {
    final long startedNanos;
    final AtomicInteger count = new AtomicInteger();

    Window(long startedNanos) {
      this.startedNanos = startedNanos;
    }
  }
}
