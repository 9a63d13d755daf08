package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.Fingerprinter;
import io.insightmesh.decisions.features.InvalidBlockListEntryException;
import io.insightmesh.decisions.search.AccessReason;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adds and removes block list entries: each value is validated by its list's form, audited under
 * its salted hash (the audit log never holds the value, nor the free-text reason for blocking or
 * unblocking it, which may quote personal data; the store, which holds personal data anyway, keeps
 * the reason with the change), made durable in the {@link BlockListStore} and in force for the next
 * claim, in that order (see the package comment for why). Reading the entries or the changes, with
 * their reasons, is audited too, with the reader's case reference, which {@link AccessReason} keeps
 * free of personal data.
 */
public final class BlockListAdministration {
  /** The longest reason accepted, in characters. */
  public static final int MAX_REASON_LENGTH = 500;

  /** The detail of the entry that follows a change the store refused, as its refusal says. */
  private static final String NOT_DURABLE =
      "not applied: the store could not make it durable; if it reached the disk, it applies from"
          + " the next restart";

  private final BlockListStore store;
  private final AuditLog audit;
  private final Fingerprinter fingerprints;
  private final Clock clock;

  /** The administration of the store's lists, auditing to the log. */
  public BlockListAdministration(
      BlockListStore store, AuditLog audit, Fingerprinter fingerprints, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.fingerprints = requireNonNull(fingerprints, "fingerprints is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Blocks a value.
   *
   * @param value as people write it; see {@link BlockList#format()}
   * @param reason why, 1 to {@link #MAX_REASON_LENGTH} characters
   * @param principal who asks, for the entry and the audit log
   * @return whether it was added (false: it was blocked already, nothing changed)
   * @throws InvalidBlockListEntryException if the value does not have the list's form
   * @throws InvalidBlockListRequestException if the reason is blank or too long
   * @throws io.insightmesh.decisions.audit.AuditLogFailedException if it cannot be audited; then
   *     nothing changes
   * @throws BlockListStoreFailedException if the change cannot be made durable; it is then not in
   *     force (unless a restart finds it reached the disk), and its audit entry is followed, if the
   *     log can still write, by one saying so
   */
  public boolean add(BlockList list, String value, String reason, String principal) {
    requireNonNull(list, "list is null");
    requireNonNull(value, "value is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(principal, "principal is null");
    String canonical = list.canonical(value);
    checkReason(list, reason);
    Instant now = clock.instant();
    AuditEntry entry =
        new AuditEntry(
            now,
            principal,
            "blocklist.add",
            target(list),
            fingerprint(list, canonical),
            null,
            null);
    // Serialised with removals so the audit log's order is the store's, and so that a value found
    // absent here is still absent when it is added.
    synchronized (this) {
      if (store.contains(list, canonical)) {
        return false;
      }
      ChangeAudit.before(audit, entry, "Block list " + list.pathName() + ": the addition");
      try {
        return store.add(new BlockListEntry(list, canonical, reason.strip(), principal, now));
      } catch (BlockListStoreFailedException e) {
        ChangeAudit.refused(audit, entry, clock.instant(), NOT_DURABLE, e);
        throw e;
      }
    }
  }

  /**
   * Unblocks a value.
   *
   * @param value as people write it; see {@link BlockList#format()}
   * @param reason why, 1 to {@link #MAX_REASON_LENGTH} characters; kept with the change in the
   *     store, as an addition's is, and not in the audit log
   * @param principal who asks, for the store and the audit log
   * @throws InvalidBlockListEntryException if the value does not have the list's form
   * @throws InvalidBlockListRequestException if the reason is blank or too long
   * @throws NoSuchBlockListEntryException if it is not on the list
   * @throws io.insightmesh.decisions.audit.AuditLogFailedException if it cannot be audited; then
   *     nothing changes
   * @throws BlockListStoreFailedException if the change cannot be made durable; it is then not in
   *     force (unless a restart finds it reached the disk), and its audit entry is followed, if the
   *     log can still write, by one saying so
   */
  public void remove(BlockList list, String value, String reason, String principal) {
    requireNonNull(list, "list is null");
    requireNonNull(value, "value is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(principal, "principal is null");
    String canonical = list.canonical(value);
    checkReason(list, reason);
    Instant now = clock.instant();
    AuditEntry entry =
        new AuditEntry(
            now,
            principal,
            "blocklist.remove",
            target(list),
            fingerprint(list, canonical),
            null,
            null);
    synchronized (this) {
      if (!store.contains(list, canonical)) {
        throw new NoSuchBlockListEntryException(list);
      }
      ChangeAudit.before(audit, entry, "Block list " + list.pathName() + ": the removal");
      try {
        store.remove(list, canonical, reason.strip(), principal, now);
      } catch (BlockListStoreFailedException e) {
        ChangeAudit.refused(audit, entry, clock.instant(), NOT_DURABLE, e);
        throw e;
      }
    }
  }

  /** How many values the list holds. */
  public int count(BlockList list) {
    return store.count(list);
  }

  /**
   * A page of the list's entries, by value (see {@link BlockListStore#entries}), audited before it
   * is returned: entries are personal data, so reading them is accounted for as a search is, with
   * who, which list, which page and why, and never the values.
   *
   * @param reason why, e.g. a case reference; see {@link AccessReason#brokenRule}
   * @param principal who asks, for the audit log
   * @throws InvalidBlockListRequestException if the reason is missing or breaks its rule
   * @throws io.insightmesh.decisions.journal.JournalFailedException if it cannot be audited; then
   *     nothing is returned
   */
  public List<BlockListEntry> entries(
      BlockList list, int offset, int limit, String reason, String principal) {
    return audited(
        list,
        "blocklist.list",
        offset,
        limit,
        reason,
        principal,
        () -> store.entries(list, offset, limit));
  }

  /** How many changes the list has had. */
  public int changeCount(BlockList list) {
    return store.changeCount(list);
  }

  /**
   * A page of the list's changes, newest first (see {@link BlockListStore#changes}): who blocked
   * and unblocked which value, when and why. Audited before it is returned, as reading the entries
   * is, under {@code blocklist.changes}.
   *
   * @param reason why, e.g. a case reference; see {@link AccessReason#brokenRule}
   * @param principal who asks, for the audit log
   * @throws InvalidBlockListRequestException if the reason is missing or breaks its rule
   * @throws io.insightmesh.decisions.journal.JournalFailedException if it cannot be audited; then
   *     nothing is returned
   */
  public List<BlockListChange> changes(
      BlockList list, int offset, int limit, String reason, String principal) {
    return audited(
        list,
        "blocklist.changes",
        offset,
        limit,
        reason,
        principal,
        () -> store.changes(list, offset, limit));
  }

  private <T> List<T> audited(
      BlockList list,
      String action,
      int offset,
      int limit,
      String reason,
      String principal,
      Supplier<List<T>> read) {
    requireNonNull(list, "list is null");
    requireNonNull(principal, "principal is null");
    Optional<String> broken = AccessReason.brokenRule(reason);
    if (broken.isPresent()) {
      throw new InvalidBlockListRequestException(
          "Block list " + list.pathName() + ": field reason " + broken.get());
    }
    List<T> page = read.get();
    audit.record(
        new AuditEntry(
            clock.instant(),
            principal,
            action,
            target(list),
            null,
            reason,
            "offset " + offset + ", limit " + limit + ", returned " + page.size()));
    return page;
  }

  private static void checkReason(BlockList list, String reason) {
    if (reason.isBlank()) {
      throw new InvalidBlockListRequestException(
          "Block list " + list.pathName() + ": field reason must not be blank");
    }
    if (reason.length() > MAX_REASON_LENGTH) {
      throw new InvalidBlockListRequestException(
          "Block list "
              + list.pathName()
              + ": field reason must be at most "
              + MAX_REASON_LENGTH
              + " characters");
    }
  }

  /**
   * Fingerprinted as a search for the same value is, so an auditor can match the block of an
   * account to the searches that led to it.
   */
  private String fingerprint(BlockList list, String canonical) {
    String type =
        switch (list) {
          case BANK_ACCOUNTS -> "bank_account";
          case NINOS -> "nino";
          case DEVICES -> "device";
        };
    return fingerprints.fingerprint(type, canonical);
  }

  private static String target(BlockList list) {
    return "blocklist:" + list.pathName();
  }
}
