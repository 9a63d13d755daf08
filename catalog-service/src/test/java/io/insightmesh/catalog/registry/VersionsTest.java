package io.insightmesh.catalog.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {

  @Test
  void contractVersionsParseAndOrderNumerically() {
    ContractVersion version = ContractVersion.parse("1.10.0");

    assertThat(version).isEqualTo(ContractVersion.of(1, 10, 0));
    assertThat(version.toString()).isEqualTo("1.10.0");
    assertThat(version).isGreaterThan(ContractVersion.parse("1.9.7"));
    assertThat(ContractVersion.parse("2.0.0")).isGreaterThan(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-rc1", "v1.0.0", "1.0.x", ""})
  void contractVersionsAreExactlyMajorMinorPatch(String text) {
    assertThatThrownBy(() -> ContractVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid contractVersion '"
                + text
                + "': must be a semantic version MAJOR.MINOR.PATCH such as 1.4.0, numbers"
                + " without leading zeros");
  }

  @Test
  void releaseVersionsMayCarryABuildForDataOnlyRefreshes() {
    ReleaseVersion plain = ReleaseVersion.parse("1.3.0");
    ReleaseVersion refresh = ReleaseVersion.parse("1.3.0+42");

    assertThat(plain.contractVersion()).isEqualTo(ContractVersion.of(1, 3, 0));
    assertThat(plain.build()).isEmpty();
    assertThat(refresh.contractVersion()).isEqualTo(ContractVersion.of(1, 3, 0));
    assertThat(refresh.build()).isEqualTo(Optional.of("42"));
    assertThat(refresh.toString()).isEqualTo("1.3.0+42");
    assertThat(ReleaseVersion.parse("1.3.0+run.7-b").toString()).isEqualTo("1.3.0+run.7-b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.3", "1.3.0+", "1.3.0+a..b", "1.3.0+a b", "1.3.0-rc.1", "v1.3.0"})
  void releaseVersionsRefuseOtherForms(String text) {
    assertThatThrownBy(() -> ReleaseVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid version '"
                + text
                + "': must be MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH+BUILD such as 1.3.0 or"
                + " 1.3.0+42");
  }

  @Test
  void buildSuffixesAreBounded() {
    String text = "1.0.0+" + "b".repeat(65);
    assertThatThrownBy(() -> ReleaseVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 64");
  }
}
