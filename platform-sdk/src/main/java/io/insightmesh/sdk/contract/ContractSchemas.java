package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.QualityRules;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/**
 * Reads and checks contracts: Avro record schemas (parsed with Avro's name and default validation)
 * that follow the platform's contract rules of {@link ContractSpec} (every field has a {@code doc};
 * {@code pii} tags and {@code mask} strategies from the platform's vocabulary, a mask only with a
 * pii tag), the same rules the catalog enforces when a contract is registered, and the quality
 * rules of {@link QualityRules} (on top-level fields only). On top of those: logical types are
 * valid, and no type is recursive (an Iceberg table cannot hold one). Contracts are parsed, never
 * compiled into code.
 */
public final class ContractSchemas {
  /** Contract files larger than this are refused before they are read. */
  public static final long MAX_FILE_BYTES = 4L * ContractSpec.MAX_LENGTH;

  private ContractSchemas() {}

  /**
   * Reads and checks the contract in {@code file} (UTF-8).
   *
   * @throws InvalidContractException naming the file and the problem: missing, unreadable, too
   *     large, not UTF-8, or not a valid contract
   */
  public static Schema read(Path file) {
    requireNonNull(file, "file is null");
    String name = file.toString();
    String json;
    try {
      if (Files.isDirectory(file)) {
        throw new InvalidContractException("Cannot read contract " + name + ": it is a directory");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidContractException(
            "Cannot read contract " + name + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidContractException("Cannot read contract " + name + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw new InvalidContractException("Cannot read contract " + name + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new InvalidContractException(
          "Cannot read contract "
              + name
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    return parse(json, name);
  }

  /**
   * Parses and checks a contract.
   *
   * @param sourceName names the contract in error messages: its file, or its product and version
   * @throws InvalidContractException naming {@code sourceName} and the problem: not JSON, not a
   *     valid Avro schema (Avro's message), not a record, a field without {@code doc}, an unknown
   *     {@code pii} tag or {@code mask}, a mask without a pii tag, malformed {@code quality}, an
   *     invalid logical type, a recursive type
   */
  public static Schema parse(String json, String sourceName) {
    return parse(json, sourceName, false);
  }

  /**
   * As {@link #parse(String, String)}, for a contract the catalog already holds (see {@link
   * ContractSpec#parseRegistered}).
   */
  public static Schema parseRegistered(String json, String sourceName) {
    return parse(json, sourceName, true);
  }

  private static Schema parse(String json, String sourceName, boolean registered) {
    requireNonNull(sourceName, "sourceName is null");
    rejectRecursion(json, sourceName);
    Schema schema;
    try {
      schema =
          registered
              ? ContractSpec.parseRegistered(json, sourceName)
              : ContractSpec.parse(json, sourceName);
    } catch (io.insightmesh.contracts.spec.InvalidContractException e) {
      throw new InvalidContractException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new InvalidContractException(
          "Invalid contract " + sourceName + ": not a valid Avro schema: " + e.getMessage(), e);
    }
    if (registered) {
      // The rules a publish runs: ContractSpec.parse checks them for a new contract; one the
      // catalog already holds is checked here.
      try {
        QualityRules.fieldRules(schema);
      } catch (io.insightmesh.contracts.spec.InvalidContractException e) {
        throw new InvalidContractException(
            "Invalid contract " + sourceName + ": " + e.getMessage(), e);
      }
    }
    check(schema, "", sourceName);
    return schema;
  }

  // ContractSpec's checks walk the schema without a guard, so recursion is refused first. A text
  // Avro cannot parse is left to ContractSpec, which names the problem.
  private static void rejectRecursion(String json, String source) {
    if (json == null || json.isBlank() || json.length() > ContractSpec.MAX_LENGTH) {
      return;
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(json);
    } catch (AvroRuntimeException e) {
      return;
    }
    rejectRecursion(schema, "", new ArrayDeque<>(), source);
  }

  private static void rejectRecursion(
      Schema schema, String path, Deque<String> enclosing, String source) {
    switch (schema.getType()) {
      case RECORD -> {
        if (enclosing.contains(schema.getFullName())) {
          throw new InvalidContractException(
              "Invalid contract "
                  + source
                  + ": field "
                  + path
                  + " makes record "
                  + schema.getFullName()
                  + " recursive; a product's table cannot hold recursive types");
        }
        enclosing.push(schema.getFullName());
        for (Field field : schema.getFields()) {
          rejectRecursion(field.schema(), SchemaPaths.field(path, field.name()), enclosing, source);
        }
        enclosing.pop();
      }
      case ARRAY ->
          rejectRecursion(schema.getElementType(), SchemaPaths.elements(path), enclosing, source);
      case MAP ->
          rejectRecursion(schema.getValueType(), SchemaPaths.values(path), enclosing, source);
      case UNION -> {
        for (Schema branch : schema.getTypes()) {
          rejectRecursion(branch, path, enclosing, source);
        }
      }
      default -> {}
    }
  }

  private static void check(Schema schema, String path, String source) {
    if (schema.getProp("logicalType") != null) {
      try {
        LogicalTypes.fromSchema(schema);
      } catch (RuntimeException e) {
        throw new InvalidContractException(
            "Invalid contract "
                + source
                + ": "
                + (path.isEmpty() ? "the record" : "field " + path)
                + " has an invalid logical type "
                + schema.getProp("logicalType")
                + ": "
                + e.getMessage(),
            e);
      }
    }
    switch (schema.getType()) {
      case RECORD -> {
        for (Field field : schema.getFields()) {
          String fieldPath = SchemaPaths.field(path, field.name());
          check(field.schema(), fieldPath, source);
        }
      }
      case ARRAY -> check(schema.getElementType(), SchemaPaths.elements(path), source);
      case MAP -> check(schema.getValueType(), SchemaPaths.values(path), source);
      case UNION -> {
        for (Schema branch : schema.getTypes()) {
          check(branch, path, source);
        }
      }
      default -> {}
    }
  }
}
