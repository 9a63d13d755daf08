package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshJdbcCatalogTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get()));

  @TempDir Path warehouse;

  @Test
  void keepsABusyTaggedTablesVersionsWithinTheBudgetAndStillLoadsTheLatest() {
    long budget = 2L << 20;
    MeshJdbcCatalog catalog = catalog(budget);
    TableIdentifier identifier = TableIdentifier.of("risk", "decisions_v1");
    catalog.createNamespace(Namespace.of("risk"));
    catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());

    // As the engine's committer and releases do: an append a second, a tag per release.
    long everyVersion = 0;
    int commits = 120;
    for (int commit = 1; commit <= commits; commit++) {
      Table table = catalog.loadTable(identifier);
      table.newFastAppend().appendFile(dataFile(commit)).commit();
      table
          .manageSnapshots()
          .createTag("release-" + commit, table.currentSnapshot().snapshotId())
          .commit();
      everyVersion +=
          MeshJdbcCatalog.approximateBytes(((HasTableOperations) table).operations().current());
    }

    Table latest = catalog.loadTable(identifier);
    assertThat(latest.snapshots()).hasSize(commits);
    assertThat(latest.refs()).containsKey("release-" + commits);
    assertThat(everyVersion).isGreaterThan(budget);
    assertThat(catalog.cachedMetadataBytes()).isLessThanOrEqualTo(budget);
  }

  @Test
  void aPurgeDeletesOnlyTheFilesUnderTheTablesOwnLocation() throws Exception {
    MeshJdbcCatalog catalog = catalog(2L << 20);
    catalog.createNamespace(Namespace.of("claims"));
    catalog.createNamespace(Namespace.of("profiles"));
    TableIdentifier identifier = TableIdentifier.of("claims", "t");
    Table table = catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
    Path own = appendDataFile(table, "own.parquet");
    // Files the metadata names but the table does not own: another domain's data and, beside the
    // warehouse, the catalog's database. A client's commit wrote the statistics path.
    Path otherDomains = warehouse.resolve("profiles/p/data/theirs.parquet");
    Path database = warehouse.getParent().resolve("catalog-db-" + System.nanoTime() + ".mv.db");
    for (Path victim : java.util.List.of(otherDomains, database)) {
      java.nio.file.Files.createDirectories(victim.getParent());
      java.nio.file.Files.write(victim, new byte[8]);
      table
          .updateStatistics()
          .setStatistics(
              new org.apache.iceberg.GenericStatisticsFile(
                  table.currentSnapshot().snapshotId(),
                  "file:" + victim,
                  8,
                  0,
                  java.util.List.of()))
          .commit();
    }
    String metadataFile =
        ((HasTableOperations) table).operations().current().metadataFileLocation();

    assertThat(catalog.dropTable(identifier, true)).isTrue();

    assertThat(catalog.tableExists(identifier)).isFalse();
    assertThat(own).doesNotExist();
    assertThat(Path.of(java.net.URI.create(metadataFile))).doesNotExist();
    assertThat(otherDomains).exists();
    assertThat(database).exists();
    java.nio.file.Files.delete(database);
  }

  /**
   * A purge reads the table's metadata, then drops it: if the table was renamed and a new one made
   * under its name in between, dropping by name took the new table and the files read were the
   * renamed one's — its data deleted. Now the purge is refused and both tables keep everything.
   */
  @Test
  void aTableRenamedWhileBeingPurgedKeepsItsFiles() throws Exception {
    String url = url();
    MeshJdbcCatalog other = catalog(2L << 20, url, new LocalFileIO());
    other.createNamespace(Namespace.of("claims"));
    TableIdentifier name = TableIdentifier.of("claims", "t");
    TableIdentifier renamed = TableIdentifier.of("claims", "t_2020");
    Table table = other.createTable(name, SCHEMA, PartitionSpec.unpartitioned());
    Path data = appendDataFile(table, "kept.parquet");
    String read = ((HasTableOperations) table).operations().current().metadataFileLocation();
    // The purging catalog's first read of that metadata is where another request steps in.
    java.util.concurrent.atomic.AtomicBoolean steppedIn =
        new java.util.concurrent.atomic.AtomicBoolean();
    LocalFileIO io =
        new LocalFileIO() {
          @Override
          public org.apache.iceberg.io.InputFile newInputFile(String location) {
            if (location.equals(read) && steppedIn.compareAndSet(false, true)) {
              other.renameTable(name, renamed);
              other.createTable(name, SCHEMA, PartitionSpec.unpartitioned());
            }
            return super.newInputFile(location);
          }
        };
    MeshJdbcCatalog purging = catalog(2L << 20, url, io);

    assertThatThrownBy(() -> purging.dropTable(name, true))
        .isInstanceOf(org.apache.iceberg.exceptions.CommitFailedException.class)
        .hasMessageContaining("changed while being purged");

    assertThat(steppedIn).isTrue();
    assertThat(data).exists();
    assertThat(Path.of(java.net.URI.create(read))).exists();
    assertThat(other.loadTable(renamed).currentSnapshot()).isNotNull();
    assertThat(other.tableExists(name)).isTrue();
    // Asked again, the purge takes the table now under the name, and only its files.
    assertThat(purging.dropTable(name, true)).isTrue();
    assertThat(data).exists();
    assertThat(other.loadTable(renamed).currentSnapshot()).isNotNull();
  }

  /**
   * A rename is checked (a product's contract gate) on the table as read, then made: a commit in
   * between arrived under the new name unchecked — a column the contract forbids in a product's
   * table. Now the rename is refused and nothing moves; renamed again, the check sees the commit.
   */
  @Test
  void aTableChangedWhileBeingRenamedIsNotRenamed() {
    MeshJdbcCatalog catalog = catalog(2L << 20);
    catalog.createNamespace(Namespace.of("claims"));
    TableIdentifier staging = TableIdentifier.of("claims", "staging");
    TableIdentifier product = TableIdentifier.of("claims", "claims_v1");
    Table table = catalog.createTable(staging, SCHEMA, PartitionSpec.unpartitioned());

    assertThatThrownBy(
            () ->
                catalog.renameTable(
                    staging,
                    product,
                    checked ->
                        table.updateSchema().addColumn("nino", Types.StringType.get()).commit()))
        .isInstanceOf(org.apache.iceberg.exceptions.CommitFailedException.class)
        .hasMessageContaining("changed while being renamed");

    assertThat(catalog.tableExists(product)).isFalse();
    assertThat(catalog.loadTable(staging).schema().findField("nino")).isNotNull();
    java.util.List<Schema> checked = new java.util.ArrayList<>();
    catalog.renameTable(staging, product, metadata -> checked.add(metadata.schema()));
    assertThat(checked).singleElement().satisfies(s -> assertThat(s.findField("nino")).isNotNull());
    assertThat(catalog.tableExists(staging)).isFalse();
    assertThat(catalog.loadTable(product).schema().findField("nino")).isNotNull();
  }

  @Test
  void aRenameToATakenNameOrAMissingNamespaceIsRefusedBeforeTheCheck() {
    MeshJdbcCatalog catalog = catalog(2L << 20);
    catalog.createNamespace(Namespace.of("claims"));
    TableIdentifier from = TableIdentifier.of("claims", "a");
    TableIdentifier taken = TableIdentifier.of("claims", "b");
    catalog.createTable(from, SCHEMA, PartitionSpec.unpartitioned());
    catalog.createTable(taken, SCHEMA, PartitionSpec.unpartitioned());
    java.util.concurrent.atomic.AtomicInteger checks =
        new java.util.concurrent.atomic.AtomicInteger();

    assertThatThrownBy(() -> catalog.renameTable(from, taken, m -> checks.incrementAndGet()))
        .isInstanceOf(org.apache.iceberg.exceptions.AlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                catalog.renameTable(
                    from, TableIdentifier.of("nowhere", "a"), m -> checks.incrementAndGet()))
        .isInstanceOf(org.apache.iceberg.exceptions.NoSuchNamespaceException.class);
    assertThatThrownBy(
            () ->
                catalog.renameTable(
                    TableIdentifier.of("claims", "missing"),
                    TableIdentifier.of("claims", "c"),
                    m -> checks.incrementAndGet()))
        .isInstanceOf(org.apache.iceberg.exceptions.NoSuchTableException.class);

    assertThat(checks).hasValue(0);
    assertThat(catalog.tableExists(from)).isTrue();
  }

  @Test
  void registersATableOnlyInTheNamespaceWhoseDirectoryHoldsIt() {
    MeshJdbcCatalog catalog = catalog(2L << 20);
    catalog.createNamespace(Namespace.of("claims"));
    catalog.createNamespace(Namespace.of("profiles"));
    Table theirs =
        catalog.createTable(
            TableIdentifier.of("profiles", "claimant_profiles_v1"),
            SCHEMA,
            PartitionSpec.unpartitioned());
    String metadata = ((HasTableOperations) theirs).operations().current().metadataFileLocation();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> catalog.registerTable(TableIdentifier.of("claims", "copy"), metadata))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid metadata-location: the table it describes is located at ")
        .hasMessageContaining(", outside the directory of namespace claims (");
    assertThat(catalog.tableExists(TableIdentifier.of("claims", "copy"))).isFalse();

    // Its own namespace may take it back, as after a drop without purge.
    catalog.dropTable(TableIdentifier.of("profiles", "claimant_profiles_v1"), false);
    assertThat(catalog.registerTable(TableIdentifier.of("profiles", "restored"), metadata))
        .isNotNull();
  }

  @Test
  void aRefusedRegisterLeavesTheMetadataFileItNamedInPlace() throws Exception {
    MeshJdbcCatalog catalog = catalog(2L << 20);
    catalog.createNamespace(Namespace.of("claims"));
    Table live =
        catalog.createTable(
            TableIdentifier.of("claims", "claims_v1"), SCHEMA, PartitionSpec.unpartitioned());
    String metadata = ((HasTableOperations) live).operations().current().metadataFileLocation();
    catalog
        .buildView(TableIdentifier.of("claims", "recent"))
        .withSchema(SCHEMA)
        .withDefaultNamespace(Namespace.of("claims"))
        .withQuery("trino", "SELECT claim_id FROM claims_v1")
        .create();

    // The view's name is taken, so the register is refused — and the file it named is another
    // table's current metadata, which a cleanup of "this commit's file" deleted.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> catalog.registerTable(TableIdentifier.of("claims", "recent"), metadata))
        .isInstanceOf(org.apache.iceberg.exceptions.AlreadyExistsException.class);

    assertThat(Path.of(java.net.URI.create(metadata))).exists();
    assertThat(catalog.tableExists(TableIdentifier.of("claims", "recent"))).isFalse();
  }

  /**
   * A metadata file's log names earlier metadata files, which Iceberg deletes once they drop out of
   * the log when the table asks for that: registered with a log naming the catalog's database, the
   * next commit deleted the database. Such a file, or one naming other files outside the
   * namespace's directory, is refused and nothing is registered.
   */
  @Test
  void aRegisteredMetadataFileNamingFilesOutsideItsNamespaceIsRefused() throws Exception {
    MeshJdbcCatalog catalog = catalog(2L << 20);
    catalog.createNamespace(Namespace.of("claims"));
    catalog.createNamespace(Namespace.of("profiles"));
    Path database = outsideTheWarehouse();
    TableIdentifier identifier = TableIdentifier.of("claims", "t");
    String logged = writeMetadata("claims/t", "file:" + database, Map.of());
    String redirected =
        writeMetadata(
            "claims/t",
            null,
            Map.of(
                org.apache.iceberg.TableProperties.WRITE_METADATA_LOCATION,
                "file:" + warehouse + "/profiles/p/metadata"));
    Table table = catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
    appendDataFile(table, "own.parquet");
    table
        .updateStatistics()
        .setStatistics(
            new org.apache.iceberg.GenericStatisticsFile(
                table.currentSnapshot().snapshotId(),
                "file:" + database,
                8,
                0,
                java.util.List.of()))
        .commit();
    String withStatistics =
        ((HasTableOperations) table).operations().current().metadataFileLocation();
    catalog.dropTable(identifier, false);

    assertThatThrownBy(() -> catalog.registerTable(identifier, logged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid metadata-location.metadata-log[0].metadata-file: location file:"
                + database
                + " is outside the directory of namespace claims file:"
                + warehouse
                + "/claims; every location must be inside the directory of namespace claims");
    assertThatThrownBy(() -> catalog.registerTable(identifier, redirected))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid metadata-location.properties.write.metadata.path: location file:"
                + warehouse
                + "/profiles/p/metadata is outside the directory of namespace claims");
    assertThatThrownBy(() -> catalog.registerTable(identifier, withStatistics))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid metadata-location.statistics[0].statistics-path: location file:"
                + database
                + " is outside the directory of namespace claims");
    assertThat(catalog.tableExists(identifier)).isFalse();
    assertThat(database).exists();
    java.nio.file.Files.delete(database);
  }

  /**
   * A table registered before registrations were checked keeps its log: a commit that drops the
   * entry naming the catalog's database deletes the metadata files inside the namespace's directory
   * only.
   */
  @Test
  void aCommitDeletesNoEarlierMetadataFileOutsideTheTablesNamespace() throws Exception {
    String url = url();
    MeshJdbcCatalog catalog = catalog(2L << 20, url, new LocalFileIO());
    catalog.createNamespace(Namespace.of("claims"));
    Path database = outsideTheWarehouse();
    String registered = writeMetadata("claims/t", "file:" + database, Map.of());
    JdbcDataSource store = new JdbcDataSource();
    store.setURL(url);
    try (java.sql.Connection connection = store.getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name,"
                    + " metadata_location, previous_metadata_location, iceberg_type)"
                    + " VALUES (?, 'claims', 't', ?, NULL, 'TABLE')")) {
      insert.setString(1, IcebergCatalogs.CATALOG_NAME);
      insert.setString(2, registered);
      insert.executeUpdate();
    }
    TableIdentifier identifier = TableIdentifier.of("claims", "t");

    catalog.loadTable(identifier).updateProperties().set("owner", "claims-team").commit();

    assertThat(database).exists();
    assertThat(Path.of(java.net.URI.create(registered))).exists();
    // The next commit drops the registered file from the log: inside the namespace, it goes.
    catalog.loadTable(identifier).updateProperties().set("owner", "claims").commit();
    assertThat(Path.of(java.net.URI.create(registered))).doesNotExist();
    assertThat(database).exists();
    java.nio.file.Files.delete(database);
  }

  /**
   * Iceberg answers a create, a commit and a register with the table as read back from the store
   * after the write: a store then refusing a connection (a pool exhausted, PostgreSQL failing over)
   * answered 503 for a change that was made, which the service then neither audited nor counted.
   * Each is answered with what it wrote.
   */
  @Test
  void aChangeMadeIsAnsweredAsMadeWhenTheStoreThenRefusesAConnection() {
    String url = url();
    FailingStore store = new FailingStore(url);
    MeshJdbcCatalog catalog = catalog(2L << 20, url, store, new LocalFileIO());
    catalog.createNamespace(Namespace.of("claims"));
    TableIdentifier identifier = TableIdentifier.of("claims", "t");

    org.apache.iceberg.rest.responses.LoadTableResponse created =
        org.apache.iceberg.rest.CatalogHandlers.createTable(
            catalog,
            identifier.namespace(),
            org.apache.iceberg.rest.requests.CreateTableRequest.builder()
                .withName("t")
                .withSchema(SCHEMA)
                .build());
    assertThat(store.failing()).isTrue();
    store.recover();
    org.apache.iceberg.rest.responses.LoadTableResponse committed =
        org.apache.iceberg.rest.CatalogHandlers.updateTable(
            catalog,
            identifier,
            org.apache.iceberg.rest.requests.UpdateTableRequest.create(
                identifier,
                java.util.List.of(),
                java.util.List.of(
                    new org.apache.iceberg.MetadataUpdate.SetProperties(
                        Map.of("owner", "claims-team")))));
    assertThat(store.failing()).isTrue();
    store.recover();

    assertThat(created.tableMetadata().schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    assertThat(committed.tableMetadata().properties()).containsEntry("owner", "claims-team");
    assertThat(committed.metadataLocation())
        .isNotEqualTo(created.metadataLocation())
        .isEqualTo(
            ((HasTableOperations) catalog.loadTable(identifier))
                .operations()
                .current()
                .metadataFileLocation());
    catalog.dropTable(identifier, false);
    Table registered = catalog.registerTable(identifier, committed.metadataLocation());
    assertThat(((HasTableOperations) registered).operations().current().properties())
        .containsEntry("owner", "claims-team");
    assertThat(store.failing()).isTrue();
  }

  /**
   * A multi-table transaction swaps every pointer in one database transaction: when a later table
   * moved after its requirements were checked, the tables swapped before it are rolled back, and
   * the metadata files written for the transaction are deleted, each through its own table's
   * namespace (a transaction across two domains left the first domain's file behind).
   */
  @Test
  void aTransactionWhoseLaterTableMovedChangesNoTableAndLeavesNoMetadataFile() throws Exception {
    String url = url();
    java.util.concurrent.atomic.AtomicReference<Runnable> beforeSwap =
        new java.util.concurrent.atomic.AtomicReference<>();
    javax.sql.DataSource store = beforeTransactionSwap(url, beforeSwap);
    MeshJdbcCatalog catalog = catalog(2L << 20, url, store, new LocalFileIO());
    TableIdentifier left = table(catalog, "claims", "left");
    TableIdentifier right = table(catalog, "profiles", "right");
    TransactionCommitter transactions =
        new TransactionCommitter(catalog, store, catalog.pointers());
    // Another writer commits to the second table after the transaction checked its requirements.
    beforeSwap.set(
        () -> catalog.loadTable(right).updateProperties().set("owner", "profiles-team").commit());
    java.util.Set<Path> before = metadataFiles();

    assertThatThrownBy(
            () -> transactions.commit(release(catalog, left, right, uuidOf(catalog, right))))
        .isInstanceOf(org.apache.iceberg.exceptions.CommitFailedException.class)
        .hasMessageContaining("no table was changed");

    assertThat(catalog.loadTable(left).properties()).doesNotContainKey("release");
    assertThat(catalog.loadTable(right).properties())
        .containsEntry("owner", "profiles-team")
        .doesNotContainKey("release");
    java.util.Set<Path> after = metadataFiles();
    after.removeAll(before);
    assertThat(after)
        .as("only the other writer's metadata file is new")
        .singleElement()
        .satisfies(file -> assertThat(file.toString()).contains("/profiles/right/"));
  }

  /** A transaction refused by a later table's requirement leaves no file for the tables before. */
  @Test
  void aTransactionRefusedByALaterTablesRequirementLeavesNoMetadataFile() throws Exception {
    String url = url();
    MeshJdbcCatalog catalog = catalog(2L << 20, url, new LocalFileIO());
    TableIdentifier left = table(catalog, "claims", "left");
    TableIdentifier right = table(catalog, "profiles", "right");
    JdbcDataSource store = new JdbcDataSource();
    store.setURL(url);
    TransactionCommitter transactions =
        new TransactionCommitter(catalog, store, catalog.pointers());
    java.util.Set<Path> before = metadataFiles();

    assertThatThrownBy(
            () ->
                transactions.commit(
                    release(catalog, left, right, java.util.UUID.randomUUID().toString())))
        .isInstanceOf(org.apache.iceberg.exceptions.CommitFailedException.class)
        .hasMessageContaining("UUID does not match");

    assertThat(catalog.loadTable(left).properties()).doesNotContainKey("release");
    assertThat(metadataFiles()).isEqualTo(before);
  }

  private static TableIdentifier table(MeshJdbcCatalog catalog, String namespace, String name) {
    if (!catalog.namespaceExists(Namespace.of(namespace))) {
      catalog.createNamespace(Namespace.of(namespace));
    }
    TableIdentifier identifier = TableIdentifier.of(namespace, name);
    catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
    return identifier;
  }

  private static String uuidOf(MeshJdbcCatalog catalog, TableIdentifier identifier) {
    return catalog.loadTable(identifier).uuid().toString();
  }

  /**
   * Sets property {@code release} on both tables, each change asserting its table's UUID, the
   * second's being {@code rightUuid}.
   */
  private static org.apache.iceberg.rest.requests.CommitTransactionRequest release(
      MeshJdbcCatalog catalog, TableIdentifier left, TableIdentifier right, String rightUuid) {
    return new org.apache.iceberg.rest.requests.CommitTransactionRequest(
        java.util.List.of(
            releaseChange(left, uuidOf(catalog, left)), releaseChange(right, rightUuid)));
  }

  private static org.apache.iceberg.rest.requests.UpdateTableRequest releaseChange(
      TableIdentifier identifier, String uuid) {
    return org.apache.iceberg.rest.requests.UpdateTableRequest.create(
        identifier,
        java.util.List.of(new org.apache.iceberg.UpdateRequirement.AssertTableUUID(uuid)),
        java.util.List.of(
            new org.apache.iceberg.MetadataUpdate.SetProperties(Map.of("release", "v1"))));
  }

  /**
   * The store at {@code url}, running what {@code writer} holds (once) when a connection outside
   * auto-commit, a multi-table transaction, has prepared its first swap and executed nothing yet.
   */
  private static javax.sql.DataSource beforeTransactionSwap(
      String url, java.util.concurrent.atomic.AtomicReference<Runnable> writer) {
    JdbcDataSource store = new JdbcDataSource();
    store.setURL(url);
    return FailingStore.proxy(
        javax.sql.DataSource.class,
        store,
        (method, connection, unused) ->
            !method.getName().equals("getConnection")
                ? connection
                : FailingStore.proxy(
                    java.sql.Connection.class,
                    (java.sql.Connection) connection,
                    (connectionMethod, result, arguments) -> {
                      if (connectionMethod.getName().equals("prepareStatement")
                          && CachedJdbcTableOperations.SWAP.equals(arguments[0])
                          && !((java.sql.Connection) connection).getAutoCommit()) {
                        Runnable pending = writer.getAndSet(null);
                        if (pending != null) {
                          pending.run();
                        }
                      }
                      return result;
                    }));
  }

  private java.util.Set<Path> metadataFiles() throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(warehouse)) {
      return files
          .filter(file -> file.toString().endsWith(".metadata.json"))
          .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
  }

  /**
   * The store as a pool that fails: once a pointer is written, or once as many connections as asked
   * were served, no connection can be had until {@link #recover()} (Agroal's acquisition timeout
   * carries no SQLSTATE).
   */
  private static final class FailingStore implements javax.sql.DataSource {
    private final JdbcDataSource store = new JdbcDataSource();
    private final java.util.concurrent.atomic.AtomicBoolean failing =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger beforeRefusing =
        new java.util.concurrent.atomic.AtomicInteger(-1);

    FailingStore(String url) {
      store.setURL(url);
    }

    /** Whether a pointer was written since {@link #recover()}. */
    boolean failing() {
      return failing.get();
    }

    /** Serves {@code connections} more connections, then refuses every one. */
    void refuseAfter(int connections) {
      beforeRefusing.set(connections);
    }

    void recover() {
      failing.set(false);
      beforeRefusing.set(-1);
    }

    @Override
    public java.sql.Connection getConnection() throws java.sql.SQLException {
      if (failing.get() || beforeRefusing.getAndUpdate(left -> left > 0 ? left - 1 : left) == 0) {
        throw new java.sql.SQLException("Sorry, acquisition timeout!");
      }
      java.sql.Connection connection = store.getConnection();
      return proxy(
          java.sql.Connection.class,
          connection,
          (method, result, arguments) -> {
            if (method.getName().equals("prepareStatement")
                && (((String) arguments[0]).startsWith("INSERT INTO iceberg_tables")
                    || ((String) arguments[0])
                        .startsWith("UPDATE iceberg_tables SET metadata_location"))) {
              return proxy(
                  java.sql.PreparedStatement.class,
                  (java.sql.PreparedStatement) result,
                  (statementMethod, updated, unused) -> {
                    if (statementMethod.getName().equals("executeUpdate")
                        && Integer.valueOf(1).equals(updated)) {
                      failing.set(true);
                    }
                    return updated;
                  });
            }
            return result;
          });
    }

    @Override
    public java.sql.Connection getConnection(String user, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
      throw new java.sql.SQLException("Not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }

    /** What a call returned, seen (and possibly replaced) after {@code target} answered it. */
    private interface Answered {
      Object after(java.lang.reflect.Method method, Object result, Object[] arguments)
          throws java.sql.SQLException;
    }

    private static <T> T proxy(Class<T> type, T target, Answered answered) {
      return type.cast(
          java.lang.reflect.Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (self, method, arguments) -> {
                Object result;
                try {
                  result = method.invoke(target, arguments);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
                return answered.after(method, result, arguments);
              }));
    }
  }

  /**
   * A create whose pointer never reached the store was answered 409 "Table was created
   * concurrently": a metadata location longer than the store holds, or a store that could not be
   * reached. The first is the request's fault, named; the second the store's, a 503.
   */
  @Test
  void aCreateThatNeverReachedTheStoreIsNotAnsweredAsCreatedConcurrently() {
    String url = url();
    FailingStore store = new FailingStore(url);
    MeshJdbcCatalog catalog = catalog(2L << 20, url, store, new LocalFileIO());
    catalog.createNamespace(Namespace.of("claims"));
    TableIdentifier identifier = TableIdentifier.of("claims", "t");
    String location =
        "file:"
            + warehouse
            + "/claims/t/"
            + String.join("/", java.util.Collections.nCopies(5, "s".repeat(200)));

    assertThatThrownBy(() -> catalog.buildTable(identifier, SCHEMA).withLocation(location).create())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid location: the table's metadata file would be named by a location of ")
        .hasMessageEndingWith(
            " characters, longer than the 1000 characters the metadata store holds");
    assertThat(catalog.tableExists(identifier)).isFalse();
    assertThat(LocalFileIO.path(location).resolve("metadata")).isEmptyDirectory();

    // The pointer is read (no table yet), then the insert finds no connection.
    store.refuseAfter(1);
    assertThatThrownBy(() -> catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned()))
        .isInstanceOf(org.apache.iceberg.exceptions.ServiceUnavailableException.class)
        .hasMessage(
            "Cannot create claims.t: cannot reach the metadata store: Sorry, acquisition timeout!");
    store.recover();
    assertThat(catalog.tableExists(identifier)).isFalse();
    assertThat(catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned())).isNotNull();
  }

  /** A file beside the warehouse, where the catalog's database is. */
  private Path outsideTheWarehouse() throws java.io.IOException {
    Path database = warehouse.getParent().resolve("catalog-db-" + System.nanoTime() + ".mv.db");
    java.nio.file.Files.write(database, new byte[8]);
    return database;
  }

  /**
   * Writes the metadata of a table at {@code directory} in the warehouse that asks for its earlier
   * metadata files to be deleted after each commit, keeping one, and whose log names {@code logged}
   * (if not null).
   */
  private String writeMetadata(String directory, String logged, Map<String, String> properties) {
    String location = "file:" + warehouse + "/" + directory;
    Map<String, String> deleting = new java.util.HashMap<>(properties);
    deleting.put(org.apache.iceberg.TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    deleting.put(org.apache.iceberg.TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "1");
    org.apache.iceberg.TableMetadata metadata =
        org.apache.iceberg.TableMetadata.newTableMetadata(
            SCHEMA, PartitionSpec.unpartitioned(), location, deleting);
    if (logged != null) {
      metadata =
          org.apache.iceberg.TableMetadata.buildFrom(metadata)
              .setPreviousFileLocation(logged)
              .setProperties(Map.of("comment", "registered"))
              .build();
      assertThat(metadata.previousFiles())
          .singleElement()
          .satisfies(entry -> assertThat(entry.file()).isEqualTo(logged));
    }
    String file = location + "/metadata/00001-" + java.util.UUID.randomUUID() + ".metadata.json";
    org.apache.iceberg.TableMetadataParser.overwrite(
        metadata, new LocalFileIO().newOutputFile(file));
    return file;
  }

  private MeshJdbcCatalog catalog(long budget) {
    return catalog(budget, url(), new LocalFileIO());
  }

  private String url() {
    // As the service's store: Iceberg finds its V1 columns by their lower-case names when a second
    // catalog starts on the same database.
    return "jdbc:h2:mem:"
        + getClass().getSimpleName()
        + System.nanoTime()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
  }

  /** A catalog on the database at {@code url}: two catalogs on one url are two service threads. */
  private MeshJdbcCatalog catalog(long budget, String url, LocalFileIO io) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    return catalog(budget, url, dataSource, io);
  }

  /** A catalog whose tables' pointers are read and written through {@code dataSource}. */
  private MeshJdbcCatalog catalog(
      long budget, String url, javax.sql.DataSource dataSource, LocalFileIO io) {
    // Iceberg's own pool finds H2 through DriverManager, which after the Quarkus tests in the same
    // JVM knows only the drivers registered from their class loaders.
    org.h2.Driver.load();
    Map<String, String> properties =
        Map.of(
            CatalogProperties.URI,
            url,
            CatalogProperties.WAREHOUSE_LOCATION,
            "file:" + warehouse,
            CatalogProperties.FILE_IO_IMPL,
            LocalFileIO.class.getName(),
            "jdbc.schema-version",
            "V1");
    io.initialize(properties);
    MeshJdbcCatalog catalog = new MeshJdbcCatalog(dataSource, io, budget);
    catalog.initialize(IcebergCatalogs.CATALOG_NAME, properties);
    return catalog;
  }

  /** Writes a kilobyte data file under the table's own location and appends it. */
  private static Path appendDataFile(Table table, String name) throws java.io.IOException {
    Path file = Path.of(java.net.URI.create(table.location() + "/data/" + name));
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.write(file, new byte[1_024]);
    table
        .newFastAppend()
        .appendFile(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("file:" + file)
                .withFileSizeInBytes(1_024)
                .withRecordCount(1)
                .build())
        .commit();
    return file;
  }

  private static DataFile dataFile(int commit) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("file:/warehouse/risk/decisions_v1/data/part-" + commit + ".parquet")
        .withFileSizeInBytes(1_024)
        .withRecordCount(10)
        .build();
  }
}
