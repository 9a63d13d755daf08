package io.insightmesh.decisions.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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

    try (SpareSegment spare = new SpareSegment(directory, BYTES, SegmentChannels.FILES)) {
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

  @Test
  void aSpareIsMadeOfARecycledSegmentCutToLengthAndZeroed(@TempDir Path directory)
      throws Exception {
    // Retired from a log that had longer segments: its records must not survive into the spare.
    Path old = directory.resolve(Segments.fileName(1));
    byte[] records = new byte[2 * BYTES];
    Arrays.fill(records, (byte) 'd');
    Files.write(old, records);
    Object inode = Files.getAttribute(old, "unix:ino");
    SpareSegment.retire(old);
    assertThat(old).doesNotExist();
    assertThat(SpareSegment.recycled(directory)).hasSize(1);

    Path next = directory.resolve(Segments.fileName(2));
    try (SpareSegment spare = new SpareSegment(directory, BYTES, SegmentChannels.FILES)) {
      spare.request();
      await().atMost(Duration.ofSeconds(30)).until(() -> spare.moveTo(next));
    }
    assertThat(Files.getAttribute(next, "unix:ino")).isEqualTo(inode);
    assertThat(Files.readAllBytes(next)).hasSize(BYTES).containsOnly((byte) 0);
    assertThat(SpareSegment.recycled(directory)).isEmpty();
  }

  @Test
  void aSpareReachesTheDiskAStepAtATime(@TempDir Path directory) throws Exception {
    // Each of the writer's fsyncs waits for every write in flight: a spare written whole and
    // fsynced once held them up to 19 ms; one fsynced a step at a time holds them for one step.
    long step = SpareSegment.STEP_BYTES;
    FaultyChannels channels = new FaultyChannels();
    Path next = directory.resolve(Segments.fileName(1));
    try (SpareSegment spare = new SpareSegment(directory, 4 * step, channels)) {
      spare.request();
      await().atMost(Duration.ofSeconds(30)).until(() -> spare.moveTo(next));
    }
    // The moved spare's fsyncs; the next spare, begun on the move, may have made its first.
    assertThat(channels.spareSyncedSizes()).startsWith(step, 2 * step, 3 * step, 4 * step);
    assertThat(Files.readAllBytes(next)).hasSize((int) (4 * step)).containsOnly((byte) 0);
  }

  @Test
  void aWriterRollingAsFastAsSparesAreReadyFindsEachOneWhole(@TempDir Path directory)
      throws Exception {
    // The writer asks for a spare on every roll it finds none ready; a spare finished at that very
    // moment must not be deleted by a second preparation.
    int wanted = 500;
    int moved = 0;
    try (SpareSegment spare = new SpareSegment(directory, 512, SegmentChannels.FILES)) {
      spare.request();
      Path segment = directory.resolve(Segments.fileName(0));
      while (moved < wanted) {
        if (spare.moveTo(segment)) {
          moved++;
          assertThat(Files.size(segment)).isEqualTo(512);
          segment = directory.resolve(Segments.fileName(moved));
        }
      }
    }
    assertThat(moved).isEqualTo(wanted);
  }

  @Test
  void aSpareTheDiskHasNoRoomForIsDeletedNotLeftHalfWritten(@TempDir Path directory)
      throws Exception {
    FaultyChannels channels = new FaultyChannels();
    channels.diskFullAfterSpareBytes(BYTES / 2);
    Path spareFile = directory.resolve(SpareSegment.FILE_NAME);

    try (SpareSegment spare = new SpareSegment(directory, BYTES, channels)) {
      spare.request();
      await().atMost(Duration.ofSeconds(30)).until(() -> channels.spareWritesRefused() > 0);

      // The zeros written before the disk filled up would keep the writer's segment from growing.
      await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(spareFile));
      assertThat(spare.moveTo(directory.resolve(Segments.fileName(1)))).isFalse();
    }
    assertThat(directory.resolve(Segments.fileName(1))).doesNotExist();
  }
}
