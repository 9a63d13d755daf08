package io.insightmesh.products.claims.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command as {@code ./mesh generate claims} runs it: arguments in, files, text and exit code
 * out.
 */
class GenerateClaimsTest {
  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void helpDescribesTheOptionsAndTheLayout() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "Usage: mesh generate claims",
            "--count=N",
            "--seed=S",
            "--out=DIR",
            "--format=FORMAT",
            "--bad-rate=R",
            "--threads=T",
            "ground-truth/labels.jsonl",
            "reference/deceased.jsonl");
  }

  @Test
  void generatesAndReportsProgressOnStandardError() {
    Path target = directory.resolve("out");
    assertThat(run("--count", "3_000", "--seed", "5", "--out", target.toString())).isZero();
    assertThat(err.toString())
        .contains("generate: 3,000 of 3,000 claims (100%)")
        .containsPattern("generate: [0-9,]+ of 3,000 claims \\(5%\\) [0-9.]+[kM]?/s");
    assertThat(out.toString())
        .startsWith("generated 3,000 claims")
        .contains("manifest: " + target.resolve("manifest.json"));
    assertThat(target.resolve("landing/claims/part-00000.jsonl")).exists();
    assertThat(target.resolve("ground-truth/labels.jsonl")).exists();
  }

  @Test
  void refusesAnEarlierRunsDirectoryUnlessOverwriting() throws Exception {
    Path target = directory.resolve("out");
    assertThat(run("--count", "500", "--out", target.toString())).isZero();
    assertThat(run("--count", "600", "--out", target.toString())).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "error: Cannot generate into "
                + target
                + ": it already holds generated data (landing/claims); pass --overwrite to replace it");
    assertThat(run("--count", "600", "--out", target.toString(), "--overwrite")).isZero();
    assertThat(Files.readString(target.resolve("manifest.json"))).contains("\"records\" : 600");
  }

  @Test
  void usageErrorsExitTwoNamingTheProblem() {
    assertThat(run("--seed", "1", "--out", directory.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--count=N'");

    assertThat(run("--count", "10", "--out", directory.toString(), "--format", "xml")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--format': 'xml' (expected json or avro)");

    assertThat(run("--count", "0", "--out", directory.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("count 0 must be between 1 and 100,000,000");

    assertThat(run("--count", "ten", "--out", directory.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("'ten' is not a whole number");

    assertThat(run("--count", "10", "--out", directory.toString(), "--bad-rate", "0.9"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("bad rate 0.9 must be between 0 and 0.5");
    assertThat(directory.resolve("landing")).doesNotExist();
  }

  @Test
  void anOutputThatIsAFileFailsWithExitOne() throws Exception {
    Path file = Files.writeString(directory.resolve("file"), "x");
    assertThat(run("--count", "10", "--out", file.toString())).isEqualTo(1);
    assertThat(err.toString())
        .contains("error: Cannot generate into " + file + ": it is not a directory");
  }

  private int run(String... arguments) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine commandLine = GenerateClaims.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }
}
