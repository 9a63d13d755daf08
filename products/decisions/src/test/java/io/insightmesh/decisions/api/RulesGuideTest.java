package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.features.Feature;
import io.insightmesh.decisions.features.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The analysts' guide lists exactly the variables rules can read, with the types and descriptions
 * the engine declares (and {@code GET /api/v1/rules} returns): a variable added to the schema
 * without its row fails here, and the row to add is in the message.
 */
class RulesGuideTest {
  private static final Path GUIDE = Path.of("../../docs/guides/rules.md");

  @Test
  void theGuidesVariableTableIsTheEnginesSchema() throws IOException {
    List<String> expected =
        FeatureSchema.standard().features().stream().map(RulesGuideTest::row).toList();
    List<String> documented =
        Files.readAllLines(GUIDE).stream()
            .filter(line -> line.startsWith("| `"))
            .filter(line -> expected.stream().anyMatch(row -> sameVariable(row, line)))
            .collect(Collectors.toList());

    assertThat(documented).containsExactlyElementsOf(expected);
  }

  private static String row(Feature feature) {
    return "| `"
        + feature.name()
        + "` | "
        + RulesetView.celType(feature.type())
        + " | "
        + feature.doc().replace("|", "\\|")
        + " |";
  }

  private static boolean sameVariable(String row, String line) {
    return line.startsWith(row.substring(0, row.indexOf("` |") + 3));
  }
}
