/**
 * Analyst-authored risk rules: the {@link io.insightmesh.decisions.rules.Ruleset} model and its
 * YAML form ({@link io.insightmesh.decisions.rules.RulesetLoader}, shipped as {@code
 * rules/ruleset.yaml}), its compilation into CEL programs ({@link
 * io.insightmesh.decisions.rules.RuleCompiler}, {@link
 * io.insightmesh.decisions.rules.CompiledRuleset}) and the {@link
 * io.insightmesh.decisions.rules.Assessment} of one claim. {@link
 * io.insightmesh.decisions.rules.RuleEngine} ties a ruleset to the live features.
 *
 * <p>Plain Java: no CDI, HTTP or persistence types; the service layer wires these.
 */
package io.insightmesh.decisions.rules;
