package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.testing.MovableClock;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * A verified token is reused, never past its expiry nor longer than the reuse limit, and a token
 * that failed verification is never reused.
 */
class VerifiedTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private final MovableClock clock = new MovableClock(NOW);
  private final VerifiedTokens tokens = new VerifiedTokens(clock, Duration.ofMinutes(1), 2);
  private final List<String> verifications = new ArrayList<>();

  /** Verifies tokens named "ok-<exp seconds from NOW>"; refuses every other. */
  private JsonWebToken verify(String token) throws ParseException {
    verifications.add(token);
    if (!token.startsWith("ok-")) {
      throw new ParseException("bad signature");
    }
    JwtClaims claims = new JwtClaims();
    claims.setSubject("claims-team");
    claims.setExpirationTime(
        NumericDate.fromSeconds(NOW.getEpochSecond() + Long.parseLong(token.substring(3))));
    return new DefaultJWTCallerPrincipal(claims);
  }

  @Test
  void aVerifiedTokenIsReusedWithinTheLimit() throws ParseException {
    JsonWebToken first = tokens.verify("ok-300", this::verify);
    clock.advance(Duration.ofSeconds(59));

    assertThat(tokens.verify("ok-300", this::verify)).isSameAs(first);
    assertThat(verifications).containsExactly("ok-300");
  }

  @Test
  void aTokenIsVerifiedAgainOnceTheReuseLimitPasses() throws ParseException {
    tokens.verify("ok-300", this::verify);
    clock.advance(Duration.ofSeconds(60));

    tokens.verify("ok-300", this::verify);
    assertThat(verifications).containsExactly("ok-300", "ok-300");
  }

  @Test
  void aTokenIsNeverReusedPastItsExpiry() throws ParseException {
    tokens.verify("ok-10", this::verify);
    clock.advance(Duration.ofSeconds(10));

    tokens.verify("ok-10", this::verify);
    assertThat(verifications).containsExactly("ok-10", "ok-10");
  }

  @Test
  void aRefusedTokenIsVerifiedEveryTime() {
    assertThatThrownBy(() -> tokens.verify("forged", this::verify))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> tokens.verify("forged", this::verify))
        .isInstanceOf(ParseException.class);
    assertThat(verifications).containsExactly("forged", "forged");
    assertThat(tokens.size()).isZero();
  }

  @Test
  void beyondTheLimitNewTokensAreVerifiedEveryTimeUntilOldOnesExpire() throws ParseException {
    tokens.verify("ok-20", this::verify);
    tokens.verify("ok-300", this::verify);
    tokens.verify("ok-400", this::verify);
    tokens.verify("ok-400", this::verify);
    assertThat(verifications).containsExactly("ok-20", "ok-300", "ok-400", "ok-400");

    clock.advance(Duration.ofSeconds(20));
    tokens.verify("ok-400", this::verify);
    tokens.verify("ok-400", this::verify);
    assertThat(verifications).containsExactly("ok-20", "ok-300", "ok-400", "ok-400", "ok-400");
    assertThat(tokens.size()).isEqualTo(2);
  }
}
