package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the row groups of a partition's Parquet data files into one new data file byte for byte:
 * compaction without decoding a row (decision 0019). Each column chunk is copied with its pages,
 * dictionary, statistics, column and offset index and bloom filter, so the new file reads exactly
 * as its sources did; only the footer is new. The data file's metrics are the sources' merged.
 *
 * <p>Only files whose Parquet schema is the one the table writes today are copied ({@link
 * #append}): a file of an earlier schema must be rewritten through the current one. And only files
 * whose row groups hold at least {@link #MIN_ROWS_PER_ROW_GROUP} rows on average ({@link
 * #worthKeeping}): every row group costs a reader a footer entry and a seek per column, which a few
 * rows do not pay for; those files are cheap to decode anyway.
 */
final class RowGroupConcat implements AutoCloseable {
  /**
   * The fewest rows a file's row groups hold on average for them to be copied as they are: the
   * committer's once-a-second files under load hold thousands (6,300 at the benchmark's constant
   * rate, 20,000 when saturated), an idle engine's a handful.
   */
  static final long MIN_ROWS_PER_ROW_GROUP = 2_000;

  private static final System.Logger LOG = System.getLogger(RowGroupConcat.class.getName());

  /**
   * Parquet's default read options come with a Hadoop configuration, which parses Hadoop's XML
   * defaults each time: 90 bytes of garbage a row copied ({@code CompactionCostProbe}).
   */
  private static final ParquetReadOptions READ_OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

  /** The name Iceberg's Parquet writer gives a file's message type. */
  private static final String MESSAGE_NAME = "table";

  private final Table table;
  private final PartitionSpec spec;
  private final StructLike partition;
  private final String prefix;
  private final MessageType type;
  private final List<DataFile> sources = new ArrayList<>();
  private ParquetFileWriter writer;
  private CountingOutput output;
  private String location;
  private Map<String, String> keyValueMetadata;

  /**
   * A concatenation into new files of {@code table} in {@code partition}, named {@code
   * prefix-<uuid>.parquet}.
   */
  RowGroupConcat(Table table, PartitionSpec spec, StructLike partition, String prefix) {
    this.table = requireNonNull(table, "table is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.partition = partition;
    this.prefix = requireNonNull(prefix, "prefix is null");
    this.type = ParquetSchemaUtil.convert(table.schema(), MESSAGE_NAME);
  }

  /** Whether {@code file}'s row groups hold enough rows to be kept as they are. */
  static boolean worthKeeping(DataFile file) {
    List<Long> rowGroups = file.splitOffsets();
    return rowGroups != null
        && !rowGroups.isEmpty()
        && file.recordCount() >= MIN_ROWS_PER_ROW_GROUP * rowGroups.size();
  }

  /**
   * The bytes of the files copied into the open file so far, or 0 if none is open: about what the
   * new file comes to, and what a caller rolls to a new file by. Not the bytes written yet: each
   * file's bloom filters and page indexes are written only when the new file is completed: rolled
   * by the bytes written, a file of 230 row groups in the benchmark came to 142 MB against its 128
   * MiB (134 MB) target.
   */
  long length() {
    return sources.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }

  /**
   * Copies every row group of {@code file} into the open file (opening one if none is), if the file
   * is of the table's current Parquet schema.
   *
   * @return whether it was copied; a file of another schema is left for the caller to rewrite
   * @throws IllegalStateException if the file holds other rows than the table's metadata counts
   * @throws UncheckedIOException if it cannot be read or the new file written
   */
  boolean append(DataFile file) {
    InputFile source = input(table.io().newInputFile(file.location()));
    try (ParquetFileReader reader = ParquetFileReader.open(source, READ_OPTIONS);
        SeekableInputStream from = source.newStream()) {
      ParquetMetadata footer = reader.getFooter();
      if (!footer.getFileMetaData().getSchema().equals(type)) {
        return false;
      }
      long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      if (rows != file.recordCount()) {
        throw new IllegalStateException(
            "Cannot compact "
                + file.location()
                + ": its footer counts "
                + rows
                + " rows where the table's metadata counts "
                + file.recordCount());
      }
      if (writer == null) {
        open(footer);
      }
      List<ColumnDescriptor> columns = type.getColumns();
      for (BlockMetaData block : footer.getBlocks()) {
        writer.startBlock(block.getRowCount());
        // The schemas are equal, so each row group's chunks come in the schema's column order.
        List<ColumnChunkMetaData> chunks = block.getColumns();
        for (int i = 0; i < columns.size(); i++) {
          ColumnChunkMetaData chunk = chunks.get(i);
          writer.appendColumnChunk(
              columns.get(i),
              from,
              chunk,
              reader.readBloomFilter(chunk),
              reader.readColumnIndex(chunk),
              reader.readOffsetIndex(chunk));
        }
        writer.endBlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy the row groups of " + file.location(), e);
    }
    sources.add(file);
    return true;
  }

  /**
   * Completes the open file and returns it as a data file of the table, or {@code null} if none is
   * open.
   *
   * @throws UncheckedIOException if the file cannot be completed
   */
  DataFile finish() {
    if (writer == null) {
      return null;
    }
    try {
      writer.end(keyValueMetadata);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot complete compacted file " + location, e);
    }
    ParquetMetadata footer = writer.getFooter();
    DataFile file =
        DataFiles.builder(spec)
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withPartition(spec.isUnpartitioned() ? null : partition)
            .withFileSizeInBytes(output.length)
            .withMetrics(merged(table.schema(), sources))
            .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
            .build();
    writer = null;
    output = null;
    sources.clear();
    return file;
  }

  /** Abandons the open file, if any, and deletes it: no commit references it. */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (IOException e) {
      // Deleted below either way.
    }
    writer = null;
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot delete abandoned compaction file " + location, e);
    }
  }

  private void open(ParquetMetadata first) throws IOException {
    location = RecordFiles.newLocation(table, spec, partition, prefix);
    output = new CountingOutput(table.io().newOutputFile(location));
    // Row group size and padding only matter to a writer that cuts row groups itself.
    writer = new ParquetFileWriter(output, type, ParquetFileWriter.Mode.CREATE, Long.MAX_VALUE, 0);
    writer.start();
    keyValueMetadata = first.getFileMetaData().getKeyValueMetaData();
  }

  /** A Parquet view of a file of the table's file IO. */
  private static InputFile input(org.apache.iceberg.io.InputFile file) {
    return new InputFile() {
      @Override
      public long getLength() {
        return file.getLength();
      }

      @Override
      public SeekableInputStream newStream() {
        org.apache.iceberg.io.SeekableInputStream stream = file.newStream();
        return new DelegatingSeekableInputStream(stream) {
          @Override
          public long getPos() throws IOException {
            return stream.getPos();
          }

          @Override
          public void seek(long newPos) throws IOException {
            stream.seek(newPos);
          }
        };
      }
    };
  }

  /**
   * The metrics of a file holding exactly the rows of {@code files}: counts add up, and the bounds
   * are the least lower and the greatest upper bound (each already truncated as the table's metrics
   * settings say, which keeps them bounds). A count or bound one file lacks is unknown for the
   * whole, except the bounds of a column a file holds no comparable value of (all null or NaN).
   */
  static Metrics merged(Schema schema, List<DataFile> files) {
    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
    Map<Integer, Long> valueCounts = sum(files, DataFile::valueCounts);
    Map<Integer, Long> nullCounts = sum(files, DataFile::nullValueCounts);
    Map<Integer, Long> nanCounts = sum(files, DataFile::nanValueCounts);
    return new Metrics(
        rows,
        sum(files, DataFile::columnSizes),
        valueCounts,
        nullCounts,
        nanCounts,
        bound(schema, files, DataFile::lowerBounds, false),
        bound(schema, files, DataFile::upperBounds, true));
  }

  private static Map<Integer, Long> sum(
      List<DataFile> files, Function<DataFile, Map<Integer, Long>> counts) {
    Map<Integer, Long> sums = null;
    for (DataFile file : files) {
      Map<Integer, Long> each = counts.apply(file);
      if (each == null) {
        return null;
      }
      if (sums == null) {
        sums = new HashMap<>(each);
      } else {
        sums.keySet().retainAll(each.keySet());
        sums.replaceAll((id, sum) -> sum + each.get(id));
      }
    }
    return sums;
  }

  private static Map<Integer, ByteBuffer> bound(
      Schema schema,
      List<DataFile> files,
      Function<DataFile, Map<Integer, ByteBuffer>> bounds,
      boolean upper) {
    Map<Integer, ByteBuffer> merged = new HashMap<>();
    Set<Integer> unknown = new HashSet<>();
    for (DataFile file : files) {
      Map<Integer, ByteBuffer> each = bounds.apply(file);
      for (Types.NestedField field : schema.columns()) {
        collect(field, file, each, merged, unknown, upper);
      }
    }
    merged.keySet().removeAll(unknown);
    return merged;
  }

  private static void collect(
      Types.NestedField field,
      DataFile file,
      Map<Integer, ByteBuffer> bounds,
      Map<Integer, ByteBuffer> merged,
      Set<Integer> unknown,
      boolean upper) {
    if (field.type().isNestedType()) {
      for (Types.NestedField child : field.type().asNestedType().fields()) {
        collect(child, file, bounds, merged, unknown, upper);
      }
      return;
    }
    int id = field.fieldId();
    ByteBuffer bound = bounds == null ? null : bounds.get(id);
    if (bound == null) {
      if (!onlyNullOrNaN(file, id)) {
        unknown.add(id);
      }
      return;
    }
    ByteBuffer current = merged.get(id);
    Type.PrimitiveType type = field.type().asPrimitiveType();
    Comparator<Object> order = Comparators.forType(type);
    int beyond =
        current == null
            ? 1
            : order.compare(
                    Conversions.fromByteBuffer(type, bound),
                    Conversions.fromByteBuffer(type, current))
                * (upper ? 1 : -1);
    if (beyond > 0) {
      merged.put(id, bound);
    }
  }

  /** Whether the file is known to hold no value of the column a bound would describe. */
  private static boolean onlyNullOrNaN(DataFile file, int id) {
    Long values = file.valueCounts() == null ? null : file.valueCounts().get(id);
    Long nulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(id);
    if (values == null || nulls == null) {
      return false;
    }
    Long nans = file.nanValueCounts() == null ? null : file.nanValueCounts().get(id);
    return values.longValue() == nulls + (nans == null ? 0 : nans);
  }

  /** Iceberg's output file as Parquet writes to it, keeping the file's length when closed. */
  private static final class CountingOutput implements OutputFile {
    private final org.apache.iceberg.io.OutputFile file;
    private long length;

    CountingOutput(org.apache.iceberg.io.OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return wrap(file.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return wrap(file.createOrOverwrite());
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.location();
    }

    private PositionOutputStream wrap(org.apache.iceberg.io.PositionOutputStream stream) {
      return new DelegatingPositionOutputStream(stream) {
        @Override
        public long getPos() throws IOException {
          return stream.getPos();
        }

        @Override
        public void close() throws IOException {
          length = stream.getPos();
          super.close();
        }
      };
    }
  }
}
