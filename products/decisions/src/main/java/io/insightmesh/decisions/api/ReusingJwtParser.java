package io.insightmesh.decisions.api;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The parser Quarkus verifies every request's bearer token with: SmallRye's own, with each verified
 * token reused for up to a minute ({@link VerifiedTokens}). Without it, verifying the ES256
 * signature took over half the engine's CPU under load (see {@code docs/benchmarks/scoring.md}).
 * Every other operation is SmallRye's, unchanged.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ReusingJwtParser implements JWTParser {
  private static final Duration MAX_REUSE = Duration.ofMinutes(1);
  private static final int MAX_TOKENS = 10_000;

  private final DefaultJWTParser parser;
  private final VerifiedTokens verified =
      new VerifiedTokens(Clock.systemUTC(), MAX_REUSE, MAX_TOKENS);

  public ReusingJwtParser(DefaultJWTParser parser) {
    this.parser = parser;
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    return verified.verify(token, parser::parse);
  }

  /** {@code token} if it was verified and may still be reused, else null; never blocks. */
  JsonWebToken reusable(String token) {
    return verified.reusable(token);
  }

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return parser.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return parser.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return parser.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return parser.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return parser.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return parser.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return parser.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return parser.parseOnly(token);
  }
}
