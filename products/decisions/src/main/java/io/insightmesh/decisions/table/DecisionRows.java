package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.record.AssessedClaimCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Maps decisions as the committer reads them from the log (Avro generic records of the decision
 * contract, {@link AssessedClaimCodec#decodeDecisionRecord}) onto rows of the decisions table as
 * Avro records, which {@link RecordFiles.Appender} writes with Iceberg's Avro model. By column
 * name, so a column a later MINOR contract adds stays null, and a contract field the table does not
 * have yet is left out.
 *
 * <p>Strings go from the log into the Parquet file as the UTF-8 bytes they were read as, and one
 * row (with its reasons and live features) is reused for every decision: the committer writes each
 * row into its file before it maps the next, and keeps none. {@link DecisionRecords} reads rows
 * back. Not thread-safe.
 */
final class DecisionRows {
  private final AssessedClaimCodec codec = new AssessedClaimCodec();
  private final StructMapping rows;
  // The decision last read from the log, reused for the next.
  private GenericData.Record decoded;

  /** Rows of a table with {@code schema}, from records of the contract this build logs. */
  DecisionRows(Schema schema) {
    this(schema, AssessedClaimCodec.decisionRecordSchema());
  }

  DecisionRows(Schema schema, org.apache.avro.Schema contract) {
    requireNonNull(schema, "schema is null");
    requireNonNull(contract, "contract is null");
    this.rows =
        new StructMapping(
            schema.asStruct(), AvroSchemaUtil.convert(schema.asStruct(), "decisions"), contract);
  }

  /**
   * The row of the decision in a log payload read at {@code sequence}: the same record every call,
   * valid until the next.
   *
   * @throws io.insightmesh.decisions.record.UndecodableRecordException if the payload is not a
   *     record of a known format
   */
  GenericData.Record fromLog(long sequence, byte[] payload) {
    decoded = codec.decodeDecisionRecord(sequence, payload, decoded);
    return rows.map(decoded);
  }

  /**
   * A row as Iceberg's partition transforms read it, by position: the Avro model's values are
   * already Iceberg's internal ones (timestamps as microseconds, strings as character sequences).
   */
  static final class PartitionView implements StructLike {
    private IndexedRecord row;

    PartitionView wrap(IndexedRecord row) {
      this.row = row;
      return this;
    }

    @Override
    public int size() {
      return row.getSchema().getFields().size();
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      Object value = row.get(pos);
      if (value instanceof IndexedRecord nested && javaClass == StructLike.class) {
        return javaClass.cast(new PartitionView().wrap(nested));
      }
      return javaClass.cast(value);
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("A partition view is read-only");
    }
  }

  /** One struct of the table filled from one record of the contract, into a reused record. */
  private static final class StructMapping {
    private final GenericData.Record target;
    // The contract field each column comes from, or -1 for a column the contract does not have.
    private final int[] sources;
    // How a column's value changes on the way, or null where it goes as it is.
    private final UnaryOperator<Object>[] conversions;

    @SuppressWarnings("unchecked")
    StructMapping(
        Types.StructType table, org.apache.avro.Schema target, org.apache.avro.Schema from) {
      this.target = new GenericData.Record(target);
      List<Types.NestedField> columns = table.fields();
      this.sources = new int[columns.size()];
      this.conversions = new UnaryOperator[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        Types.NestedField column = columns.get(i);
        org.apache.avro.Schema.Field source = from.getField(column.name());
        sources[i] = source == null ? -1 : source.pos();
        if (source != null) {
          conversions[i] =
              conversion(
                  column.type(),
                  nonNull(target.getFields().get(i).schema()),
                  nonNull(source.schema()));
        }
      }
    }

    GenericData.Record map(IndexedRecord from) {
      for (int i = 0; i < sources.length; i++) {
        Object value = sources[i] < 0 ? null : from.get(sources[i]);
        target.put(
            i, value == null || conversions[i] == null ? value : conversions[i].apply(value));
      }
      return target;
    }
  }

  /** The reasons: a list of structs, its elements' records reused from row to row. */
  private static final class ListMapping {
    private final Types.StructType element;
    private final org.apache.avro.Schema target;
    private final org.apache.avro.Schema from;
    private final List<StructMapping> elements = new ArrayList<>();
    private final List<Object> list = new ArrayList<>();

    ListMapping(
        Types.StructType element, org.apache.avro.Schema target, org.apache.avro.Schema from) {
      this.element = element;
      this.target = target;
      this.from = from;
    }

    List<Object> map(List<?> values) {
      list.clear();
      for (int i = 0; i < values.size(); i++) {
        if (i == elements.size()) {
          elements.add(new StructMapping(element, target, from));
        }
        list.add(elements.get(i).map((IndexedRecord) values.get(i)));
      }
      return list;
    }
  }

  /**
   * How a contract value becomes a column's: structs and lists of structs are mapped by name, an
   * enum becomes its symbol's text; everything else (strings, numbers, timestamps in microseconds,
   * maps and lists of primitives) the Avro model writes as the contract's record holds it.
   */
  private static UnaryOperator<Object> conversion(
      Type column, org.apache.avro.Schema target, org.apache.avro.Schema from) {
    if (column.isStructType() && from.getType() == org.apache.avro.Schema.Type.RECORD) {
      StructMapping struct = new StructMapping(column.asStructType(), target, from);
      return value -> struct.map((IndexedRecord) value);
    }
    if (column.isListType()
        && column.asListType().elementType().isStructType()
        && from.getType() == org.apache.avro.Schema.Type.ARRAY
        && nonNull(from.getElementType()).getType() == org.apache.avro.Schema.Type.RECORD) {
      ListMapping list =
          new ListMapping(
              column.asListType().elementType().asStructType(),
              nonNull(target.getElementType()),
              nonNull(from.getElementType()));
      return value -> list.map((List<?>) value);
    }
    if (column.typeId() == Type.TypeID.STRING
        && from.getType() == org.apache.avro.Schema.Type.ENUM) {
      // Each symbol's bytes once, not encoded again for every row.
      Map<String, Utf8> symbols = new HashMap<>();
      from.getEnumSymbols().forEach(symbol -> symbols.put(symbol, new Utf8(symbol)));
      return value -> symbols.get(value.toString());
    }
    return null;
  }

  private static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema) {
    if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
      return schema;
    }
    for (org.apache.avro.Schema branch : schema.getTypes()) {
      if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }
}
