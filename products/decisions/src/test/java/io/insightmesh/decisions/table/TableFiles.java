package io.insightmesh.decisions.table;

import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Data files for tests, written as the platform writes them: decisions the way the committer does
 * (each payload as the log holds it, mapped by {@link DecisionRows}, written by {@link
 * RecordFiles.Appender}), the rows of other products' tables with Iceberg's generic writer. The
 * caller commits the files.
 */
final class TableFiles {
  private TableFiles() {}

  /** The files of {@code claims}' decisions, logged from {@code firstSequence} on. */
  static List<DataFile> ofDecisions(
      Table table, String prefix, long firstSequence, List<AssessedClaim> claims) {
    AssessedClaimCodec codec = new AssessedClaimCodec();
    List<byte[]> payloads = new ArrayList<>(claims.size());
    claims.forEach(claim -> payloads.add(codec.encode(claim)));
    return ofLogged(table, prefix, firstSequence, payloads);
  }

  /** The files of the decisions in log payloads read from {@code firstSequence} on. */
  static List<DataFile> ofLogged(
      Table table, String prefix, long firstSequence, List<byte[]> payloads) {
    DecisionRows rows = new DecisionRows(table.schema());
    try (RecordFiles.Appender appender = new RecordFiles.Appender(table, prefix)) {
      for (int i = 0; i < payloads.size(); i++) {
        appender.write(rows.fromLog(firstSequence + i, payloads.get(i)));
      }
      return appender.finish();
    }
  }

  /** The files of generic rows of {@code table}'s schema: one per partition they fall into. */
  static List<DataFile> ofRows(Table table, List<Record> rows, String prefix) {
    PartitionSpec spec = table.spec();
    Map<StructLike, List<Record>> partitions = StructLikeMap.create(spec.partitionType());
    PartitionKey key = new PartitionKey(spec, table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    List<StructLike> order = new ArrayList<>();
    for (Record row : rows) {
      key.partition(wrapper.wrap(row));
      List<Record> partition = partitions.get(key);
      if (partition == null) {
        PartitionKey copy = key.copy();
        partition = new ArrayList<>();
        partitions.put(copy, partition);
        order.add(copy);
      }
      partition.add(row);
    }
    List<DataFile> files = new ArrayList<>(order.size());
    for (StructLike partition : order) {
      DataWriter<Record> writer =
          RecordFiles.newWriter(
              table, spec, partition, prefix, Map.of(), GenericParquetWriter::create);
      try (writer) {
        partitions.get(partition).forEach(writer::write);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write a data file of " + table.name(), e);
      }
      files.add(writer.toDataFile());
    }
    return files;
  }
}
