package io.insightmesh.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.store.CorruptLinesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogDurabilityTest {
  private static final Instant DAY_ONE = Instant.parse("2026-11-28T23:59:00Z");
  private static final Instant DAY_TWO = Instant.parse("2026-11-29T00:01:00Z");

  @TempDir Path directory;

  @Test
  void keepsOneFilePerDayAndReturnsTheLatestEntriesNewestFirstAfterReopening() {
    try (AuditLog log = AuditLog.open(directory)) {
      log.record(entry(DAY_ONE, "first"));
      log.record(entry(DAY_ONE.plusSeconds(1), "second"));
      log.record(entry(DAY_TWO, "third"));
    }

    assertThat(directory.resolve("audit-2026-11-28.jsonl")).exists();
    assertThat(directory.resolve("audit-2026-11-29.jsonl")).exists();
    try (AuditLog log = AuditLog.open(directory)) {
      assertThat(log.recent(2)).extracting(AuditEntry::detail).containsExactly("third", "second");
      assertThat(log.recent(10))
          .extracting(AuditEntry::detail)
          .containsExactly("third", "second", "first");
      assertThat(log.recent(1).get(0)).isEqualTo(entry(DAY_TWO, "third"));
    }
  }

  @Test
  void aTornLastLineIsSkippedAndNeverEndsUpInTheMiddle() throws IOException {
    try (AuditLog log = AuditLog.open(directory)) {
      log.record(entry(DAY_TWO, "kept"));
    }
    Path file = directory.resolve("audit-2026-11-29.jsonl");
    Files.writeString(file, "{\"at\":\"2026-11-29T00:02:00Z\",\"princ", StandardOpenOption.APPEND);

    try (AuditLog log = AuditLog.open(directory)) {
      assertThat(log.recent(10)).extracting(AuditEntry::detail).containsExactly("kept");
      log.record(entry(DAY_TWO.plusSeconds(5), "after the crash"));
      assertThat(log.recent(10))
          .extracting(AuditEntry::detail)
          .containsExactly("after the crash", "kept");
    }
  }

  @Test
  void refusesACorruptLineInTheMiddleNamingItsNumber() throws IOException {
    Files.writeString(directory.resolve("audit-2026-11-29.jsonl"), "not json\n{}\n");
    try (AuditLog log = AuditLog.open(directory)) {
      assertThatThrownBy(() -> log.recent(5))
          .isInstanceOf(CorruptLinesException.class)
          .hasMessageEndingWith("audit-2026-11-29.jsonl: line 1 is not an audit entry");
      assertThatThrownBy(() -> log.recent(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("limit 0 must be between 1 and 10000");
    }
  }

  private static AuditEntry entry(Instant at, String detail) {
    return new AuditEntry(at, "analyst", "rules.change", "ruleset", detail);
  }
}
