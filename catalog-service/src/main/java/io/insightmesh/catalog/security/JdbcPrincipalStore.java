package io.insightmesh.catalog.security;

import io.insightmesh.catalog.policy.PolicyInputsChanged;
import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.SqlStates;
import io.insightmesh.catalog.store.StoreException;
import io.insightmesh.catalog.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Principals and their roles in the catalog's metadata database. */
@ApplicationScoped
public class JdbcPrincipalStore implements PrincipalStore {
  private final DataSource dataSource;
  private final Event<PolicyInputsChanged> changes;

  public JdbcPrincipalStore(CatalogStore store, Event<PolicyInputsChanged> changes) {
    this.dataSource = store.dataSource();
    this.changes = changes;
  }

  @Override
  public String create(String name, Set<Role> roles) {
    String secret = SecretHasher.newSecret();
    try {
      Transactions.inTransaction(
          dataSource,
          connection -> {
            if (exists(connection, name)) {
              throw new PrincipalAlreadyExistsException(name);
            }
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO principals (name, secret_hash, created_at, disabled) "
                        + "VALUES (?, ?, ?, FALSE)")) {
              insert.setString(1, name);
              insert.setString(2, SecretHasher.hash(secret));
              insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
              insert.executeUpdate();
            }
            insertRoles(connection, name, roles);
            return null;
          });
    } catch (SQLException e) {
      if (SqlStates.uniqueViolation(e)) {
        // Created at once by another request, between the check above and the insert.
        throw new PrincipalAlreadyExistsException(name);
      }
      // It may have been committed before the failure: the policy reads the principals again.
      changes.fire(new PolicyInputsChanged());
      throw new StoreException("Cannot create principal " + name, e);
    }
    changes.fire(new PolicyInputsChanged());
    return secret;
  }

  @Override
  public Optional<Set<Role>> authenticate(String name, String secret) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT secret_hash, disabled FROM principals WHERE name = ?")) {
      query.setString(1, name);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next() || row.getBoolean(2) || !SecretHasher.matches(secret, row.getString(1))) {
          return Optional.empty();
        }
      }
      return Optional.of(roles(connection, name));
    } catch (SQLException e) {
      throw new StoreException("Cannot authenticate principal " + name, e);
    }
  }

  @Override
  public Optional<PrincipalInfo> find(String name) {
    return list(name).stream().findFirst();
  }

  @Override
  public List<PrincipalInfo> list() {
    return list(null);
  }

  @Override
  public void replaceRoles(String name, Set<Role> roles) {
    try {
      Transactions.inTransaction(
          dataSource,
          connection -> {
            if (!exists(connection, name)) {
              throw new NoSuchPrincipalException(name);
            }
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM principal_roles WHERE principal = ?")) {
              delete.setString(1, name);
              delete.executeUpdate();
            }
            insertRoles(connection, name, roles);
            return null;
          });
    } catch (SQLException e) {
      // It may have been committed before the failure: the policy reads the principals again.
      changes.fire(new PolicyInputsChanged());
      throw new StoreException("Cannot change the roles of principal " + name, e);
    }
    changes.fire(new PolicyInputsChanged());
  }

  @Override
  public String rotateSecret(String name) {
    String secret = SecretHasher.newSecret();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement("UPDATE principals SET secret_hash = ? WHERE name = ?")) {
      update.setString(1, SecretHasher.hash(secret));
      update.setString(2, name);
      if (update.executeUpdate() == 0) {
        throw new NoSuchPrincipalException(name);
      }
      changes.fire(new PolicyInputsChanged());
      return secret;
    } catch (SQLException e) {
      throw new StoreException("Cannot rotate the secret of principal " + name, e);
    }
  }

  @Override
  public void disable(String name, boolean disabled) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement("UPDATE principals SET disabled = ? WHERE name = ?")) {
      update.setBoolean(1, disabled);
      update.setString(2, name);
      if (update.executeUpdate() == 0) {
        throw new NoSuchPrincipalException(name);
      }
      changes.fire(new PolicyInputsChanged());
    } catch (SQLException e) {
      throw new StoreException("Cannot update principal " + name, e);
    }
  }

  private List<PrincipalInfo> list(String onlyName) {
    String sql =
        "SELECT p.name, p.disabled, r.role FROM principals p "
            + "LEFT JOIN principal_roles r ON r.principal = p.name "
            + (onlyName == null ? "" : "WHERE p.name = ? ")
            + "ORDER BY p.name";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      if (onlyName != null) {
        query.setString(1, onlyName);
      }
      Map<String, Set<Role>> roles = new LinkedHashMap<>();
      Map<String, Boolean> disabled = new LinkedHashMap<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1);
          disabled.put(name, rows.getBoolean(2));
          Set<Role> set = roles.computeIfAbsent(name, ignored -> new HashSet<>());
          String role = rows.getString(3);
          if (role != null) {
            set.add(Role.parse(role));
          }
        }
      }
      List<PrincipalInfo> result = new ArrayList<>();
      roles.forEach((name, set) -> result.add(new PrincipalInfo(name, set, disabled.get(name))));
      return result;
    } catch (SQLException e) {
      throw new StoreException("Cannot list principals", e);
    }
  }

  private static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM principals WHERE name = ?")) {
      query.setString(1, name);
      try (ResultSet row = query.executeQuery()) {
        return row.next();
      }
    }
  }

  private static Set<Role> roles(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT role FROM principal_roles WHERE principal = ?")) {
      query.setString(1, name);
      Set<Role> roles = new HashSet<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          roles.add(Role.parse(rows.getString(1)));
        }
      }
      return roles;
    }
  }

  private static void insertRoles(Connection connection, String name, Set<Role> roles)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO principal_roles (principal, role) VALUES (?, ?)")) {
      for (Role role : roles) {
        insert.setString(1, name);
        insert.setString(2, role.name());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
