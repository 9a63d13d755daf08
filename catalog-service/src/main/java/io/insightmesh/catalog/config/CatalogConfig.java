package io.insightmesh.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the catalog service; every key lives under {@code mesh.catalog}. */
@ConfigMapping(prefix = "mesh.catalog")
public interface CatalogConfig {

  /**
   * The platform's data directory. The embedded store, the default warehouse, the signing keys and
   * the seeded credentials all live below it, so one directory holds everything a restart needs.
   */
  Path dataDir();

  /**
   * Where table data and metadata live, as a location URI: {@code file:/path} or {@code
   * s3://bucket/prefix} for object storage (see {@link #s3()}). Defaults to {@code
   * file:<data-dir>/warehouse}. Every table and metadata location must stay below it.
   */
  Optional<String> warehouseLocation();

  /**
   * Object storage settings for an {@code s3://} warehouse. Credentials are not among them: the
   * service takes them from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID} and {@code
   * AWS_SECRET_ACCESS_KEY}, a web identity, an instance profile), so they never pass through this
   * configuration, the logs or {@code /v1/config}.
   */
  S3 s3();

  /** The warehouse name clients pass to {@code /v1/config}; the only one this catalog serves. */
  @WithDefault("mesh")
  String warehouseName();

  /** The metadata store. */
  Store store();

  /** Bearer tokens issued by the embedded OAuth2 endpoint. */
  Tokens tokens();

  /** How long a mutation's answer is kept for replay under its {@code Idempotency-Key}. */
  @WithDefault("PT24H")
  Duration idempotencyRetention();

  /**
   * How long lineage is kept in full. Older events are deleted, and so are Trino's queries (each a
   * job of its own) and any other job's older runs once a newer run of the same job has reported
   * every dataset and column edge they did: the graph keeps each job's newest evidence of every
   * edge, however old. Product usage keeps its counts. At least an hour.
   */
  @WithDefault("P90D")
  Duration lineageRetention();

  /**
   * Seed one principal per platform role at first start and write their client secrets below {@code
   * <data-dir>/catalog/credentials}. On for the embedded default; production turns it off and
   * manages principals through the admin API.
   */
  @WithDefault("true")
  boolean seedPrincipals();

  /** Object storage settings; what is set here is told to every client in {@code /v1/config}. */
  interface S3 {
    /**
     * The S3 API endpoint of an S3-compatible store, such as {@code http://127.0.0.1:9000}; empty
     * for Amazon S3 itself, whose endpoint the SDK derives from the region.
     */
    Optional<String> endpoint();

    /** The region requests are signed for, such as {@code eu-west-2}. */
    Optional<String> region();

    /**
     * Address buckets as {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}: most
     * S3-compatible stores need it, because their buckets have no DNS names.
     */
    @WithDefault("false")
    boolean pathStyleAccess();
  }

  /** The metadata store settings. */
  interface Store {
    /**
     * JDBC URL of the metadata database. Defaults to an H2 database in file mode under the data
     * directory; set a {@code jdbc:postgresql:} URL for production.
     */
    Optional<String> jdbcUrl();

    /** Database user, if the URL does not carry one. */
    Optional<String> username();

    /** Database password, if the URL does not carry one. */
    Optional<String> password();

    /** Maximum connections held open to the metadata database. */
    @WithDefault("16")
    int maxConnections();
  }

  /** Token settings. */
  interface Tokens {
    /** The {@code iss} claim of issued tokens, checked on every request. */
    @WithDefault("insight-mesh")
    String issuer();

    /** Lifetime of an issued access token. */
    @WithDefault("PT1H")
    Duration lifetime();

    /**
     * Failed sign-ins one client address may make for one client id within {@link
     * #failedSignInWindow()}; further attempts are refused (429) until the window has passed.
     */
    @WithDefault("10")
    int maxFailedSignIns();

    /** The window failed sign-ins are counted in, from the first failure. */
    @WithDefault("PT1M")
    Duration failedSignInWindow();

    /**
     * The {@code iss} of an external OpenID Connect provider whose access tokens are accepted as
     * well. Their subject names a principal in the store, which holds its roles; a subject the
     * store does not know is authenticated but may do nothing.
     */
    Optional<String> externalIssuer();

    /** Where the external provider publishes its signing keys (its {@code jwks_uri}). */
    Optional<String> externalJwksUrl();

    /** The {@code aud} external tokens must carry. */
    @WithDefault("insight-mesh")
    String externalAudience();
  }
}
