package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
  @Test
  void acceptsProductNames() {
    TableIdentifier id = TableIdentifier.of(Namespace.of("claims", "staging"), "claims_v1.backup");
    assertThat(Identifiers.checkTable("table", id)).isSameAs(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a*b", "a\"b", "a'b", "a/b", "a..b", "a\u0001b", "-ab", ".ab", "a b", "a%2Fb"})
  void refusesNamesOutsideTheAllowlist(String name) {
    assertThatThrownBy(() -> Identifiers.checkName("name", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid name '")
        .hasMessageContaining("only letters, digits, '_', '-' and single '.' are allowed");
  }

  @Test
  void refusesNamespacesAndPropertiesLongerThanTheStoreHolds() {
    assertThatThrownBy(
            () -> Identifiers.checkNamespace("namespace", Namespace.of("claims", "a".repeat(250))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid namespace: its levels joined by '.' are longer than 255 characters");
    assertThatThrownBy(
            () ->
                Identifiers.checkNamespaceProperties(
                    "updates", java.util.Map.of("comment", "x".repeat(1_001))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid updates.comment: longer than 1000 characters");
    Identifiers.checkNamespace("namespace", Namespace.of("claims", "a".repeat(248)));
    Identifiers.checkNamespaceProperties("updates", java.util.Map.of("comment", "x".repeat(1_000)));
  }

  @Test
  void refusesOverlongNames() {
    assertThatThrownBy(() -> Identifiers.checkName("name", "a".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid name: longer than 255 characters");
  }

  @Test
  void refusesDotsInNamespaceLevelsBecauseTheStoreJoinsLevelsWithDots() {
    assertThatThrownBy(() -> Identifiers.checkNamespace("namespace", Namespace.of("new.db")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid namespace 'new.db'");
  }

  @Test
  void showsControlCharactersEscapedSoErrorsCannotForgeLogLines() {
    assertThatThrownBy(() -> Identifiers.checkName("name", "a\nINFO forged"))
        .hasMessageContaining("a\\u000aINFO forged");
  }

  @Test
  void refusesTheEmptyNamespace() {
    assertThatThrownBy(() -> Identifiers.checkNamespace("namespace", Namespace.empty()))
        .hasMessage("Invalid namespace: must not be empty");
  }
}
