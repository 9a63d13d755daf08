package io.insightmesh.decisions.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class AssessedClaimCodecTest {
  private static final Instant AT = Instant.parse("2020-05-13T09:30:15.123456Z");

  private final AssessedClaimCodec codec = new AssessedClaimCodec();

  @Test
  void roundTripsEveryFieldAndReasons() {
    AssessedClaim record = Samples.full(7, AT);

    AssessedClaim decoded = codec.decode(codec.encode(record));

    assertThat(decoded.claim()).isEqualTo(record.claim());
    assertThat(decoded.decision()).isEqualTo(record.decision());
    assertThat(decoded.decision().getReasons()).hasSize(2);
    assertThat(decoded.decision().getDecidedAt()).isEqualTo(AT.truncatedTo(ChronoUnit.MICROS));
    assertThat(decoded.claim().getAmountClaimed()).isEqualByComparingTo("2500.07");
  }

  @Test
  void roundTripsNullsAndNoReasons() {
    AssessedClaim record = Samples.minimal(8, AT);

    AssessedClaim decoded = codec.decode(codec.encode(record));

    assertThat(decoded).isEqualTo(record);
    assertThat(decoded.claim().getUtr()).isNull();
    assertThat(decoded.decision().getProfileRelease()).isNull();
    assertThat(decoded.decision().getProfileSnapshotId()).isNull();
    assertThat(decoded.decision().getReasons()).isEmpty();
  }

  @Test
  void writesAVersionBytePrefixAndACompactBody() {
    byte[] payload = codec.encode(Samples.full(1, AT));

    assertThat(payload[0]).isEqualTo(AssessedClaimCodec.FORMAT_VERSION);
    // Plain Avro binary: no schema, no field names; well under a JSON rendering's size.
    assertThat(payload.length).isLessThan(500);
  }

  @Test
  void reusedEncodersDoNotLeakBytesBetweenRecords() {
    byte[] large = codec.encode(Samples.full(1, AT));
    byte[] small = codec.encode(Samples.minimal(2, AT));

    assertThat(small.length).isLessThan(large.length);
    assertThat(codec.decode(small)).isEqualTo(Samples.minimal(2, AT));
  }

  @Test
  void encodesAndDecodesFromManyThreads() {
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    IntStream.range(0, 2_000)
        .parallel()
        .forEach(
            n -> {
              AssessedClaim record = n % 2 == 0 ? Samples.full(n, AT) : Samples.minimal(n, AT);
              if (!codec.decode(codec.encode(record)).equals(record)) {
                failures.add(Samples.claimId(n));
              }
            });

    assertThat(failures).isEmpty();
  }

  @Test
  void writesExactlyTheBytesAvrosOwnWriterWrites() throws Exception {
    // Optional fields set and unset: the union branch is chosen by null-ness, not by Avro.
    for (AssessedClaim record : List.of(Samples.full(11, AT), Samples.minimal(12, AT))) {
      byte[] encoded = codec.encode(record);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(encoded[0]);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(expected, null);
      new SpecificDatumWriter<>(Claim.class).write(record.claim(), encoder);
      new SpecificDatumWriter<>(Decision.class).write(record.decision(), encoder);
      encoder.flush();

      assertThat(encoded).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void readsRecordsOfFormatOneWrittenBeforeDecisionsHadLiveFeatures() throws Exception {
    AssessedClaim record = Samples.full(3, AT);
    Schema before;
    try (var in = AssessedClaimCodec.class.getResourceAsStream("decision-1.0.0.avsc")) {
      before = new Schema.Parser().parse(in);
    }
    // A 1.0.0 decision as the previous build wrote it: the same fields, no live_features.
    GenericRecord old = new GenericData.Record(before);
    for (Schema.Field field : before.getFields()) {
      old.put(field.name(), record.decision().get(field.name()));
    }
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(1);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(payload, null);
    new SpecificDatumWriter<>(Claim.class).write(record.claim(), encoder);
    SpecificData model = new SpecificData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    new GenericDatumWriter<GenericRecord>(before, model).write(old, encoder);
    encoder.flush();

    AssessedClaim decoded = codec.decode(4, payload.toByteArray());

    assertThat(decoded.claim()).isEqualTo(record.claim());
    assertThat(decoded.decision().getLiveFeatures()).isNull();
    record.decision().setLiveFeatures(null);
    assertThat(decoded.decision()).isEqualTo(record.decision());
  }

  @Test
  void leavesLiveFeaturesOutOfCopiesKeptInMemory() {
    AssessedClaim record = Samples.full(5, AT);

    byte[] compact = codec.encodeWithoutLiveFeatures(record);
    AssessedClaim decoded = codec.decode(compact);

    assertThat(compact.length).isLessThan(codec.encode(record).length);
    assertThat(decoded.claim()).isEqualTo(record.claim());
    assertThat(decoded.decision().getLiveFeatures()).isNull();
    assertThat(decoded.decision().getReasons()).isEqualTo(record.decision().getReasons());
    assertThat(codec.decodeDecision(codec.encodeDecision(record.decision())).getLiveFeatures())
        .isNull();
  }

  @Test
  void encodesAllThreeFormsAsTheirOwnMethodsDo() {
    for (AssessedClaim record : java.util.List.of(Samples.full(6, AT), Samples.minimal(9, AT))) {
      AssessedClaimCodec.Encodings all = codec.encodeAll(record);

      assertThat(all.log()).isEqualTo(codec.encode(record));
      assertThat(all.withoutLiveFeatures()).isEqualTo(codec.encodeWithoutLiveFeatures(record));
      assertThat(all.decision()).isEqualTo(codec.encodeDecision(record.decision()));
      assertThat(codec.decode(all.withoutLiveFeatures()).claim()).isEqualTo(record.claim());
    }
  }

  @Test
  void encodesTheDecisionsLeadingFieldsOnceOnlyWhileEveryLaterContractKeepsThem() {
    Schema first = SchemaBuilder.record("Decision").fields().requiredString("claim_id").endRecord();
    Schema kept =
        SchemaBuilder.record("Decision")
            .fields()
            .requiredString("claim_id")
            .optionalString("live_features")
            .endRecord();
    Schema retyped = SchemaBuilder.record("Decision").fields().requiredLong("claim_id").endRecord();
    Schema reordered =
        SchemaBuilder.record("Decision")
            .fields()
            .optionalString("live_features")
            .requiredString("claim_id")
            .endRecord();

    assertThat(AssessedClaimCodec.sharesLeadingDecisionFields()).isTrue();
    assertThat(AssessedClaimCodec.leads(first, kept)).isTrue();
    assertThat(AssessedClaimCodec.leads(first, retyped)).isFalse();
    assertThat(AssessedClaimCodec.leads(first, reordered)).isFalse();
    assertThat(AssessedClaimCodec.leads(kept, first)).isFalse();
  }

  @Test
  void readsTheDecisionAloneAsAGenericRecordOfTheContract() throws Exception {
    for (AssessedClaim record : List.of(Samples.full(6, AT), Samples.minimal(9, AT))) {
      GenericData.Record decision = codec.decodeDecisionRecord(11, codec.encode(record), null);

      assertThat(decision.getSchema()).isEqualTo(AssessedClaimCodec.decisionRecordSchema());
      assertThat(asDecision(decision)).isEqualTo(record.decision());
      // What the committer's rows rely on: UTF-8 strings and microseconds, nothing converted.
      assertThat(decision.get("claim_id")).isInstanceOf(Utf8.class);
      assertThat(decision.get("decided_at")).isEqualTo(AT.toEpochMilli() * 1_000 + 456);
    }
  }

  @Test
  void readsDecisionRecordsIntoTheSameRecordWithoutCarryingValuesOver() throws Exception {
    GenericData.Record reused =
        codec.decodeDecisionRecord(1, codec.encode(Samples.full(1, AT)), null);

    GenericData.Record next =
        codec.decodeDecisionRecord(2, codec.encode(Samples.minimal(2, AT)), reused);

    assertThat(next).isSameAs(reused);
    assertThat(asDecision(next)).isEqualTo(Samples.minimal(2, AT).decision());
    assertThat((List<?>) next.get("reasons")).isEmpty();
    assertThat(next.get("live_features")).isNull();
  }

  @Test
  void readsTheDecisionOfAFormatOneRecordWithoutLiveFeatures() throws Exception {
    AssessedClaim record = Samples.full(3, AT);

    GenericData.Record decision =
        codec.decodeDecisionRecord(4, codec.encodeWithoutLiveFeatures(record), null);

    record.decision().setLiveFeatures(null);
    assertThat(decision.get("live_features")).isNull();
    assertThat(asDecision(decision)).isEqualTo(record.decision());
  }

  @Test
  void refusesDamagedPayloadsAsDecodingTheWholeRecordDoes() {
    byte[] payload = codec.encode(Samples.full(1, AT));
    byte[] truncated = Arrays.copyOf(payload, payload.length / 2);
    byte[] longer = Arrays.copyOf(payload, payload.length + 3);
    byte[] unknown = payload.clone();
    unknown[0] = 9;

    for (byte[] damaged : List.of(truncated, longer, unknown, new byte[0])) {
      Throwable whole =
          org.assertj.core.api.Assertions.catchThrowable(() -> codec.decode(8, damaged));
      assertThatThrownBy(() -> codec.decodeDecisionRecord(8, damaged, null))
          .isInstanceOf(UndecodableRecordException.class)
          .hasMessage(whole.getMessage());
    }
  }

  /**
   * The contract decision a generic record holds, read back through Avro's own writer and reader.
   */
  private static Decision asDecision(GenericData.Record record) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(record.getSchema(), GenericData.get())
        .write(record, encoder);
    encoder.flush();
    return new SpecificDatumReader<Decision>(
            record.getSchema(), Decision.getClassSchema(), SpecificData.getForClass(Decision.class))
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }

  @Test
  void refusesAnUnknownFormatVersionNamingTheSequence() {
    byte[] payload = codec.encode(Samples.full(1, AT));
    payload[0] = 9;

    assertThatThrownBy(() -> codec.decode(17, payload))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessage(
            "Cannot decode assessed claim at sequence 17: unknown format version 9 (this build"
                + " reads 1 and 2)");
  }

  @Test
  void refusesATruncatedPayload() {
    byte[] payload = codec.encode(Samples.full(1, AT));
    byte[] truncated = Arrays.copyOf(payload, payload.length / 2);

    assertThatThrownBy(() -> codec.decode(5, truncated))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessage(
            "Cannot decode assessed claim at sequence 5: the "
                + truncated.length
                + "-byte payload is truncated or damaged");
  }

  @Test
  void refusesTrailingBytesAndEmptyPayloads() {
    byte[] payload = codec.encode(Samples.minimal(1, AT));
    byte[] longer = Arrays.copyOf(payload, payload.length + 3);

    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessage(
            "Cannot decode assessed claim: "
                + longer.length
                + "-byte payload has bytes after the decision");
    assertThatThrownBy(() -> codec.decode(3, new byte[0]))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessage("Cannot decode assessed claim at sequence 3: the payload is empty");
  }

  @Test
  void refusesADecisionAboutAnotherClaim() {
    AssessedClaim one = Samples.full(1, AT);
    AssessedClaim two = Samples.full(2, AT);

    assertThatThrownBy(() -> new AssessedClaim(one.claim(), two.decision()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid assessed claim "
                + Samples.claimId(1)
                + ": the decision is about claim "
                + Samples.claimId(2));
  }

  @Test
  void printsOnlyTheClaimId() {
    assertThat(Samples.full(1, AT).toString())
        .isEqualTo("AssessedClaim[claim_id=" + Samples.claimId(1) + "]")
        .doesNotContain("QQ");
  }
}
