package io.insightmesh.decisions.api;

import static java.util.Objects.requireNonNull;

import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens already verified, reused for a short while: checking an ES256 signature costs more
 * CPU than assessing the claim it came with, and a client sends the same token with every claim
 * until it expires.
 *
 * <p>A token is reused until the earlier of its {@code exp} and {@code maxReuse} after it was
 * verified, then verified again; so a token is never accepted past its expiry, and one signed by a
 * key the catalog has since withdrawn is refused within {@code maxReuse}. Only exact, successfully
 * verified token strings are kept; a token that fails verification is verified (and fails) every
 * time. At most {@code maxEntries} tokens are kept; beyond that new tokens are verified every time
 * until older ones expire.
 */
final class VerifiedTokens {
  /** The full verification of one token: signature, issuer, audience, expiry. */
  interface Verifier {
    JsonWebToken verify(String token) throws ParseException;
  }

  private record Entry(JsonWebToken token, long reuseUntilMillis) {}

  private final Clock clock;
  private final long maxReuseMillis;
  private final int maxEntries;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  VerifiedTokens(Clock clock, Duration maxReuse, int maxEntries) {
    this.clock = requireNonNull(clock, "clock is null");
    this.maxReuseMillis = requireNonNull(maxReuse, "maxReuse is null").toMillis();
    this.maxEntries = maxEntries;
  }

  /**
   * The verified {@code token}: from an earlier verification if still reusable, else from {@code
   * verifier}.
   */
  JsonWebToken verify(String token, Verifier verifier) throws ParseException {
    long now = clock.millis();
    Entry known = entries.get(token);
    if (known != null) {
      if (now < known.reuseUntilMillis()) {
        return known.token();
      }
      entries.remove(token, known);
    }
    JsonWebToken verified = verifier.verify(token);
    long reuseUntil = Math.min(now + maxReuseMillis, verified.getExpirationTime() * 1000);
    if (reuseUntil > now) {
      if (entries.size() >= maxEntries) {
        entries.values().removeIf(entry -> entry.reuseUntilMillis() <= now);
      }
      if (entries.size() < maxEntries) {
        entries.put(token, new Entry(verified, reuseUntil));
      }
    }
    return verified;
  }

  /**
   * The verified {@code token} if it is still reusable, else null; never verifies, so it never
   * blocks (verifying may fetch the catalog's keys).
   */
  JsonWebToken reusable(String token) {
    Entry known = entries.get(token);
    return known != null && clock.millis() < known.reuseUntilMillis() ? known.token() : null;
  }

  int size() {
    return entries.size();
  }
}
