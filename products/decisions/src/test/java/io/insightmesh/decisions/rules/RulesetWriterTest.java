package io.insightmesh.decisions.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetWriterTest {
  @Test
  void theShippedRulesetReadsBackEqualFromItsWrittenForm() {
    Ruleset shipped = RulesetLoader.shipped();
    String yaml = RulesetWriter.yaml(shipped, "Written by a test,", "on two lines.");

    assertThat(yaml).startsWith("# Written by a test,\n# on two lines.\n");
    assertThat(RulesetLoader.parse(yaml, "written.yaml")).isEqualTo(shipped);
  }

  @Test
  void textsThatLookLikeOtherTypesStayText() {
    Rule tricky = new Rule("tricky", "TRICKY", "yes", "true", "1.0 == 1.0", RuleAction.SCORE, 0.0);
    Ruleset ruleset = new Ruleset(RulesetVersion.parse("2026.1.1"), 1.0, List.of(tricky));

    assertThat(RulesetLoader.parse(RulesetWriter.yaml(ruleset), "tricky.yaml")).isEqualTo(ruleset);
  }

  @Test
  void aChangeIsReadFromYamlOrTabIndentedJson() {
    RuleChange fromYaml =
        RulesetLoader.parseChange(
            "version: 2026.11.2\n"
                + "upserts:\n"
                + "  - id: large-bbl\n"
                + "    code: LARGE_BBL\n"
                + "    action: SCORE\n"
                + "    weight: 0.3\n"
                + "    text: A large bounce-back loan.\n"
                + "    expression: claim.amount_claimed > 40000\n"
                + "removals: [ip-burst]\n",
            "change.yaml");
    RuleChange fromJson =
        RulesetLoader.parseChange(
            "{\n\t\"version\": \"2026.11.2\",\n\t\"upserts\": [{\"id\": \"large-bbl\", \"code\":"
                + " \"LARGE_BBL\", \"action\": \"SCORE\", \"weight\": 0.3, \"text\": \"A large"
                + " bounce-back loan.\", \"expression\": \"claim.amount_claimed > 40000\"}],\n"
                + "\t\"removals\": [\"ip-burst\"]\n}",
            "change.json");

    assertThat(fromJson).isEqualTo(fromYaml);
    assertThat(fromYaml.upserts()).extracting(Rule::id).containsExactly("large-bbl");
    assertThat(fromYaml.removals()).containsExactly("ip-burst");
  }

  @Test
  void aMalformedChangeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> RulesetLoader.parseChange("version: 2026.11.2\n", "body"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage(
            "Rule change body: fields upserts and removals are both empty: a change must change a"
                + " rule");
    assertThatThrownBy(
            () ->
                RulesetLoader.parseChange(
                    "{\"version\": \"2026.11.2\", \"upserts\": [{\"id\": \"x\"}]}", "body"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage("Rule change body: rule x (upserts[0]): field action is required");
    assertThatThrownBy(
            () ->
                RulesetLoader.parseChange("{\"version\": \"2026.11.2\", \"removal\": []}", "body"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage(
            "Rule change body: field removal is unknown; known fields are [removals, upserts,"
                + " version]");
    assertThatThrownBy(() -> RulesetLoader.parseChange("{\"version\": ", "body"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessageStartingWith("Rule change body is not valid JSON: ");
  }
}
