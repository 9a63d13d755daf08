package io.insightmesh.catalog.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.iceberg.IcebergCatalogs;
import io.insightmesh.catalog.registry.ProductContracts;
import io.insightmesh.catalog.security.PrincipalStore;
import io.insightmesh.catalog.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;

/**
 * Answers Trino's access questions (the OPA access-control plugin's operations) for one Trino user,
 * from the user's roles in the principal store and the products' contracts: the same rules the
 * catalog applies to its own API. Readers read every product, and views (which run as their reader,
 * see {@code IcebergCatalogService}), with PII masked by the contract unless they hold {@code
 * pii-analyst} or {@code admin} or own the product's domain; other tables of a domain (staging,
 * copies) are its owner's alone, since they carry no contract to mask by. Only a domain's owner (or
 * an admin) writes inside the domain; everything not named here is denied, and so is every user the
 * store does not know or has disabled.
 */
@ApplicationScoped
public class TrinoPolicy {
  /**
   * The Trino catalog that is this catalog service; the platform's Trino configuration names it.
   */
  public static final String ICEBERG_CATALOG = "mesh";

  /** Trino's own catalog of runtime tables ({@code system.runtime.queries}). */
  static final String SYSTEM_CATALOG = "system";

  /**
   * Iceberg metadata tables that carry no column values. The others ({@code $files}, {@code
   * $partitions}, {@code $entries}…) expose per-column lower and upper bounds, i.e. real values,
   * which no column mask covers.
   */
  private static final Set<String> VALUE_FREE_METADATA_TABLES =
      Set.of("snapshots", "history", "refs", "properties", "metadata_log_entries");

  /** The schema every Trino catalog has for its metadata. */
  private static final String INFORMATION_SCHEMA = "information_schema";

  /**
   * How long the policy answers from what it read of the store without reading it again. Trino asks
   * five questions per query, one at a time, about the same user and table; answered from memory
   * they need no worker thread and no store round trip. Changes made through this catalog take
   * effect on the next question ({@link PolicyInputsChanged}; one being answered as they commit may
   * still read the old facts, for at most this long); those made through another catalog instance
   * on the same store within this long. Users' tokens carry their roles for an hour anyway.
   */
  static final Duration REREAD_AFTER = Duration.ofSeconds(2);

  private final PrincipalStore principals;
  private final ProductContracts contracts;
  private final Catalog catalog;
  private final Cache<String, Set<Role>> rolesByUser = cache();
  private final Cache<TableIdentifier, Optional<Schema>> contractsByTable = cache();
  private final Cache<TableIdentifier, Boolean> viewsByIdentifier = cache();

  /** What the questions read from the store: through the caches, or from the caches alone. */
  private final Facts fromStore = new Facts(false);

  private final Facts fromMemory = new Facts(true);

  public TrinoPolicy(
      PrincipalStore principals, ProductContracts contracts, IcebergCatalogs catalogs) {
    this.principals = principals;
    this.contracts = contracts;
    this.catalog = catalogs.catalog();
  }

