package io.insightmesh.catalog.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Salted PBKDF2 hashes of client secrets, so a copy of the store does not reveal them. */
final class SecretHasher {
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int ITERATIONS = 60_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Stored hashes a secret was recently found to match, keyed by the stored hash and the secret's
   * SHA-256. PBKDF2 is slow on purpose, and Trino's Iceberg connector asks for a fresh token on
   * every catalog call (two per query), so without this every analyst query paid for two key
   * derivations. A rotated secret has a new stored hash and misses; disabling is checked apart.
   * Client secrets are 192 random bits, so their SHA-256 in memory gives nothing to guess from.
   */
  private static final Cache<String, Boolean> RECENT_MATCHES =
      Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  private SecretHasher() {}

  static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$"
        + ITERATIONS
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(derive(secret, salt, ITERATIONS));
  }

  static boolean matches(String secret, String stored) {
    String key = stored + "$" + sha256(secret);
    if (RECENT_MATCHES.getIfPresent(key) != null) {
      return true;
    }
    boolean matches = derivedMatches(secret, stored);
    if (matches) {
      RECENT_MATCHES.put(key, Boolean.TRUE);
    }
    return matches;
  }

  private static String sha256(String secret) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static boolean derivedMatches(String secret, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(secret, salt, Integer.parseInt(parts[1])));
  }

  private static byte[] derive(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 is not available", e);
    }
  }
}
