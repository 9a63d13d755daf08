package io.insightmesh.catalog.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.insightmesh.catalog.config.CatalogConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The catalog's metadata database: H2 in file mode under the data directory by default, any
 * PostgreSQL in production. The JDBC URL is a runtime setting, so one build serves both.
 */
@ApplicationScoped
public class CatalogStore {
  private static final Logger LOG = Logger.getLogger(CatalogStore.class);

  private final String jdbcUrl;
  private final Map<String, String> credentials;
  private final AgroalDataSource dataSource;

  public CatalogStore(CatalogConfig config) {
    this.jdbcUrl = config.store().jdbcUrl().orElseGet(() -> embeddedUrl(config.dataDir()));
    this.credentials = new HashMap<>();
    config.store().username().ifPresent(user -> credentials.put("user", user));
    config.store().password().ifPresent(password -> credentials.put("password", password));
    this.dataSource = open(jdbcUrl, config.store());
    new SchemaMigrations(dataSource).migrate();
    LOG.infof("Catalog metadata store ready (%s)", kind());
  }

  /** The pooled data source for the catalog's own tables. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The JDBC URL, for Iceberg's JDBC catalog, which keeps its own small pool. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** User and password, as {@code user} and {@code password} keys when configured. */
  public Map<String, String> credentials() {
    return Map.copyOf(credentials);
  }

  /** {@code h2} or {@code postgresql}: the store kind for health and metrics. */
  public String kind() {
    return jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
  }

  @PreDestroy
  void close() {
    dataSource.close();
  }

  private static String embeddedUrl(Path dataDir) {
    Path directory = dataDir.toAbsolutePath().resolve("catalog").resolve("db");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the metadata store directory " + directory, e);
    }
    // WRITE_DELAY=0: a commit is written to the file before it is acknowledged, so an
    // acknowledged commit survives kill -9 of the service.
    return "jdbc:h2:file:"
        + directory.resolve("mesh")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
  }

  private static AgroalDataSource open(String url, CatalogConfig.Store store) {
    AgroalDataSourceConfigurationSupplier configuration =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(store.maxConnections())
                        .minSize(1)
                        .acquisitionTimeout(Duration.ofSeconds(10))
                        .validationTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(
                            factory -> {
                              factory.jdbcUrl(url);
                              store
                                  .username()
                                  .ifPresent(u -> factory.principal(new NamePrincipal(u)));
                              store
                                  .password()
                                  .ifPresent(p -> factory.credential(new SimplePassword(p)));
                              return factory;
                            }));
    try {
      return AgroalDataSource.from(configuration);
    } catch (SQLException e) {
      throw new StoreException("Cannot open the metadata store at " + redact(url), e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^;&]*", "password=***");
  }
}
