package io.insightmesh.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretHasherTest {
  @Test
  void aHashVerifiesOnlyItsSecretAndNeverContainsIt() {
    String secret = SecretHasher.newSecret();
    String hash = SecretHasher.hash(secret);

    assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain(secret);
    assertThat(SecretHasher.matches(secret, hash)).isTrue();
    assertThat(SecretHasher.matches(secret + "x", hash)).isFalse();
  }

  @Test
  void aRecentMatchAdmitsOnlyThatSecretForThatHash() {
    String secret = SecretHasher.newSecret();
    String hash = SecretHasher.hash(secret);
    String rotated = SecretHasher.hash(SecretHasher.newSecret());

    assertThat(SecretHasher.matches(secret, hash)).isTrue();
    assertThat(SecretHasher.matches(secret, hash)).as("again, from the recent matches").isTrue();
    assertThat(SecretHasher.matches(secret, rotated)).as("after the secret is rotated").isFalse();
    assertThat(SecretHasher.matches(secret + "x", hash)).isFalse();
  }

  @Test
  void theSameSecretHashesDifferentlyEachTime() {
    assertThat(SecretHasher.hash("s")).isNotEqualTo(SecretHasher.hash("s"));
  }

  @Test
  void aMalformedStoredHashNeverMatches() {
    assertThat(SecretHasher.matches("s", "plain-text")).isFalse();
  }
}
