package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.catalog.http.QueryNumbers;
import io.insightmesh.catalog.iceberg.IcebergCatalogs;
import io.insightmesh.catalog.policy.PolicyInputsChanged;
import io.insightmesh.catalog.security.Authorizer;
import io.insightmesh.catalog.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The product registry (DESIGN.md §4): registration, updates, lookup and search, the lifecycle
 * {@code ACTIVE → DEPRECATED → RETIRED}, and the release history.
 *
 * <p>Registering and updating are separate on purpose: {@link #register} creates and refuses an id
 * that exists, so two teams cannot silently overwrite each other's first registration; {@link
 * #update} replaces the whole definition of an existing product and is idempotent, so a publisher
 * can send its descriptor on every run. Only the identity and the lifecycle are outside an update.
 * Ownership follows the domain: the owners of a domain (role {@code domain-owner:<domain>}) or an
 * admin may write its products, whatever team the {@code owner} field names.
 *
 * <p>Reading needs a reader role, writing the domain's owner role; every write is audited. The
 * field names of a product's Iceberg table are read from the table's current schema whenever the
 * product is registered, updated or released, so search finds them without touching the table.
 */
@ApplicationScoped
public class ProductRegistry {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;

  // Only for comparing quality results; nothing is written with it.
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProductStore store;
  private final ContractStore contracts;
  private final Authorizer authorizer;
  private final IcebergCatalogs catalogs;
  private final Event<PolicyInputsChanged> changes;

  public ProductRegistry(
      ProductStore store,
      ContractStore contracts,
      Authorizer authorizer,
      IcebergCatalogs catalogs,
      Event<PolicyInputsChanged> changes) {
    this.store = store;
    this.contracts = contracts;
    this.authorizer = authorizer;
    this.catalogs = catalogs;
    this.changes = changes;
  }

  /** A release recording's outcome: the release, and whether this request recorded it. */
  public record ReleaseRecording(Release release, Outcome outcome, boolean tagPresent) {
    public ReleaseRecording {
      requireNonNull(release, "release is null");
      requireNonNull(outcome, "outcome is null");
    }

    /** Whether the release was recorded now or, identical, before. */
    public enum Outcome {
      RECORDED,
      ALREADY_RECORDED
    }
  }

  /**
   * Registers a new, {@code ACTIVE} product.
   *
   * @throws IllegalArgumentException naming the first field that breaks a rule
   * @throws io.insightmesh.catalog.security.AccessDeniedException unless the caller owns the domain
   * @throws ProductAlreadyExistsException if the id is registered already
   */
  public Product register(ProductRequest request) {
    ProductId id = ProductRequests.identity(request);
    Caller caller = authorizer.checkWrite("register", id.domain(), describe(id));
    ProductDefinition definition = ProductRequests.definition(id, request);
    Change change = new Change(caller.principal(), now());
    Product product =
        new Product(
            definition,
            tableFields(definition.icebergTable()),
            ProductStatus.ACTIVE,
            Optional.empty(),
            Optional.empty(),
            change,
            change);
    store.insert(product);
    changes.fire(new PolicyInputsChanged());
    authorizer.recordWrite(caller, "product.register", describe(id));
    return product;
  }

  /**
   * Replaces the definition of a registered product; its lifecycle and history stay.
   *
   * @throws IllegalArgumentException naming the first field that breaks a rule
   * @throws IllegalArgumentException naming the first field that breaks a rule, or if the update
   *     moves the product to a contract version that is not stored
   * @throws NoSuchProductException if the product is not registered
   * @throws ProductLifecycleException if the product is retired
   */
  public Product update(String productId, ProductRequest request) {
    ProductId id = ProductRequests.productId(productId);
    Caller caller = authorizer.checkWrite("update", id.domain(), describe(id));
    ProductDefinition definition = ProductRequests.definition(id, request);
    ContractVersion contractVersion = definition.contractVersion();
    // The registered version is the contract the catalog enforces on commits and masks PII by: a
    // version without a stored contract would switch both off. Only a new product's first version
    // is registered before its contract (the contract needs the product to belong to).
    if (!find(id).definition().contractVersion().equals(contractVersion)) {
      requireStoredContract(id, contractVersion, "the product cannot be moved to it");
    }
    List<String> tableFields = tableFields(definition.icebergTable());
    Change change = new Change(caller.principal(), now());
    Product updated =
        store.update(
            id,
            current -> {
              if (current.status() == ProductStatus.RETIRED) {
                throw new ProductLifecycleException(
                    "Cannot update " + id + ": it is RETIRED, and a retired product is final");
              }
              return new Product(
                  definition,
                  tableFields,
                  current.status(),
                  current.deprecation(),
                  current.retirement(),
                  current.created(),
                  change);
            });
    changes.fire(new PolicyInputsChanged());
    authorizer.recordWrite(caller, "product.update", describe(id));
    return updated;
  }

  /**
   * The registered product.
   *
   * @throws NoSuchProductException if it is not registered
   */
  public Product get(String productId) {
    ProductId id = ProductRequests.productId(productId);
    authorizer.checkRead("read", describe(id));
    return find(id);
  }

  /**
   * One page of the products matching the request's filters, in id order.
   *
   * @throws IllegalArgumentException naming the first parameter that breaks a rule
   */
  public Page<Product> list(ProductListRequest request) {
    authorizer.checkRead("list", "products");
    ProductQuery query = ProductRequests.query(request);
    int pageSize =
        QueryNumbers.bounded("pageSize", request.pageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    Optional<ProductId> after =
        ProductRequests.present(request.pageToken()).map(PageTokens::productAfter);
    List<Product> products = store.list(query, after, pageSize + 1);
    if (products.size() <= pageSize) {
      return new Page<>(products, Optional.empty());
    }
    List<Product> page = products.subList(0, pageSize);
    return new Page<>(page, Optional.of(PageTokens.afterProduct(page.get(page.size() - 1).id())));
  }

  /**
   * Deprecates an active product. Deprecating it again with the same reason and successor answers
   * with the product as it is.
   *
   * @throws IllegalArgumentException if the reason is missing, or the successor is not another
   *     registered, unretired product
   * @throws ProductLifecycleException if the product is retired, or deprecated differently
   */
  public Product deprecate(String productId, DeprecationRequest request) {
    ProductId id = ProductRequests.productId(productId);
    Caller caller = authorizer.checkWrite("deprecate", id.domain(), describe(id));
    ProductRequests.DeprecationDraft draft = ProductRequests.deprecation(id, request);
    draft.successor().ifPresent(this::checkSuccessor);
    Change change = new Change(caller.principal(), now());
    Product result =
        store.update(
            id,
            current ->
                switch (current.status()) {
                  case ACTIVE ->
                      new Product(
                          current.definition(),
                          current.tableFields(),
                          ProductStatus.DEPRECATED,
                          Optional.of(new Deprecation(draft.reason(), draft.successor(), change)),
                          Optional.empty(),
                          current.created(),
                          change);
                  case DEPRECATED -> {
                    Deprecation recorded = current.deprecation().orElseThrow();
                    if (recorded.reason().equals(draft.reason())
                        && recorded.successor().equals(draft.successor())) {
                      yield current;
                    }
                    throw new ProductLifecycleException(
                        "Cannot deprecate "
                            + id
                            + ": it is already DEPRECATED with another reason or successor,"
                            + " and a deprecation is not changed");
                  }
                  case RETIRED ->
                      throw new ProductLifecycleException(
                          "Cannot deprecate "
                              + id
                              + ": it is RETIRED, and a retired product is final");
                });
    if (result.updated() == change) {
      authorizer.recordWrite(caller, "product.deprecate", describe(id));
    }
    return result;
  }

  /**
   * Retires a deprecated product. Retiring a retired product answers with it as it is.
   *
   * @throws ProductLifecycleException if the product is not deprecated first
   */
  public Product retire(String productId) {
    ProductId id = ProductRequests.productId(productId);
    Caller caller = authorizer.checkWrite("retire", id.domain(), describe(id));
    Change change = new Change(caller.principal(), now());
    Product result =
        store.update(
            id,
            current ->
                switch (current.status()) {
                  case ACTIVE ->
                      throw new ProductLifecycleException(
                          "Cannot retire "
                              + id
                              + ": only a DEPRECATED product may be retired and it is ACTIVE;"
                              + " deprecate it first so its readers are warned");
                  case DEPRECATED ->
                      new Product(
                          current.definition(),
                          current.tableFields(),
                          ProductStatus.RETIRED,
                          current.deprecation(),
                          Optional.of(change),
                          current.created(),
                          change);
                  case RETIRED -> current;
                });
    if (result.updated() == change) {
      authorizer.recordWrite(caller, "product.retire", describe(id));
    }
    return result;
  }

  /**
   * Records a release of the product: an Iceberg snapshot of its table, checked and tagged by the
   * publisher. Recording the identical release again answers with the recorded one.
   *
   * @throws IllegalArgumentException if a field breaks a rule, the snapshot is not in the product's
   *     table, or the release's contract version is not stored
   * @throws NoSuchProductException if the product is not registered
   * @throws ProductLifecycleException if the product is retired
   * @throws ReleaseConflictException if the version is recorded with other content
   */
  public ReleaseRecording recordRelease(String productId, ReleaseRequest request) {
    ProductId id = ProductRequests.productId(productId);
    Caller caller = authorizer.checkWrite("record a release of", id.domain(), describe(id));
    ProductRequests.ReleaseDraft draft = ProductRequests.release(request);
    Product product = find(id);
    Optional<Release> recorded = store.findRelease(id, draft.version());
    if (recorded.isPresent()) {
      Release release = sameRelease(recorded.get(), draft);
      return new ReleaseRecording(
          release,
          ReleaseRecording.Outcome.ALREADY_RECORDED,
          loadTable(releaseTable(product, release.contractVersion()))
              .map(table -> hasTag(table, release))
              .orElse(false));
    }
    if (product.status() == ProductStatus.RETIRED) {
      throw new ProductLifecycleException(
          "Cannot record release "
              + draft.version()
              + " of "
              + id
              + ": it is RETIRED, and a retired product is final");
    }
    // Readers of a release read its contract: what it promises, and what the next version is
    // checked against.
    requireStoredContract(id, draft.contractVersion(), "a release is published under its contract");
    TableIdentifier tableId = releaseTable(product, draft.contractVersion());
    Table table =
        loadTable(tableId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Invalid snapshotId "
                            + draft.snapshotId()
                            + ": the table "
                            + tableId
                            + " of product "
                            + id
                            + " does not exist"));
    if (table.snapshot(draft.snapshotId()) == null) {
      throw new IllegalArgumentException(
          "Invalid snapshotId "
              + draft.snapshotId()
              + ": table "
              + tableId
              + " of product "
              + id
              + " has no such snapshot");
    }
    Release release =
        new Release(
            id,
            draft.version(),
            draft.snapshotId(),
            draft.rowCount(),
            draft.contractVersion(),
            draft.qualityResults().map(JsonNode::toString),
            new Change(caller.principal(), now()));
    Optional<Release> raced = store.insertRelease(release);
    if (raced.isPresent()) {
      Release first = sameRelease(raced.get(), draft);
      return new ReleaseRecording(
          first, ReleaseRecording.Outcome.ALREADY_RECORDED, hasTag(table, first));
    }
    List<String> tableFields = TableFields.names(table.schema());
    store.update(
        id,
        current ->
            current.definition().icebergTable().equals(tableId)
                    && !current.tableFields().equals(tableFields)
                ? new Product(
                    current.definition(),
                    tableFields,
                    current.status(),
                    current.deprecation(),
                    current.retirement(),
                    current.created(),
                    current.updated())
                : current);
    authorizer.recordWrite(
        caller, "product.release", describe(id) + " release " + release.version());
    return new ReleaseRecording(release, ReleaseRecording.Outcome.RECORDED, hasTag(table, release));
  }

  /**
   * Where a release under {@code contract} lives: a product moved to a new MAJOR keeps the releases
   * of the old one in the old table, readable by their tags.
   */
  private static TableIdentifier releaseTable(Product product, ContractVersion contract) {
    return product.definition().tableOfMajor(contract.major());
  }

  /**
   * Whether the release's tag still reads what was released: there, and at the release's snapshot
   * (a tag moved since would make the release's pinned queries read other data).
   */
  private static boolean hasTag(Table table, Release release) {
    org.apache.iceberg.SnapshotRef tag = table.refs().get("v" + release.version());
    return tag != null && tag.isTag() && tag.snapshotId() == release.snapshotId();
  }

  /**
   * One page of the product's releases, newest first.
   *
   * @throws NoSuchProductException if the product is not registered
   */
  public Page<ListedRelease> releases(String productId, String pageSize, String pageToken) {
    ProductId id = ProductRequests.productId(productId);
    authorizer.checkRead("list releases of", describe(id));
    int size = QueryNumbers.bounded("pageSize", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    OptionalLong before =
        ProductRequests.present(pageToken)
            .map(token -> OptionalLong.of(PageTokens.releaseBefore(id, token)))
            .orElse(OptionalLong.empty());
    Product product = find(id);
    List<ProductStore.ReleaseEntry> entries = store.releases(id, before, size + 1);
    // Data-only releases' tags expire (their max-ref-age); the record stays, the tag does not.
    // A page may span a MAJOR change, so releases of two tables: each is loaded once.
    Map<TableIdentifier, Optional<Table>> tables = new HashMap<>();
    List<ListedRelease> releases = new ArrayList<>();
    entries.stream()
        .limit(size)
        .forEach(
            entry -> {
              Release release = entry.release();
              Optional<Table> table =
                  tables.computeIfAbsent(
                      releaseTable(product, release.contractVersion()), this::loadTable);
              releases.add(
                  new ListedRelease(
                      release, table.map(loaded -> hasTag(loaded, release)).orElse(false)));
            });
    Optional<String> next =
        entries.size() > size
            ? Optional.of(PageTokens.beforeRelease(id, entries.get(size - 1).sequence()))
            : Optional.empty();
    return new Page<>(releases, next);
  }

  private Product find(ProductId id) {
    return store
        .find(id)
        .orElseThrow(() -> new NoSuchProductException("Product " + id + " is not registered"));
  }

  private void requireStoredContract(ProductId id, ContractVersion version, String why) {
    if (contracts.find(id, version).isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid contractVersion "
              + version
              + ": product "
              + id
              + " has no stored contract "
              + version
              + " and "
              + why
              + "; store it first (PUT /api/v1/products/"
              + id
              + "/contracts/"
              + version
              + ")");
    }
  }

  private void checkSuccessor(ProductId successor) {
    Optional<Product> product = store.find(successor);
    if (product.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid successor " + successor + ": no such product is registered");
    }
    if (product.get().status() == ProductStatus.RETIRED) {
      throw new IllegalArgumentException(
          "Invalid successor " + successor + ": it is RETIRED and cannot take over readers");
    }
  }

  /** The recorded release if {@code draft} describes it exactly; releases never change. */
  private static Release sameRelease(Release recorded, ProductRequests.ReleaseDraft draft) {
    List<String> differences = new ArrayList<>();
    if (recorded.snapshotId() != draft.snapshotId()) {
      differences.add(
          "snapshotId " + draft.snapshotId() + " (recorded " + recorded.snapshotId() + ")");
    }
    if (recorded.rowCount() != draft.rowCount()) {
      differences.add("rowCount " + draft.rowCount() + " (recorded " + recorded.rowCount() + ")");
    }
    if (!recorded.contractVersion().equals(draft.contractVersion())) {
      differences.add(
          "contractVersion "
              + draft.contractVersion()
              + " (recorded "
              + recorded.contractVersion()
              + ")");
    }
    if (!Objects.equals(
        recorded.qualityResults().map(ProductRegistry::tree), draft.qualityResults())) {
      differences.add("qualityResults");
    }
    if (!differences.isEmpty()) {
      throw new ReleaseConflictException(
          "Cannot record release "
              + recorded.version()
              + " of "
              + recorded.productId()
              + ": that version is already recorded, and this request differs in "
              + String.join(", ", differences)
              + "; a release never changes, publish a new version instead");
    }
    return recorded;
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored quality results are not JSON: " + json, e);
    }
  }

  private List<String> tableFields(TableIdentifier table) {
    return loadTable(table).map(loaded -> TableFields.names(loaded.schema())).orElse(List.of());
  }

  private Optional<Table> loadTable(TableIdentifier table) {
    // A product may be registered before its first publish creates the table.
    if (!catalogs.catalog().tableExists(table)) {
      return Optional.empty();
    }
    try {
      return Optional.of(catalogs.catalog().loadTable(table));
    } catch (NoSuchTableException e) {
      // Dropped between the two calls.
      return Optional.empty();
    }
  }

  /**
   * A release as listed: the record, and whether the product's table still has its tag {@code
   * v<version>}, without which time travel to the release by tag no longer works.
   */
  public record ListedRelease(Release release, boolean tagPresent) {}

  private static String describe(ProductId id) {
    return "product " + id;
  }

  private static OffsetDateTime now() {
    // Milliseconds: what both databases keep, so a returned product equals the stored one.
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
