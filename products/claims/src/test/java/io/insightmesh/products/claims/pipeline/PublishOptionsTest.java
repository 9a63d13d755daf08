package io.insightmesh.products.claims.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.sdk.cli.MeshCommand;
import io.insightmesh.sdk.publish.PipelineInput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./mesh publish claims.claims} with this product's pipeline on the class path. */
class PublishOptionsTest {
  @TempDir Path home;

  @Test
  void aModeForAProductWithAPipelineIsRefusedNotIgnored() throws Exception {
    // The pipeline writes each release whole: --mode append was dropped silently, and the release
    // replaced the table's rows with the day's.
    Path input = Files.createDirectories(home.resolve("day2"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = MeshCommand.commandLine(home, Map.of());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));

    int status =
        command.execute(
            "publish", "claims.claims", "--input", input.toString(), "--mode", "append");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid option --mode: claims.claims is published by its own pipeline, which decides"
                + " how each release is written");
    assertThat(out.toString()).doesNotContain("starting Spark");
  }

  @Test
  void anOptionIsRefusedByAPipelineThatTakesNone() {
    // Before it reads anything: no Spark session is needed to be told.
    assertThatThrownBy(
            () ->
                new ClaimsPipeline()
                    .releases(
                        null,
                        new PipelineInput(home, "json", "1.0.0", Map.of("since-release", "0.9.0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid option since-release: the claims.claims pipeline takes no options");
  }
}
