package io.insightmesh.products.claims.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayClaimsTest {
  @TempDir Path directory;

  @Test
  void theGeneratorsLandingClaimsAreReplayedInFileOrder() throws Exception {
    Path landing = Files.createDirectories(directory.resolve("landing").resolve("claims"));
    Files.writeString(landing.resolve("part-00001.jsonl"), "{}\n");
    Files.writeString(landing.resolve("part-00000.jsonl"), "{}\n");
    Files.writeString(landing.resolve("_manifest.json"), "{}\n");
    Files.createDirectories(directory.resolve("reference"));
    Files.writeString(directory.resolve("reference").resolve("companies.jsonl"), "{}\n");

    assertThat(ReplayClaims.landingFiles(directory))
        .containsExactly(landing.resolve("part-00000.jsonl"), landing.resolve("part-00001.jsonl"));
  }

  @Test
  void theReplayWaitsForALoadedProfilesReleaseNotForTheEnginesNone() throws Exception {
    // The engine's readiness while it is still loading profiles, and once it has them.
    String loading =
        "{\"status\":\"UP\",\"checks\":[{\"name\":\"scoring-engine\",\"status\":\"UP\","
            + "\"data\":{\"ruleset\":\"2026.11.1\",\"profile-release\":\"none\"}}]}";
    String loaded =
        loading.replace("\"profile-release\":\"none\"", "\"profile-release\":\"1.0.0\"");

    assertThat(ReplayClaims.profilesLoaded(loading)).isFalse();
    assertThat(ReplayClaims.profilesLoaded(loaded)).isTrue();
    assertThat(ReplayClaims.profilesLoaded("{\"status\":\"UP\",\"checks\":[]}")).isFalse();
  }

  @Test
  void aRateThatIsNotPositiveIsRefusedNamingTheOption() {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ReplayClaims())
            .setErr(new PrintWriter(err))
            .execute(
                "--input", directory.toString(),
                "--credentials", directory.toString(),
                "--position", directory.resolve("replay.position").toString(),
                "--rate", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid --rate 0.0: must be a positive number of claims per second");
  }

  @Test
  void anInputWithoutLandingFilesIsRefusedNamingIt() {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ReplayClaims())
            .setErr(new PrintWriter(err))
            .execute(
                "--input", directory.toString(),
                "--credentials", directory.toString(),
                "--position", directory.resolve("replay.position").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid --input " + directory + ": no JSON lines landing files under it");
  }
}
