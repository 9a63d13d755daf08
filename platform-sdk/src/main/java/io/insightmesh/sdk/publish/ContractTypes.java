package io.insightmesh.sdk.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schema of an Avro contract, with the type mapping Iceberg's own Avro conversion uses
 * (the catalog checks tables with that one): optional = union with null, enums are strings, {@code
 * timestamp-micros} with {@code adjust-to-utc} is a timestamp with zone. Written here because
 * Iceberg's Spark runtime relocates Avro, so its converter does not take our Avro types.
 */
final class ContractTypes {
  private ContractTypes() {}

  static Schema schema(org.apache.avro.Schema contract) {
    AtomicInteger ids = new AtomicInteger();
    return new Schema(struct(contract, ids).fields());
  }

  private static Types.StructType struct(org.apache.avro.Schema record, AtomicInteger ids) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field field : record.getFields()) {
      org.apache.avro.Schema type = field.schema();
      boolean optional = isOptional(type);
      Type converted = type(nonNull(type), ids);
      fields.add(
          optional
              ? Types.NestedField.optional(
                  ids.incrementAndGet(), field.name(), converted, field.doc())
              : Types.NestedField.required(
                  ids.incrementAndGet(), field.name(), converted, field.doc()));
    }
    return Types.StructType.of(fields);
  }

  private static Type type(org.apache.avro.Schema type, AtomicInteger ids) {
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return Types.DecimalType.of(decimal.getPrecision(), decimal.getScale());
    }
    if (logical instanceof LogicalTypes.Date) {
      return Types.DateType.get();
    }
    if (logical instanceof LogicalTypes.TimestampMicros
        || logical instanceof LogicalTypes.TimestampMillis) {
      Object utc = type.getObjectProp("adjust-to-utc");
      return Boolean.TRUE.equals(utc) || "true".equals(String.valueOf(utc))
          ? Types.TimestampType.withZone()
          : Types.TimestampType.withoutZone();
    }
    if (logical instanceof LogicalTypes.TimeMicros || logical instanceof LogicalTypes.TimeMillis) {
      return Types.TimeType.get();
    }
    if (logical != null && logical.getName().equals("uuid")) {
      return Types.UUIDType.get();
    }
    return switch (type.getType()) {
      case RECORD -> struct(type, ids);
      case ARRAY -> {
        org.apache.avro.Schema element = type.getElementType();
        int id = ids.incrementAndGet();
        Type elementType = type(nonNull(element), ids);
        yield isOptional(element)
            ? Types.ListType.ofOptional(id, elementType)
            : Types.ListType.ofRequired(id, elementType);
      }
      case MAP -> {
        org.apache.avro.Schema value = type.getValueType();
        int keyId = ids.incrementAndGet();
        int valueId = ids.incrementAndGet();
        Type valueType = type(nonNull(value), ids);
        yield isOptional(value)
            ? Types.MapType.ofOptional(keyId, valueId, Types.StringType.get(), valueType)
            : Types.MapType.ofRequired(keyId, valueId, Types.StringType.get(), valueType);
      }
      case ENUM, STRING -> Types.StringType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case INT -> Types.IntegerType.get();
      case LONG -> Types.LongType.get();
      case FLOAT -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case BYTES -> Types.BinaryType.get();
      case FIXED -> Types.FixedType.ofLength(type.getFixedSize());
      default ->
          throw new IllegalArgumentException(
              "Invalid contract type " + type.getType() + ": not a column type");
    };
  }

  private static boolean isOptional(org.apache.avro.Schema type) {
    return type.getType() == org.apache.avro.Schema.Type.UNION
        && type.getTypes().stream()
            .anyMatch(branch -> branch.getType() == org.apache.avro.Schema.Type.NULL);
  }

  private static org.apache.avro.Schema nonNull(org.apache.avro.Schema type) {
    if (type.getType() != org.apache.avro.Schema.Type.UNION) {
      return type;
    }
    List<org.apache.avro.Schema> branches =
        type.getTypes().stream()
            .filter(branch -> branch.getType() != org.apache.avro.Schema.Type.NULL)
            .toList();
    if (branches.size() != 1) {
      throw new IllegalArgumentException(
          "Invalid contract type " + type + ": only unions of null and one type map to a column");
    }
    return branches.get(0);
  }
}
