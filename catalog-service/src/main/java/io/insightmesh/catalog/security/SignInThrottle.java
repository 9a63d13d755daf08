package io.insightmesh.catalog.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.config.CatalogConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
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

  /**
   * Counts a sign-in attempt before its secret is checked, so that attempts running at once cannot
   * all pass a check none of them has failed yet.
   *
   * @return how long {@code address} must wait before trying {@code clientId} again, if it must;
   *     empty when the attempt may go on (and must be reported as {@link #succeeded} or {@link
   *     #failed})
   */
  public Optional<Duration> attempt(String address, String clientId) {
    Window current = failures.get(key(address, clientId), key -> new Window(System.nanoTime()));
    if (current.count.incrementAndGet() <= maxFailures) {
      return Optional.empty();
    }
    current.count.decrementAndGet();
    Duration left = window.minusNanos(System.nanoTime() - current.startedNanos);
    return Optional.of(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
  }

  /** The attempt passed: it does not count against the window. */
  public void succeeded(String address, String clientId) {
    Window current = failures.getIfPresent(key(address, clientId));
    if (current != null) {
      current.count.updateAndGet(count -> Math.max(0, count - 1));
    }
  }

  /**
   * The attempt failed: it stays counted.
   *
   * @return whether it was the last the window allows (said once per window)
   */
  public boolean failed(String address, String clientId) {
    Window current = failures.getIfPresent(key(address, clientId));
    return current != null && current.count.get() == maxFailures;
  }

  /**
   * The peer's address a request came from, an IPv6 peer by its /64 network (one host is given a
   * whole /64, which would otherwise be that many fresh windows). Behind a proxy every client is
   * the proxy's address: failures are still counted per client id, so only clients using the same
   * id throttle each other there.
   */
  public static String address(HttpServerRequest request) {
    if (request == null || request.remoteAddress() == null) {
      return "unknown";
    }
    String host = request.remoteAddress().hostAddress();
    if (host == null || host.indexOf(':') < 0) {
      return String.valueOf(host);
    }
    try {
      byte[] bytes = InetAddress.getByName(host).getAddress();
      return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : host;
    } catch (UnknownHostException e) {
      // A literal is never looked up; anything else is kept as it came.
      return host;
    }
  }

  /**
   * A digest, not the id: a client id is whatever a caller sent (kilobytes in a Basic header), and
   * every pair stays remembered for the window.
   */
  private static String key(String address, String clientId) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(address.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      return HexFormat.of().formatHex(digest.digest(clientId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static final class Window {
    final long startedNanos;
    final AtomicInteger count = new AtomicInteger();

    Window(long startedNanos) {
      this.startedNanos = startedNanos;
    }
  }
}
