/**
 * Administration of the engine by analysts, admins and case workers: the services behind the rules
 * and block-list APIs ({@link io.insightmesh.decisions.admin.RuleAdministration}, {@link
 * io.insightmesh.decisions.admin.BlockListAdministration}) and their durable stores. Every accepted
 * change is audited without personal data, then made durable, before it is acknowledged and in
 * force for the next claim.
 *
 * <p>A change is audited <em>before</em> its store writes it, because the other order cannot be
 * answered truthfully: a change made durable and then refused by the audit log is in force but
 * unaccounted for, and since a failed audit log refuses every later entry until a restart, every
 * change after it would be too. Audited first, a change the audit log refuses is not made at all,
 * so its 503 is true and the client may simply retry after the restart. The price is the reverse
 * case: the store may refuse a change the log already holds. The entry is therefore the record that
 * a principal asked for the change and that it was about to be made, and a refusal by the store is
 * recorded after it (action {@code <action>.failed}, with what became of the change), so the log is
 * never short of a change in force and says which entries came to nothing. Only when the log fails
 * that second write too, a write it reported failed reached the disk after all, or the engine stops
 * between the entry and the store's write, does it hold an entry for a change that was not made;
 * the stores, which name who made each change and when, settle those, and no client was told that
 * change was made.
 *
 * <p>Plain Java: no CDI or HTTP types; the service layer wires these.
 */
package io.insightmesh.decisions.admin;
