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
