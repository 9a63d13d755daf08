package io.insightmesh.products.claims.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayPositionTest {
  @TempDir Path directory;

  @Test
  void aNewReplayStartsAtTheFirstRecord() {
    assertThat(ReplayPosition.load(directory.resolve("replay.position")).position()).isZero();
  }

  @Test
  void answersOutOfOrderMoveThePositionOnlyPastRecordsAllAnswered() {
    ReplayPosition position = ReplayPosition.load(directory.resolve("replay.position"));

    position.answered(1);
    position.answered(2);
    assertThat(position.position()).as("record 0 is still in flight").isZero();

    position.answered(0);
    assertThat(position.position()).isEqualTo(3);

    position.answered(5);
    position.answered(3);
    assertThat(position.position()).as("record 4 is still in flight").isEqualTo(4);

    position.answered(4);
    assertThat(position.position()).isEqualTo(6);
  }

  @Test
  void aSavedPositionIsWhereTheNextRunResumes() throws Exception {
    Path file = directory.resolve("demo").resolve("replay.position");
    ReplayPosition first = ReplayPosition.load(file);
    for (long record = 0; record < 40; record++) {
      first.answered(record);
    }
    first.save();

    assertThat(Files.readString(file)).isEqualTo("40\n");
    assertThat(Files.exists(file.resolveSibling("replay.position.tmp"))).isFalse();
    ReplayPosition resumed = ReplayPosition.load(file);
    assertThat(resumed.position()).isEqualTo(40);

    resumed.answered(39);
    resumed.answered(40);
    assertThat(resumed.position())
        .as("an answer from before the restart changes nothing")
        .isEqualTo(41);
  }

  @Test
  void aDamagedPositionFileIsNamedWithTheWayOut() throws Exception {
    Path file = directory.resolve("replay.position");
    Files.writeString(file, "forty\n");

    assertThatThrownBy(() -> ReplayPosition.load(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Invalid replay position file "
                + file
                + ": it must hold a count of records, not 'forty'; delete it to replay from the"
                + " start");
  }
}
