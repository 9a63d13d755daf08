package io.insightmesh.catalog.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.config.CatalogConfig;
import io.insightmesh.catalog.policy.PolicyInputsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Signs and verifies the platform's access tokens: ES256 JWTs whose key pair is made at first start
 * under {@code <data-dir>/catalog/keys} and never leaves the data directory.
 */
@ApplicationScoped
public class TokenIssuer {
  static final String AUDIENCE = "insight-mesh";
  private static final String ROLES_CLAIM = "groups";

  private final PublicJsonWebKey key;
  private final String issuer;
  private final Duration lifetime;
  private final JwtConsumer consumer;

  /**
   * Verified tokens by their text. Verifying an ES256 signature costs more than the catalog's
   * cheapest endpoints, and clients reuse one token for many calls.
   */
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  /**
   * Moved on by every policy change: a verification that read the principal store before the change
   * must not cache what it read after the cache was cleared for it.
   */
  private final AtomicLong generation = new AtomicLong();

  private final Optional<ExternalIssuer> external;
  private final PrincipalStore principals;

  public TokenIssuer(CatalogConfig config, PrincipalStore principals) {
    this.principals = principals;
    this.key = loadOrCreateKey(config.dataDir().resolve("catalog").resolve("keys"));
    this.issuer = config.tokens().issuer();
    this.lifetime = config.tokens().lifetime();
    this.external = ExternalIssuer.of(config.tokens(), principals);
    this.consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireSubject()
            .setAllowedClockSkewInSeconds(30)
            .setExpectedIssuer(issuer)
            .setExpectedAudience(AUDIENCE)
            .setVerificationKey(key.getPublicKey())
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
            .build();
  }

  /** An issued token and how long it lives. */
  public record IssuedToken(String token, Duration expiresIn) {}

  /** Issues a token for {@code principal} carrying {@code roles}. */
  public IssuedToken issue(String principal, Set<Role> roles) {
    return issue(principal, roles, lifetime);
  }

  /**
   * Issues a token living longer than the usual lifetime, for a service that can only be given a
   * fixed token (Trino's OpenLineage listener takes one API key). Such a token is checked against
   * the principal store whenever it is verified: disabling the principal revokes it within the
   * verification cache's five minutes, and it carries the principal's current roles.
   *
   * @throws IllegalArgumentException if {@code serviceLifetime} is not longer than the usual one
   */
  public IssuedToken issueForService(String principal, Set<Role> roles, Duration serviceLifetime) {
    if (serviceLifetime.compareTo(lifetime) <= 0) {
      throw new IllegalArgumentException(
          "Invalid lifetime " + serviceLifetime + ": must be longer than " + lifetime);
    }
    return issue(principal, roles, serviceLifetime);
  }

  private IssuedToken issue(String principal, Set<Role> roles, Duration lifetime) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(AUDIENCE);
    claims.setSubject(principal);
    NumericDate issuedAt = NumericDate.now();
    claims.setIssuedAt(issuedAt);
    // From the same instant: a second ticking between two readings would make an ordinary token
    // look longer-lived than the usual lifetime, which is how service tokens are told apart.
    NumericDate expiry = NumericDate.fromSeconds(issuedAt.getValue());
    expiry.addSeconds(lifetime.toSeconds());
    claims.setExpirationTime(expiry);
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setStringListClaim(ROLES_CLAIM, roles.stream().map(Role::name).sorted().toList());

