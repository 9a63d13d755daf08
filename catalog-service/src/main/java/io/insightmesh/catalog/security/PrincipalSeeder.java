package io.insightmesh.catalog.security;

import io.insightmesh.catalog.config.CatalogConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Gives the embedded default one principal per role (DESIGN.md §5) at first start, and writes each
 * client secret to {@code <data-dir>/catalog/credentials/<principal>} (owner-only), where {@code
 * ./mesh token} finds it. Secrets are made on the machine, never committed.
 */
@ApplicationScoped
public class PrincipalSeeder {
  private static final Logger LOG = Logger.getLogger(PrincipalSeeder.class);

  /** The embedded default's principals and their roles. */
  static final Map<String, Set<Role>> DEFAULT_PRINCIPALS = defaults();

  private final CatalogConfig config;
  private final PrincipalStore principals;
  private final AuditLog audit;

  public PrincipalSeeder(CatalogConfig config, PrincipalStore principals, AuditLog audit) {
    this.config = config;
    this.principals = principals;
    this.audit = audit;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.seedPrincipals()) {
      return;
    }
    Path directory = credentialsDirectory();
    DEFAULT_PRINCIPALS.forEach(
        (name, roles) -> {
          if (principals.find(name).isPresent()) {
            return;
          }
          String secret = principals.create(name, roles);
          writeSecret(directory, name, secret);
          audit.record(
              "startup", "system", "principal.create", name, AuditLog.Outcome.ALLOWED, "seeded");
          LOG.infof("Seeded principal %s with roles %s", name, roles);
        });
  }

  /**
   * Keeps a seeded principal's credentials file in step with a rotated secret, so {@code ./mesh
   * token} and {@code ./mesh up} sign in with the new one; other principals have no file here.
   */
  void secretRotated(String name, String secret) {
    Path directory = credentialsDirectory();
    if (Files.exists(directory.resolve(name))) {
      writeSecret(directory, name, secret);
    }
  }

  private Path credentialsDirectory() {
    return config.dataDir().resolve("catalog").resolve("credentials");
  }

  private static void writeSecret(Path directory, String name, String secret) {
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, name, ".tmp");
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(temporary, secret + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary,
          directory.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the credentials of " + name, e);
    }
  }

  private static Map<String, Set<Role>> defaults() {
    Map<String, Set<Role>> defaults = new LinkedHashMap<>();
    defaults.put("admin", Set.of(Role.ADMIN));
    defaults.put("analyst", Set.of(Role.ANALYST));
    defaults.put("pii-analyst", Set.of(Role.PII_ANALYST));
    defaults.put("case-worker", Set.of(Role.CASE_WORKER));
    // The scoring engine is the risk domain's service: it publishes risk.decisions.
    defaults.put("scoring-engine", Set.of(Role.SCORING_ENGINE, Role.domainOwner("risk")));
    defaults.put("claims-team", Set.of(Role.domainOwner("claims")));
    defaults.put("profiles-team", Set.of(Role.domainOwner("profiles")));
    defaults.put("risk-team", Set.of(Role.domainOwner("risk")));
    defaults.put("trino", Set.of(Role.TRINO));
    return Map.copyOf(defaults);
  }
}
