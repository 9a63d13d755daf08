package io.insightmesh.catalog.iceberg;

import io.insightmesh.catalog.policy.PolicyInputsChanged;
import io.insightmesh.catalog.security.Authorizer;
import io.insightmesh.catalog.security.Caller;
import io.insightmesh.catalog.store.CatalogStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.CreateNamespaceResponse;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;

/**
 * The Iceberg REST catalog's operations, with the platform's rules around Iceberg's own handlers:
 * identifier allowlist, locations confined to the warehouse, domain ownership, audit, metrics.
 */
@ApplicationScoped
public class IcebergCatalogService {
  /** The endpoints this server implements, advertised in {@code /v1/config}. */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_COMMIT_TRANSACTION,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REGISTER_TABLE,
          Endpoint.V1_REPORT_METRICS,
          Endpoint.V1_LIST_VIEWS,
          Endpoint.V1_LOAD_VIEW,
          Endpoint.V1_VIEW_EXISTS,
          Endpoint.V1_CREATE_VIEW,
          Endpoint.V1_UPDATE_VIEW,
          Endpoint.V1_DELETE_VIEW,
          Endpoint.V1_RENAME_VIEW);

  private final JdbcCatalog catalog;
  private final MeshJdbcCatalog namespaces;
  private final WarehouseLocations warehouse;
  private final String warehouseName;
  private final Map<String, String> clientDefaults;
  private final Authorizer authorizer;
  private final TransactionCommitter transactions;
  private final MeterRegistry metrics;
  private final ContractGate contracts;
  private final Event<PolicyInputsChanged> changes;
  private final RecentPointers pointers;

  public IcebergCatalogService(
      IcebergCatalogs catalogs,
      CatalogStore store,
      Authorizer authorizer,
      MeterRegistry metrics,
      ContractGate contracts,
      Event<PolicyInputsChanged> changes) {
    this.contracts = contracts;
    this.changes = changes;
    this.catalog = catalogs.catalog();
    this.namespaces = catalogs.meshCatalog();
    this.warehouse = catalogs.warehouse();
    this.warehouseName = catalogs.warehouseName();
    this.clientDefaults = catalogs.clientDefaults();
    this.authorizer = authorizer;
    this.pointers = catalogs.pointers();
    this.transactions = new TransactionCommitter(catalog, store.dataSource(), pointers);
    this.metrics = metrics;
  }

  /**
   * The client configuration for {@code warehouse}.
   *
   * @throws IllegalArgumentException if the warehouse is not the one this catalog serves
   */
  public ConfigResponse config(String warehouse) {
    if (warehouse != null && !warehouse.isEmpty() && !warehouse.equals(warehouseName)) {
      throw new IllegalArgumentException(
          "Invalid warehouse '" + warehouse + "': this catalog serves warehouse " + warehouseName);
    }
    // Defaults, not overrides: an engine may still point at its own endpoint (a proxy, a VPC
    // endpoint) while the same settings work for every engine out of the box.
    return ConfigResponse.builder()
        // Iceberg's builder asks the map whether it holds a null key, which Map.copyOf refuses.
        .withDefaults(new HashMap<>(clientDefaults))
        .withOverride("prefix", warehouseName)
        .withEndpoints(ENDPOINTS)
        .build();
  }

  // ---- namespaces

  public ListNamespacesResponse listNamespaces(Namespace parent, String pageToken, Integer size) {
    authorizer.checkRead("list namespaces in", describe(parent));
    if (!parent.isEmpty()) {
      Identifiers.checkNamespace("parent", parent);
    }
    ListingPages<Namespace> page =
        ListingPages.of(
            CatalogHandlers.listNamespaces(catalog, parent).namespaces(),
            // The unit separator sorts below every character a level may hold: parents first.
            namespace -> String.join("\u001f", namespace.levels()),
            "namespaces " + parent,
            pageToken,
            size);
    return ListNamespacesResponse.builder()
        .addAll(page.items())
        .nextPageToken(page.nextPageToken())
        .build();
  }

  public CreateNamespaceResponse createNamespace(CreateNamespaceRequest request) {
    Namespace namespace = Identifiers.checkNamespace("namespace", request.namespace());
    warehouse.checkProperties("properties", request.properties());
    Identifiers.checkNamespaceProperties("properties", request.properties());
    Caller caller = authorizer.checkTableWrite("create", domain(namespace), describe(namespace));
    CreateNamespaceResponse response = CatalogHandlers.createNamespace(catalog, request);
    authorizer.recordWrite(caller, "namespace.create", describe(namespace));
    return response;
  }

  public GetNamespaceResponse loadNamespace(Namespace namespace) {
    authorizer.checkRead("load", describe(namespace));
    return CatalogHandlers.loadNamespace(
        catalog, Identifiers.checkNamespace("namespace", namespace));
  }

  public void namespaceExists(Namespace namespace) {
    authorizer.checkRead("check", describe(namespace));
    CatalogHandlers.namespaceExists(catalog, Identifiers.checkNamespace("namespace", namespace));
  }

  public void dropNamespace(Namespace namespace) {
    Identifiers.checkNamespace("namespace", namespace);
    Caller caller = authorizer.checkTableWrite("drop", domain(namespace), describe(namespace));
    // JdbcCatalog checks for tables and views only: it would drop a parent's properties and
    // answer 204 while its children keep the namespace in existence.
    List<Namespace> children = catalog.listNamespaces(namespace);
    if (!children.isEmpty()) {
      throw new NamespaceNotEmptyException(
          "Namespace %s is not empty: it contains namespace %s", namespace, children.get(0));
    }
    CatalogHandlers.dropNamespace(catalog, namespace);
    authorizer.recordWrite(caller, "namespace.drop", describe(namespace));
  }

  public UpdateNamespacePropertiesResponse updateNamespaceProperties(
      Namespace namespace, UpdateNamespacePropertiesRequest request) {
    Identifiers.checkNamespace("namespace", namespace);
    warehouse.checkProperties("updates", request.updates());
    Identifiers.checkNamespaceProperties("updates", request.updates());
    Caller caller =
        authorizer.checkTableWrite("update properties of", domain(namespace), describe(namespace));
    UpdateNamespacePropertiesResponse response =
        CatalogHandlers.updateNamespaceProperties(catalog, namespace, request);
    authorizer.recordWrite(caller, "namespace.update-properties", describe(namespace));
    return response;
  }

  // ---- tables

  public ListTablesResponse listTables(Namespace namespace, String pageToken, Integer size) {
    authorizer.checkRead("list tables in", describe(namespace));
    Identifiers.checkNamespace("namespace", namespace);
    return tablePage(
        CatalogHandlers.listTables(catalog, namespace).identifiers(),
        "tables " + namespace,
        pageToken,
        size);
  }

  private static ListTablesResponse tablePage(
      List<TableIdentifier> identifiers, String listing, String pageToken, Integer size) {
    ListingPages<TableIdentifier> page =
        ListingPages.of(identifiers, TableIdentifier::name, listing, pageToken, size);
    return ListTablesResponse.builder()
        .addAll(page.items())
        .nextPageToken(page.nextPageToken())
        .build();
  }

  public LoadTableResponse createTable(Namespace namespace, CreateTableRequest request) {
    Identifiers.checkNamespace("namespace", namespace);
    TableIdentifier identifier =
        Identifiers.checkTable("name", TableIdentifier.of(namespace, request.name()));
    warehouse.check("location", request.location());
    warehouse.checkProperties("properties", request.properties());
    Map<String, String> locations =
        new java.util.LinkedHashMap<>(WarehouseLocations.named("properties", request.properties()));
    if (request.location() != null) {
      locations.put("location", request.location());
    }
    checkOwnDomain(namespace, locations);
    Caller caller = authorizer.checkTableWrite("create", domain(namespace), describe(identifier));
    requireNamespace(namespace);
    contracts.checkCreate(
        identifier,
        request.schema(),
        request.properties() == null ? java.util.Map.of() : request.properties());
    LoadTableResponse response =
        request.stageCreate()
            ? CatalogHandlers.stageTableCreate(catalog, namespace, request)
            : CatalogHandlers.createTable(catalog, namespace, request);
    authorizer.recordWrite(
        caller,
        request.stageCreate() ? "table.stage-create" : "table.create",
        describe(identifier));
    return response;
  }

  /**
   * Keeps a table's files out of other domains' directories. Another domain's manifest list
   * committed as a snapshot of one's own table, or a table made in another domain's directory,
   * would be a table its owners read unmasked in Trino and may purge. Elsewhere in the warehouse a
   * table may be located as its owners choose.
   *
   * @param locations the locations a request names, by their field
   */
  private void checkOwnDomain(Namespace namespace, Map<String, String> locations) {
    String domain = namespace.level(0);
    locations.forEach(
        (field, location) ->
            warehouse
                .topDirectory(location)
                .filter(top -> !top.equals(domain))
                .filter(top -> catalog.namespaceExists(Namespace.of(top)))
                .ifPresent(
                    top -> {
                      throw new IllegalArgumentException(
                          "Invalid "
                              + field
                              + ": location "
                              + location
                              + " is inside the directory of namespace "
                              + top
                              + ", another domain's; a table of "
                              + domain
                              + " keeps its files out of other domains' directories");
                    }));
  }

  public LoadTableResponse registerTable(Namespace namespace, RegisterTableRequest request) {
    Identifiers.checkNamespace("namespace", namespace);
    TableIdentifier identifier =
        Identifiers.checkTable("name", TableIdentifier.of(namespace, request.name()));
    warehouse.check("metadata-location", request.metadataLocation());
    Caller caller = authorizer.checkTableWrite("register", domain(namespace), describe(identifier));
    requireNamespace(namespace);
    request.validate();
    Table table =
        namespaces.registerTable(
            identifier,
            request.metadataLocation(),
            metadata -> contracts.checkArriving(identifier, metadata));
    LoadTableResponse response =
        LoadTableResponse.builder()
            .withTableMetadata(((BaseTable) table).operations().current())
            .build();
    authorizer.recordWrite(caller, "table.register", describe(identifier));
    return response;
  }

  public LoadTableResponse loadTable(TableIdentifier identifier) {
    authorizer.checkRead("load", describe(identifier));
    return CatalogHandlers.loadTable(catalog, Identifiers.checkTable("table", identifier));
  }

  /**
   * The metadata location of table {@code identifier} if this instance read it from the store
   * within {@link RecentPointers#REREAD_AFTER} and wrote no pointer since, and the caller may read
   * it; else empty, and only {@link #loadTable} can tell. Never blocks.
   *
   * @throws IllegalArgumentException if the identifier is not one this catalog allows
   */
  public Optional<String> recentTableLocation(TableIdentifier identifier) {
    Identifiers.checkTable("table", identifier);
    return authorizer.callerMayRead() ? pointers.table(identifier) : Optional.empty();
  }

  public void tableExists(TableIdentifier identifier) {
    authorizer.checkRead("check", describe(identifier));
    CatalogHandlers.tableExists(catalog, Identifiers.checkTable("table", identifier));
  }

  public LoadTableResponse updateTable(TableIdentifier identifier, UpdateTableRequest request) {
    Identifiers.checkTable("table", identifier);
    warehouse.checkUpdates("updates", request.updates());
    checkOwnDomain(identifier.namespace(), WarehouseLocations.named("updates", request.updates()));
    Caller caller =
        authorizer.checkTableWrite(
            "commit to", domain(identifier.namespace()), describe(identifier));
    contracts.checkCommit(identifier, request);
    LoadTableResponse response =
        commit(() -> CatalogHandlers.updateTable(catalog, identifier, request));
    authorizer.recordWrite(caller, "table.commit", describe(identifier));
    return response;
  }

  public void dropTable(TableIdentifier identifier, boolean purge) {
    Identifiers.checkTable("table", identifier);
    Caller caller =
        authorizer.checkTableWrite("drop", domain(identifier.namespace()), describe(identifier));
    if (purge) {
      CatalogHandlers.purgeTable(catalog, identifier);
    } else {
      CatalogHandlers.dropTable(catalog, identifier);
    }
    authorizer.recordWrite(caller, purge ? "table.purge" : "table.drop", describe(identifier));
  }

  public void renameTable(RenameTableRequest request) {
    TableIdentifier source = Identifiers.checkTable("source", request.source());
    TableIdentifier destination = Identifiers.checkTable("destination", request.destination());
    authorizer.checkTableWrite("rename", domain(source.namespace()), describe(source));
    Caller caller =
        authorizer.checkTableWrite(
            "rename a table to", domain(destination.namespace()), describe(destination));
    namespaces.renameTable(
        source, destination, metadata -> contracts.checkArriving(destination, metadata));
    authorizer.recordWrite(
        caller, "table.rename", describe(source) + " -> " + describe(destination));
  }

  public void reportMetrics(TableIdentifier identifier, ReportMetricsRequest request) {
    authorizer.checkRead("report metrics for", describe(identifier));
    Identifiers.checkTable("table", identifier);
    metrics
        .counter("mesh.catalog.metrics.reports", "type", request.reportType().name())
        .increment();
  }

  public void commitTransaction(CommitTransactionRequest request) {
    Caller caller = null;
    for (UpdateTableRequest change : request.tableChanges()) {
      TableIdentifier identifier =
          Identifiers.checkTable("table-changes.identifier", change.identifier());
      warehouse.checkUpdates("table-changes.updates", change.updates());
      checkOwnDomain(
          identifier.namespace(),
          WarehouseLocations.named("table-changes.updates", change.updates()));
      caller =
          authorizer.checkTableWrite(
              "commit to", domain(identifier.namespace()), describe(identifier));
      contracts.checkCommit(identifier, change);
    }
    commit(
        () -> {
          transactions.commit(request);
          return null;
        });
    if (caller != null) {
      authorizer.recordWrite(
          caller,
          "transaction.commit",
          request.tableChanges().stream()
              .map(change -> describe(change.identifier()))
              .toList()
              .toString());
    }
  }

  // ---- views

  public ListTablesResponse listViews(Namespace namespace, String pageToken, Integer size) {
    authorizer.checkRead("list views in", describe(namespace));
    Identifiers.checkNamespace("namespace", namespace);
    return tablePage(
        CatalogHandlers.listViews(catalog, namespace).identifiers(),
        "views " + namespace,
        pageToken,
        size);
  }

  public LoadViewResponse createView(Namespace namespace, CreateViewRequest request) {
    Identifiers.checkNamespace("namespace", namespace);
    TableIdentifier identifier =
        Identifiers.checkTable("name", TableIdentifier.of(namespace, request.name()));
    warehouse.check("location", request.location());
    Caller caller =
        authorizer.checkTableWrite("create", domain(namespace), describeView(identifier));
    requireNamespace(namespace);
    checkRunsAsInvoker(identifier, request.properties());
    LoadViewResponse response;
    try {
      response = CatalogHandlers.createView(catalog, namespace, request);
    } finally {
      pointers.changed();
    }
    // Trino's policy lets readers read views, and no other table without a contract.
    changes.fire(new PolicyInputsChanged());
    authorizer.recordWrite(caller, "view.create", describeView(identifier));
    return response;
  }

  /**
   * Trino runs a view that records an owner ({@value #TRINO_VIEW_OWNER}) with the owner's access,
   * column masks included: any reader would see what the owner sees. Views here run as their reader
   * (Trino's {@code SECURITY INVOKER}), so every reader reads the products below through their own
   * masks.
   */
  private static void checkRunsAsInvoker(
      TableIdentifier identifier, Map<String, String> properties) {
    if (properties != null && properties.containsKey(TRINO_VIEW_OWNER)) {
      throw new BadRequestException(
          "Cannot create or replace view %s: property %s makes it run as its owner; create it with"
              + " SECURITY INVOKER, so that every reader reads through their own PII masks",
          identifier, TRINO_VIEW_OWNER);
    }
  }

  /** The view property in which Trino records the owner a view runs as. */
  static final String TRINO_VIEW_OWNER = "trino.run-as-owner";

  public LoadViewResponse loadView(TableIdentifier identifier) {
    authorizer.checkRead("load", describeView(identifier));
    Identifiers.checkTable("view", identifier);
    long generation = pointers.generation();
    try {
      return CatalogHandlers.loadView(catalog, identifier);
    } catch (NoSuchViewException e) {
      pointers.readNoView(identifier, generation);
      throw e;
    }
  }

  /**
   * Whether the store held no view named {@code identifier} when this instance last asked, within
   * {@link RecentPointers#REREAD_AFTER} and with no pointer written since, and the caller may read:
   * then {@link #noSuchView} is the answer to loading it. False when only {@link #loadView} can
   * tell. Trino asks for a view of every table's name before loading the table. Never blocks.
   *
   * @throws IllegalArgumentException if the identifier is not one this catalog allows
   */
  public boolean recentlyNoView(TableIdentifier identifier) {
    Identifiers.checkTable("view", identifier);
    return authorizer.callerMayRead() && pointers.noView(identifier);
  }

  /** The answer to loading a view that does not exist, as {@link #loadView} gives it. */
  public static NoSuchViewException noSuchView(TableIdentifier identifier) {
    return new KnownNoSuchView(identifier);
  }

  /** Without a stack trace: taking one would cost more than the answer, and it shows nothing. */
  private static final class KnownNoSuchView extends NoSuchViewException {
    KnownNoSuchView(TableIdentifier identifier) {
      super("View does not exist: %s", identifier);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  public void viewExists(TableIdentifier identifier) {
    authorizer.checkRead("check", describeView(identifier));
    CatalogHandlers.viewExists(catalog, Identifiers.checkTable("view", identifier));
  }

  public LoadViewResponse updateView(TableIdentifier identifier, UpdateTableRequest request) {
    Identifiers.checkTable("view", identifier);
    warehouse.checkUpdates("updates", request.updates());
    Caller caller =
        authorizer.checkTableWrite(
            "replace", domain(identifier.namespace()), describeView(identifier));
    for (MetadataUpdate update : request.updates()) {
      if (update instanceof MetadataUpdate.SetProperties set) {
        checkRunsAsInvoker(identifier, set.updated());
      }
    }
    LoadViewResponse response;
    try {
      response = commit(() -> CatalogHandlers.updateView(catalog, identifier, request));
    } finally {
      pointers.changed();
    }
    authorizer.recordWrite(caller, "view.replace", describeView(identifier));
    return response;
  }

  public void dropView(TableIdentifier identifier) {
    Identifiers.checkTable("view", identifier);
    Caller caller =
        authorizer.checkTableWrite(
            "drop", domain(identifier.namespace()), describeView(identifier));
    CatalogHandlers.dropView(catalog, identifier);
    changes.fire(new PolicyInputsChanged());
    authorizer.recordWrite(caller, "view.drop", describeView(identifier));
  }

  public void renameView(RenameTableRequest request) {
    TableIdentifier source = Identifiers.checkTable("source", request.source());
    TableIdentifier destination = Identifiers.checkTable("destination", request.destination());
    authorizer.checkTableWrite("rename", domain(source.namespace()), describeView(source));
    Caller caller =
        authorizer.checkTableWrite(
            "rename a view to", domain(destination.namespace()), describeView(destination));
    CatalogHandlers.renameView(catalog, request);
    changes.fire(new PolicyInputsChanged());
    authorizer.recordWrite(
        caller, "view.rename", describeView(source) + " -> " + describeView(destination));
  }

  // ---- helpers

  private <T> T commit(java.util.function.Supplier<T> action) {
    try {
      T result = action.get();
      metrics.counter("mesh.catalog.commits", "outcome", "committed").increment();
      return result;
    } catch (CommitFailedException e) {
      metrics.counter("mesh.catalog.commits", "outcome", "conflict").increment();
      throw e;
    } catch (CommitStateUnknownException e) {
      metrics.counter("mesh.catalog.commits", "outcome", "unknown").increment();
      throw e;
    }
  }

  private void requireNamespace(Namespace namespace) {
    if (!catalog.namespaceExists(namespace)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
  }

  /** The owning domain of a namespace: its first level. */
  private static String domain(Namespace namespace) {
    return namespace.isEmpty() ? "" : namespace.level(0);
  }

  private static String describe(Namespace namespace) {
    return "namespace " + (namespace.isEmpty() ? "<root>" : String.join(".", namespace.levels()));
  }

  private static String describe(TableIdentifier identifier) {
    return "table " + identifier;
  }

  private static String describeView(TableIdentifier identifier) {
    return "view " + identifier;
  }
}