  private static <K, V> Cache<K, V> cache() {
    return Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REREAD_AFTER).build();
  }

  void forget(@Observes PolicyInputsChanged change) {
    rolesByUser.invalidateAll();
    contractsByTable.invalidateAll();
    viewsByIdentifier.invalidateAll();
  }

  /**
   * The answer to {@code question} if every fact it needs is in memory, else empty: the caller then
   * asks {@link #fromStore(Function)} where blocking is allowed.
   */
  <T> Optional<T> fromMemory(Function<Facts, T> question) {
    try {
      return Optional.of(question.apply(fromMemory));
    } catch (NotInMemory e) {
      return Optional.empty();
    }
  }

  /** The answer to {@code question}, reading the store for what is not in memory. Blocks. */
  <T> T fromStore(Function<Facts, T> question) {
    return question.apply(fromStore);
  }

  /** Whether {@code user} may do the single operation {@code action} describes. */
  public boolean allow(String user, JsonNode action) {
    return allow(fromStore, user, action);
  }

  /** The indices of {@code action.filterResources} that {@code user} may see. */
  public List<Integer> filter(String user, JsonNode action) {
    return filter(fromStore, user, action);
  }

  /**
   * The masks {@code user} reads the columns of {@code action.filterResources} through: index → SQL
   * expression, for every PII column of a product the user may not read in the clear.
   */
  public Map<Integer, String> columnMasks(String user, JsonNode action) {
    return columnMasks(fromStore, user, action);
  }

  /** Thrown by the memory-only {@link Facts} when a fact is not in memory; no stack trace. */
  private static final class NotInMemory extends RuntimeException {
    private static final NotInMemory INSTANCE = new NotInMemory();

    private NotInMemory() {
      super("not in memory", null, false, false);
    }
  }

  /** The facts a decision reads: users' roles, tables' contracts, whether a table is a view. */
  final class Facts {
    private final boolean memoryOnly;

    private Facts(boolean memoryOnly) {
      this.memoryOnly = memoryOnly;
    }

    /** The roles of a Trino user, empty when the store does not know it or it is disabled. */
    Set<Role> roles(String user) {
      if (user == null || user.isBlank()) {
        return Set.of();
      }
      return lookup(
          rolesByUser,
          user,
          name ->
              principals
                  .find(name)
                  .filter(principal -> !principal.disabled())
                  .map(PrincipalStore.PrincipalInfo::roles)
                  .orElse(Set.of()));
    }

    Optional<Schema> contract(TableIdentifier table) {
      return lookup(
          contractsByTable,
          table,
          identifier -> contracts.enforcedOn(identifier).map(ProductContracts.Enforced::schema));
    }

    boolean isView(TableIdentifier identifier) {
      return lookup(
          viewsByIdentifier,
          identifier,
          view -> catalog instanceof ViewCatalog views && views.viewExists(view));
    }

    private <K, V> V lookup(Cache<K, V> cache, K key, Function<K, V> load) {
      V known = cache.getIfPresent(key);
      if (known != null) {
        return known;
      }
      if (memoryOnly) {
        throw NotInMemory.INSTANCE;
      }
      return cache.get(key, load);
    }
  }

  boolean allow(Facts facts, String user, JsonNode action) {
    User subject = new User(user, facts.roles(user));
    if (!subject.known()) {
      return false;
    }
    String operation = action.path("operation").asText("");
    JsonNode resource = action.path("resource");
    switch (operation) {
      case "ExecuteQuery":
        return true;
      case "ImpersonateUser":
        return subject.isAdmin();
      case "ViewQueryOwnedBy":
      case "KillQueryOwnedBy":
        return subject.isAdmin() || user.equals(userName(resource.path("user")));
      case "ReadSystemInformation":
      case "WriteSystemInformation":
        return subject.isAdmin();
      case "SetSystemSessionProperty":
      case "SetCatalogSessionProperty":
        return true;
      case "AccessCatalog":
        return catalogVisible(subject, resource.path("catalog").path("name").asText(""));
      case "ShowSchemas":
      case "ShowFunctions":
        return catalogVisible(subject, catalogOf(resource));
      case "ShowCreateSchema":
      case "ShowTables":
        return schemaVisible(subject, resource.path("schema"));
      case "ShowCreateTable":
      case "ShowColumns":
        return tableVisible(subject, resource.path("table"));
      case "SelectFromColumns":
      case "CreateViewWithSelectFromColumns":
        return tableReadable(facts, subject, resource.path("table"));
      case "CreateSchema":
      case "DropSchema":
      case "SetSchemaAuthorization":
        return schemaWritable(subject, resource.path("schema"));
      case "RenameSchema":
        return schemaWritable(subject, resource.path("schema"))
            && schemaWritable(subject, action.path("targetResource").path("schema"));
      case "CreateView":
      case "CreateMaterializedView":
      case "CreateTable":
      case "DropTable":
      case "SetTableProperties":
      case "SetTableComment":
      case "SetViewComment":
      case "SetColumnComment":
      case "AddColumn":
      case "AlterColumn":
      case "DropColumn":
      case "RenameColumn":
      case "InsertIntoTable":
      case "DeleteFromTable":
      case "TruncateTable":
      case "UpdateTableColumns":
      case "DropView":
      case "RefreshMaterializedView":
      case "SetMaterializedViewProperties":
      case "DropMaterializedView":
      case "SetTableAuthorization":
      case "SetViewAuthorization":
      case "ExecuteTableProcedure":
        return tableWritable(subject, resource.path("table"));
      case "RenameTable":
      case "RenameView":
      case "RenameMaterializedView":
        return tableWritable(subject, resource.path("table"))
            && tableWritable(subject, action.path("targetResource").path("table"));
      case "ExecuteFunction":
      case "CreateViewWithExecuteFunction":
        return functionExecutable(subject, resource.path("function"));
      case "ShowCreateFunction":
        return subject.isReader();
      case "ExecuteProcedure":
        return subject.isAdmin();
      default:
        // CreateCatalog, DropCatalog, CreateFunction, DropFunction and anything a later Trino adds.
        return false;
    }
  }

  List<Integer> filter(Facts facts, String user, JsonNode action) {
    User subject = new User(user, facts.roles(user));
    List<Integer> allowed = new ArrayList<>();
    if (!subject.known()) {
      return allowed;
    }
    String operation = action.path("operation").asText("");
    JsonNode resources = action.path("filterResources");
    if (operation.equals("FilterColumns")) {
      // One table per request; the answer indexes its columns.
      JsonNode table = resources.path(0).path("table");
      if (resources.size() == 1 && tableVisible(subject, table)) {
        for (int i = 0; i < table.path("columns").size(); i++) {
          allowed.add(i);
        }
      }
      return allowed;
    }
    for (int i = 0; i < resources.size(); i++) {
      JsonNode resource = resources.get(i);
      boolean visible =
          switch (operation) {
            case "FilterCatalogs" ->
                catalogVisible(subject, resource.path("catalog").path("name").asText(""));
            case "FilterSchemas" -> schemaVisible(subject, resource.path("schema"));
            case "FilterTables" -> tableVisible(subject, resource.path("table"));
            case "FilterFunctions" -> functionExecutable(subject, resource.path("function"));
            case "FilterViewQueryOwnedBy" ->
                subject.isAdmin() || user.equals(userName(resource.path("user")));
            default -> false;
          };
      if (visible) {
        allowed.add(i);
      }
    }
    return allowed;
  }

  /**
   * The contract's field of a Trino column. Trino lowercases every column name, Avro's names keep
   * their case: a contract's {@code dateOfBirth} arrives as {@code dateofbirth}, and an exact
   * look-up alone would leave it unmasked. Of fields that differ only in case, one with PII wins.
   */
  static Schema.Field contractField(Schema contract, String column) {
    Schema.Field exact = contract.getField(column);
    if (exact != null) {
      return exact;
    }
    Schema.Field found = null;
    for (Schema.Field field : contract.getFields()) {
      if (field.name().equalsIgnoreCase(column)
          && (found == null || found.getObjectProp("pii") == null)) {
        found = field;
      }
    }
    return found;
  }

  Map<Integer, String> columnMasks(Facts facts, String user, JsonNode action) {
    User subject = new User(user, facts.roles(user));
    Map<Integer, String> masks = new LinkedHashMap<>();
    JsonNode resources = action.path("filterResources");
    Map<TableIdentifier, Optional<Schema>> schemas = new HashMap<>();
    if (!subject.known()) {
      return masks;
    }
    for (int i = 0; i < resources.size(); i++) {
      JsonNode column = resources.get(i).path("column");
      if (!ICEBERG_CATALOG.equals(column.path("catalogName").asText())) {
        continue;
      }
      if (subject.readsClearPii(column.path("schemaName").asText(""))) {
        continue;
      }
      String name = column.path("columnName").asText();
      String type = column.path("columnType").asText("varchar");
      TableIdentifier table =
          TableIdentifier.of(
              Namespace.of(column.path("schemaName").asText()), column.path("tableName").asText());
      Optional<Schema> contract = schemas.computeIfAbsent(table, facts::contract);
      if (contract.isEmpty()) {
        continue;
      }
      Schema.Field field = contractField(contract.get(), name);
      if (field == null) {
        // A column its contract does not describe (a version rolled back under data written by a
        // later one) may hold anything, PII included. Trino's own hidden columns ($path, …) are
        // not data; contracts cannot name a field with '$'.
        if (!name.startsWith("$")) {
          masks.put(i, MaskExpressions.of("redact", name, type));
        }
        continue;
      }
      Object pii = field.getObjectProp("pii");
      boolean nestedPii = pii == null && containsPii(field.schema());
      if (pii != null || nestedPii) {
        Object mask = field.getObjectProp("mask");
        masks.put(
            i,
            nestedPii
                ? MaskExpressions.of("redact", name, type)
                : MaskExpressions.of(mask == null ? null : mask.toString(), name, type));
      }
    }
    return masks;
  }

  private static boolean containsPii(Schema schema) {
    switch (schema.getType()) {
      case RECORD:
        return schema.getFields().stream()
            .anyMatch(f -> f.getObjectProp("pii") != null || containsPii(f.schema()));
      case UNION:
        return schema.getTypes().stream().anyMatch(TrinoPolicy::containsPii);
      case ARRAY:
        return containsPii(schema.getElementType());
      case MAP:
        return containsPii(schema.getValueType());
      default:
        return false;
    }
  }

  private static boolean catalogVisible(User subject, String catalog) {
    return SYSTEM_CATALOG.equals(catalog)
        || (ICEBERG_CATALOG.equals(catalog) && subject.isReader());
  }

  private static boolean schemaVisible(User subject, JsonNode schema) {
    String catalog = schema.path("catalogName").asText("");
    if (SYSTEM_CATALOG.equals(catalog)) {
      return true;
    }
    return ICEBERG_CATALOG.equals(catalog) && subject.isReader();
  }

  private static boolean tableVisible(User subject, JsonNode table) {
    String catalog = table.path("catalogName").asText("");
    if (SYSTEM_CATALOG.equals(catalog)) {
      return true;
    }
    return ICEBERG_CATALOG.equals(catalog) && subject.isReader();
  }

  private static boolean tableReadable(Facts facts, User subject, JsonNode table) {
    if (!tableVisible(subject, table)) {
      return false;
    }
    String schema = table.path("schemaName").asText("");
    if (SYSTEM_CATALOG.equals(table.path("catalogName").asText(""))
        || INFORMATION_SCHEMA.equals(schema)
        || subject.writes(schema)) {
      return true;
    }
    String name = table.path("tableName").asText("");
    int dollar = name.indexOf('$');
    TableIdentifier base =
        TableIdentifier.of(Namespace.of(schema), dollar < 0 ? name : name.substring(0, dollar));
    boolean product = facts.contract(base).isPresent();
    if (dollar < 0) {
      return product || facts.isView(base);
    }
    // A product's metadata tables: those holding column bounds are values no mask covers.
    return product
        && (subject.readsClearPii(schema)
            || VALUE_FREE_METADATA_TABLES.contains(name.substring(dollar + 1)));
  }

  /**
   * The Iceberg connector's table functions ({@code table_changes}) read a table's data files
   * themselves: Trino applies no column mask to what they return, and the policy is not told which
   * table they read. So only users who read every product's PII in the clear may run them.
   */
  private static boolean functionExecutable(User subject, JsonNode function) {
    if (ICEBERG_CATALOG.equals(function.path("catalogName").asText(""))) {
      return subject.readsAllPiiInClear();
    }
    return subject.isReader();
  }

  private static boolean schemaWritable(User subject, JsonNode schema) {
    return ICEBERG_CATALOG.equals(schema.path("catalogName").asText(""))
        && subject.writes(schema.path("schemaName").asText(""));
  }

  private static boolean tableWritable(User subject, JsonNode table) {
    return ICEBERG_CATALOG.equals(table.path("catalogName").asText(""))
        && subject.writes(table.path("schemaName").asText(""));
  }

  private static String catalogOf(JsonNode resource) {
    JsonNode catalog = resource.path("catalog").path("name");
    return catalog.isTextual()
        ? catalog.asText()
        : resource.path("schema").path("catalogName").asText("");
  }

  // TrinoUser serialises the user name, and the identity with it.
  private static String userName(JsonNode user) {
    if (user.path("user").isTextual()) {
      return user.path("user").asText();
    }
    return user.path("identity").path("user").asText(user.path("name").asText(""));
  }

  /** A Trino user and its platform roles. */
  private record User(String name, Set<Role> roles) {
    boolean known() {
      // The engine's own principal never queries through itself.
      return !roles.isEmpty() && !roles.contains(Role.TRINO);
    }

    boolean isAdmin() {
      return roles.contains(Role.ADMIN);
    }

    boolean isReader() {
      return isAdmin()
          || roles.contains(Role.ANALYST)
          || roles.contains(Role.PII_ANALYST)
          || roles.contains(Role.SCORING_ENGINE)
          || roles.stream().anyMatch(role -> role.ownedDomain().isPresent());
    }

    /** Whether PII in {@code schema} reads clear: granted, or the user's own domain's data. */
    boolean readsClearPii(String schema) {
      return readsAllPiiInClear() || writes(schema);
    }

    boolean readsAllPiiInClear() {
      return isAdmin() || roles.contains(Role.PII_ANALYST);
    }

    /** Domains are the first level of a namespace, as in the catalog's own checks. */
    boolean writes(String schema) {
      String domain = schema.contains(".") ? schema.substring(0, schema.indexOf('.')) : schema;
      return isAdmin()
          || roles.stream().anyMatch(role -> role.ownedDomain().filter(domain::equals).isPresent());
    }
  }
}
