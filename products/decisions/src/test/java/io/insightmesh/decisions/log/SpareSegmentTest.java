package io.insightmesh.decisions.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareSegmentTest {
  private static final int BYTES = 64 * 1024;

  @Test
  void aSpareBecomesANewSegmentOfZerosButNeverReplacesOne(@TempDir Path directory)
      throws Exception {
    Path written = directory.resolve("segment-00000000000000000000.log");
    Files.writeString(written, "acknowledged decisions", UTF_8);
    Path next = directory.resolve("segment-00000000000000000001.log");

    try (SpareSegment spare = new SpareSegment(directory, BYTES)) {
      spare.request();
      // Until the spare is ready, moveTo answers false; once it is, the existing name is refused.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> spare.moveTo(written))
                      .isInstanceOf(FileAlreadyExistsException.class)
                      .hasMessageContaining(written.toString()));
      assertThat(Files.readString(written, UTF_8)).isEqualTo("acknowledged decisions");

      assertThat(spare.moveTo(next)).isTrue();
    }

    assertThat(Files.readAllBytes(next)).hasSize(BYTES).containsOnly((byte) 0);
    assertThat(directory.resolve(SpareSegment.FILE_NAME)).doesNotExist();
  }
}
