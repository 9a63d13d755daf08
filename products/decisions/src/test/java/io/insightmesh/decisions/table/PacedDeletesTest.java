package io.insightmesh.decisions.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacedDeletesTest {
  private static final Duration GRACE = Duration.ofMinutes(15);
  private static final long KIB = 1024;

  @TempDir Path directory;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));

  @Test
  void anExpiredFileStaysReadableForTheGraceThenGoes() throws IOException {
    Path file = file("manifest-1.avro", 10 * KIB);
    PacedDeletes deletes = deletes(1024 * KIB);

    deletes.deleteLater(file.toString());
    deletes.flush();
    clock.advance(GRACE.minusSeconds(1));
    assertThat(deletes.tick()).isZero();
    assertThat(file).exists();

    clock.advance(Duration.ofSeconds(1));
    assertThat(deletes.tick()).isEqualTo(1);
    assertThat(file).doesNotExist();
    assertThat(deletes.pending()).isZero();
  }

  @Test
  void dueFilesGoAFewMegabytesATickAndALargeOneHoldsBackTheTicksAfterIt() throws IOException {
    List<Path> small = new ArrayList<>();
    PacedDeletes deletes = deletes(100 * KIB);
    Path large = file("compacted-1.parquet", 350 * KIB);
    deletes.deleteLater(large.toString());
    for (int i = 0; i < 4; i++) {
      small.add(file("data-" + i + ".parquet", 40 * KIB));
      deletes.deleteLater(small.get(i).toString());
    }
    clock.advance(GRACE);

    // The large file goes alone, and its 250 KiB over the allowance are paid by the next ticks.
    assertThat(deletes.tick()).isEqualTo(1);
    assertThat(large).doesNotExist();
    assertThat(deletes.tick()).isZero();
    assertThat(deletes.tick()).isZero();
    assertThat(small).allMatch(Files::exists);
    // Paid off (-250 + 3 × 100): 50 KiB left buys one 40 KiB file and starts on the next.
    assertThat(deletes.tick()).isEqualTo(2);
    assertThat(deletes.tick()).isEqualTo(2);
    assertThat(small).noneMatch(Files::exists);
    assertThat(deletes.deleted()).isEqualTo(5);
  }

  @Test
  void filesWaitingOutliveARestartThroughTheJournal() throws IOException {
    Path file = file("snap-1.avro", KIB);
    PacedDeletes before = deletes(1024 * KIB);
    before.deleteLater(file.toString());
    before.close();

    PacedDeletes after = deletes(1024 * KIB);
    assertThat(after.pending()).isEqualTo(1);
    clock.advance(GRACE);
    assertThat(after.tick()).isEqualTo(1);
    assertThat(file).doesNotExist();
  }

  @Test
  void aJournalLineCutShortByACrashIsNotTakenForAPath() throws IOException {
    Path victim = file("data", KIB);
    Path kept = file("data-1.parquet", KIB);
    Path journal = directory.resolve("expired-files.pending");
    long due = clock.millis();
    // The crash cut "…/data-1.parquet" after "…/data": a file of that name must survive.
    Files.writeString(journal, due + " " + kept + "\n" + due + " " + victim, UTF_8);

    PacedDeletes deletes = deletes(1024 * KIB);
    deletes.tick();

    assertThat(kept).doesNotExist();
    assertThat(victim).exists();
  }

  @Test
  void theJournalIsCutBackToTheFilesStillWaiting() throws IOException {
    PacedDeletes deletes = deletes(1024 * KIB * 1024);
    for (int i = 0; i < 1_100; i++) {
      deletes.deleteLater(directory.resolve("gone-" + i).toString());
    }
    deletes.flush();
    clock.advance(GRACE);
    deletes.deleteLater(directory.resolve("later").toString());
    deletes.flush();

    assertThat(deletes.tick()).isEqualTo(1_100);

    assertThat(Files.readAllLines(directory.resolve("expired-files.pending")))
        .singleElement()
        .asString()
        .endsWith("/later");
  }

  @Test
  void aFileThatCannotBeDeletedIsLeftAndTheOthersGo() throws IOException {
    Path full = Files.createDirectories(directory.resolve("not-a-file"));
    Files.writeString(full.resolve("inside"), "x");
    Path file = file("data-1.parquet", KIB);
    PacedDeletes deletes = deletes(1024 * KIB);
    deletes.deleteLater(full.toString());
    deletes.deleteLater(file.toString());
    clock.advance(GRACE);

    assertThat(deletes.tick()).isEqualTo(2);

    assertThat(full).exists();
    assertThat(file).doesNotExist();
    assertThat(deletes.pending()).isZero();
  }

  @Test
  void aNegativeGraceIsRefused() {
    assertThatThrownBy(
            () ->
                new PacedDeletes(
                    new LocalFileIO(),
                    directory.resolve("journal"),
                    Duration.ofSeconds(-1),
                    KIB,
                    clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid delete grace PT-1S: must not be negative");
  }

  private PacedDeletes deletes(long bytesPerTick) {
    return new PacedDeletes(
        new LocalFileIO(), directory.resolve("expired-files.pending"), GRACE, bytesPerTick, clock);
  }

  private Path file(String name, long bytes) throws IOException {
    Path file = directory.resolve(name);
    Files.write(file, new byte[(int) bytes]);
    return file;
  }
}
