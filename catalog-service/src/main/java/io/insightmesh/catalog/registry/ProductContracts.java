package io.insightmesh.catalog.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.iceberg.IcebergCatalogs;
import io.insightmesh.catalog.policy.PolicyInputsChanged;
import io.insightmesh.catalog.security.Authorizer;
import io.insightmesh.catalog.security.Caller;
import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.InvalidContractException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The contract versions of products: stored once per version, fixed by the first release under it,
 * and the source of what the catalog enforces on commits to a product's tables. A product's MAJOR
 * version {@code M} lives in table {@code <domain>.<name>_v<M>} ({@link ProductTable}); the
 * contract enforced there is the product's registered contract version when that is the product's
 * current table, else the highest stored version of major {@code M}.
 */
@ApplicationScoped
public class ProductContracts {
  private final ContractStore contracts;
  private final ProductStore products;
  private final Authorizer authorizer;

  /**
   * Parsed contracts by their text. Trino's policy asks for a table's contract several times per
   * query, and commits once each; a text always parses to the same schema, so keying by the text
   * stays right whatever is stored. The schemas are shared: nobody may change them.
   */
  private final Cache<String, Schema> parsed = Caffeine.newBuilder().maximumSize(256).build();

  private final Event<PolicyInputsChanged> changes;
  private final IcebergCatalogs catalogs;

  public ProductContracts(
      ContractStore contracts,
      ProductStore products,
      Authorizer authorizer,
      Event<PolicyInputsChanged> changes,
      IcebergCatalogs catalogs) {
    this.contracts = contracts;
    this.products = products;
    this.authorizer = authorizer;
    this.changes = changes;
    this.catalogs = catalogs;
  }

  /** The outcome of storing a contract version. */
  public record Stored(Contract contract, boolean created) {}

  /** A contract in force on a table, parsed. */
  public record Enforced(ProductId product, ContractVersion version, Schema schema) {}

  /**
   * Stores contract {@code version} of a product; storing the same schema again is a no-op, and
   * another schema replaces the stored one until a release is published under the version.
   *
   * @throws IllegalArgumentException if the id, version or contract is invalid
   * @throws NoSuchProductException if the product is not registered
   * @throws ProductLifecycleException if the product is retired
   * @throws ContractConflictException if the version is stored with a different schema and a
   *     release was published under it (until then a different schema replaces the stored one)
   */
  public Stored put(String productId, String version, String schemaJson) {
    ProductId id = ProductRequests.productId(productId);
    Caller caller = authorizer.checkWrite("store a contract of", id.domain(), "product " + id);
    ContractVersion contractVersion = ContractVersion.parse(version);
    Schema schema = ContractSpec.parse(schemaJson, id + " " + contractVersion);
    Product product = product(id);
    if (product.status() == ProductStatus.RETIRED) {
      throw new ProductLifecycleException(
          "Cannot store contract " + contractVersion + " of " + id + ": the product is RETIRED");
    }
    Contract contract =
        new Contract(
            id,
            contractVersion,
            schema.toString(),
            new Change(
                caller.principal(),
                OffsetDateTime.now(ZoneOffset.UTC)
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    Optional<Contract> existing = contracts.insert(contract);
    if (existing.isPresent()) {
      if (parse(existing.get()).equals(schema)) {
        return new Stored(existing.get(), false);
      }
      // A version is fixed by its first release, not by a publish that failed before it: the
      // producer corrects the contract it failed with under the same version.
      if (tagged(product, contractVersion) || !contracts.replaceUnreleased(contract)) {
        throw new ContractConflictException(
            "Cannot store contract "
                + contractVersion
                + " of "
                + id
                + ": that version is already stored with a different schema and a release was"
                + " published under it; contract versions never change once released, store a"
                + " new version instead");
      }
      changes.fire(new PolicyInputsChanged());
      authorizer.recordWrite(
          caller,
          "product.contract",
          "product " + id + " contract " + contractVersion + " replaced before its first release");
      return new Stored(contract, false);
    }
    changes.fire(new PolicyInputsChanged());
    authorizer.recordWrite(
        caller, "product.contract", "product " + id + " contract " + contractVersion);
    return new Stored(contract, true);
  }

  /**
   * Contract {@code version} of a product.
   *
   * @throws NoSuchContractException if that version is not stored
   */
  public Contract get(String productId, String version) {
    ProductId id = ProductRequests.productId(productId);
    authorizer.checkRead("read the contracts of", "product " + id);
    ContractVersion contractVersion = ContractVersion.parse(version);
    return contracts
        .find(id, contractVersion)
        .orElseThrow(
            () ->
                new NoSuchContractException(
                    "Product " + id + " has no contract version " + contractVersion));
  }

  /**
   * The contract of the product's latest release, or of its registered contract version while it
   * has no release: what a proposed contract is checked against.
   *
   * @throws NoSuchProductException if the product is not registered
   * @throws NoSuchContractException if that contract is not stored
   */
  public Contract current(String productId) {
    ProductId id = ProductRequests.productId(productId);
    authorizer.checkRead("read the contracts of", "product " + id);
    Product product = product(id);
    ContractVersion version =
        products.releases(id, java.util.OptionalLong.empty(), 1).stream()
            .findFirst()
            .map(entry -> entry.release().contractVersion())
            .orElse(product.definition().contractVersion());
    return contracts
        .find(id, version)
        .orElseThrow(
            () ->
                new NoSuchContractException(
                    "Product " + id + " has no stored contract for version " + version));
  }

  /**
   * The contract in force on {@code table}, if the table belongs to a registered product that has a
   * stored contract. Used by the catalog on every schema-changing commit, without a caller check:
   * the commit itself was authorized.
   */
  public Optional<Enforced> enforcedOn(TableIdentifier table) {
    Optional<ProductTable> versioned = ProductTable.parse(table);
    if (versioned.isEmpty()) {
      return Optional.empty();
    }
    ProductId id = versioned.get().product();
    int major = versioned.get().major();
    return products
        .find(id)
        .flatMap(
            product ->
                product.definition().icebergTable().equals(table)
                    ? contracts.find(id, product.definition().contractVersion())
                    : contracts.latestOfMajor(id, major))
        .map(contract -> new Enforced(id, contract.version(), parse(contract)));
  }

  /**
   * Whether the table of the version's major carries a release tag of it ({@code v1.2.0}, {@code
   * v1.2.0+7}): a publish whose commit landed and whose release was not recorded yet (a crash, an
   * unknown outcome) published data under the contract as it stands.
   */
  private boolean tagged(Product product, ContractVersion version) {
    TableIdentifier table = product.definition().tableOfMajor(version.major());
    org.apache.iceberg.catalog.Catalog catalog = catalogs.catalog();
    if (!catalog.tableExists(table)) {
      return false;
    }
    String tag = "v" + version;
    try {
      return catalog.loadTable(table).refs().keySet().stream()
          .anyMatch(ref -> ref.equals(tag) || ref.startsWith(tag + "+"));
    } catch (org.apache.iceberg.exceptions.NoSuchTableException dropped) {
      return false;
    }
  }

  private Product product(ProductId id) {
    return products
        .find(id)
        .orElseThrow(() -> new NoSuchProductException("Product " + id + " is not registered"));
  }

  private Schema parse(Contract contract) {
    try {
      return parsed.get(contract.schema(), text -> new Schema.Parser().parse(text));
    } catch (RuntimeException e) {
      throw new InvalidContractException(
          "Stored contract " + contract.version() + " of " + contract.product() + " is unreadable",
          e);
    }
  }
}
