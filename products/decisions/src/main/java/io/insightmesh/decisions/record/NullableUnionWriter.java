package io.insightmesh.decisions.record;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's specific writer, choosing the branch of a two-branch union with {@code null} by whether
 * the value is null. Every optional field of the contracts is such a union; Avro's own choice looks
 * the value's schema name up in the union per value (with a check whether its class is
 * "stringable"), which was an eighth of encoding a decided claim in a profile of the engine. Any
 * other union is left to Avro. For every value the generated classes hold the bytes are Avro's; a
 * non-null value is written with the non-null branch's schema without Avro's check of its type (a
 * value of the wrong type fails in the branch's writer, or is converted, as an int to a long).
 */
final class NullableUnionWriter<T> extends SpecificDatumWriter<T> {
  private final Schema schema;

  NullableUnionWriter(Schema schema, SpecificData model) {
    super(schema, model);
    this.schema = schema;
  }

  /**
   * Writes the fields of {@code record} from the {@code first}-th on, as writing the whole record
   * would write them after the fields before: for a record whose leading fields were written
   * already, with another schema that has exactly those fields.
   */
  void writeFields(T record, int first, Encoder out) throws IOException {
    List<Schema.Field> fields = schema.getFields();
    for (int i = first; i < fields.size(); i++) {
      // No record state: SpecificData keeps none (GenericData's null), and the specific writer
      // reads a generated record's fields by position.
      writeField(record, fields.get(i), out, null);
    }
  }

  @Override
  protected int resolveUnion(Schema union, Object datum) {
    List<Schema> branches = union.getTypes();
    if (branches.size() == 2) {
      if (branches.get(0).getType() == Schema.Type.NULL) {
        return datum == null ? 0 : 1;
      }
      if (branches.get(1).getType() == Schema.Type.NULL) {
        return datum == null ? 1 : 0;
      }
    }
    return super.resolveUnion(union, datum);
  }
}
