package io.insightmesh.catalog.iceberg;

import io.insightmesh.catalog.registry.ProductContracts;
import io.insightmesh.contracts.spec.ContractSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Holds every product table to its contract, whatever the client: a commit through Spark, Trino or
 * the REST API that would give the table a schema other than its contract's, or drop a PII tag the
 * contract sets, is refused. A contract changes only by storing a new contract version first (the
 * SDK's publish does this), so the gate cannot be bypassed by writing through an engine.
 *
 * <p>PII tags live in table properties {@code mesh.pii.<column path>=<tag>}, where engines and the
 * access policy read them.
 */
@ApplicationScoped
public class ContractGate {
  /** Table property prefix of a column's PII tag. */
  public static final String PII_PROPERTY_PREFIX = "mesh.pii.";

  private final ProductContracts contracts;
  private final Catalog catalog;

  public ContractGate(ProductContracts contracts, IcebergCatalogs catalogs) {
    this.contracts = contracts;
    this.catalog = catalogs.catalog();
  }

  /** Checks a table about to be created with {@code schema} and {@code properties}. */
  void checkCreate(TableIdentifier table, Schema schema, Map<String, String> properties) {
    contracts.enforcedOn(table).ifPresent(contract -> check(table, contract, schema, properties));
  }

  /**
   * Checks a table about to take {@code table}'s name as it is, renamed onto it or registered as
   * it: neither goes through a create or a commit, and a table built under another name is how a
   * product's next major version is often made.
   */
  void checkArriving(TableIdentifier table, TableMetadata metadata) {
    checkCreate(table, metadata.schema(), metadata.properties());
  }

  /** Checks the table a commit would leave behind, when the commit touches schema or tags. */
  void checkCommit(TableIdentifier table, UpdateTableRequest request) {
    if (!touchesContract(request.updates())) {
      return;
    }
    Optional<ProductContracts.Enforced> contract = contracts.enforcedOn(table);
    if (contract.isEmpty()) {
      return;
    }
    boolean create =
        request.requirements().stream()
            .anyMatch(
                requirement -> requirement instanceof UpdateRequirement.AssertTableDoesNotExist);
    if (create) {
      checkStagedCreate(table, contract.get(), request.updates());
      return;
    }
    if (!(catalog.loadTable(table) instanceof BaseTable current)) {
      return;
    }
    TableMetadata.Builder builder = TableMetadata.buildFrom(current.operations().current());
    for (MetadataUpdate update : request.updates()) {
      update.applyTo(builder);
    }
    TableMetadata after = builder.build();
    check(table, contract.get(), after.schema(), after.properties());
  }

  private void checkStagedCreate(
      TableIdentifier table, ProductContracts.Enforced contract, List<MetadataUpdate> updates) {
    Schema schema = null;
    Map<String, String> properties = new HashMap<>();
    for (MetadataUpdate update : updates) {
      if (update instanceof MetadataUpdate.AddSchema addSchema) {
        schema = addSchema.schema();
      } else if (update instanceof MetadataUpdate.SetProperties setProperties) {
        properties.putAll(setProperties.updated());
      } else if (update instanceof MetadataUpdate.RemoveProperties removeProperties) {
        removeProperties.removed().forEach(properties::remove);
      }
    }
    if (schema != null) {
      check(table, contract, schema, properties);
    }
  }

  private static boolean touchesContract(List<MetadataUpdate> updates) {
    for (MetadataUpdate update : updates) {
      if (update instanceof MetadataUpdate.AddSchema
          || update instanceof MetadataUpdate.SetCurrentSchema) {
        return true;
      }
      if (update instanceof MetadataUpdate.RemoveProperties remove
          && remove.removed().stream().anyMatch(key -> key.startsWith(PII_PROPERTY_PREFIX))) {
        return true;
      }
      if (update instanceof MetadataUpdate.SetProperties set
          && set.updated().keySet().stream().anyMatch(key -> key.startsWith(PII_PROPERTY_PREFIX))) {
        return true;
      }
    }
    return false;
  }

  private static void check(
      TableIdentifier table,
      ProductContracts.Enforced contract,
      Schema schema,
      Map<String, String> properties) {
    List<String> problems = new ArrayList<>();
    Schema expected = AvroSchemaUtil.toIceberg(contract.schema());
    compare(expected.asStruct(), schema.asStruct(), "", problems);
    ContractSpec.piiTags(contract.schema())
        .forEach(
            (column, tag) -> {
              String actual = properties.get(PII_PROPERTY_PREFIX + column);
              if (!tag.equals(actual)) {
                problems.add(
                    "column "
                        + column
                        + (actual == null
                            ? " lost its pii tag " + tag
                            : " has pii tag " + actual + " instead of " + tag)
                        + " (rule: pii-tags-must-match-contract)");
              }
            });
    if (!problems.isEmpty()) {
      throw new ContractViolationException(
          "Cannot commit to "
              + table
              + ": it is the table of product "
              + contract.product()
              + " under contract "
              + contract.version()
              + ", and "
              + String.join("; ", problems)
              + ". Store a new contract version (./mesh publish) before changing the table.");
    }
  }

  private static void compare(Type expected, Type actual, String path, List<String> problems) {
    if (expected.typeId() != actual.typeId()) {
      problems.add(
          "column "
              + display(path)
              + " has type "
              + actual
              + " where the contract says "
              + expected
              + " (rule: types-must-match-contract)");
      return;
    }
    switch (expected.typeId()) {
      case STRUCT -> compareStruct(expected.asStructType(), actual.asStructType(), path, problems);
      case LIST -> {
        Types.ListType expectedList = expected.asListType();
        Types.ListType actualList = actual.asListType();
        optionality(
            path + "[]",
            expectedList.isElementOptional(),
            actualList.isElementOptional(),
            problems);
        compare(expectedList.elementType(), actualList.elementType(), path + "[]", problems);
      }
      case MAP -> {
        Types.MapType expectedMap = expected.asMapType();
        Types.MapType actualMap = actual.asMapType();
        compare(expectedMap.keyType(), actualMap.keyType(), path + "{key}", problems);
        optionality(
            path + "{}", expectedMap.isValueOptional(), actualMap.isValueOptional(), problems);
        compare(expectedMap.valueType(), actualMap.valueType(), path + "{}", problems);
      }
      default -> {
        if (!expected.equals(actual)) {
          problems.add(
              "column "
                  + display(path)
                  + " has type "
                  + actual
                  + " where the contract says "
                  + expected
                  + " (rule: types-must-match-contract)");
        }
      }
    }
  }

  private static void compareStruct(
      Types.StructType expected, Types.StructType actual, String path, List<String> problems) {
    String prefix = path.isEmpty() ? "" : path + ".";
    for (Types.NestedField field : expected.fields()) {
      Types.NestedField match = actual.field(field.name());
      if (match == null) {
        problems.add(
            "column "
                + prefix
                + field.name()
                + " of the contract is missing (rule: columns-must-match-contract)");
        continue;
      }
      optionality(prefix + field.name(), field.isOptional(), match.isOptional(), problems);
      compare(field.type(), match.type(), prefix + field.name(), problems);
    }
    for (Types.NestedField field : actual.fields()) {
      if (expected.field(field.name()) == null) {
        problems.add(
            "column "
                + prefix
                + field.name()
                + " is not in the contract (rule: columns-must-match-contract)");
      }
    }
  }

  private static void optionality(
      String path, boolean expectedOptional, boolean actualOptional, List<String> problems) {
    if (expectedOptional != actualOptional) {
      problems.add(
          "column "
              + display(path)
              + " is "
              + (actualOptional ? "optional" : "required")
              + " where the contract says "
              + (expectedOptional ? "optional" : "required")
              + " (rule: nullability-must-match-contract)");
    }
  }

  private static String display(String path) {
    return path.isEmpty() ? "<root>" : path;
  }
}
