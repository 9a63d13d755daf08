package io.insightmesh.decisions.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.insightmesh.decisions.log.DecisionLog.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {
  /** Segments of 18 frames of a 200-byte payload, so a few hundred records roll many times. */
  private static final Options SMALL_SEGMENTS = new Options(4096, 512, 1 << 20);

  /**
   * How long a test waits for what must happen before calling it hung: on a loaded CI disk one
   * fsync can take seconds, and a passing run never waits this out.
   */
  private static final long GUARD_SECONDS = 60;

  private static final int FRAME_OF_200 = Frames.HEADER_BYTES + 200;

  @TempDir Path directory;

  @Test
  void appendedRecordsReadBackInSequenceOrder() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      long first = log.append(utf8("decision-1")).get(GUARD_SECONDS, TimeUnit.SECONDS);
      List<Long> batch =
          log.append(List.of(utf8("decision-2"), new byte[0], utf8("decision-4")))
              .get(GUARD_SECONDS, TimeUnit.SECONDS);

      assertThat(first).isEqualTo(1);
      assertThat(batch).containsExactly(2L, 3L, 4L);
      assertThat(log.durableSequence()).isEqualTo(4);
      assertThat(readAll(log))
          .containsExactly(
              new LogRecord(1, utf8("decision-1")),
              new LogRecord(2, utf8("decision-2")),
              new LogRecord(3, new byte[0]),
              new LogRecord(4, utf8("decision-4")));
    }
  }

  @Test
  void appendCopiesThePayloadSoLaterChangesByTheCallerAreNotLogged() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      byte[] payload = utf8("ACCEPT");
      CompletableFuture<Long> appended = log.append(payload);
      payload[0] = 'X';
      appended.get(GUARD_SECONDS, TimeUnit.SECONDS);

      assertThat(readAll(log)).containsExactly(new LogRecord(1, utf8("ACCEPT")));
    }
  }

  @Test
  void appendOwnedCompletesOnTheCallersExecutorOnceDurable() throws Exception {
    java.util.concurrent.ExecutorService loop =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> new Thread(task, "request-event-loop"));
    // The loop is held until the continuation below is attached: a completion that came first
    // would run the continuation on the attaching thread instead.
    java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
    loop.execute(
        () -> {
          try {
            attached.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      CompletableFuture<String> completedOn =
          log.appendOwned(utf8("decision-1"), loop)
              .thenApply(sequence -> sequence + " on " + Thread.currentThread().getName());
      attached.countDown();
      long second = log.append(utf8("decision-2")).get(GUARD_SECONDS, TimeUnit.SECONDS);

      assertThat(completedOn.get(GUARD_SECONDS, TimeUnit.SECONDS))
          .isEqualTo("1 on request-event-loop");
      assertThat(second).isEqualTo(2);
      assertThat(readAll(log))
          .containsExactly(
              new LogRecord(1, utf8("decision-1")), new LogRecord(2, utf8("decision-2")));
    } finally {
      loop.shutdownNow();
    }
  }

  @Test
  void appendOwnedFallsBackToTheCompletionThreadWhenItsExecutorRefuses() throws Exception {
    java.util.concurrent.ExecutorService stopped =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    stopped.shutdown();
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThat(log.appendOwned(utf8("decision-1"), stopped).get(GUARD_SECONDS, TimeUnit.SECONDS))
          .isEqualTo(1);
    }
  }

  @Test
  void anErrorInTheCallersExecutorNeitherLosesTheCompletionNorStopsTheWriter() throws Exception {
    java.util.concurrent.Executor broken =
        command -> {
          throw new OutOfMemoryError("unable to create native thread");
        };
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      // Before: the Error ended the writer thread; this future and every later append waited for
      // ever while the log said it was writable.
      assertThat(log.appendOwned(utf8("decision-1"), broken).get(GUARD_SECONDS, TimeUnit.SECONDS))
          .isEqualTo(1);
      assertThat(log.append(utf8("decision-2")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(log.writable()).isTrue();
    }
  }

  @Test
  void sequencesContinueAcrossReopen() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      log.append(List.of(utf8("a"), utf8("b"))).get(GUARD_SECONDS, TimeUnit.SECONDS);
    }
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThat(log.durableSequence()).isEqualTo(2);
      assertThat(log.append(utf8("c")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
      assertThat(readAll(log)).extracting(LogRecord::sequence).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void theLowestSequenceAnOpenStartedFromIsKeptUntilATableMatchesTheLog() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThat(log.matchableSequence()).isZero();
      log.tableMatched();
      appendSequentially(log, 5, 200);
      assertThat(log.matchableSequence()).isEqualTo(5);
    }
    // A kill -9 in the middle of writing the fifth frame, then two restarts no table compares.
    Path segment = segments().get(0);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(segment) - 100);
    }
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      log.append(List.of(utf8("e"), utf8("f"), utf8("g"))).get(GUARD_SECONDS, TimeUnit.SECONDS);
      assertThat(log.durableSequence()).isEqualTo(7);
      assertThat(log.matchableSequence()).isEqualTo(4);
    }
    // A crash while the point was being rewritten leaves its temporary file behind.
    Files.write(directory.resolve(".tmp-" + ReopenedAt.FILE), utf8("9"));
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThat(log.matchableSequence()).isEqualTo(4);

      log.tableMatched();

      assertThat(log.matchableSequence()).isEqualTo(7);
      assertThat(log.append(utf8("h")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(8);
      assertThat(log.matchableSequence()).isEqualTo(8);
    }
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThat(log.matchableSequence()).isEqualTo(8);
      assertThat(log.append(utf8("i")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(9);
      assertThat(log.matchableSequence()).isEqualTo(8);
    }
  }

  @Test
  void rollsToSegmentsNamedByTheirFirstSequence() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 40, 200);
    }

    assertThat(segmentNames())
        .containsExactly(
            "segment-00000000000000000001.log",
            "segment-00000000000000000019.log",
            "segment-00000000000000000037.log");
    for (Path segment : segments()) {
      assertThat(Files.size(segment)).isLessThanOrEqualTo(SMALL_SEGMENTS.segmentBytes());
    }
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(log.stats().segments()).isEqualTo(3);
      assertThat(readAll(log))
          .extracting(LogRecord::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
      assertThat(log.reader(19).next()).map(LogRecord::payload).contains(payload(19, 200));
    }
  }

  @Test
  void truncateBeforeDeletesOnlySegmentsWhoseRecordsAreAllCommitted() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 40, 200);

      assertThat(log.truncateBefore(19)).isEqualTo(1);
      assertThat(log.truncateBefore(36)).isZero();
      assertThat(log.firstSequence()).isEqualTo(19);
      assertThat(segmentNames())
          .containsExactly("segment-00000000000000000019.log", "segment-00000000000000000037.log");
      assertThatThrownBy(() -> log.reader(18))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Cannot read decision log "
                  + directory
                  + " from sequence 18: it starts at 19 (earlier segments were truncated)");

      // Everything committed: the active segment stays and carries the sequence on.
      assertThat(log.truncateBefore(41)).isEqualTo(1);
      assertThat(segmentNames()).containsExactly("segment-00000000000000000037.log");
    }
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(log.firstSequence()).isEqualTo(37);
      assertThat(log.append(utf8("next")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(41);
      assertThat(readAll(log)).extracting(LogRecord::sequence).startsWith(37L).endsWith(41L);
    }
  }

  /** Segments hold whole claims: other local users could read every NINO and bank account. */
  @Test
  void theLogIsReadableByItsOwnerAlone() throws Exception {
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(
        directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 40, 200);
      assertThat(log.truncateBefore(19)).isEqualTo(1);
    }

    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.toList())
          .hasSizeGreaterThan(2)
          .allSatisfy(
              file ->
                  assertThat(
                          java.nio.file.attribute.PosixFilePermissions.toString(
                              Files.getPosixFilePermissions(file)))
                      .as(file.getFileName().toString())
                      .isEqualTo("rw-------"));
    }
  }

  /**
   * The engine rebuilds its velocity counters (claims per device, account, … in the last hour) from
   * the log at a restart: committed segments retired at once left it the newest segment's claims
   * only. With a retention, a committed segment stays until that long after its last write.
   */
  @Test
  void aCommittedSegmentIsKeptUntilItsRetentionHasPassed() throws Exception {
    try (DecisionLog log =
        DecisionLog.open(directory, SMALL_SEGMENTS.withRetention(Duration.ofMinutes(66)))) {
      appendSequentially(log, 40, 200);

      assertThat(log.truncateBefore(41)).isZero();
      assertThat(log.firstSequence()).isEqualTo(1);
      assertThat(readAll(log)).hasSize(40);

      // The first segment was last written 67 minutes ago, the second 10 minutes ago.
      Path first = directory.resolve("segment-00000000000000000001.log");
      Path second = directory.resolve("segment-00000000000000000019.log");
      java.time.Instant now = java.time.Instant.now();
      Files.setLastModifiedTime(
          first, java.nio.file.attribute.FileTime.from(now.minus(Duration.ofMinutes(67))));
      Files.setLastModifiedTime(
          second, java.nio.file.attribute.FileTime.from(now.minus(Duration.ofMinutes(10))));

      assertThat(log.truncateBefore(41)).isEqualTo(1);
      assertThat(log.firstSequence()).isEqualTo(19);
      assertThat(segmentNames())
          .containsExactly("segment-00000000000000000019.log", "segment-00000000000000000037.log");
    }
  }

  @Test
  void aSegmentThatCannotBeRetiredStaysInTheLogAndNoLaterOneGoesBeforeIt() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 40, 200);
      // A non-empty directory where the first segment would be renamed to stands for a disk
      // refusing the rename.
      Path first = segments().get(0);
      Path blocker =
          directory.resolve(SpareSegment.RECYCLED_PREFIX + first.getFileName()).resolve("blocker");
      Files.createDirectories(blocker);

      assertThatThrownBy(() -> log.truncateBefore(37))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("Cannot retire decision log segment " + first);
      assertThat(log.firstSequence()).isEqualTo(1);
      // Tried again, it stops at the same segment: retiring the next would leave a gap.
      assertThatThrownBy(() -> log.truncateBefore(37)).isInstanceOf(UncheckedIOException.class);
      assertThat(segmentNames())
          .contains("segment-00000000000000000001.log", "segment-00000000000000000019.log");

      Files.delete(blocker);
      Files.delete(blocker.getParent());
      assertThat(log.truncateBefore(37)).isEqualTo(2);
      assertThat(log.firstSequence()).isEqualTo(37);
    }
  }

  @Test
  void retiredSegmentsBecomeLaterSegmentsZeroedInsteadOfBeingDeleted() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 72, 200);
      List<Path> held = segments();
      assertThat(held).hasSize(4);
      Object firstFile = Files.getAttribute(held.get(0), "unix:ino");
      // The spare for the roll to 73 is zeroed in the background, paced; on a loaded machine the
      // appends can outrun it, and a roll that finds none grows a segment instead. The rolls this
      // test is about are the two after the truncation, so they start from a ready spare.
      await().atMost(Duration.ofSeconds(GUARD_SECONDS)).until(log::spareReady);
      long grownBefore = log.stats().grownSegments();

      // Three segments committed: two are kept aside for reuse, the third is deleted.
      assertThat(log.truncateBefore(55)).isEqualTo(3);
      assertThat(SpareSegment.recycled(directory))
          .extracting(file -> file.getFileName().toString())
          .containsExactly(
              "recycled-segment-00000000000000000001.log",
              "recycled-segment-00000000000000000019.log");

      // The roll to 73 takes the spare prepared before the truncation and starts the next one,
      // made of the oldest recycled file, zeroed before the roll to 91 takes it.
      for (long sequence = 73; sequence <= 91; sequence++) {
        if (sequence == 91) {
          await().atMost(Duration.ofSeconds(GUARD_SECONDS)).until(log::spareReady);
          assertThat(SpareSegment.recycled(directory)).hasSize(1);
        }
        assertThat(log.append(payload(sequence, 200)).get(GUARD_SECONDS, TimeUnit.SECONDS))
            .isEqualTo(sequence);
      }
      Path segment91 = directory.resolve(Segments.fileName(91));
      assertThat(Files.getAttribute(segment91, "unix:ino")).isEqualTo(firstFile);
      assertThat(log.stats().grownSegments()).isEqualTo(grownBefore);
      // Zeroed: after the one record, nothing of the records it held before.
      byte[] bytes = Files.readAllBytes(segment91);
      assertThat(Arrays.copyOfRange(bytes, FRAME_OF_200, bytes.length)).containsOnly((byte) 0);
    }
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(readAll(log))
          .extracting(LogRecord::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(55, 91).boxed().toList());
    }
  }

  @Test
  void recordsRecoveredAtOpenAreFsyncedBeforeAnyCountsAsDurable() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 5, 200);
    }
    FaultyChannels channels = new FaultyChannels();
    channels.failForce();

    // After kill -9 the recovered records may sit in the page cache only: no fsync, no open.
    assertThatThrownBy(() -> DecisionLog.open(directory, SMALL_SEGMENTS, channels))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot open decision log " + directory)
        .hasRootCauseMessage("injected fsync failure (EIO)");
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(readAll(log)).hasSize(5);
    }
  }

  @Test
  void truncateBeforeRefusesSequencesThatAreNotYetDurable() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      appendSequentially(log, 3, 10);

      assertThatThrownBy(() -> log.truncateBefore(5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Cannot truncate decision log "
                  + directory
                  + " before sequence 5: only records up to 3 are durable");
    }
  }

  @Test
  void tornLastFrameIsTruncatedOnOpenAndSequencesContinue() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      appendSequentially(log, 5, 200);
    }
    Path segment = segments().get(0);
    long size = Files.size(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      // A kill -9 in the middle of writing the fifth frame.
      channel.truncate(size - 100);
    }

    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThat(log.stats().recoveredTruncatedBytes()).isEqualTo(FRAME_OF_200 - 100);
      assertThat(log.durableSequence()).isEqualTo(4);
      assertThat(log.append(utf8("again")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(5);
      assertThat(readAll(log)).extracting(LogRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(readAll(log).get(4).payload()).isEqualTo(utf8("again"));
    }
  }

  @Test
  void garbageAfterTheLastFrameIsTruncatedOnOpen() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 20, 200);
    }
    Path last = segments().get(segments().size() - 1);
    byte[] garbage = utf8("not a frame, just bytes a crashed disk left behind");
    Files.write(last, garbage, StandardOpenOption.APPEND);

    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(log.stats().recoveredTruncatedBytes()).isEqualTo(garbage.length);
      assertThat(log.append(utf8("after")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(21);
      assertThat(readAll(log))
          .extracting(LogRecord::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 21).boxed().toList());
    }
  }

  @Test
  void zerosAfterTheLastFrameAreRoomTheWriterGoesOnUsing() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 5, 200);
    }
    Path segment = segments().get(0);
    // What a writer killed in a zero-filled segment leaves: its records, then zeros to the end.
    extendWithZeros(segment, SMALL_SEGMENTS.segmentBytes());

    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(log.stats().recoveredTruncatedBytes()).isZero();
      assertThat(log.durableSequence()).isEqualTo(5);
      assertThat(log.append(payload(6, 200)).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(6);
      assertThat(Files.size(segment)).isEqualTo(SMALL_SEGMENTS.segmentBytes());
      assertThat(readAll(log))
          .extracting(LogRecord::sequence)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
    assertThat(Files.size(segment)).isEqualTo(6L * FRAME_OF_200);
  }

  @Test
  void aCleanlyClosedLogIsZeroFilledAgainWhenOpened() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 5, 200);
      assertThat(Files.size(segments().get(0))).isEqualTo(SMALL_SEGMENTS.segmentBytes());
    }
    assertThat(Files.size(segments().get(0))).isEqualTo(5L * FRAME_OF_200);

    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(Files.size(segments().get(0))).isEqualTo(SMALL_SEGMENTS.segmentBytes());
      assertThat(log.append(payload(6, 200)).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(6);
      assertThat(readAll(log)).hasSize(6);
    }
  }

  @Test
  void aTornFrameAmongTheZerosIsCutOffWithThem() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 5, 200);
    }
    Path segment = segments().get(0);
    byte[] random = new byte[200];
    new java.util.Random(6).nextBytes(random);
    ByteBuffer sixth = ByteBuffer.allocate(FRAME_OF_200);
    Frames.encode(sixth, 6, random, new java.util.zip.CRC32C());
    // The first half of the sixth frame reached the disk, the rest of the segment is still zeros.
    Files.write(segment, Arrays.copyOf(sixth.array(), FRAME_OF_200 / 2), StandardOpenOption.APPEND);
    extendWithZeros(segment, SMALL_SEGMENTS.segmentBytes());

    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(log.stats().recoveredTruncatedBytes())
          .isEqualTo(SMALL_SEGMENTS.segmentBytes() - 5L * FRAME_OF_200);
      assertThat(log.append(payload(6, 200)).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(6);
      assertThat(readAll(log).get(5).payload()).isEqualTo(payload(6, 200));
    }
  }

  @Test
  void aFrameTornRightAfterItsMagicIsCutOffNotTakenForANewerRelease() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 5, 200);
    }
    Path segment = segments().get(0);
    ByteBuffer sixth = ByteBuffer.allocate(FRAME_OF_200);
    Frames.encode(sixth, 6, payload(6, 200), new java.util.zip.CRC32C());
    // Only the magic reached the disk: the version byte after it is one of the zeros ahead.
    Files.write(segment, Arrays.copyOf(sixth.array(), 4), StandardOpenOption.APPEND);
    extendWithZeros(segment, SMALL_SEGMENTS.segmentBytes());

    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(log.stats().recoveredTruncatedBytes())
          .isEqualTo(SMALL_SEGMENTS.segmentBytes() - 5L * FRAME_OF_200);
      assertThat(log.append(payload(6, 200)).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(6);
      assertThat(readAll(log)).hasSize(6);
    }
  }

  @Test
  void theWriterRollsToSegmentsZeroFilledAheadAndCutsEachToItsRecords() throws Exception {
    long sequence = 0;
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      // The first segment was zero-filled at open; spares are prepared in the background:
      // append until the writer has rolled to one.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
      while (!(segments().size() >= 2 && Files.size(last()) == SMALL_SEGMENTS.segmentBytes())
          && System.nanoTime() < deadline) {
        sequence++;
        assertThat(log.append(payload(sequence, 200)).get(GUARD_SECONDS, TimeUnit.SECONDS))
            .isEqualTo(sequence);
        Thread.sleep(5);
      }
      // The active segment holds its records, then zeros the writer fills in; the ones it left
      // hold exactly their 18 records.
      assertThat(Files.size(last())).isEqualTo(SMALL_SEGMENTS.segmentBytes());
      assertThat(log.stats().preparedSegments()).isPositive();
      List<Path> held = segments();
      for (Path earlier : held.subList(0, held.size() - 1)) {
        assertThat(Files.size(earlier)).isEqualTo(18L * FRAME_OF_200);
      }
    }
    long recordsInLast = (sequence - 1) % 18 + 1;
    assertThat(Files.size(last())).isEqualTo(recordsInLast * FRAME_OF_200);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .doesNotContain(SpareSegment.FILE_NAME);
    }
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThat(readAll(log))
          .extracting(LogRecord::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, sequence).boxed().toList());
    }
  }

  @Test
  void damageInsideAnEarlierSegmentFailsTheOpenNamingFileAndOffset() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 40, 200);
    }
    Path first = segments().get(0);
    flipByte(first, FRAME_OF_200 + Frames.HEADER_BYTES + 10);

    assertThatThrownBy(() -> DecisionLog.open(directory, SMALL_SEGMENTS))
        .isInstanceOf(CorruptLogException.class)
        .hasMessage(
            "Decision log segment "
                + first
                + " is corrupt at offset "
                + FRAME_OF_200
                + ": checksum mismatch in a frame of "
                + FRAME_OF_200
                + " bytes")
        .satisfies(
            thrown -> {
              CorruptLogException corrupt = (CorruptLogException) thrown;
              assertThat(corrupt.file()).isEqualTo(first);
              assertThat(corrupt.offset()).isEqualTo(FRAME_OF_200);
            });
  }

  @Test
  void aMissingMiddleSegmentFailsTheOpen() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      appendSequentially(log, 40, 200);
    }
    Files.delete(segments().get(1));

    assertThatThrownBy(() -> DecisionLog.open(directory, SMALL_SEGMENTS))
        .isInstanceOf(CorruptLogException.class)
        .hasMessage(
            "Decision log segment "
                + directory.resolve("segment-00000000000000000037.log")
                + " is corrupt at offset 0: the segment is named for sequence 37 but the previous"
                + " segment ends at 18");
  }

  @Test
  void readerRefusesADamagedDurableRecord() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      appendSequentially(log, 3, 200);
      Path segment = segments().get(0);
      flipByte(segment, 2L * FRAME_OF_200 + Frames.HEADER_BYTES);

      try (LogReader reader = log.reader(1)) {
        assertThat(reader.next()).isPresent();
        assertThat(reader.next()).isPresent();
        assertThatThrownBy(reader::next)
            .isInstanceOf(CorruptLogException.class)
            .hasMessage(
                "Decision log segment "
                    + segment
                    + " is corrupt at offset "
                    + 2 * FRAME_OF_200
                    + ": checksum mismatch in a frame of "
                    + FRAME_OF_200
                    + " bytes where durable sequence 3 was expected");
      }
    }
  }

  @Test
  void recordsAboveTheLimitAreRejected() {
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      assertThatThrownBy(() -> log.append(new byte[513]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot append record 0 of 513 bytes: the limit is maxRecordBytes 512");
      assertThatThrownBy(() -> log.append(List.of(new byte[10], new byte[600])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot append record 1 of 600 bytes: the limit is maxRecordBytes 512");
      assertThat(log.stats().records()).isZero();
    }
  }

  @Test
  void optionsRejectRecordsThatCannotFitASegment() {
    assertThatThrownBy(() -> new Options(1000, 1000, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid segmentBytes 1000: must hold the largest frame, 1021 bytes for"
                + " maxRecordBytes 1000");
  }

  @Test
  void optionsRejectSegmentsOverOneGibibyte() {
    assertThat(new Options(Options.MAX_SEGMENT_BYTES, 1000, 1 << 20).segmentBytes())
        .isEqualTo(1L << 30);
    // A length read from a damaged frame in a larger segment could overflow the reader's int.
    assertThatThrownBy(() -> new Options((4L << 30) + 1, 1000, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid segmentBytes 4294967297: must be at most 1073741824 (1 GiB)");
  }

  @Test
  void optionsRejectANegativeCoalescingDelayAndTooFewRecords() {
    assertThatThrownBy(() -> Options.defaults().withCoalescing(Duration.ofMillis(-1), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid coalesceDelay PT-0.001S: must not be negative");
    assertThatThrownBy(() -> Options.defaults().withCoalescing(Duration.ofMillis(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid coalesceRecords 0: must be at least 1");
  }

  @Test
  void appendsArrivingOneByOneWithinTheCoalescingDelayShareOneFsync() throws Exception {
    // A delay far longer than the test: once appends come closer together than that, only the
    // third record of a held commit can end the wait.
    Options coalescing = Options.defaults().withCoalescing(Duration.ofMinutes(10), 3);
    try (DecisionLog log = DecisionLog.open(directory, coalescing)) {
      assertThat(log.append(utf8("decision-1")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
      CompletableFuture<Long> second = log.append(utf8("decision-2"));
      CompletableFuture<Long> third = log.append(utf8("decision-3"));
      assertThat(second).isNotDone();
      CompletableFuture<Long> fourth = log.append(utf8("decision-4"));

      assertThat(List.of(second.get(GUARD_SECONDS, TimeUnit.SECONDS), third.get(), fourth.get()))
          .containsExactly(2L, 3L, 4L);
      assertThat(log.stats().batches()).isEqualTo(2);
      assertThat(log.stats().fsyncs()).isEqualTo(2);
      assertThat(log.stats().lastBatchRecords()).isEqualTo(3);
    }
  }

  @Test
  void anObserverIsToldEachGroupCommitsFsyncAndOneThatThrowsStopsNothing() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      BlockingQueue<Long> told = new LinkedBlockingQueue<>();
      log.observeFsyncs(told::add);
      for (int i = 1; i <= 3; i++) {
        log.append(utf8("decision-" + i)).get(GUARD_SECONDS, TimeUnit.SECONDS);
        // Told after the answer is on its way, so the test waits for it.
        Long nanos = told.poll(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(nanos).isPositive();
        assertThat(nanos / 1_000).isEqualTo(log.stats().lastFsyncMicros());
      }
      assertThat(log.stats().batches()).isEqualTo(3);

      CountDownLatch thrown = new CountDownLatch(1);
      log.observeFsyncs(
          nanos -> {
            thrown.countDown();
            throw new IllegalStateException("a broken metrics registry");
          });
      assertThat(log.append(utf8("decision-4")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(4);
      assertThat(thrown.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(log.append(utf8("decision-5")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(5);
      assertThat(told).isEmpty();
    }
  }

  @Test
  void anAppendWithNoneBeforeItIsNotHeldForCompany() throws Exception {
    // Were it held, it would wait the ten minutes out: nothing tells the writer company is coming.
    Options coalescing = Options.defaults().withCoalescing(Duration.ofMinutes(10), 1_000);
    try (DecisionLog log = DecisionLog.open(directory, coalescing)) {
      assertThat(log.append(utf8("decision-1")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(log.stats().lastBatchRecords()).isEqualTo(1);
    }
  }

  @Test
  void aLoneAppendIsDurableOnceTheCoalescingDelayHasPassed() throws Exception {
    Options coalescing = Options.defaults().withCoalescing(Duration.ofMillis(20), 1_000);
    try (DecisionLog log = DecisionLog.open(directory, coalescing)) {
      assertThat(log.append(utf8("decision-1")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(log.append(utf8("decision-2")).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);

      assertThat(log.stats().batches()).isEqualTo(2);
      assertThat(readAll(log))
          .containsExactly(
              new LogRecord(1, utf8("decision-1")), new LogRecord(2, utf8("decision-2")));
    }
  }

  @Test
  void closeMakesAHeldGroupCommitDurableAtOnce() throws Exception {
    DecisionLog log =
        DecisionLog.open(directory, Options.defaults().withCoalescing(Duration.ofMinutes(10), 8));
    log.append(utf8("decision-1")).get(GUARD_SECONDS, TimeUnit.SECONDS);
    // A second append soon after the first: the writer holds its commit open for company.
    CompletableFuture<Long> held = log.append(utf8("decision-2"));
    log.close();

    assertThat(held.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
    try (DecisionLog reopened = DecisionLog.open(directory, Options.defaults())) {
      assertThat(readAll(reopened))
          .containsExactly(
              new LogRecord(1, utf8("decision-1")), new LogRecord(2, utf8("decision-2")));
    }
  }

  @Test
  void appendsAfterCloseAreRejected() {
    DecisionLog log = DecisionLog.open(directory, Options.defaults());
    log.close();

    assertThatThrownBy(() -> log.append(utf8("late")))
        .isInstanceOf(DecisionLogClosedException.class)
        .hasMessage("Cannot append to decision log " + directory + ": it is closed");
  }

  @Test
  void aDirectoryCanBeOpenedOnlyOnce() {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      assertThatThrownBy(() -> DecisionLog.open(directory, Options.defaults()))
          .isInstanceOf(DecisionLogLockedException.class)
          .hasMessage(
              "Cannot open decision log "
                  + directory
                  + ": it is already open ("
                  + directory.resolve("decision-log.lock")
                  + " is locked)");
    }
  }

  @Test
  void appendsFailFastWhenTheQueueIsFullAndSucceedOnceTheDiskCatchesUp() throws Exception {
    FaultyChannels channels = new FaultyChannels();
    Options options = new Options(1 << 20, 512, 2048);
    try (DecisionLog log = DecisionLog.open(directory, options, channels)) {
      channels.holdForce();
      List<CompletableFuture<Long>> appended = new ArrayList<>();
      appended.add(log.append(new byte[200]));
      await().atMost(Duration.ofSeconds(GUARD_SECONDS)).until(channels::forceWaiting);
      for (int i = 0; i < 3; i++) {
        appended.add(log.append(new byte[512]));
      }

      assertThatThrownBy(() -> log.append(new byte[512]))
          .isInstanceOf(DecisionLogFullException.class)
          .hasMessage(
              "Cannot append 533 frame bytes to decision log "
                  + directory
                  + ": 1820 of queueCapacityBytes 2048 are already waiting for the disk");
      assertThat(log.stats().queuedBytes()).isEqualTo(1820);

      channels.releaseForce();
      CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new))
          .get(GUARD_SECONDS, TimeUnit.SECONDS);
      assertThat(appended).extracting(CompletableFuture::join).containsExactly(1L, 2L, 3L, 4L);
      assertThat(log.append(new byte[512]).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(5);
    }
  }

  @Test
  void anFsyncFailureFailsUnacknowledgedAppendsAndStopsTheLog() throws Exception {
    FaultyChannels channels = new FaultyChannels();
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults(), channels)) {
      assertThat(log.append(utf8("acknowledged")).get(GUARD_SECONDS, TimeUnit.SECONDS))
          .isEqualTo(1);

      channels.failForce();
      CompletableFuture<Long> failed = log.append(utf8("in doubt"));

      assertThat(failed)
          .failsWithin(Duration.ofSeconds(GUARD_SECONDS))
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(DecisionLogFailedException.class)
          .withMessageContaining("injected fsync failure (EIO)")
          .withMessageContaining("nothing after sequence 1 is acknowledged");
      assertThat(log.durableSequence()).isEqualTo(1);
      assertThatThrownBy(() -> log.append(utf8("refused")))
          .isInstanceOf(DecisionLogFailedException.class)
          .hasMessageStartingWith("Cannot append to decision log " + directory + ": the writer")
          .hasMessageContaining("nothing after sequence 1 is acknowledged");
      assertThat(log.awaitDurable(2, Duration.ofSeconds(5))).isFalse();
    }
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      // The failed record's bytes were written before the fsync failed: it may come back, as any
      // unknown outcome can, but the acknowledged one is there and sequences stay dense.
      List<LogRecord> records = readAll(log);
      assertThat(records.get(0)).isEqualTo(new LogRecord(1, utf8("acknowledged")));
      assertThat(records)
          .extracting(LogRecord::sequence)
          .containsExactlyElementsOf(
              LongStream.rangeClosed(1, log.durableSequence()).boxed().toList());
    }
  }

  @Test
  void concurrentAppendersGetDenseUniqueSequencesAndEveryAcknowledgedRecordIsReadable()
      throws Exception {
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (DecisionLog log = DecisionLog.open(directory, SMALL_SEGMENTS)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Acknowledged>>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  List<CompletableFuture<Acknowledged>> futures = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    String id = thread + "-" + i;
                    futures.add(log.append(utf8(id)).thenApply(seq -> new Acknowledged(seq, id)));
                  }
                  return futures.stream().map(CompletableFuture::join).toList();
                }));
      }
      start.countDown();
      List<Acknowledged> acknowledged = new ArrayList<>();
      for (Future<List<Acknowledged>> worker : workers) {
        acknowledged.addAll(worker.get(GUARD_SECONDS, TimeUnit.SECONDS));
      }

      assertThat(acknowledged)
          .extracting(Acknowledged::sequence)
          .containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(1, threads * perThread).boxed().toList());
      Set<LogRecord> expected =
          acknowledged.stream()
              .map(ack -> new LogRecord(ack.sequence(), utf8(ack.id())))
              .collect(Collectors.toSet());
      assertThat(new HashSet<>(readAll(log))).isEqualTo(expected);
      LogStats stats = log.stats();
      assertThat(stats.records()).isEqualTo(threads * perThread);
      assertThat(stats.batches()).isLessThan(stats.records());
      assertThat(stats.maxBatchRecords()).isGreaterThan(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReaderTailsRecordsAsTheyBecomeDurable() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults());
        LogReader reader = log.reader(1)) {
      assertThat(reader.next()).isEmpty();
      assertThat(reader.poll(10, Duration.ofMillis(1))).isEmpty();

      CompletableFuture<List<LogRecord>> polled =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return reader.poll(10, Duration.ofSeconds(GUARD_SECONDS));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      log.append(utf8("first")).get(GUARD_SECONDS, TimeUnit.SECONDS);

      assertThat(polled.get(GUARD_SECONDS, TimeUnit.SECONDS))
          .containsExactly(new LogRecord(1, utf8("first")));
      log.append(List.of(utf8("second"), utf8("third"))).get(GUARD_SECONDS, TimeUnit.SECONDS);
      assertThat(reader.poll(10, Duration.ofSeconds(GUARD_SECONDS)))
          .containsExactly(new LogRecord(2, utf8("second")), new LogRecord(3, utf8("third")));
      assertThat(reader.nextSequence()).isEqualTo(4);
    }
  }

  @Test
  void awaitDurableGivesUpWhenTheLogCloses() throws Exception {
    DecisionLog log = DecisionLog.open(directory, Options.defaults());
    CompletableFuture<Boolean> waited =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                // Far longer than the guard below: only the close can end this wait in time.
                return log.awaitDurable(1, Duration.ofHours(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    log.close();

    assertThat(waited.get(GUARD_SECONDS, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void statsCountRecordsBytesBatchesAndFsyncs() throws Exception {
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      appendSequentially(log, 10, 200);
      log.append(List.of(new byte[200], new byte[200], new byte[200]))
          .get(GUARD_SECONDS, TimeUnit.SECONDS);

      LogStats stats = log.stats();
      assertThat(stats.records()).isEqualTo(13);
      assertThat(stats.bytes()).isEqualTo(13L * FRAME_OF_200);
      assertThat(stats.batches()).isEqualTo(11);
      assertThat(stats.fsyncs()).isEqualTo(11);
      assertThat(stats.lastBatchRecords()).isEqualTo(3);
      assertThat(stats.maxBatchRecords()).isEqualTo(3);
      assertThat(stats.averageBatchRecords()).isEqualTo(13.0 / 11);
      assertThat(stats.durableSequence()).isEqualTo(13);
      assertThat(stats.queuedBytes()).isZero();
    }
  }

  @Test
  void recordsNeverPrintTheirPayload() {
    assertThat(new LogRecord(7, utf8("AB123456C")))
        .hasToString("LogRecord[sequence=7, payload=9 bytes]");
  }

  private record Acknowledged(long sequence, String id) {}

  private static void appendSequentially(DecisionLog log, int count, int payloadBytes)
      throws Exception {
    for (int i = 1; i <= count; i++) {
      assertThat(log.append(payload(i, payloadBytes)).get(GUARD_SECONDS, TimeUnit.SECONDS))
          .isEqualTo(i);
    }
  }

  /** A payload whose first bytes name its sequence, padded to a size. */
  private static byte[] payload(long sequence, int size) {
    byte[] bytes = new byte[size];
    byte[] label = utf8("record-" + sequence);
    System.arraycopy(label, 0, bytes, 0, label.length);
    return bytes;
  }

  static List<LogRecord> readAll(DecisionLog log) {
    List<LogRecord> records = new ArrayList<>();
    try (LogReader reader = log.reader(log.firstSequence())) {
      for (Optional<LogRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
        records.add(next.get());
      }
    }
    return records;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("segment-"))
          .sorted()
          .toList();
    }
  }

  private Path last() throws IOException {
    List<Path> held = segments();
    return held.get(held.size() - 1);
  }

  private List<String> segmentNames() throws IOException {
    return segments().stream().map(file -> file.getFileName().toString()).toList();
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.flip();
      one.put(0, (byte) (one.get(0) ^ 0x5A));
      channel.write(one, offset);
    }
  }

  private static void extendWithZeros(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long size = channel.size();
      channel.write(ByteBuffer.allocate((int) (length - size)), size);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
