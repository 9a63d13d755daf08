package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseFileIOTest {
  @TempDir Path directory;

  @Test
  void writesLocalLocationsWithoutHadoopsChecksumFiles() throws Exception {
    WarehouseFileIO io = new WarehouseFileIO();
    io.setConf(new Configuration());
    io.initialize(Map.of());
    String location = "file:" + directory.resolve("data/part-1.parquet");

    try (PositionOutputStream stream = io.newOutputFile(location).create()) {
      stream.write(new byte[] {1, 2, 3});
    }

    assertThat(io.newInputFile(location).getLength()).isEqualTo(3);
    assertThat(io.newInputFile(location, 3).location()).isEqualTo(location);
    try (Stream<Path> files = Files.list(directory.resolve("data"))) {
      // Hadoop's local file system would have written .part-1.parquet.crc beside it.
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactly("part-1.parquet");
    }
    io.deleteFile(location);
    assertThat(io.newInputFile(location).exists()).isFalse();
  }

  @Test
  void leavesObjectStorageToIcebergsFileIo() {
    WarehouseFileIO io = new WarehouseFileIO();
    io.setConf(new Configuration());
    io.initialize(Map.of());

    assertThat(WarehouseFileIO.isLocal("s3://decisions/risk/decisions_v1/data/a.parquet"))
        .isFalse();
    assertThat(io.ioClass("s3://decisions/risk/decisions_v1/data/a.parquet").getSimpleName())
        .isEqualTo("S3FileIO");
    assertThat(WarehouseFileIO.isLocal("file:/data/warehouse/a.parquet")).isTrue();
    assertThat(WarehouseFileIO.isLocal("/data/warehouse/a.parquet")).isTrue();
  }
}
