package io.insightmesh.decisions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {
  @TempDir Path directory;

  @Test
  void appendedLinesAreReadBackInOrderAfterReopening() throws IOException {
    Path path = directory.resolve("changes.jsonl");
    try (JsonLinesFile file = JsonLinesFile.open(path)) {
      file.append("{\"n\":1}");
      file.append("{\"n\":2}");
    }
    try (JsonLinesFile file = JsonLinesFile.open(path)) {
      file.append("{\"n\":3}");
    }

    assertThat(read(path)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(Files.getPosixFilePermissions(path))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aTornLastLineIsSkippedOnReadAndCutOffBeforeTheNextAppend() throws IOException {
    Path path = directory.resolve("changes.jsonl");
    try (JsonLinesFile file = JsonLinesFile.open(path)) {
      file.append("{\"n\":1}");
    }
    // A crash in the middle of the second append.
    Files.writeString(path, "{\"n\":2,\"val", StandardOpenOption.APPEND);

    List<String> lines = new ArrayList<>();
    assertThat(JsonLinesFile.read(path, (number, line) -> lines.add(line))).isTrue();
    assertThat(lines).containsExactly("{\"n\":1}");

    try (JsonLinesFile file = JsonLinesFile.open(path)) {
      file.append("{\"n\":3}");
    }
    assertThat(Files.readString(path)).isEqualTo("{\"n\":1}\n{\"n\":3}\n");
  }

  @Test
  void aTailOfZerosLeftByAPowerLossIsATornLine() throws IOException {
    Path path = directory.resolve("changes.jsonl");
    Files.write(path, new byte[] {'{', '}', '\n', 0, 0, 0, 0});

    try (JsonLinesFile file = JsonLinesFile.open(path)) {
      file.append("{\"n\":2}");
    }

    assertThat(read(path)).containsExactly("{}", "{\"n\":2}");
  }

  @Test
  void refusesLineBreaksAndOverlongLines() throws IOException {
    try (JsonLinesFile file = JsonLinesFile.open(directory.resolve("changes.jsonl"))) {
      assertThatThrownBy(() -> file.append("{}\n{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("must not hold a line break");
      assertThatThrownBy(() -> file.append("x".repeat(JsonLinesFile.MAX_LINE_BYTES + 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("must be at most 65536 bytes");
    }
  }

  @Test
  void aWholeFileIsWrittenOnceAndLeftoverTemporaryFilesAreCleaned() throws IOException {
    Path target = directory.resolve("ruleset-2026.11.2.yaml");
    DurableFiles.writeNew(target, "version: 2026.11.2\n".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(target)).isEqualTo("version: 2026.11.2\n");
    assertThatThrownBy(() -> DurableFiles.writeNew(target, new byte[0]))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(Files.readString(target)).isEqualTo("version: 2026.11.2\n");

    Path leftover = directory.resolve(DurableFiles.TEMPORARY_PREFIX + "ruleset-2026.11.3.yaml");
    Files.writeString(leftover, "version: 2026.1");
    DurableFiles.clean(directory);
    assertThat(leftover).doesNotExist();
    assertThat(target).exists();
  }

  private static List<String> read(Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    JsonLinesFile.read(path, (number, line) -> lines.add(line));
    return lines;
  }
}
