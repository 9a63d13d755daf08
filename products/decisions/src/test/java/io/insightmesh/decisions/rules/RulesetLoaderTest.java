package io.insightmesh.decisions.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetLoaderTest {
  private static final String HEADER = "version: 2026.11.1\nflag_threshold: 0.5\nrules:\n";
  private static final String GOOD_RULE =
      "  - id: over-cap\n"
          + "    code: OVER_CAP\n"
          + "    action: reject\n"
          + "    weight: 0.9\n"
          + "    text: Over the cap.\n"
          + "    expression: claim.has_cap && claim.amount_claimed > claim.cap\n";

  @Test
  void loadsTheShippedRuleset() {
    Ruleset shipped = RulesetLoader.shipped();
    assertThat(shipped.version()).hasToString("2026.11.1");
    assertThat(shipped.flagThreshold()).isEqualTo(0.5);
    assertThat(shipped.rules()).hasSize(12);
    assertThat(shipped.rule("over-cap"))
        .get()
        .satisfies(
            rule -> {
              assertThat(rule.action()).isEqualTo(RuleAction.REJECT);
              assertThat(rule.weight()).isEqualTo(0.9);
              assertThat(rule.description()).startsWith("OVER_CAP:");
            });
  }

  @Test
  void loadsAFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("ruleset.yaml");
    Files.writeString(file, HEADER + GOOD_RULE);
    Ruleset ruleset = RulesetLoader.load(file);
    assertThat(ruleset.rules()).extracting(Rule::id).containsExactly("over-cap");
    assertThat(ruleset.rules().get(0).description()).isEmpty();
  }

  @Test
  void refusesAnUnknownField() {
    assertRefused(
        HEADER + GOOD_RULE.replace("weight:", "weigth:"),
        "Ruleset test.yaml: rule over-cap (rules[0]): field weigth is unknown; known fields are"
            + " [action, code, description, expression, id, text, weight]");
    assertRefused(
        "flag_treshold: 0.5\n" + HEADER + GOOD_RULE,
        "Ruleset test.yaml: field flag_treshold is unknown; known fields are [flag_threshold,"
            + " rules, version]");
  }

  @Test
  void refusesAMissingField() {
    assertRefused(
        HEADER
            + GOOD_RULE.replace(
                "    expression: claim.has_cap && claim.amount_claimed > claim.cap\n", ""),
        "Ruleset test.yaml: rule over-cap (rules[0]): field expression is required");
    assertRefused(
        HEADER + GOOD_RULE.replace("  - id: over-cap\n    code", "  - code"),
        "Ruleset test.yaml: rule rules[0]: field id is required");
    assertRefused(
        "version: 2026.11.1\nrules: []\n", "Ruleset test.yaml: field flag_threshold is required");
  }

  @Test
  void refusesAFieldOfTheWrongTypeOrRange() {
    assertRefused(
        HEADER + GOOD_RULE.replace("0.9", "high"),
        "Ruleset test.yaml: rule over-cap (rules[0]): field weight must be a number, was 'high'");
    assertRefused(
        HEADER + GOOD_RULE.replace("0.9", "1.5"),
        "Ruleset test.yaml: Rule over-cap: field weight 1.5 must be between 0 and 1");
    assertRefused(
        HEADER + GOOD_RULE.replace("reject", "block"),
        "Ruleset test.yaml: rule over-cap (rules[0]): field action must be REJECT, FLAG or SCORE,"
            + " was 'block'");
    assertRefused(
        HEADER + GOOD_RULE.replace("OVER_CAP", "over cap"),
        "Ruleset test.yaml: Rule over-cap: field code 'over cap' must match " + Rule.CODE_FORMAT);
    assertRefused(
        HEADER + GOOD_RULE.replace("id: over-cap", "id: Over_Cap"),
        "Ruleset test.yaml: Rule 'Over_Cap': field id must match " + Rule.ID_FORMAT);
    assertRefused(
        HEADER.replace("0.5", "0") + GOOD_RULE,
        "Ruleset test.yaml: Ruleset 2026.11.1: field flag_threshold 0.0 must be above 0 and at"
            + " most 1");
  }

  @Test
  void refusesAMalformedVersion() {
    assertRefused(
        HEADER.replace("2026.11.1", "2026.13.1") + GOOD_RULE,
        "Ruleset test.yaml: Ruleset version: month 13 must be 1 to 12"
            + " (<year>.<month>.<revision>)");
    assertRefused(
        HEADER.replace("2026.11.1", "v3") + GOOD_RULE,
        "Ruleset test.yaml: Ruleset version 'v3' does not have the form"
            + " <year>.<month>.<revision>");
  }

  /** Which of two weights the analyst meant is anyone's guess: neither is taken. */
  @Test
  void refusesAFieldGivenTwice() {
    assertThatThrownBy(
            () ->
                RulesetLoader.parse(
                    HEADER
                        + GOOD_RULE.replace(
                            "    weight: 0.9\n", "    weight: 0.9\n    weight: 0.1\n"),
                    "test.yaml"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessageStartingWith("Ruleset test.yaml is not valid YAML: Duplicate field 'weight'");
    assertThatThrownBy(
            () ->
                RulesetLoader.parseChange(
                    "{\"version\": \"2026.11.2\", \"removals\": [], \"removals\": [\"x\"]}",
                    "the request body"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessageStartingWith(
            "Rule change the request body is not valid JSON: Duplicate field 'removals'");
  }

  @Test
  void refusesTwoRulesWithOneId() {
    assertRefused(
        HEADER + GOOD_RULE + GOOD_RULE,
        "Ruleset test.yaml: Ruleset 2026.11.1: rule id over-cap is used twice: ids must be unique");
  }

  @Test
  void refusesWhatIsNotARuleset() {
    assertRefused(
        "- just\n- a list\n",
        "Ruleset test.yaml must be a mapping with fields version, flag_threshold and rules");
    assertThatThrownBy(() -> RulesetLoader.parse("version: [unclosed\n", "test.yaml"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessageStartingWith("Ruleset test.yaml is not valid YAML: ");
    byte[] huge = new byte[RulesetLoader.MAX_BYTES + 1];
    assertThatThrownBy(() -> RulesetLoader.load(new ByteArrayInputStream(huge), "huge.yaml"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage("Ruleset huge.yaml is larger than 1048576 bytes");
  }

  private static void assertRefused(String yaml, String message) {
    assertThatThrownBy(
            () ->
                RulesetLoader.load(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessage(message);
  }
}