    JsonWebSignature signature = new JsonWebSignature();
    signature.setPayload(claims.toJson());
    signature.setKey(key.getPrivateKey());
    signature.setKeyIdHeaderValue(key.getKeyId());
    signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    try {
      return new IssuedToken(signature.getCompactSerialization(), lifetime);
    } catch (JoseException e) {
      throw new IllegalStateException("Cannot sign a token", e);
    }
  }

  /**
   * Verifies a bearer token and returns its caller.
   *
   * @throws NotAuthenticatedException if the token is malformed, forged, expired or not ours
   */
  public Caller verify(String token) {
    Optional<Caller> hit = verifiedRecently(token);
    if (hit.isPresent()) {
      return hit.get();
    }
    long seen = generation.get();
    Optional<ExternalIssuer> externalIssuer = external.filter(candidate -> candidate.issued(token));
    if (externalIssuer.isPresent()) {
      Verified checked = externalIssuer.get().verify(token);
      remember(token, checked, seen);
      return checked.caller();
    }
    try {
      JwtClaims claims = consumer.processToClaims(token);
      List<String> roleNames =
          claims.hasClaim(ROLES_CLAIM) ? claims.getStringListClaimValue(ROLES_CLAIM) : List.of();
      Set<Role> roles = roleNames.stream().map(Role::parse).collect(Collectors.toSet());
      // Every token stands only while its principal does: disabling one stops the tokens it
      // already holds.
      Set<Role> current =
          principals
              .find(claims.getSubject())
              .filter(principal -> !principal.disabled())
              .map(PrincipalStore.PrincipalInfo::roles)
              .orElseThrow(
                  () ->
                      new NotAuthenticatedException(
                          "Authentication failed: the token's principal is disabled or gone",
                          null));
      if (claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()
          > lifetime.toSeconds()) {
        // A service token carries the roles its principal has now; an ordinary one those it was
        // issued with, until it expires.
        roles = current;
      }
      Caller caller = new Caller(claims.getSubject(), roles);
      remember(token, new Verified(caller, claims.getExpirationTime().getValueInMillis()), seen);
      return caller;
    } catch (InvalidJwtException e) {
      String reason = e.hasExpired() ? "the token has expired" : "the token is not valid";
      throw new NotAuthenticatedException("Authentication failed: " + reason, e);
    } catch (MalformedClaimException | IllegalArgumentException e) {
      throw new NotAuthenticatedException("Authentication failed: malformed token claims", e);
    }
  }

  /** A disabled principal's tokens are refused by this instance at once, not after 5 minutes. */
  void forget(@Observes PolicyInputsChanged change) {
    generation.incrementAndGet();
    verified.invalidateAll();
  }

  private void remember(String token, Verified checked, long seen) {
    verified.put(token, checked);
    if (generation.get() != seen) {
      // A change came while this was read: what was read may be what it changed.
      verified.invalidate(token);
    }
  }

  /**
   * The caller of a token this issuer verified in the last five minutes and that has not expired
   * since: an answer from memory, which neither checks a signature nor reads the principal store.
   */
  Optional<Caller> verifiedRecently(String token) {
    Verified hit = verified.getIfPresent(token);
    return hit != null && hit.expiresAtMillis() > System.currentTimeMillis()
        ? Optional.of(hit.caller())
        : Optional.empty();
  }

  /** The public half of the signing key as a JWK set, for services that verify our tokens. */
  public String jwks() {
    return "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
  }

  record Verified(Caller caller, long expiresAtMillis) {}

  static PublicJsonWebKey loadOrCreateKey(Path directory) {
    Path file = directory.resolve("signing-key.jwk.json");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(directory);
        EllipticCurveJsonWebKey generated = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        generated.setKeyId(UUID.randomUUID().toString());
        Path temporary = Files.createTempFile(directory, "signing-key", ".tmp");
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(
            temporary,
            generated.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
            StandardCharsets.UTF_8);
        try {
          // A link, not a move: rename(2) silently replaces a key another instance starting at
          // the same time has published and already signs with; a link refuses, and its key
          // stands for both.
          Files.createLink(file, temporary);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // Lost the race: read the winner's key below.
        } finally {
          Files.deleteIfExists(temporary);
        }
      }
      return PublicJsonWebKey.Factory.newPublicJwk(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read or create the token signing key in " + directory, e);
    } catch (JoseException e) {
      throw new IllegalStateException("The token signing key in " + file + " is not valid", e);
    }
  }
}
