package io.insightmesh.catalog.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.security.NotAuthenticatedException;
import io.insightmesh.catalog.security.PrincipalStore;
import io.insightmesh.catalog.security.Role;
import io.insightmesh.catalog.security.SignInThrottle;
import io.insightmesh.catalog.security.SignInsThrottledException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates the query engine on the policy API. Trino's OPA plugin cannot send an {@code
 * Authorization} header, so its policy URIs carry the engine's client credential, {@code
 * <principal>:<secret>}, as a path segment (docs/decisions/0003-trino-policy-credential.md). Only a
 * principal with the {@code trino} role passes; a credential that stops verifying (rotated secret,
 * disabled principal) is refused within {@link #REVERIFY_AFTER}.
 */
@ApplicationScoped
public class PolicyCredentials {
  /**
   * How long a verified credential is trusted before it is checked against the store again: a
   * salted PBKDF2 check per access question would cost more than the question.
   */
  static final Duration REVERIFY_AFTER = Duration.ofSeconds(30);

  private final PrincipalStore principals;
  private final SignInThrottle throttle;
  private final Cache<String, Boolean> verified =
      Caffeine.newBuilder().maximumSize(64).expireAfterWrite(REVERIFY_AFTER).build();

  public PolicyCredentials(PrincipalStore principals, SignInThrottle throttle) {
    this.principals = principals;
    this.throttle = throttle;
  }

  /** A rotated secret or a disabled principal is refused here at once, not after 30 s. */
  void forget(@Observes PolicyInputsChanged change) {
    verified.invalidateAll();
  }

  /**
   * Checks a credential from a policy URI sent from {@code address}; failures count towards the
   * same sign-in throttle as the token endpoint's, so the secret cannot be guessed here instead.
   *
   * @throws NotAuthenticatedException if it is malformed, wrong, or not a query engine's
   * @throws SignInsThrottledException if the address made too many failed attempts for the
   *     principal (checked before the secret)
   */
  public void check(String credential, String address) {
    int colon = credential == null ? -1 : credential.indexOf(':');
    if (colon <= 0 || colon == credential.length() - 1 || credential.length() > 512) {
      throw new NotAuthenticatedException(
          "Authentication required: the policy URI must carry the query engine's credential as"
              + " <principal>:<secret>");
    }
    String key = digest(credential);
    if (verified.getIfPresent(key) != null) {
      return;
    }
    String principal = credential.substring(0, colon);
    Optional<Duration> wait = throttle.attempt(address, principal);
    if (wait.isPresent()) {
      throw new SignInsThrottledException("principal", wait.get());
    }
    Optional<Set<Role>> authenticated =
        principals.authenticate(principal, credential.substring(colon + 1));
    if (authenticated.isEmpty()) {
      throttle.failed(address, principal);
      throw new NotAuthenticatedException("Authentication failed: invalid query-engine credential");
    }
    throttle.succeeded(address, principal);
    Set<Role> roles = authenticated.get();
    if (!roles.contains(Role.TRINO)) {
      throw new NotAuthenticatedException(
          "Authentication failed: principal " + principal + " is not a query engine (role trino)");
    }
    verified.put(key, Boolean.TRUE);
  }

  /**
   * Whether {@code credential} passed {@link #check(String, String)} within {@link
   * #REVERIFY_AFTER}: then it passes again without the store, so it may be asked on the event loop.
   */
  boolean verifiedRecently(String credential) {
    return credential != null
        && credential.length() <= 512
        && verified.getIfPresent(digest(credential)) != null;
  }

  private static String digest(String credential) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(credential.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
