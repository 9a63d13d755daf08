package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.insightmesh.decisions.assess.WithheldMessages;
import io.insightmesh.decisions.journal.CorruptJournalException;
import io.insightmesh.decisions.journal.JsonLinesJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Case outcomes, one current outcome per claim, durable in an append-only JSON-lines journal
 * ({@code outcomes.jsonl} in its directory) that is read back whole at start. A superseding outcome
 * is appended too, so the file is the full history and the latest line per claim wins.
 *
 * <p>Thread-safe: writers are serialised, so the one-outcome-per-claim check and the append are one
 * step; readers never wait.
 */
public final class OutcomeStore implements AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final JsonLinesJournal journal;
  private final Map<String, CaseOutcome> current = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();

  private OutcomeStore(JsonLinesJournal journal) {
    this.journal = journal;
  }

  /**
   * Opens the store in {@code directory} and reads back every outcome; a torn last line (a crash
   * while writing it, so never acknowledged) is dropped.
   *
   * @throws CorruptJournalException if a whole line is not an outcome
   */
  public static OutcomeStore open(Path directory) {
    requireNonNull(directory, "directory is null");
    JsonLinesJournal journal = JsonLinesJournal.open(directory.resolve("outcomes.jsonl"));
    OutcomeStore store = new OutcomeStore(journal);
    int[] line = {0};
    try {
      JsonLinesJournal.readAll(
          journal.file(),
          text -> {
            line[0]++;
            CaseOutcome outcome;
            try {
              outcome = JSON.readValue(text, CaseOutcome.class);
            } catch (JsonProcessingException | RuntimeException e) {
              // The parser's message can quote the line, and an outcome's reason is free text
              // that may name people: the cause keeps its class and frames only.
              throw new CorruptJournalException(
                  "Damaged outcome at line " + line[0] + " of " + journal.file(),
                  WithheldMessages.of(e));
            }
            store.current.put(outcome.claimId(), outcome);
          });
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    return store;
  }

  /**
   * Records {@code outcome} durably.
   *
   * @throws OutcomeExistsException if the claim has an outcome and this one does not supersede it
   * @throws io.insightmesh.decisions.journal.JournalFailedException if it cannot be made durable
   */
  public synchronized CaseOutcome record(CaseOutcome outcome) {
    requireNonNull(outcome, "outcome is null");
    CaseOutcome existing = current.get(outcome.claimId());
    if (existing != null && !outcome.supersedes()) {
      throw new OutcomeExistsException(existing);
    }
    String line;
    try {
      line = JSON.writeValueAsString(outcome);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an outcome as JSON", e);
    }
    journal.append(line);
    current.put(outcome.claimId(), outcome);
    version.incrementAndGet();
    return outcome;
  }

  /** The current outcome of {@code claimId}. */
  public Optional<CaseOutcome> find(String claimId) {
    return Optional.ofNullable(current.get(requireNonNull(claimId, "claimId is null")));
  }

  /** Every current outcome (one per claim), in no particular order. */
  public List<CaseOutcome> all() {
    return new ArrayList<>(current.values());
  }

  /** Claims with an outcome. */
  public int size() {
    return current.size();
  }

  /** Grows with every recorded outcome: tells caches over the outcomes when to refresh. */
  public long version() {
    return version.get();
  }

  @Override
  public void close() {
    journal.close();
  }
}
