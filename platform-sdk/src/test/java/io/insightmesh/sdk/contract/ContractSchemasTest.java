package io.insightmesh.sdk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What a contract must be before it is compared: readable, valid Avro, a record, the rules. */
class ContractSchemasTest {
  @TempDir Path directory;

  @Test
  void theShippedContractsAreValidAndUnchangedAgainstThemselves() throws IOException {
    for (String contract :
        new String[] {
          "claims/claims.avsc", "profiles/claimant_profiles.avsc", "risk/decisions.avsc"
        }) {
      Schema schema = ContractSchemas.parse(shipped(contract), contract);

      assertThat(ContractCompatibility.classify(schema, schema).toText())
          .as(contract)
          .isEqualTo("classification: PATCH\nno changes\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "not-a-record.avsc | must be an Avro record, not ARRAY",
        "unknown-pii.avsc  | field shoe_size has unknown pii tag 'shoe_size'; known tags are [address,"
            + " bank_account, contact, device, dob, ip, name, nino, postcode, utr]",
        "missing-doc.avsc  | field address.city has no doc; every field needs one",
      })
  void invalidFilesNameTheFileAndTheProblem(String file, String problem) throws Exception {
    Path path = sample(file);

    assertThatThrownBy(() -> ContractSchemas.read(path))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Invalid contract " + path + ": " + problem);
  }

  @Test
  void notJsonCarriesAvrosMessage() throws Exception {
    Path path = sample("not-json.avsc");

    assertThatThrownBy(() -> ContractSchemas.read(path))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageStartingWith("Invalid contract " + path + ": not a valid Avro schema: ")
        .hasMessageContaining("Unexpected end-of-input");
  }

  @Test
  void unreadableFilesAreNamed() throws IOException {
    Path missing = directory.resolve("missing.avsc");
    Path latin1 = Files.write(directory.resolve("latin1.avsc"), new byte[] {(byte) 0xff, '{'});

    assertThatThrownBy(() -> ContractSchemas.read(missing))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Cannot read contract " + missing + ": no such file");
    assertThatThrownBy(() -> ContractSchemas.read(directory))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Cannot read contract " + directory + ": it is a directory");
    assertThatThrownBy(() -> ContractSchemas.read(latin1))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Cannot read contract " + latin1 + ": not UTF-8 text");
  }

  static Stream<Arguments> invalidContracts() {
    return Stream.of(
        Arguments.of("empty", "  ", "it is empty"),
        Arguments.of(
            "invalid name",
            "{'type':'record','name':'R','fields':[{'name':'a-b','doc':'d','type':'int'}]}",
            "not a valid Avro schema: Illegal character in: a-b"),
        Arguments.of(
            "invalid default",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int','default':'x'}]}",
            "not a valid Avro schema: Invalid default for field a: \"x\" not a \"int\""),
        Arguments.of(
            "mask without pii",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int','mask':'redact'}]}",
            "field a has a mask but no pii tag"),
        Arguments.of(
            "pii without mask",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int','pii':'nino'}]}",
            "field a is pii but has no mask strategy"),
        Arguments.of(
            "invalid decimal",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':"
                + "{'type':'bytes','logicalType':'decimal','precision':2,'scale':5}}]}",
            "field a has an invalid logical type decimal: Invalid decimal scale: 5 (greater than"
                + " precision: 2)"),
        Arguments.of(
            "recursive type",
            "{'type':'record','name':'Node','fields':[{'name':'next','doc':'d',"
                + "'type':['null','Node'],'default':null}]}",
            "field next makes record Node recursive; a product's table cannot hold recursive"
                + " types"),
        Arguments.of(
            "quality not a list",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int',"
                + "'quality':{'rule':'not-null'}}]}",
            "Invalid quality rule on field a: quality must be a list of rules"),
        Arguments.of(
            "unknown quality rule",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int',"
                + "'quality':[{'rule':'sparkly'}]}]}",
            "Invalid quality rule on field a: unknown quality rule 'sparkly'; known rules are"
                + " not-null, unique, range, regex, allowed-values, references"),
        Arguments.of(
            "quality rule on a nested field",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':{'type':'record',"
                + "'name':'A','fields':[{'name':'b','doc':'d','type':'int','quality':[{'rule':"
                + "'not-null'}]}]}}]}",
            "field a.b has quality rules, but rules run on top-level fields only; put the rule on a"
                + " top-level field"),
        Arguments.of(
            "range with a quoted bound",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int',"
                + "'quality':[{'rule':'range','min':'100'}]}]}",
            "Invalid quality rule on field a: a range rule's min must be a number"),
        Arguments.of(
            "range with a misspelt bound",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int',"
                + "'quality':[{'rule':'range','minimum':1}]}]}",
            "Invalid quality rule on field a: a range rule has no 'minimum'; it takes max, min"),
        Arguments.of(
            "range without bounds",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int',"
                + "'quality':[{'rule':'range'}]}]}",
            "Invalid quality rule on field a: a range rule needs min, max or both"),
        Arguments.of(
            "range upside down",
            "{'type':'record','name':'R','fields':[{'name':'a','doc':'d','type':'int',"
                + "'quality':[{'rule':'range','min':5,'max':1}]}]}",
            "Invalid quality rule on field a: a range rule's min must not be above its max"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidContracts")
  void invalidContractsNameTheSourceAndTheProblem(String name, String json, String problem) {
    String contract = json.replace('\'', '"');

    assertThatThrownBy(() -> ContractSchemas.parse(contract, "x.avsc"))
        .as(name)
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Invalid contract x.avsc: " + problem);
  }

  static Path sample(String file) throws URISyntaxException {
    return Path.of(ContractSchemasTest.class.getResource(file).toURI());
  }

  private static String shipped(String path) throws IOException {
    try (InputStream in =
        ContractSchemasTest.class.getClassLoader().getResourceAsStream("contracts/" + path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
