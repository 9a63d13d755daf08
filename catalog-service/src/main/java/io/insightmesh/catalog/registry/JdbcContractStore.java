package io.insightmesh.catalog.registry;

import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/** Contract versions in the catalog's metadata database. */
@ApplicationScoped
public class JdbcContractStore implements ContractStore {
  private final DataSource dataSource;

  public JdbcContractStore(CatalogStore store) {
    this.dataSource = store.dataSource();
  }

  @Override
  public Optional<Contract> insert(Contract contract) {
    Optional<Contract> existing = find(contract.product(), contract.version());
    if (existing.isPresent()) {
      return existing;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO product_contracts (product_id, contract_version, major, schema_json,"
                    + " fingerprint, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, contract.product().toString());
      insert.setString(2, contract.version().toString());
      insert.setInt(3, contract.version().major());
      insert.setString(4, contract.schema());
      insert.setString(5, fingerprint(contract.schema()));
      insert.setObject(6, contract.created().at());
      insert.setString(7, contract.created().by());
      insert.executeUpdate();
      return Optional.empty();
    } catch (SQLException e) {
      // A concurrent registration of the same version won; its contract stands.
      Optional<Contract> raced = find(contract.product(), contract.version());
      if (raced.isPresent()) {
        return raced;
      }
      throw new StoreException(
          "Cannot store contract " + contract.version() + " of " + contract.product(), e);
    }
  }

  @Override
  public boolean replaceUnreleased(Contract contract) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE product_contracts SET schema_json = ?, fingerprint = ?, created_at = ?,"
                    + " created_by = ? WHERE product_id = ? AND contract_version = ? AND NOT EXISTS"
                    + " (SELECT 1 FROM product_releases WHERE product_releases.product_id = ?"
                    + " AND product_releases.contract_version = ?)")) {
      update.setString(1, contract.schema());
      update.setString(2, fingerprint(contract.schema()));
      update.setObject(3, contract.created().at());
      update.setString(4, contract.created().by());
      update.setString(5, contract.product().toString());
      update.setString(6, contract.version().toString());
      update.setString(7, contract.product().toString());
      update.setString(8, contract.version().toString());
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException(
          "Cannot replace contract " + contract.version() + " of " + contract.product(), e);
    }
  }

  @Override
  public Optional<Contract> find(ProductId product, ContractVersion version) {
    return query(
        "SELECT product_id, contract_version, schema_json, created_at, created_by"
            + " FROM product_contracts WHERE product_id = ? AND contract_version = ?",
        product.toString(),
        version.toString());
  }

  @Override
  public Optional<Contract> latestOfMajor(ProductId product, int major) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT product_id, contract_version, schema_json, created_at, created_by"
                    + " FROM product_contracts WHERE product_id = ? AND major = ?")) {
      query.setString(1, product.toString());
      query.setInt(2, major);
      Optional<Contract> latest = Optional.empty();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Contract contract = contract(rows);
          if (latest.isEmpty() || contract.version().compareTo(latest.get().version()) > 0) {
            latest = Optional.of(contract);
          }
        }
      }
      return latest;
    } catch (SQLException e) {
      throw new StoreException("Cannot read the contracts of " + product, e);
    }
  }

  private Optional<Contract> query(String sql, String product, String version) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, product);
      query.setString(2, version);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(contract(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read contract " + version + " of " + product, e);
    }
  }

  private static Contract contract(ResultSet row) throws SQLException {
    return new Contract(
        ProductId.parse(row.getString(1)),
        ContractVersion.parse(row.getString(2)),
        row.getString(3),
        new Change(row.getString(5), row.getObject(4, OffsetDateTime.class)));
  }

  private static String fingerprint(String schema) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
