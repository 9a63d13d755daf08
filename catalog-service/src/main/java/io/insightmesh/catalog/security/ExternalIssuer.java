package io.insightmesh.catalog.security;

import io.insightmesh.catalog.config.CatalogConfig;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Access tokens of an external OpenID Connect provider (production's choice instead of, or beside,
 * the embedded issuer). The provider proves who the caller is; the catalog's store still decides
 * the roles, so grants stay in one audited place.
 */
final class ExternalIssuer {
  private final String issuer;
  private final JwtConsumer consumer;
  private final JwtConsumer peek;
  private final PrincipalStore principals;

  private ExternalIssuer(
      String issuer, String jwksUrl, String audience, PrincipalStore principals) {
    this.issuer = issuer;
    this.principals = principals;
    this.consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireSubject()
            .setAllowedClockSkewInSeconds(30)
            .setExpectedIssuer(issuer)
            .setExpectedAudience(audience)
            .setVerificationKeyResolver(
                new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUrl)))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.RSA_USING_SHA256,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
            .build();
    // Reads the issuer claim only, to pick the verifier; nothing is trusted from this pass.
    this.peek =
        new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();
  }

  static Optional<ExternalIssuer> of(CatalogConfig.Tokens config, PrincipalStore principals) {
    if (config.externalIssuer().isEmpty()) {
      return Optional.empty();
    }
    String jwks =
        config
            .externalJwksUrl()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Invalid mesh.catalog.tokens.external-jwks-url: required when"
                            + " mesh.catalog.tokens.external-issuer is set"));
    return Optional.of(
        new ExternalIssuer(
            config.externalIssuer().get(), jwks, config.externalAudience(), principals));
  }

  /** Whether the token claims to come from this provider. */
  boolean issued(String token) {
    try {
      return issuer.equals(peek.processToClaims(token).getIssuer());
    } catch (InvalidJwtException | MalformedClaimException e) {
      return false;
    }
  }

  TokenIssuer.Verified verify(String token) {
    try {
      JwtClaims claims = consumer.processToClaims(token);
      String subject = claims.getSubject();
      Set<Role> roles =
          principals
              .find(subject)
              .filter(principal -> !principal.disabled())
              .map(PrincipalStore.PrincipalInfo::roles)
              .orElse(Set.of());
      return new TokenIssuer.Verified(
          new Caller(subject, roles), claims.getExpirationTime().getValueInMillis());
    } catch (InvalidJwtException e) {
      String reason = e.hasExpired() ? "the token has expired" : "the token is not valid";
      throw new NotAuthenticatedException("Authentication failed: " + reason, e);
    } catch (MalformedClaimException e) {
      throw new NotAuthenticatedException("Authentication failed: malformed token claims", e);
    }
  }
}
