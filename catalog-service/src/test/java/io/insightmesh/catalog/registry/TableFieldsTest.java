package io.insightmesh.catalog.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TableFieldsTest {

  @Test
  void namesNestedFieldsThroughStructsListsAndMaps() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "claim_id", Types.StringType.get()),
            Types.NestedField.optional(
                2,
                "claimant",
                Types.StructType.of(
                    Types.NestedField.optional(3, "nino", Types.StringType.get()),
                    Types.NestedField.optional(
                        4,
                        "address",
                        Types.StructType.of(
                            Types.NestedField.optional(5, "postcode", Types.StringType.get()))))),
            Types.NestedField.optional(
                6,
                "items",
                Types.ListType.ofOptional(
                    7,
                    Types.StructType.of(
                        Types.NestedField.optional(8, "sku", Types.StringType.get())))),
            Types.NestedField.optional(
                9,
                "attributes",
                Types.MapType.ofOptional(
                    10,
                    11,
                    Types.StringType.get(),
                    Types.StructType.of(
                        Types.NestedField.optional(12, "source", Types.StringType.get())))));

    assertThat(TableFields.names(schema))
        .containsExactly(
            "claim_id",
            "claimant",
            "claimant.nino",
            "claimant.address",
            "claimant.address.postcode",
            "items",
            "items.sku",
            "attributes",
            "attributes.source");
  }

  @Test
  void veryWideSchemasAreCut() {
    List<Types.NestedField> fields = new ArrayList<>();
    for (int id = 1; id <= TableFields.MAX_NAMES + 10; id++) {
      fields.add(Types.NestedField.optional(id, "f" + id, Types.IntegerType.get()));
    }

    List<String> names = TableFields.names(new Schema(fields));

    assertThat(names).hasSize(TableFields.MAX_NAMES).startsWith("f1", "f2");
  }
}
