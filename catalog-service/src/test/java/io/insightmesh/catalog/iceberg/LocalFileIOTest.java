package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's metadata files in a {@code file:} warehouse: written whole under directories it
 * creates, never over another file by {@code create}, and counted as Iceberg reads back lengths.
 */
class LocalFileIOTest {
  @TempDir Path warehouse;

  @Test
  void writesAMetadataFileUnderNewDirectoriesAndReadsItBack() throws IOException {
    LocalFileIO io = new LocalFileIO();
    String location = "file:" + warehouse + "/db/table/metadata/00001-a.metadata.json";
    byte[] json = "{\"format-version\":2}".getBytes(StandardCharsets.UTF_8);

    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(json, 0, 5);
      out.write(json[5]);
      out.write(json, 6, json.length - 6);
      assertThat(out.getPos()).isEqualTo(json.length);
    }

    assertThat(Files.readAllBytes(LocalFileIO.path(location))).isEqualTo(json);
    assertThat(io.newInputFile(location).getLength()).isEqualTo(json.length);
    assertThat(io.newInputFile(location).location()).isEqualTo(location);
  }

  @Test
  void createNeverReplacesAFileButCreateOrOverwriteDoes() throws IOException {
    LocalFileIO io = new LocalFileIO();
    String location = "file:" + warehouse + "/t/metadata/v1.metadata.json";
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write("first".getBytes(StandardCharsets.UTF_8));
    }

    assertThatThrownBy(() -> io.newOutputFile(location).create())
        .isInstanceOf(AlreadyExistsException.class);
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write("second".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Files.readString(LocalFileIO.path(location))).isEqualTo("second");
  }
}
