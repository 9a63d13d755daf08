package io.insightmesh.decisions.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.insightmesh.decisions.assess.WithheldMessages;
import io.insightmesh.decisions.journal.CorruptJournalException;
import io.insightmesh.decisions.journal.JsonLinesJournal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The engine's audit trail: an append-only JSON-lines file ({@code audit.jsonl} in its directory),
 * each entry synced to disk before {@link #record} returns, so an act that was answered was
 * audited. The latest {@value #RECENT} entries are also kept in memory for {@link #recent}.
 *
 * <p>Thread-safe. Callers audit <em>before</em> they answer, and fail the request if auditing
 * fails; a change is audited before it is made, so that none is in force unaudited.
 */
public final class AuditLog implements AutoCloseable {
  /** The most entries {@link #recent} returns. */
  public static final int RECENT = 1_000;

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final JsonLinesJournal journal;
  private final Deque<AuditEntry> recent = new ArrayDeque<>();

  private AuditLog(JsonLinesJournal journal, List<AuditEntry> tail) {
    this.journal = journal;
    for (AuditEntry entry : tail) {
      remember(entry);
    }
  }

  /**
   * Opens the audit log in {@code directory}, creating it if needed.
   *
   * @throws CorruptJournalException if one of its latest entries is damaged
   */
  public static AuditLog open(Path directory) {
    requireNonNull(directory, "directory is null");
    JsonLinesJournal journal = JsonLinesJournal.open(directory.resolve("audit.jsonl"));
    List<AuditEntry> tail = new ArrayList<>();
    // Entries are well under 4 KiB each, so this window holds at least the latest RECENT.
    for (String line : JsonLinesJournal.tail(journal.file(), (long) RECENT * 4096)) {
      try {
        tail.add(JSON.readValue(line, AuditEntry.class));
      } catch (JsonProcessingException e) {
        journal.close();
        // The parser's message can quote the line, and an entry's reason is the free text a case
        // worker gave: the cause keeps its class and frames only.
        throw new CorruptJournalException(
            "Damaged entry in audit log " + journal.file(), WithheldMessages.of(e));
      }
    }
    return new AuditLog(journal, tail);
  }

  /**
   * Appends {@code entry} and syncs it to disk.
   *
   * @throws io.insightmesh.decisions.journal.JournalFailedException if it cannot be written
   */
  public synchronized void record(AuditEntry entry) {
    requireNonNull(entry, "entry is null");
    String line;
    try {
      line = JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an audit entry as JSON", e);
    }
    journal.append(line);
    remember(entry);
  }

  /** The latest entries, newest first, at most {@code limit} (and at most {@link #RECENT}). */
  public synchronized List<AuditEntry> recent(int limit) {
    List<AuditEntry> latest = new ArrayList<>(Math.min(limit, recent.size()));
    for (Iterator<AuditEntry> it = recent.descendingIterator();
        it.hasNext() && latest.size() < limit; ) {
      latest.add(it.next());
    }
    return latest;
  }

  private void remember(AuditEntry entry) {
    recent.addLast(entry);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
  }

  @Override
  public void close() {
    journal.close();
  }
}
