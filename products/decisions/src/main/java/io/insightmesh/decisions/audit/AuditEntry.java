package io.insightmesh.decisions.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One administrative act, as the audit log keeps it. No field may hold a claimant's personal data:
 * callers name block-listed values by their {@link ValueHasher salted hash}.
 *
 * @param at when it happened
 * @param principal who did it (the token's principal)
 * @param action what was done, e.g. {@code rules.change}, {@code blocklist.add}
 * @param target what it was done to, e.g. {@code ruleset}, {@code blocklist:ninos}
 * @param detail what changed, free of personal data
 */
public record AuditEntry(
    Instant at, String principal, String action, String target, String detail) {
  /** Checks for nulls. */
  public AuditEntry {
    requireNonNull(at, "at is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(action, "action is null");
    requireNonNull(target, "target is null");
    requireNonNull(detail, "detail is null");
  }
}
