package io.insightmesh.decisions.record;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.spec.ProductDescriptors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The decision log's payload format: a one-byte format version ({@value #FORMAT_VERSION}), then the
 * claim and the decision in Avro binary encoding of the contracts' generated types, with the writer
 * schemas of this build. No schema travels with a record: a future format gets a new version byte,
 * and this codec keeps reading the old ones. Format 1 wrote decisions of contract 1.0.0, before
 * {@code live_features}; they are read with that schema as the writer's, the field then null.
 *
 * <p>Thread-safe; encoders, decoders and buffers are reused per thread, because the scoring engine
 * encodes every decision on its request threads.
 */
public final class AssessedClaimCodec {
  /** The format this build writes. */
  public static final byte FORMAT_VERSION = 2;

  private static final byte FORMAT_DECISIONS_1_0 = 1;

  /** The decision schema format 1 was written with: {@code risk.decisions} contract 1.0.0. */
  private static final Schema DECISION_1_0 = decisionSchema("decision-1.0.0.avsc");

  /**
   * The decision contract as its file declares it, which {@link #decodeDecisionRecord} reads into.
   * Not the generated class's schema: that one asks Avro for {@code String}s, this one gets
   * reusable {@code Utf8}s.
   */
  private static final Schema DECISION_RECORD =
      ProductDescriptors.builtIn("risk.decisions").contract();

  private static final int NO_SEQUENCE = -1;

  private static final int DECISION_1_0_FIELDS = DECISION_1_0.getFields().size();

  /**
   * Whether this build's decision schema starts with contract 1.0.0's fields, name for name and
   * type for type: Avro writes a record's fields one after another, so a decision's encoding then
   * starts with its 1.0.0 encoding, and {@link #encodeAll} encodes those fields once for both.
   * Compared in Avro's parsing canonical form, which keeps what decides the bytes (names, types,
   * order) and drops documentation and properties. A later contract that broke it would still be
   * encoded right, each form on its own.
   */
  private static final boolean DECISION_1_0_LEADS = leads(DECISION_1_0, Decision.getClassSchema());

  /** Whether {@link #encodeAll} encodes the decision's 1.0.0 fields once for two forms. */
  static boolean sharesLeadingDecisionFields() {
    return DECISION_1_0_LEADS;
  }

