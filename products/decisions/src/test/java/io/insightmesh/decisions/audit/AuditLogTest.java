package io.insightmesh.decisions.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path directory;

  private static AuditEntry entry(int n) {
    return new AuditEntry(
        Instant.parse("2020-06-01T10:00:00Z").plusSeconds(n),
        "case-worker",
        "search",
        "nino",
        "f".repeat(64),
        "case-" + n,
        null);
  }

  @Test
  void entriesAreDurableAndReadNewestFirst() throws Exception {
    try (AuditLog log = AuditLog.open(directory)) {
      log.record(entry(1));
      log.record(entry(2));
      assertThat(log.recent(10)).containsExactly(entry(2), entry(1));
    }
    assertThat(Files.readAllLines(directory.resolve("audit.jsonl")))
        .containsExactly(
            "{\"at\":\"2020-06-01T10:00:01Z\",\"principal\":\"case-worker\",\"action\":\"search\","
                + "\"subject\":\"nino\",\"fingerprint\":\""
                + "f".repeat(64)
                + "\",\"reason\":\"case-1\"}",
            "{\"at\":\"2020-06-01T10:00:02Z\",\"principal\":\"case-worker\",\"action\":\"search\","
                + "\"subject\":\"nino\",\"fingerprint\":\""
                + "f".repeat(64)
                + "\",\"reason\":\"case-2\"}");
    try (AuditLog log = AuditLog.open(directory)) {
      assertThat(log.recent(1)).containsExactly(entry(2));
    }
  }

  @Test
  void aTornLastEntryIsDroppedAtOpen() throws Exception {
    try (AuditLog log = AuditLog.open(directory)) {
      log.record(entry(1));
    }
    Files.write(
        directory.resolve("audit.jsonl"),
        "{\"at\":\"2020".getBytes(UTF_8),
        StandardOpenOption.APPEND);
    try (AuditLog log = AuditLog.open(directory)) {
      log.record(entry(2));
      assertThat(log.recent(10)).containsExactly(entry(2), entry(1));
    }
    assertThat(Files.readAllLines(directory.resolve("audit.jsonl"))).hasSize(2);
  }

  @Test
  void onlyTheLatestEntriesAreKeptInMemory() {
    try (AuditLog log = AuditLog.open(directory)) {
      for (int i = 0; i < AuditLog.RECENT + 5; i++) {
        log.record(entry(i));
      }
      List<AuditEntry> recent = log.recent(AuditLog.RECENT + 5);
      assertThat(recent).hasSize(AuditLog.RECENT);
      assertThat(recent.get(0)).isEqualTo(entry(AuditLog.RECENT + 4));
    }
    try (AuditLog log = AuditLog.open(directory)) {
      assertThat(log.recent(AuditLog.RECENT)).hasSize(AuditLog.RECENT);
    }
  }

  @Test
  void overlongFieldsAreRefused() {
    assertThatThrownBy(
            () ->
                new AuditEntry(Instant.EPOCH, "p".repeat(513), "search", "nino", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid audit entry: every field must be at most 512 characters");
  }

  @Test
  void fingerprintsAreStablePerSaltAndHideTheValue() {
    Fingerprinter first = Fingerprinter.open(directory);
    Fingerprinter again = Fingerprinter.open(directory);
    String nino = first.fingerprint("nino", "AB123456C");

    assertThat(nino)
        .hasSize(64)
        .doesNotContain("AB123456C")
        .isEqualTo(again.fingerprint("nino", "AB123456C"));
    assertThat(first.fingerprint("postcode", "AB123456C")).isNotEqualTo(nino);
    assertThat(Fingerprinter.open(directory.resolve("elsewhere")).fingerprint("nino", "AB123456C"))
        .isNotEqualTo(nino);
  }

  /**
   * Whoever is handed the audit log for review must not be handed its key: a NINO's few billion
   * values are quickly tried against a fingerprint with it. A salt an earlier release kept beside
   * the log moves to its own directory, and fingerprints already logged keep matching.
   */
  @Test
  void theSaltIsKeptApartFromTheAuditLogAndAnEarlierOneIsMovedThere() throws Exception {
    java.nio.file.Path audit = directory.resolve("audit");
    java.nio.file.Path key = directory.resolve("audit-key");
    String logged = Fingerprinter.open(audit).fingerprint("nino", "AB123456C");

    Fingerprinter moved = Fingerprinter.open(key, audit);

    assertThat(moved.fingerprint("nino", "AB123456C")).isEqualTo(logged);
    assertThat(audit.resolve("salt")).doesNotExist();
    assertThat(key.resolve("salt")).exists();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(key)))
        .isEqualTo("rwx------");
    assertThat(Fingerprinter.open(key, audit).fingerprint("nino", "AB123456C")).isEqualTo(logged);
  }
}
