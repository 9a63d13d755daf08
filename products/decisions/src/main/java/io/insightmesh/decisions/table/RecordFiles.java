package io.insightmesh.decisions.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetAvroValueReaders;
import org.apache.iceberg.parquet.ParquetAvroWriter;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.util.StructLikeMap;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows into Parquet data files of a table: one file per partition the rows fall into (a data
 * file belongs to exactly one partition), named {@code <prefix>-<uuid>.parquet} so an orphan left
 * by a crash can be traced to its batch. The committer's rows ({@link Appender}) and compaction's
 * ({@link #newAvroWriter}) are Avro records written through Iceberg's Avro writer, which takes
 * their UTF-8 strings as they are. Both write the table's schema with its field ids.
 */
final class RecordFiles {
  private RecordFiles() {}

  /**
   * Writes rows as they come into one open data file per partition, so a caller that receives its
   * rows over time holds none of them: each is encoded into the files' column buffers at once. The
   * rows are Avro records of the table's schema ({@link DecisionRows}), written with Iceberg's Avro
   * model. Not thread-safe.
   */
  static final class Appender implements AutoCloseable {
    private final Table table;
    private final PartitionSpec spec;
    private final String prefix;
    private final PartitionKey key;
    private final DecisionRows.PartitionView view = new DecisionRows.PartitionView();
    private final Map<StructLike, DataWriter<GenericData.Record>> writers;
    private final List<DataWriter<GenericData.Record>> order = new ArrayList<>();
    private DataWriter<GenericData.Record> unpartitioned;

    Appender(Table table, String prefix) {
      this.table = table;
      this.spec = table.spec();
      this.prefix = prefix;
      this.key = new PartitionKey(spec, table.schema());
      this.writers = StructLikeMap.create(spec.partitionType());
    }

    /**
     * Encodes one row; the row may be reused by the caller afterwards.
     *
     * @throws UncheckedIOException if a data file cannot be created or written
     */
    void write(GenericData.Record row) {
      writerFor(row).write(row);
    }

    /**
     * Closes the files and returns them, one per partition written to, in order of first use.
     *
     * @throws UncheckedIOException if a data file cannot be completed
     */
    List<DataFile> finish() {
      List<DataFile> files = new ArrayList<>(order.size());
      for (DataWriter<GenericData.Record> writer : order) {
        try {
          writer.close();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot complete data file of " + table.name(), e);
        }
        files.add(writer.toDataFile());
      }
      order.clear();
      return files;
    }

    /** Closes the files without returning them: they stay behind as orphans, named by prefix. */
    @Override
    public void close() {
      for (DataWriter<GenericData.Record> writer : order) {
        try {
          writer.close();
        } catch (IOException | RuntimeException e) {
          // The file is abandoned either way; its batch is written again from the log.
        }
      }
      order.clear();
    }

    private DataWriter<GenericData.Record> writerFor(GenericData.Record row) {
      if (spec.isUnpartitioned()) {
        if (unpartitioned == null) {
          unpartitioned = open(null);
        }
        return unpartitioned;
      }
      key.partition(view.wrap(row));
      DataWriter<GenericData.Record> writer = writers.get(key);
      if (writer == null) {
        PartitionKey copy = key.copy();
        writer = open(copy);
        writers.put(copy, writer);
      }
      return writer;
    }

    private DataWriter<GenericData.Record> open(StructLike partition) {
      DataWriter<GenericData.Record> writer =
          newWriter(
              table,
              spec,
              partition,
              prefix,
              Map.of(
                  TableProperties.PARQUET_DICT_SIZE_BYTES,
                  Long.toString(OPEN_FILE_DICTIONARY_BYTES),
                  TableProperties.PARQUET_COMPRESSION,
                  OPEN_FILE_CODEC,
                  TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES,
                  Long.toString(OPEN_FILE_BLOOM_FILTER_BYTES)),
              RecordFiles::avroModel);
      order.add(writer);
      return writer;
    }
  }

  /**
   * The dictionary limit per column of the files an {@link Appender} keeps open: 64 KiB instead of
   * Parquet's 2 MiB.
   *
   * <p><b>Why.</b> Until a file is closed its writer keeps every column's dictionary and the
   * dictionary-encoded values. A column unique per row (the claim id) outgrows a 2 MiB dictionary
   * only after some 50,000 rows, never within one of the committer's batches (a second, at most
   * 10,000 rows): each batch kept a dictionary entry per claim until the commit, for young pauses
   * during that second to copy, and Parquet then wrote the column plain anyway, as such a
   * dictionary does not pay. At 64 KiB the column falls back after about 1,600 rows and an open
   * batch holds roughly half as much (OpenBatchHeapProbe: 249-274 bytes a row instead of 460-800),
   * while columns of few distinct values stay dictionary-encoded. The files came out the same size,
   * and fallback to plain encoding is ordinary Parquet that every reader handles.
   */
  static final long OPEN_FILE_DICTIONARY_BYTES = 64 << 10;

  /**
   * The bloom filter size of the files an {@link Appender} writes, for each column the table keeps
   * one of ({@code claim_id}): 32 KiB instead of the table's 128 KiB.
   *
   * <p><b>Why.</b> Parquet sizes a bloom filter at its maximum when the number of distinct values
   * is not known in advance, as Iceberg's writer never says. The table's 128 KiB is sized for large
   * files (1 % false positives at 110,000 values); a commit's file holds one batch, thousands of
   * rows (6,300 at the benchmark's constant rate, about 20,000 when saturated), for which 32 KiB
   * still gives about 1 % ({@code RecordFilesTest}). Compaction keeps the committer's row groups
   * with their filters (decision 0019), so the filter was 21 bytes a row of the compacted files at
   * 6,300 rows a row group, more than the row's columns.
   */
  static final long OPEN_FILE_BLOOM_FILTER_BYTES = 32 << 10;

  /**
   * The codec of the files an {@link Appender} writes, snappy, where the table's own (zstd) is what
   * compaction writes them again with.
   *
   * <p><b>Why.</b> Parquet compresses each zstd page through zstd-jni's {@code ZstdOutputStream},
   * which has a finalizer: the committer left 500-1,000 finalizable objects behind between two of
   * the engine's young pauses, and each pause had to keep them, and what they reach, alive for the
   * finalizer thread (3-96 ms of the pauses in the benchmark's log). Parquet's snappy compressor is
   * pooled and has none. {@code EngineHeapProbe} (300,000 claims at 6,300 a second with the
   * committer, one core, two runs a side): finalizable objects 892 and 1,020 to 16 and 17, young
   * pauses 516 and 346 to 271 and 332 ms in all, 235 and 165 to 148 and 133 MB copied; {@code
   * CommitFileCpuProbe} measured the same CPU a row for both codecs. The committer's files live
   * until table hygiene compacts them; every Parquet reader reads either codec.
   */
  static final String OPEN_FILE_CODEC = "snappy";

  /**
   * A Parquet writer for one new data file of {@code table} in {@code partition}, named {@code
   * prefix-<uuid>.parquet}, with the table's Parquet settings, for Avro records as {@link
   * ParquetAvroValueReaders} reads them from the table's files: strings stay UTF-8 bytes from file
   * to file. Its file exists once the writer is closed.
   */
  static DataWriter<GenericData.Record> newAvroWriter(
      Table table, PartitionSpec spec, StructLike partition, String prefix) {
    return newWriter(table, spec, partition, prefix, Map.of(), RecordFiles::avroModel);
  }

  private static ParquetValueWriter<?> avroModel(Schema schema, MessageType type) {
    return ParquetAvroWriter.buildWriter(type);
  }

  /**
   * Where a new data file of {@code table} in {@code partition} goes: {@code
   * prefix-<uuid>.parquet}.
   */
  static String newLocation(Table table, PartitionSpec spec, StructLike partition, String prefix) {
    String name = FileFormat.PARQUET.addExtension(prefix + "-" + UUID.randomUUID());
    return spec.isUnpartitioned()
        ? table.locationProvider().newDataLocation(name)
        : table.locationProvider().newDataLocation(spec, partition, name);
  }

  /** A writer whose rows {@code model} encodes, with {@code overrides} of the table's settings. */
  static <T> DataWriter<T> newWriter(
      Table table,
      PartitionSpec spec,
      StructLike partition,
      String prefix,
      Map<String, String> overrides,
      BiFunction<Schema, MessageType, ParquetValueWriter<?>> model) {
    String location = newLocation(table, spec, partition, prefix);
    OutputFile output = table.io().newOutputFile(location);
    try {
      Parquet.DataWriteBuilder builder =
          Parquet.writeData(output)
              .forTable(table)
              .withSpec(spec)
              .withPartition(spec.isUnpartitioned() ? null : partition)
              .createWriterFunc(model)
              .overwrite();
      overrides.forEach(builder::set);
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create data file " + location, e);
    }
  }
}
