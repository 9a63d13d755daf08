package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {
  @TempDir Path directory;

  @Test
  void writesReadsAndDeletesAFileUnderDirectoriesItCreates() throws Exception {
    LocalFileIO io = new LocalFileIO();
    String location = "file:" + directory.resolve("data/day=2026-11-29/part-1.parquet");

    OutputFile output = io.newOutputFile(location);
    try (PositionOutputStream stream = output.create()) {
      stream.write("decisions".getBytes(StandardCharsets.UTF_8));
    }
    InputFile input = io.newInputFile(location);

    assertThat(output.location()).isEqualTo(location);
    assertThat(input.location()).isEqualTo(location);
    assertThat(input.exists()).isTrue();
    assertThat(input.getLength()).isEqualTo(9);
    try (InputStream stream = input.newStream()) {
      assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("decisions");
    }
    io.deleteFile(location);
    assertThat(io.newInputFile(location).exists()).isFalse();
  }

  @Test
  void writesSmallAndLargePiecesInOrderAndCountsThem() throws Exception {
    // Written through a channel of its own (forced on close): the bytes and the position Parquet
    // records for each page must be what Iceberg's stream gave.
    LocalFileIO io = new LocalFileIO();
    String location = "file:" + directory.resolve("data/large.parquet");
    byte[] large = new byte[200_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31);
    }
    long afterLarge;
    try (PositionOutputStream stream = io.newOutputFile(location).create()) {
      stream.write(7);
      stream.write(large, 10, 100_000);
      afterLarge = stream.getPos();
      stream.write(large, 0, 3);
      assertThat(stream.getPos()).isEqualTo(100_004);
    }

    assertThat(afterLarge).isEqualTo(100_001);
    byte[] written = Files.readAllBytes(directory.resolve("data/large.parquet"));
    assertThat(written).hasSize(100_004);
    assertThat(written[0]).isEqualTo((byte) 7);
    assertThat(java.util.Arrays.copyOfRange(written, 1, 100_001))
        .isEqualTo(java.util.Arrays.copyOfRange(large, 10, 100_010));
    assertThat(java.util.Arrays.copyOfRange(written, 100_001, 100_004))
        .isEqualTo(java.util.Arrays.copyOfRange(large, 0, 3));
  }

  @Test
  void createRefusesAFileThatExistsAndCreateOrOverwriteReplacesIt() throws Exception {
    LocalFileIO io = new LocalFileIO();
    String location = "file:" + directory.resolve("metadata/v1.metadata.json");
    try (PositionOutputStream stream = io.newOutputFile(location).create()) {
      stream.write("first".getBytes(StandardCharsets.UTF_8));
    }

    assertThatThrownBy(() -> io.newOutputFile(location).create())
        .isInstanceOf(org.apache.iceberg.exceptions.AlreadyExistsException.class);
    try (PositionOutputStream stream = io.newOutputFile(location).createOrOverwrite()) {
      stream.write("2nd".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Files.readString(directory.resolve("metadata/v1.metadata.json"))).isEqualTo("2nd");
  }

  @Test
  void writesNothingBesideTheFile() throws Exception {
    // Hadoop's local file system wrote a .crc file beside every file (and forked chmod for it).
    LocalFileIO io = new LocalFileIO();
    try (PositionOutputStream stream =
        io.newOutputFile(directory.resolve("metadata/snap-1.avro").toUri().toString()).create()) {
      stream.write(1);
    }

    try (Stream<Path> files = Files.list(directory.resolve("metadata"))) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("snap-1.avro");
    }
  }

  @Test
  void readsEverySpellingOfALocalPathAsTheSameFile() {
    Path file = directory.resolve("a.parquet");

    assertThat(LocalFileIO.path("file:" + file)).isEqualTo(file);
    assertThat(LocalFileIO.path("file://" + file)).isEqualTo(file);
    assertThat(LocalFileIO.path(file.toUri().toString())).isEqualTo(file);
    assertThat(LocalFileIO.path(file.toString())).isEqualTo(file);
  }

  @Test
  void refusesAWarehouseThatIsNotLocalNamingOnlyTheScheme() {
    LocalFileIO io = new LocalFileIO();

    assertThatThrownBy(() -> io.newOutputFile("s3://claims-bucket/risk/decisions/a.parquet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("location: LocalFileIO reaches file: locations only, not s3:");
  }
}
