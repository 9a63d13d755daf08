package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.SqlStates;
import io.insightmesh.catalog.store.StoreException;
import io.insightmesh.catalog.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Products and releases in the catalog's metadata database, over plain JDBC with prepared
 * statements only. The SQL is the subset H2 (PostgreSQL mode) and PostgreSQL share.
 */
@ApplicationScoped
public class JdbcProductStore implements ProductStore {
  // Every column but the id, in the order bindProduct binds them.
  private static final String DATA_COLUMNS =
      "domain, name, owner_team, owner_contact, description, tags_json, classification, "
          + "freshness_sla, contract_version, iceberg_table, fields_json, table_fields_json, "
          + "search_text, status, deprecation_reason, successor, deprecated_at, deprecated_by, "
          + "retired_at, retired_by, created_at, created_by, updated_at, updated_by";
  private static final String PRODUCT_COLUMNS = "id, " + DATA_COLUMNS;
  private static final String INSERT_PRODUCT =
      "INSERT INTO products ("
          + DATA_COLUMNS
          + ", id) VALUES ("
          + String.join(", ", Collections.nCopies(DATA_COLUMNS.split(", ").length + 1, "?"))
          + ")";
  private static final String UPDATE_PRODUCT =
      "UPDATE products SET "
          + String.join(" = ?, ", DATA_COLUMNS.split(", "))
          + " = ? WHERE id = ?";
  private static final String RELEASE_COLUMNS =
      "sequence, product_id, version, snapshot_id, row_count, contract_version, quality_results, "
          + "created_at, created_by";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, String>>> FIELDS = new TypeReference<>() {};

  // Private to the store: the stored JSON must not change with the HTTP layer's settings.
  private final ObjectMapper json = new ObjectMapper();
  private final DataSource dataSource;

  public JdbcProductStore(CatalogStore store) {
    this.dataSource = store.dataSource();
  }

