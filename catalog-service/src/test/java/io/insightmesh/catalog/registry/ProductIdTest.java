package io.insightmesh.catalog.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductIdTest {

  @Test
  void parsesDomainAndName() {
    ProductId id = ProductId.parse("profiles.claimant_profiles");

    assertThat(id.domain()).isEqualTo("profiles");
    assertThat(id.name()).isEqualTo("claimant_profiles");
    assertThat(id).isEqualTo(ProductId.of("profiles", "claimant_profiles"));
    assertThat(id.toString()).isEqualTo("profiles.claimant_profiles");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "claims",
        "claims.",
        ".claims",
        "claims.claims.v1",
        "Claims.claims",
        "claims.1claims",
        "claims.claims-v1",
        "claims.cla ims",
        "claims.'; drop table products; --"
      })
  void refusesAnythingButTwoAllowlistedParts(String text) {
    assertThatThrownBy(() -> ProductId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid product id '"
                + text
                + "': must be <domain>.<name>, each part matching [a-z][a-z0-9_]{0,63}");
  }

  @Test
  void partsAreAtMost64Characters() {
    String longest = "a".repeat(64);
    assertThat(ProductId.of("claims", longest).name()).hasSize(64);

    assertThatThrownBy(() -> ProductId.of("claims", longest + "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid name '" + "a".repeat(64) + "…': must match");
    assertThatThrownBy(() -> ProductId.of("Risk", "decisions"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid domain 'Risk': must match [a-z][a-z0-9_]{0,63} (lower-case letters, digits"
                + " and '_', starting with a letter, at most 64)");
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    assertThatThrownBy(() -> ProductId.parse("claims.x\nINFO forged log line"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid product id 'claims.x\\u000aINFO forged log line'");
  }
}
