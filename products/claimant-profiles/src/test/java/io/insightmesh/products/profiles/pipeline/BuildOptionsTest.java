package io.insightmesh.products.profiles.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildOptionsTest {
  @Test
  void aFullBuildNeedsOnlyTheClaimsReleaseAndReadsThroughMeshByDefault() {
    BuildOptions options = BuildOptions.parse(Map.of("claims-release", "1.2.0+run-7"));

    assertThat(options).isEqualTo(new BuildOptions("mesh", "1.2.0+run-7", Optional.empty()));
    assertThat(options.incremental()).isFalse();
  }

  @Test
  void anIncrementalRefreshNamesTheReleaseTheCurrentProfilesWereBuiltFrom() {
    BuildOptions options =
        BuildOptions.parse(
            Map.of(
                "claims-release", "1.0.1",
                "mode", "INCREMENTAL",
                "since-release", "1.0.0",
                "catalog", "profiles_reader"));

    assertThat(options)
        .isEqualTo(new BuildOptions("profiles_reader", "1.0.1", Optional.of("1.0.0")));
    assertThat(options.incremental()).isTrue();
  }

  @Test
  void anIncrementalRefreshWithoutItsStartingPointIsRefused() {
    assertThatThrownBy(
            () -> BuildOptions.parse(Map.of("claims-release", "1.0.1", "mode", "incremental")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Missing option since-release: an incremental refresh needs the claims release the"
                + " current profiles were built from");
  }

  @Test
  void aMisspeltOptionIsRefusedInsteadOfIgnored() {
    assertThatThrownBy(
            () ->
                BuildOptions.parse(
                    Map.of(
                        "claims-release",
                        "1.0.1",
                        "mode",
                        "incremental",
                        "since_release",
                        "1.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown options [since_release]: the profiles pipeline takes [catalog, claims-release,"
                + " mode, since-release]");
  }

  @Test
  void badValuesAreRefusedNamingTheOptionAndTheRule() {
    assertThatThrownBy(() -> BuildOptions.parse(Map.of()))
        .hasMessage(
            "Missing option claims-release: the claims.claims release to build from, e.g. 1.0.0");
    assertThatThrownBy(() -> BuildOptions.parse(Map.of("claims-release", "v1.0")))
        .hasMessage(
            "Invalid option claims-release 'v1.0': a release is MAJOR.MINOR.PATCH, optionally +<run>");
    assertThatThrownBy(
            () -> BuildOptions.parse(Map.of("claims-release", "1.0.0", "mode", "sometimes")))
        .hasMessage("Invalid option mode 'sometimes': full or incremental");
    assertThatThrownBy(
            () -> BuildOptions.parse(Map.of("claims-release", "1.0.0", "since-release", "0.9.0")))
        .hasMessage("Invalid option since-release: a full build takes no previous release");
    assertThatThrownBy(
            () -> BuildOptions.parse(Map.of("claims-release", "1.0.0", "catalog", "mesh; DROP")))
        .hasMessage("Invalid option catalog 'mesh; DROP': not a Spark catalog name");
  }
}
