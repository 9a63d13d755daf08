package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;

/**
 * A view of a table whose table scans ({@code newScan}) read their manifests on an executor of the
 * caller's, not on Iceberg's worker pool.
 *
 * <p>Iceberg plans a scan of several manifests in parallel on one pool for the whole JVM, whose
 * threads keep the priority of the thread that started them: in the engine the committer, at nice
 * 0. Background work that reads the table through that pool escapes its own idle priority for as
 * long as the manifests take. A scan takes another executor ({@link TableScan#planWith}), but
 * readers that make their scans themselves, such as {@code IcebergGenerics}, take only a table.
 *
 * <p>A proxy rather than a forwarding class: {@link Table} has some thirty methods, and only {@code
 * newScan} differs.
 */
final class ScanPlanning {
  private ScanPlanning() {}

  /** {@code table}, its scans planned on {@code planning}. */
  static Table on(Table table, ExecutorService planning) {
    requireNonNull(table, "table is null");
    requireNonNull(planning, "planning is null");
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(table, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return method.getName().equals("newScan") && result instanceof TableScan scan
              ? scan.planWith(planning)
              : result;
        };
    return (Table)
        Proxy.newProxyInstance(Table.class.getClassLoader(), new Class<?>[] {Table.class}, handler);
  }
}
