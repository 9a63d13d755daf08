package io.insightmesh.it.catalog;

import org.apache.iceberg.rest.RESTCompatibilityKitViewCatalogTests;
import org.junit.jupiter.api.extension.ExtendWith;

/** Iceberg's REST Compatibility Kit, view suite, against the packaged service on Postgres. */
@ExtendWith(CompatibilityKitTarget.OnPostgres.class)
class ViewCompatibilityOnPostgresIT extends RESTCompatibilityKitViewCatalogTests {}
