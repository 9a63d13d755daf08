package io.insightmesh.decisions.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One audited act: who did what, when and why. Never holds personal data: a searched value is
 * audited only as its {@link Fingerprinter fingerprint}.
 *
 * @param at when it happened, UTC
 * @param principal who: the subject of the caller's token
 * @param action what, e.g. {@code search} or {@code outcome}
 * @param subject what it was about: a search criterion type (e.g. {@code nino}), a claim id, a rule
 *     id
 * @param fingerprint the salted hash of a searched value, or null
 * @param reason why, as the caller gave it (e.g. a case reference), or null
 * @param detail what came of it, e.g. {@code 3 results}, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"at", "principal", "action", "subject", "fingerprint", "reason", "detail"})
public record AuditEntry(
    @JsonProperty("at") Instant at,
    @JsonProperty("principal") String principal,
    @JsonProperty("action") String action,
    @JsonProperty("subject") String subject,
    @JsonProperty("fingerprint") String fingerprint,
    @JsonProperty("reason") String reason,
    @JsonProperty("detail") String detail) {
  /** The longest text of any field: an entry stays one short line. */
  public static final int MAX_FIELD_LENGTH = 512;

  /**
   * Checks the entry.
   *
   * @throws IllegalArgumentException if a field is longer than {@link #MAX_FIELD_LENGTH}
   */
  public AuditEntry {
    requireNonNull(at, "at is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(action, "action is null");
    requireNonNull(subject, "subject is null");
    for (String text : new String[] {principal, action, subject, fingerprint, reason, detail}) {
      if (text != null && text.length() > MAX_FIELD_LENGTH) {
        throw new IllegalArgumentException(
            "Invalid audit entry: every field must be at most " + MAX_FIELD_LENGTH + " characters");
      }
    }
  }
}
