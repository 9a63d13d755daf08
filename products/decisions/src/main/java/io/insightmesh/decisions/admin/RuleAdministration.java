package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.features.Feature;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.NoSuchRuleException;
import io.insightmesh.decisions.rules.RuleChange;
import io.insightmesh.decisions.rules.RuleCompilationException;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.StaleRulesetVersionException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Changes the rules in force: a proposed ruleset is compiled, audited, written durably to the
 * {@link RulesetStore} and installed in the {@link RuleEngine}, in that order, so an acknowledged
 * change is in force for the next claim and survives a restart, and no change is in force unaudited
 * (see the package comment for why the audit comes first). Claims being assessed finish with the
 * version they started with. Changes are serialised: each is checked against the version in force
 * when it is applied.
 */
public final class RuleAdministration {
  private final RuleEngine engine;
  private final RulesetStore store;
  private final AuditLog audit;
  private final Clock clock;

  /** The administration of the engine's rules, storing in the store and auditing to the log. */
  public RuleAdministration(RuleEngine engine, RulesetStore store, AuditLog audit, Clock clock) {
    this.engine = requireNonNull(engine, "engine is null");
    this.store = requireNonNull(store, "store is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The ruleset in force. */
  public CompiledRuleset current() {
    return engine.ruleset();
  }

  /** The variables rules may read, in a stable order. */
  public List<Feature> variables() {
    return engine.ruleset().schema().features();
  }

  /**
   * Replaces the whole ruleset.
   *
   * @param principal who asks, for the audit log
   * @throws StaleRulesetVersionException if its version is not greater than the one in force
   * @throws RuleCompilationException if one of its rules does not compile; nothing changes
   * @throws io.insightmesh.decisions.audit.AuditLogFailedException if it cannot be audited; nothing
   *     changes
   * @throws RulesetStoreFailedException if it cannot be made durable; nothing changes, and its
   *     audit entry is followed, if the log can still write, by one saying so
   */
  public synchronized RulesetUpdate replace(Ruleset proposed, String principal) {
    requireNonNull(proposed, "proposed is null");
    requireNonNull(principal, "principal is null");
    return install(proposed, principal, "rules.replace");
  }

  /**
   * Applies a change (upserts and removals) to the ruleset in force.
   *
   * @param principal who asks, for the audit log
   * @throws StaleRulesetVersionException if its version is not greater than the one in force
   * @throws NoSuchRuleException if it removes a rule the ruleset does not have
   * @throws RuleCompilationException if one of the resulting rules does not compile
   * @throws io.insightmesh.decisions.audit.AuditLogFailedException if it cannot be audited; nothing
   *     changes
   * @throws RulesetStoreFailedException if it cannot be made durable; nothing changes, and its
   *     audit entry is followed, if the log can still write, by one saying so
   */
  public synchronized RulesetUpdate change(RuleChange change, String principal) {
    requireNonNull(change, "change is null");
    requireNonNull(principal, "principal is null");
    return install(change.applyTo(engine.ruleset().ruleset()), principal, "rules.change");
  }

  /**
   * What {@link #replace} would do, without doing it: the same checks and the same answer, nothing
   * written, audited or put in force (an analyst's dry run).
   *
   * @throws StaleRulesetVersionException if its version is not greater than the one in force
   * @throws RuleCompilationException if one of its rules does not compile
   */
  public RulesetUpdate tryReplace(Ruleset proposed, String principal) {
    requireNonNull(proposed, "proposed is null");
    requireNonNull(principal, "principal is null");
    return check(proposed, principal);
  }

  /**
   * What {@link #change} would do, without doing it.
   *
   * @throws StaleRulesetVersionException if its version is not greater than the one in force
   * @throws NoSuchRuleException if it removes a rule the ruleset does not have
   * @throws RuleCompilationException if one of the resulting rules does not compile
   */
  public RulesetUpdate tryChange(RuleChange change, String principal) {
    requireNonNull(change, "change is null");
    requireNonNull(principal, "principal is null");
    return check(change.applyTo(engine.ruleset().ruleset()), principal);
  }

  /** Every check a change passes before anything is written, and the update it would be. */
  private RulesetUpdate check(Ruleset proposed, String principal) {
    CompiledRuleset current = engine.ruleset();
    // Compiles it, refusing a stale version or a rule that does not compile.
    current.successor(proposed);
    // The file as it would be stored, header and all: a ruleset near the size limit passes
    // the dry run only if it passes the change.
    RulesetStore.content(proposed, comments(current, proposed, principal, clock.instant()));
    return RulesetUpdate.between(current.ruleset(), proposed);
  }

  private static String[] comments(
      CompiledRuleset current, Ruleset proposed, String principal, Instant now) {
    return new String[] {
      "Ruleset " + proposed.version() + ", replacing " + current.version() + ".",
      "Written by the rules API for " + principal + " at " + now + "."
    };
  }

  private RulesetUpdate install(Ruleset proposed, String principal, String action) {
    CompiledRuleset current = engine.ruleset();
    // Compiles it, refusing a stale version or a rule that does not compile, before anything is
    // written.
    current.successor(proposed);
    Instant now = clock.instant();
    String[] comments = comments(current, proposed, principal, now);
    // Refused before the audit, as a rule that does not compile is: nothing is written.
    RulesetStore.content(proposed, comments);
    RulesetUpdate update = RulesetUpdate.between(current.ruleset(), proposed);
    AuditEntry entry =
        new AuditEntry(
            now,
            principal,
            action,
            "ruleset",
            null,
            null,
            update.summary(AuditEntry.MAX_FIELD_LENGTH));
    ChangeAudit.before(
        audit, entry, "The change from ruleset " + current.version() + " to " + proposed.version());
    try {
      store.save(proposed, comments);
    } catch (RulesetStoreFailedException e) {
      ChangeAudit.refused(
          audit,
          entry,
          clock.instant(),
          "not in force: the store could not write ruleset " + proposed.version(),
          e);
      throw e;
    }
    // Only this class installs, under this lock, so the check above still holds.
    engine.install(proposed);
    return update;
  }
}