  @Override
  public void insert(Product product) {
    try {
      Transactions.inTransaction(
          dataSource,
          connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_PRODUCT)) {
              int next = bindProduct(insert, product);
              insert.setString(next, product.id().toString());
              insert.executeUpdate();
            }
            insertTags(connection, product);
            return null;
          });
    } catch (SQLException e) {
      if (SqlStates.uniqueViolation(e)) {
        throw new ProductAlreadyExistsException(
            "Cannot register "
                + product.id()
                + ": it is already registered; change it with an update instead",
            e);
      }
      throw new StoreException("Cannot store product " + product.id(), e);
    }
  }

  @Override
  public Optional<Product> find(ProductId id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT " + PRODUCT_COLUMNS + " FROM products WHERE id = ?")) {
      query.setString(1, id.toString());
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(product(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read product " + id, e);
    }
  }

  @Override
  public Product update(ProductId id, UnaryOperator<Product> change) {
    try {
      return Transactions.inTransaction(
          dataSource,
          connection -> {
            Product current;
            // The row lock makes read-change-write one step against concurrent changes.
            try (PreparedStatement query =
                connection.prepareStatement(
                    "SELECT " + PRODUCT_COLUMNS + " FROM products WHERE id = ? FOR UPDATE")) {
              query.setString(1, id.toString());
              try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                  throw new NoSuchProductException("Product " + id + " is not registered");
                }
                current = product(row);
              }
            }
            Product changed = change.apply(current);
            if (changed != current) {
              if (!changed.id().equals(id)) {
                throw new IllegalStateException(
                    "A change of product " + id + " returned product " + changed.id());
              }
              write(connection, changed);
            }
            return changed;
          });
    } catch (SQLException e) {
      throw new StoreException("Cannot update product " + id, e);
    }
  }

  @Override
  public List<Product> list(ProductQuery query, Optional<ProductId> after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(PRODUCT_COLUMNS).append(" FROM products p WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    query
        .domain()
        .ifPresent(
            domain -> {
              sql.append(" AND p.domain = ?");
              parameters.add(domain);
            });
    query
        .classification()
        .ifPresent(
            classification -> {
              sql.append(" AND p.classification = ?");
              parameters.add(classification.name());
            });
    query
        .status()
        .ifPresent(
            status -> {
              sql.append(" AND p.status = ?");
              parameters.add(status.name());
            });
    query
        .tag()
        .ifPresent(
            tag -> {
              sql.append(
                  " AND EXISTS (SELECT 1 FROM product_tags t"
                      + " WHERE t.product_id = p.id AND t.tag = ?)");
              parameters.add(tag);
            });
    for (String term : query.searchTerms()) {
      sql.append(" AND p.search_text LIKE ? ESCAPE '!'");
      parameters.add(SearchText.containing(term));
    }
    after.ifPresent(
        id -> {
          sql.append(" AND p.id > ?");
          parameters.add(id.toString());
        });
    sql.append(" ORDER BY p.id LIMIT ?");
    parameters.add(limit);

    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int index = 0; index < parameters.size(); index++) {
        statement.setObject(index + 1, parameters.get(index));
      }
      List<Product> products = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          products.add(product(rows));
        }
      }
      return products;
    } catch (SQLException e) {
      throw new StoreException("Cannot list products", e);
    }
  }

  @Override
  public Optional<Release> insertRelease(Release release) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO product_releases (product_id, version, snapshot_id, row_count,"
                    + " contract_version, quality_results, created_at, created_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, release.productId().toString());
      insert.setString(2, release.version().toString());
      insert.setLong(3, release.snapshotId());
      insert.setLong(4, release.rowCount());
      insert.setString(5, release.contractVersion().toString());
      insert.setString(6, release.qualityResults().orElse(null));
      insert.setObject(7, release.created().at());
      insert.setString(8, release.created().by());
      insert.executeUpdate();
      return Optional.empty();
    } catch (SQLException e) {
      if (SqlStates.uniqueViolation(e)) {
        // Recorded concurrently under the same version: the caller compares the two.
        Optional<Release> recorded = findRelease(release.productId(), release.version());
        if (recorded.isPresent()) {
          return recorded;
        }
      }
      throw new StoreException(
          "Cannot record release " + release.version() + " of " + release.productId(), e);
    }
  }

  @Override
  public Optional<Release> findRelease(ProductId product, ReleaseVersion version) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT "
                    + RELEASE_COLUMNS
                    + " FROM product_releases WHERE product_id = ? AND version = ?")) {
      query.setString(1, product.toString());
      query.setString(2, version.toString());
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(release(row).release()) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read release " + version + " of " + product, e);
    }
  }

  @Override
  public List<ReleaseEntry> releases(ProductId product, OptionalLong before, int limit) {
    String sql =
        "SELECT "
            + RELEASE_COLUMNS
            + " FROM product_releases WHERE product_id = ?"
            + (before.isPresent() ? " AND sequence < ?" : "")
            + " ORDER BY sequence DESC LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int index = 1;
      query.setString(index++, product.toString());
      if (before.isPresent()) {
        query.setLong(index++, before.getAsLong());
      }
      query.setInt(index, limit);
      List<ReleaseEntry> releases = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          releases.add(release(rows));
        }
      }
      return releases;
    } catch (SQLException e) {
      throw new StoreException("Cannot list releases of " + product, e);
    }
  }

  private void write(Connection connection, Product product) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(UPDATE_PRODUCT)) {
      int next = bindProduct(update, product);
      update.setString(next, product.id().toString());
      update.executeUpdate();
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM product_tags WHERE product_id = ?")) {
      delete.setString(1, product.id().toString());
      delete.executeUpdate();
    }
    insertTags(connection, product);
  }

  /**
   * Binds the {@link #DATA_COLUMNS} from the first parameter on and returns the next index, where
   * both statements take the id.
   */
  private int bindProduct(PreparedStatement statement, Product product) throws SQLException {
    ProductDefinition definition = product.definition();
    Optional<Deprecation> deprecation = product.deprecation();
    int index = 1;
    statement.setString(index++, definition.id().domain());
    statement.setString(index++, definition.id().name());
    statement.setString(index++, definition.owner().team());
    statement.setString(index++, definition.owner().contact());
    statement.setString(index++, definition.description());
    statement.setString(index++, write(definition.tags()));
    statement.setString(index++, definition.classification().name());
    statement.setString(index++, definition.freshnessSla().toString());
    statement.setString(index++, definition.contractVersion().toString());
    statement.setString(index++, definition.icebergTable().toString());
    statement.setString(index++, write(fieldsJson(definition.fields())));
    statement.setString(index++, write(product.tableFields()));
    statement.setString(index++, SearchText.of(product));
    statement.setString(index++, product.status().name());
    statement.setString(index++, deprecation.map(Deprecation::reason).orElse(null));
    statement.setString(
        index++, deprecation.flatMap(Deprecation::successor).map(ProductId::toString).orElse(null));
    statement.setObject(index++, deprecation.map(d -> d.change().at()).orElse(null));
    statement.setString(index++, deprecation.map(d -> d.change().by()).orElse(null));
    statement.setObject(index++, product.retirement().map(Change::at).orElse(null));
    statement.setString(index++, product.retirement().map(Change::by).orElse(null));
    statement.setObject(index++, product.created().at());
    statement.setString(index++, product.created().by());
    statement.setObject(index++, product.updated().at());
    statement.setString(index++, product.updated().by());
    return index;
  }

  private static void insertTags(Connection connection, Product product) throws SQLException {
    if (product.definition().tags().isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)")) {
      for (String tag : product.definition().tags()) {
        insert.setString(1, product.id().toString());
        insert.setString(2, tag);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private Product product(ResultSet row) throws SQLException {
    ProductId id = ProductId.of(row.getString("domain"), row.getString("name"));
    List<ProductField> fields =
        read(row.getString("fields_json"), FIELDS).stream()
            .map(
                field ->
                    new ProductField(
                        field.get("name"),
                        Optional.ofNullable(field.get("doc")),
                        Optional.ofNullable(field.get("pii"))))
            .toList();
    ProductDefinition definition =
        new ProductDefinition(
            id,
            new Owner(row.getString("owner_team"), row.getString("owner_contact")),
            row.getString("description"),
            read(row.getString("tags_json"), STRINGS),
            Classification.valueOf(row.getString("classification")),
            Duration.parse(row.getString("freshness_sla")),
            ContractVersion.parse(row.getString("contract_version")),
            TableIdentifier.parse(row.getString("iceberg_table")),
            fields);
    String reason = row.getString("deprecation_reason");
    String successor = row.getString("successor");
    Optional<Deprecation> deprecation =
        reason == null
            ? Optional.empty()
            : Optional.of(
                new Deprecation(
                    reason,
                    Optional.ofNullable(successor).map(ProductId::parse),
                    change(row, "deprecated_by", "deprecated_at")));
    Optional<Change> retirement =
        row.getString("retired_by") == null
            ? Optional.empty()
            : Optional.of(change(row, "retired_by", "retired_at"));
    return new Product(
        definition,
        read(row.getString("table_fields_json"), STRINGS),
        ProductStatus.valueOf(row.getString("status")),
        deprecation,
        retirement,
        change(row, "created_by", "created_at"),
        change(row, "updated_by", "updated_at"));
  }

  private static Change change(ResultSet row, String byColumn, String atColumn)
      throws SQLException {
    return new Change(row.getString(byColumn), row.getObject(atColumn, OffsetDateTime.class));
  }

  private static ReleaseEntry release(ResultSet row) throws SQLException {
    Release release =
        new Release(
            ProductId.parse(row.getString("product_id")),
            ReleaseVersion.parse(row.getString("version")),
            row.getLong("snapshot_id"),
            row.getLong("row_count"),
            ContractVersion.parse(row.getString("contract_version")),
            Optional.ofNullable(row.getString("quality_results")),
            change(row, "created_by", "created_at"));
    return new ReleaseEntry(row.getLong("sequence"), release);
  }

  private static List<Map<String, String>> fieldsJson(List<ProductField> fields) {
    return fields.stream()
        .map(
            field -> {
              Map<String, String> entry = new LinkedHashMap<>();
              entry.put("name", field.name());
              field.doc().ifPresent(doc -> entry.put("doc", doc));
              field.pii().ifPresent(pii -> entry.put("pii", pii));
              return entry;
            })
        .toList();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value + " as JSON", e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("Cannot read stored JSON " + text, e);
    }
  }
}
