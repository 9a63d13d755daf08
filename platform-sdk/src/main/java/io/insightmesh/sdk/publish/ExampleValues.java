package io.insightmesh.sdk.publish;

import static org.apache.spark.sql.functions.col;

import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.QualityRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which values of a field a report may show as examples of failing rows. A key field is not
 * personal data by its contract, yet the value a failing row holds there may be anything: a CSV row
 * split on a comma inside a value moves a NINO or part of an address into it, and a row failing
 * {@code regex(claim_id)} holds whatever was typed there. So a value is shown only when it passes
 * the field's own form rules (regex, allowed values), as a well-formed key cannot be a NINO or a
 * postcode; a field without such a rule has nothing to tell a key from a misplaced value, and none
 * of its values is shown; a personal field's never. Whatever is held back is counted, so a report
 * says how many examples it withheld and why.
 */
final class ExampleValues {
  static final int EXAMPLES = 5;

  private final String field;
  private final boolean personal;
  private final List<Predicate<String>> forms;

  private ExampleValues(String field, boolean personal, List<Predicate<String>> forms) {
    this.field = field;
    this.personal = personal;
    this.forms = List.copyOf(forms);
  }

  /** The examples a report may give of {@code field} of {@code product}. */
  static ExampleValues of(ProductDescriptor product, String field) {
    boolean personal = ContractSpec.piiTags(product.contract()).containsKey(field);
    List<Predicate<String>> forms = new ArrayList<>();
    for (QualityRule rule : product.qualityRules()) {
      if (rule instanceof QualityRule.Regex regex && regex.field().equals(field)) {
        // As the audit's rlike, which the position automaton stands in for, decides it.
        Pattern pattern = Pattern.compile(ContractPatterns.wholeText(regex.pattern()));
        forms.add(value -> pattern.matcher(value).find());
      } else if (rule instanceof QualityRule.AllowedValues allowed
          && allowed.field().equals(field)) {
        forms.add(allowed.values()::contains);
      }
    }
    return new ExampleValues(field, personal, forms);
  }

  /**
   * Examples from the first {@value #EXAMPLES} rows of {@code failing}, which has {@code failing}
   * rows in all; the values are not read when none of them could be shown.
   */
  Examples from(Dataset<Row> rows, long failing) {
    if (personal || forms.isEmpty()) {
      return withheldAll(failing);
    }
    return shown(
        rows.select(col(field)).limit(EXAMPLES).collectAsList().stream()
            .map(row -> row.get(0))
            .toList());
  }

  private Examples withheldAll(long failing) {
    return new Examples(List.of(), (int) Math.min(failing, EXAMPLES), why());
  }

  private Examples shown(List<?> values) {
    List<String> shown = new ArrayList<>();
    int withheld = 0;
    for (Object value : values) {
      // A null is no one's data; regex and allowed-values rules hold for it too.
      String text = String.valueOf(value);
      if (value == null || forms.stream().allMatch(form -> form.test(text))) {
        shown.add(text);
      } else {
        withheld++;
      }
    }
    return new Examples(shown, withheld, why());
  }

  private String why() {
    if (personal) {
      return field + " is personal data";
    }
    if (forms.isEmpty()) {
      return field
          + " has no regex or allowed-values rule to tell its values from misplaced personal data";
    }
    return "a " + field + " that breaks its own rules may be anything typed there";
  }

  /** The values a report shows, and how many it withheld and why. */
  record Examples(List<String> shown, int withheld, String why) {
    Examples {
      shown = List.copyOf(shown);
    }

    /** What a report adds when it withheld examples: empty when it withheld none. */
    String note() {
      return withheld == 0
          ? ""
          : withheld + (withheld == 1 ? " example" : " examples") + " withheld: " + why;
    }
  }
}
