package io.insightmesh.decisions.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Writes generic rows into Parquet data files of a table with Iceberg's generic writer: one file
 * per partition the rows fall into (a data file belongs to exactly one partition), named {@code
 * <prefix>-<uuid>.parquet} so an orphan left by a crash can be traced to its batch.
 */
final class RecordFiles {
  private RecordFiles() {}

  static List<DataFile> write(Table table, List<Record> rows, String prefix) {
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
      files.add(writeFile(table, spec, partition, partitions.get(partition), prefix));
    }
    return files;
  }

  private static DataFile writeFile(
      Table table, PartitionSpec spec, StructLike partition, List<Record> rows, String prefix) {
    String name = FileFormat.PARQUET.addExtension(prefix + "-" + UUID.randomUUID());
    String location =
        spec.isUnpartitioned()
            ? table.locationProvider().newDataLocation(name)
            : table.locationProvider().newDataLocation(spec, partition, name);
    OutputFile output = table.io().newOutputFile(location);
    try {
      DataWriter<Record> writer =
          Parquet.writeData(output)
              .forTable(table)
              .withSpec(spec)
              .withPartition(spec.isUnpartitioned() ? null : partition)
              .createWriterFunc(GenericParquetWriter::create)
              .overwrite()
              .build();
      try (writer) {
        for (Record row : rows) {
          writer.write(row);
        }
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write data file " + location, e);
    }
  }
}
