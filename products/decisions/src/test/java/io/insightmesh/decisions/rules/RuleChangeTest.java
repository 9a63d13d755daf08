package io.insightmesh.decisions.rules;

import static io.insightmesh.decisions.rules.CompiledRulesetTest.rule;
import static io.insightmesh.decisions.rules.CompiledRulesetTest.ruleset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleChangeTest {
  private static final RulesetVersion NEXT = RulesetVersion.parse("2026.11.2");

  private final Ruleset current =
      ruleset(
          rule("a", RuleAction.FLAG, 0.5, "false"),
          rule("b", RuleAction.FLAG, 0.5, "false"),
          rule("c", RuleAction.FLAG, 0.5, "false"));

  @Test
  void replacesInPlaceAppendsAndRemoves() {
    Rule newB = rule("b", RuleAction.REJECT, 0.9, "claim.amount_claimed > 10000");
    Rule d = rule("d", RuleAction.SCORE, 0.2, "true");
    Ruleset next = new RuleChange(NEXT, List.of(d, newB), List.of("a")).applyTo(current);

    assertThat(next.version()).isEqualTo(NEXT);
    assertThat(next.rules()).extracting(Rule::id).containsExactly("b", "c", "d");
    assertThat(next.rule("b")).contains(newB);
    assertThat(next.flagThreshold()).isEqualTo(current.flagThreshold());
    assertThat(CompiledRuleset.compile(current).successor(next).version()).isEqualTo(NEXT);
  }

  @Test
  void refusesAStaleVersion() {
    RuleChange change = new RuleChange(current.version(), List.of(), List.of("a"));
    assertThatThrownBy(() -> change.applyTo(current))
        .isInstanceOf(StaleRulesetVersionException.class)
        .hasMessage(
            "Ruleset version 2026.11.1 cannot replace 2026.11.1: a new ruleset's version must be"
                + " greater than the current one's");
  }

  @Test
  void refusesToRemoveAnUnknownRule() {
    RuleChange change = new RuleChange(NEXT, List.of(), List.of("z"));
    assertThatThrownBy(() -> change.applyTo(current))
        .isInstanceOf(NoSuchRuleException.class)
        .hasMessage("Cannot remove rule z: ruleset 2026.11.1 has no rule with that id");
  }

  @Test
  void refusesContradictoryChanges() {
    assertThatThrownBy(
            () ->
                new RuleChange(
                    NEXT, List.of(rule("a", RuleAction.FLAG, 0.5, "true")), List.of("a")))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage("Rule change 2026.11.2: rule a is both upserted and removed");
    assertThatThrownBy(
            () -> new RuleChange(NEXT, List.of(), List.of("a", "b", "c")).applyTo(current))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage("Ruleset 2026.11.2: field rules must hold at least one rule");
  }

  @Test
  void aChangedRuleThatDoesNotCompileIsRefusedByTheCompiler() {
    Ruleset next =
        new RuleChange(NEXT, List.of(rule("b", RuleAction.FLAG, 0.5, "claim.amout > 1")), List.of())
            .applyTo(current);
    assertThatThrownBy(() -> CompiledRuleset.compile(current).successor(next))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("Rule b: field expression does not compile")
        .hasMessageContaining("undeclared reference to 'claim'");
  }
}
