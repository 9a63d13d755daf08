package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A contract as the catalog holds it: the Avro schema text, not yet parsed.
 *
 * @param product whose contract it is
 * @param version its version, when the catalog says which
 * @param schema the Avro schema, as registered
 */
public record RegisteredContract(
    ProductId product, Optional<ContractVersion> version, String schema) {
  public RegisteredContract {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    requireNonNull(schema, "schema is null");
  }

  /** Names the contract in messages: {@code claims.claims 1.2.0}. */
  public String name() {
    return product + version.map(number -> " " + number).orElse("");
  }

  /**
   * The contract, parsed and checked.
   *
   * @throws InvalidContractException if the registered schema is not a valid contract
   */
  public Schema parse() {
    return ContractSchemas.parseRegistered(schema, name() + " (registered in the catalog)");
  }
}
