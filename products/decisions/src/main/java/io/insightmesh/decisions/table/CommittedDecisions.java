package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.sched.ReadAhead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads every decision committed to the decisions table back, its data files decoded on several
 * threads: what a restarted engine takes back before it takes claims again, so the time it refuses
 * them grows with the table.
 *
 * <p>Reading Parquet into rows and rows into decisions was 85 % of the CPU in a profile of 7.5
 * million taken back on one thread, and each data file reads on its own, so splits of the files are
 * shared out among readers ({@link ReadAhead}), which also make each decision what the consumer
 * keeps (the engine's encoding of it). The consumer still gets them on the calling thread, one at a
 * time: keeping them for idempotent answers needs no locking of its own. Only files a plain Parquet
 * read gives whole are shared out: with a delete file, a format other than Parquet, or a residual
 * filter, the whole table is read by Iceberg's own generic reader on the calling thread instead.
 */
final class CommittedDecisions {
  /**
   * Compaction leaves files of up to 128 MiB (nearly 3 million decisions in the benchmark's table):
   * read whole, one reader would be left with such a file long after the others ran out. A split
   * reads the row groups that start in it, so none is read twice or skipped.
   */
  static final long SPLIT_BYTES = 8L << 20;

  private final Table table;
  private final int readers;
  private final long splitBytes;

  /** {@code readers} threads decode the table's files (one reads it on the calling thread). */
  CommittedDecisions(Table table, int readers) {
    this(table, readers, SPLIT_BYTES);
  }

  /**
   * As {@link #CommittedDecisions(Table, int)}, files read in splits of about {@code splitBytes}.
   */
  CommittedDecisions(Table table, int readers, long splitBytes) {
    this.table = requireNonNull(table, "table is null");
    if (readers < 1) {
      throw new IllegalArgumentException("readers must be at least 1, not " + readers);
    }
    if (splitBytes < 1) {
      throw new IllegalArgumentException("splitBytes must be positive, not " + splitBytes);
    }
    this.readers = readers;
    this.splitBytes = splitBytes;
  }

  /**
   * How many decisions the current snapshot holds, by its summary (rows a delete file removed
   * included); -1 when it does not say.
   */
  static long expected(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return 0;
    }
    String total = current.summary().get(SnapshotSummary.TOTAL_RECORDS_PROP);
    try {
      return total == null ? -1 : Long.parseLong(total);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Hands every decision of the current snapshot, as {@code prepare} made it, to {@code consumer}
   * on this thread, in no particular order, and {@code progress} the count so far after each batch;
   * returns the count. {@code prepare} runs on the readers' threads: what it does needs no lock.
   *
   * @throws UncheckedIOException if a file cannot be read
   * @throws IllegalStateException if this thread is interrupted while the readers work
   */
  <T> long read(
      Function<Decision, ? extends T> prepare,
      Consumer<? super T> consumer,
      LongConsumer progress) {
    requireNonNull(prepare, "prepare is null");
    requireNonNull(consumer, "consumer is null");
    requireNonNull(progress, "progress is null");
    if (table.currentSnapshot() == null) {
      return 0;
    }
    List<FileScanTask> tasks = plan();
    // The planned splits are read as they are, by one reader or several: planned once, not again
    // by Iceberg's generic reader.
    return tasks == null
        ? readWhole(prepare, consumer, progress)
        : readShared(tasks, prepare, consumer, progress);
  }

  /**
   * The scan's files in splits of about {@link #splitBytes}, or null if one of them needs more than
   * a plain Parquet read.
   */
  private List<FileScanTask> plan() {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<CombinedScanTask> planned =
        table
            .newScan()
            .option(TableProperties.SPLIT_SIZE, String.valueOf(splitBytes))
            .planTasks()) {
      for (CombinedScanTask combined : planned) {
        for (FileScanTask task : combined.files()) {
          if (task.file().format() != FileFormat.PARQUET
              || !task.deletes().isEmpty()
              || !Expressions.alwaysTrue().equals(task.residual())) {
            return null;
          }
          tasks.add(task);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan a read of " + table.name(), e);
    }
    return tasks;
  }

  private <T> long readWhole(
      Function<Decision, ? extends T> prepare,
      Consumer<? super T> consumer,
      LongConsumer progress) {
    long count = 0;
    DecisionRecords decisions = new DecisionRecords();
    // Each row is copied into a new decision before the next is read: its containers may be reused.
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).reuseContainers().build()) {
      for (Record row : rows) {
        consumer.accept(prepare.apply(decisions.read(row)));
        if (++count % ReadAhead.BATCH == 0) {
          progress.accept(count);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the decisions of " + table.name(), e);
    }
    progress.accept(count);
    return count;
  }

  private <T> long readShared(
      List<FileScanTask> tasks,
      Function<Decision, ? extends T> prepare,
      Consumer<? super T> consumer,
      LongConsumer progress) {
    Schema schema = table.schema();
    AtomicInteger nextTask = new AtomicInteger();
    return ReadAhead.run(
        "decision-takeback",
        Math.max(1, Math.min(readers, tasks.size())),
        sink -> {
          DecisionRecords decisions = new DecisionRecords();
          for (int next = nextTask.getAndIncrement();
              next < tasks.size();
              next = nextTask.getAndIncrement()) {
            readSplit(tasks.get(next), schema, decisions, prepare, sink);
          }
        },
        consumer,
        progress);
  }

  /** Reads one split of a data file, as Iceberg's generic reader would read it. */
  private <T> void readSplit(
      FileScanTask task,
      Schema schema,
      DecisionRecords decisions,
      Function<Decision, ? extends T> prepare,
      ReadAhead.Sink<T> sink)
      throws IOException, InterruptedException {
    Map<Integer, ?> constants =
        PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    // Each row is made a new decision before the next is read: its containers are reused.
    try (CloseableIterable<Record> rows =
        Parquet.read(table.io().newInputFile(task.file()))
            .project(schema)
            .split(task.start(), task.length())
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema, constants))
            .reuseContainers()
            .build()) {
      for (Record row : rows) {
        sink.put(prepare.apply(decisions.read(row)));
      }
    }
  }
}
