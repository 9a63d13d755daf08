/**
 * Administration of the engine by analysts, admins and case workers: the services behind the rules
 * and block-list APIs ({@link io.insightmesh.decisions.admin.RuleAdministration}, {@link
 * io.insightmesh.decisions.admin.BlockListAdministration}) and their durable stores. Every accepted
 * change is durable before it is acknowledged, in force for the next claim, and audited without
 * personal data.
 *
 * <p>Plain Java: no CDI or HTTP types; the service layer wires these.
 */
package io.insightmesh.decisions.admin;