  /** Whether {@code later}'s fields start with {@code earlier}'s, encoded alike. */
  static boolean leads(Schema earlier, Schema later) {
    List<Schema.Field> leading = earlier.getFields();
    List<Schema.Field> fields = later.getFields();
    if (leading.size() > fields.size()) {
      return false;
    }
    for (int i = 0; i < leading.size(); i++) {
      if (!leading.get(i).name().equals(fields.get(i).name())
          || !SchemaNormalization.toParsingForm(leading.get(i).schema())
              .equals(SchemaNormalization.toParsingForm(fields.get(i).schema()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Resolves the contract classes through the loader that loaded them, not the calling thread's
   * context loader: under Quarkus's test class loading the two differ, and Avro's default picks the
   * latter.
   */
  private static final SpecificData MODEL = model();

  private static SpecificData model() {
    SpecificData data = new SpecificData(Decision.class.getClassLoader());
    for (Class<?> type : List.of(Claim.class, Decision.class)) {
      // The logical types (timestamps, dates, decimals) as the generated classes declare them.
      for (Conversion<?> conversion : SpecificData.getForClass(type).getConversions()) {
        data.addLogicalTypeConversion(conversion);
      }
    }
    return data;
  }

  private static Schema decisionSchema(String resource) {
    try (InputStream in = AssessedClaimCodec.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The decision schema " + resource + " is missing");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the decision schema " + resource, e);
    }
  }

  private final ThreadLocal<Writer> writers = ThreadLocal.withInitial(Writer::new);
  private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);

  /** Encodes a record, version byte first. */
  public byte[] encode(AssessedClaim record) {
    requireNonNull(record, "record is null");
    return writers.get().write(record);
  }

  /**
   * A record's three encodings: {@link #encode}'s for the log, {@link #encodeWithoutLiveFeatures}'s
   * for copies kept in memory and {@link #encodeDecision}'s for the decision alone.
   */
  public record Encodings(byte[] log, byte[] withoutLiveFeatures, byte[] decision) {}

  /**
   * The three encodings of a record, byte for byte those of the three methods, with the claim
   * encoded once: the engine keeps all three for every claim it decides.
   */
  public Encodings encodeAll(AssessedClaim record) {
    requireNonNull(record, "record is null");
    return writers.get().writeAll(record);
  }

  /**
   * Encodes a record without the decision's live features, in format 1 (which predates them), for
   * copies kept in memory by the thousand: {@link #decode} reads it back with live features null.
   */
  public byte[] encodeWithoutLiveFeatures(AssessedClaim record) {
    requireNonNull(record, "record is null");
    return writers.get().writeWithoutLiveFeatures(record);
  }

  /**
   * Decodes a payload.
   *
   * @throws UndecodableRecordException if the payload is not a record of a known format
   */
  public AssessedClaim decode(byte[] payload) {
    return decode(NO_SEQUENCE, payload);
  }

  /**
   * Decodes a payload read from the decision log at {@code sequence}, which error messages name.
   *
   * @throws UndecodableRecordException if the payload is not a record of a known format
   */
  public AssessedClaim decode(long sequence, byte[] payload) {
    requireNonNull(payload, "payload is null");
    return readers.get().read(sequence, payload);
  }

  /**
   * The decision of a payload read from the decision log at {@code sequence}, as a generic record
   * of the decision contract's schema ({@link #decisionRecordSchema}), read into {@code reuse} when
   * it is not null: strings as {@link org.apache.avro.util.Utf8}, the outcome an enum symbol,
   * {@code decided_at} in microseconds, the reasons and live features reused with it. The claim
   * before the decision is skipped, not decoded. For a reader that turns every logged decision into
   * something else at once and keeps none of them (the committer's table rows).
   *
   * @throws UndecodableRecordException if the payload is not a record of a known format
   */
  public GenericData.Record decodeDecisionRecord(
      long sequence, byte[] payload, GenericData.Record reuse) {
    requireNonNull(payload, "payload is null");
    return readers.get().readDecisionRecord(sequence, payload, reuse);
  }

  /** The schema of {@link #decodeDecisionRecord}'s records: the decision contract's. */
  public static Schema decisionRecordSchema() {
    return DECISION_RECORD;
  }

  /**
   * A decision alone, without a version byte and without its live features: the engine's in-memory
   * form of decided claims. The live features are kept by the log and the table for replays; in
   * memory they would add some 150 bytes to every claim the engine remembers, for answers that do
   * not show them.
   */
  public byte[] encodeDecision(Decision decision) {
    requireNonNull(decision, "decision is null");
    return writers.get().writeDecision(decision);
  }

  /** The inverse of {@link #encodeDecision}: the decision with live features null. */
  public Decision decodeDecision(byte[] encoded) {
    requireNonNull(encoded, "encoded is null");
    return readers.get().readDecision(encoded);
  }

  private static final class Writer {
    // Grows to the largest record once, then is reused for every record of the thread.
    private final Bytes buffer = new Bytes(1024);
    private final DatumWriter<Claim> claims =
        new NullableUnionWriter<>(Claim.getClassSchema(), MODEL);
    private final NullableUnionWriter<Decision> decisions =
        new NullableUnionWriter<>(Decision.getClassSchema(), MODEL);
    // Contract 1.0.0's fields are the leading fields of every later MINOR version, and the writer
    // takes fields by position: this writes a decision without the fields added since.
    private final DatumWriter<Decision> decisionsWithoutLiveFeatures =
        new NullableUnionWriter<>(DECISION_1_0, MODEL);
    private BinaryEncoder encoder;

    byte[] writeDecision(Decision decision) {
      buffer.reset();
      encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
      try {
        decisionsWithoutLiveFeatures.write(decision, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot encode the decision on " + decision.getClaimId(), e);
      }
      return buffer.toByteArray();
    }

    byte[] write(AssessedClaim record) {
      return write(record, FORMAT_VERSION, decisions);
    }

    Encodings writeAll(AssessedClaim record) {
      if (!DECISION_1_0_LEADS) {
        return new Encodings(
            write(record), writeWithoutLiveFeatures(record), writeDecision(record.decision()));
      }
      buffer.reset();
      buffer.write(FORMAT_VERSION);
      encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
      int claimEnd;
      int decisionEnd;
      try {
        claims.write(record.claim(), encoder);
        encoder.flush();
        claimEnd = buffer.size();
        // The decision's 1.0.0 fields are both the in-memory form and the start of the log's, so
        // they are encoded once for both; the fields added since follow, for the log alone.
        decisionsWithoutLiveFeatures.write(record.decision(), encoder);
        encoder.flush();
        decisionEnd = buffer.size();
        decisions.writeFields(record.decision(), DECISION_1_0_FIELDS, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot encode " + record, e);
      }
      byte[] log = buffer.toByteArray();
      byte[] decision = Arrays.copyOfRange(log, claimEnd, decisionEnd);
      byte[] withoutLiveFeatures = Arrays.copyOf(log, decisionEnd);
      withoutLiveFeatures[0] = FORMAT_DECISIONS_1_0;
      return new Encodings(log, withoutLiveFeatures, decision);
    }

    byte[] writeWithoutLiveFeatures(AssessedClaim record) {
      return write(record, FORMAT_DECISIONS_1_0, decisionsWithoutLiveFeatures);
    }

    private byte[] write(AssessedClaim record, byte format, DatumWriter<Decision> decisions) {
      buffer.reset();
      buffer.write(format);
      encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
      try {
        claims.write(record.claim(), encoder);
        decisions.write(record.decision(), encoder);
        encoder.flush();
      } catch (IOException e) {
        // Only an in-memory buffer is written to.
        throw new UncheckedIOException("Cannot encode " + record, e);
      }
      return buffer.toByteArray();
    }
  }

  /**
   * A {@link java.io.ByteArrayOutputStream} without its locks: the direct encoder writes every
   * field to its stream on its own, and each of {@code ByteArrayOutputStream}'s synchronized writes
   * took a lock (about 40 a record) that only its thread ever holds.
   */
  private static final class Bytes extends OutputStream {
    private byte[] bytes;
    private int size;

    Bytes(int capacity) {
      bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
      }
      System.arraycopy(source, offset, bytes, size, length);
      size += length;
    }

    void reset() {
      size = 0;
    }

    int size() {
      return size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  private static final class Reader {
    private final DatumReader<Claim> claims =
        new SpecificDatumReader<>(Claim.getClassSchema(), Claim.getClassSchema(), MODEL);
    private final DatumReader<Decision> decisions =
        new SpecificDatumReader<>(Decision.getClassSchema(), Decision.getClassSchema(), MODEL);
    private final DatumReader<Decision> decisions10 =
        new SpecificDatumReader<>(DECISION_1_0, Decision.getClassSchema(), MODEL);
    private final DatumReader<GenericData.Record> decisionRecords =
        new GenericDatumReader<>(Decision.getClassSchema(), DECISION_RECORD, GenericData.get());
    private final DatumReader<GenericData.Record> decisionRecords10 =
        new GenericDatumReader<>(DECISION_1_0, DECISION_RECORD, GenericData.get());
    private BinaryDecoder decoder;

    Decision readDecision(byte[] encoded) {
      decoder = DecoderFactory.get().binaryDecoder(encoded, decoder);
      try {
        return decisions10.read(null, decoder);
      } catch (IOException | RuntimeException e) {
        throw new UndecodableRecordException(
            "Cannot decode a stored decision of " + encoded.length + " bytes", e);
      }
    }

    AssessedClaim read(long sequence, byte[] payload) {
      boolean current = format(sequence, payload) == FORMAT_VERSION;
      decoder = DecoderFactory.get().binaryDecoder(payload, 1, payload.length - 1, decoder);
      Claim claim;
      Decision decision;
      try {
        // Fresh objects: the records outlive this call.
        claim = claims.read(null, decoder);
        decision = (current ? decisions : decisions10).read(null, decoder);
        requireEnd(sequence, payload);
      } catch (IOException | RuntimeException e) {
        throw damaged(sequence, payload, e);
      }
      try {
        return new AssessedClaim(claim, decision);
      } catch (IllegalArgumentException e) {
        throw new UndecodableRecordException(
            "Cannot decode assessed claim" + at(sequence) + ": " + e.getMessage(), e);
      }
    }

    GenericData.Record readDecisionRecord(long sequence, byte[] payload, GenericData.Record reuse) {
      boolean current = format(sequence, payload) == FORMAT_VERSION;
      decoder = DecoderFactory.get().binaryDecoder(payload, 1, payload.length - 1, decoder);
      try {
        // Skipping still walks the claim's fields, so a payload cut short inside it is caught.
        GenericDatumReader.skip(Claim.getClassSchema(), decoder);
        GenericData.Record decision =
            (current ? decisionRecords : decisionRecords10).read(reuse, decoder);
        requireEnd(sequence, payload);
        return decision;
      } catch (IOException | RuntimeException e) {
        throw damaged(sequence, payload, e);
      }
    }

    private static byte format(long sequence, byte[] payload) {
      if (payload.length == 0) {
        throw new UndecodableRecordException(
            "Cannot decode assessed claim" + at(sequence) + ": the payload is empty");
      }
      if (payload[0] != FORMAT_VERSION && payload[0] != FORMAT_DECISIONS_1_0) {
        throw new UndecodableRecordException(
            "Cannot decode assessed claim"
                + at(sequence)
                + ": unknown format version "
                + payload[0]
                + " (this build reads "
                + FORMAT_DECISIONS_1_0
                + " and "
                + FORMAT_VERSION
                + ")");
      }
      return payload[0];
    }

    private void requireEnd(long sequence, byte[] payload) throws IOException {
      if (!decoder.isEnd()) {
        throw new UndecodableRecordException(
            "Cannot decode assessed claim"
                + at(sequence)
                + ": "
                + payload.length
                + "-byte payload has bytes after the decision");
      }
    }

    private static UndecodableRecordException damaged(long sequence, byte[] payload, Exception e) {
      if (e instanceof UndecodableRecordException undecodable) {
        return undecodable;
      }
      return new UndecodableRecordException(
          "Cannot decode assessed claim"
              + at(sequence)
              + ": the "
              + payload.length
              + "-byte payload is truncated or damaged",
          e);
    }

    private static String at(long sequence) {
      return sequence == NO_SEQUENCE ? "" : " at sequence " + sequence;
    }
  }
}
