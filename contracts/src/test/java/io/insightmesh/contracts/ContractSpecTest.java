package io.insightmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.InvalidContractException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractSpecTest {
  @Test
  void theShippedContractsPass() throws IOException {
    assertThat(ContractSpec.piiTags(ContractSpec.parse(read("claims/claims.avsc"), "claims")))
        .containsEntry("nino", "nino")
        .containsEntry("bank_account_number", "bank_account")
        .doesNotContainKey("claim_id");
    assertThat(ContractSpec.piiTags(ContractSpec.parse(read("risk/decisions.avsc"), "decisions")))
        .isEmpty();
  }

  @Test
  void piiTagsAreFoundAtAnyDepth() {
    String nested =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"people\",\"doc\":\"d\","
            + "\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"P\",\"fields\":["
            + "{\"name\":\"nino\",\"doc\":\"d\",\"type\":\"string\",\"pii\":\"nino\",\"mask\":\"partial\"}]}}}]}";
    assertThat(ContractSpec.piiTags(ContractSpec.parse(nested, "nested")))
        .containsExactly(java.util.Map.entry("people[].nino", "nino"));
  }

  @Test
  void refusesWhatIsNotAContract() {
    assertThatThrownBy(() -> ContractSpec.parse("{not json", "x.avsc"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageStartingWith("Invalid contract x.avsc: not a valid Avro schema");
    assertThatThrownBy(() -> ContractSpec.parse("\"string\"", "x.avsc"))
        .hasMessage("Invalid contract x.avsc: must be an Avro record, not STRING");
    assertThatThrownBy(
            () -> ContractSpec.parse(field("\"pii\":\"nino\",\"mask\":\"partial\"", ""), "x.avsc"))
        .hasMessage("Invalid contract x.avsc: field f has no doc; every field needs one");
    assertThatThrownBy(
            () ->
                ContractSpec.parse(
                    field("\"pii\":\"shoe-size\",\"mask\":\"redact\"", "d"), "x.avsc"))
        .hasMessageStartingWith("Invalid contract x.avsc: field f has unknown pii tag 'shoe-size'");
    assertThatThrownBy(() -> ContractSpec.parse(field("\"pii\":\"nino\"", "d"), "x.avsc"))
        .hasMessage("Invalid contract x.avsc: field f is pii but has no mask strategy");
    assertThatThrownBy(() -> ContractSpec.parse(field("\"mask\":\"redact\"", "d"), "x.avsc"))
        .hasMessage("Invalid contract x.avsc: field f has a mask but no pii tag");
  }

  /** Rules run on top-level fields only: a nested one would be accepted and never run. */
  @Test
  void refusesQualityRulesOnANestedField() {
    String nested =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"address\",\"doc\":\"d\","
            + "\"type\":{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"postcode\","
            + "\"doc\":\"d\",\"type\":\"string\",\"quality\":[{\"rule\":\"not-null\"}]}]}}]}";
    assertThatThrownBy(() -> ContractSpec.parse(nested, "x.avsc"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage(
            "Invalid contract x.avsc: field address.postcode has quality rules, but rules run on"
                + " top-level fields only; put the rule on a top-level field");
    assertThat(ContractSpec.parse(field("\"quality\":[{\"rule\":\"not-null\"}]", "d"), "x.avsc"))
        .isNotNull();
    // A contract the catalog took before the rule stays readable, so its product can still release.
    assertThat(ContractSpec.parseRegistered(nested, "claims.x 1.0.0").getField("address"))
        .isNotNull();
  }

  /** Every consumer of a contract, the catalog's API among them, refuses a rule no publish runs. */
  @Test
  void refusesAQualityRuleThatCannotRun() {
    for (String rule :
        List.of("{\"rule\":\"regex\",\"pattern\":\"[A-Z\"}", "{\"rule\":\"not-nul\"}")) {
      assertThatThrownBy(
              () -> ContractSpec.parse(field("\"quality\":[" + rule + "]", "d"), "claims.x 1.0.0"))
          .as(rule)
          .isInstanceOf(InvalidContractException.class)
          .hasMessageStartingWith(
              "Invalid contract claims.x 1.0.0: Invalid quality rule on field f: ");
    }
    assertThatThrownBy(
            () ->
                ContractSpec.parse(
                    field("\"quality\":[{\"rule\":\"range\",\"min\":\"1\"}]", "d"),
                    "claims.x 1.0.0"))
        .hasMessage(
            "Invalid contract claims.x 1.0.0: Invalid quality rule on field f: a range rule's min"
                + " must be a number");
  }

  @Test
  void refusesARecursiveRecordInsteadOfRecursingForever() {
    String recursive =
        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"doc\":\"d\","
            + "\"type\":[\"null\",\"Node\"],\"default\":null}]}";
    assertThatThrownBy(() -> ContractSpec.parse(recursive, "x.avsc"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage(
            "Invalid contract x.avsc: record Node at next contains itself; a table column cannot be"
                + " recursive");
  }

  private static String field(String props, String doc) {
    return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":\"string\""
        + (doc.isEmpty() ? "" : ",\"doc\":\"" + doc + "\"")
        + ","
        + props
        + "}]}";
  }

  private static String read(String path) throws IOException {
    try (InputStream in = getClassLoaderResource("contracts/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream getClassLoaderResource(String name) {
    return ContractSpecTest.class.getClassLoader().getResourceAsStream(name);
  }
}
