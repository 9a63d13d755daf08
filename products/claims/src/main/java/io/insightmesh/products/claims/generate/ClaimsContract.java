package io.insightmesh.products.claims.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;

/** The claims contract as shipped by the contracts module: the schema landing files follow. */
final class ClaimsContract {
  static final String RESOURCE = "contracts/claims/claims.avsc";

  private static final Schema SCHEMA = load();

  /**
   * Fields a record must carry (not nullable in the contract), except claim_id: the ground truth is
   * keyed by it, so even a bad record keeps it.
   */
  static final List<String> REQUIRED_FIELDS =
      SCHEMA.getFields().stream()
          .filter(field -> field.schema().getType() != Schema.Type.UNION)
          .map(Schema.Field::name)
          .filter(name -> !name.equals("claim_id"))
          .toList();

  private ClaimsContract() {}

  static Schema schema() {
    return SCHEMA;
  }

  private static Schema load() {
    try (InputStream in = ClaimsContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "The claims contract " + RESOURCE + " is not on the classpath (contracts module)");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the claims contract " + RESOURCE, e);
    }
  }
}
