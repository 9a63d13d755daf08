package io.insightmesh.it.catalog;

/** The kinds of caller every access-matrix test tries, and what each may do. */
final class Callers {
  /** Signed by a key the catalog never made: must be refused like no token at all. */
  static final String FORGED_TOKEN =
      "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImdyb3VwcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJl";

  private Callers() {}

  /** What an endpoint does, which decides who may call it. */
  enum Access {
    /** Catalog configuration: any authenticated caller. */
    CONFIG,
    /** Reading catalog metadata or products. */
    READ,
    /** Changing something in the {@code claims} domain. */
    WRITE,
    /**
     * Changing a table, view or namespace in the {@code claims} domain: the query engine may too,
     * for the users the Trino policy let write there.
     */
    ENGINE_WRITE,
    /** Platform administration. */
    ADMIN
  }

  /** A caller and what it may do. */
  enum Who {
    NO_TOKEN(null),
    FORGED_TOKEN(null),
    ADMIN("admin"),
    DOMAIN_OWNER("claims-team"),
    OTHER_DOMAIN_OWNER("risk-team"),
    ANALYST("analyst"),
    QUERY_ENGINE("trino"),
    CASE_WORKER("case-worker");

    final String principal;

    Who(String principal) {
      this.principal = principal;
    }

    /** 200 stands for any 2xx. */
    int expected(Access access) {
      return switch (this) {
        case NO_TOKEN, FORGED_TOKEN -> 401;
        case ADMIN -> 200;
        case DOMAIN_OWNER -> access == Access.ADMIN ? 403 : 200;
        case QUERY_ENGINE -> access == Access.WRITE || access == Access.ADMIN ? 403 : 200;
        case OTHER_DOMAIN_OWNER, ANALYST ->
            access == Access.WRITE || access == Access.ENGINE_WRITE || access == Access.ADMIN
                ? 403
                : 200;
        case CASE_WORKER -> access == Access.CONFIG ? 200 : 403;
      };
    }
  }
}
