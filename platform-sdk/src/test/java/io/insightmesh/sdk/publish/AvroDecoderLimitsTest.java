package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Untrusted Avro (landing files, requests) is decoded under limits: the JVMs the platform starts
 * for Spark and the SDK carry them (infra/spark/java-options), so a hostile length prefix cannot
 * make a decoder allocate gigabytes.
 */
class AvroDecoderLimitsTest {
  private static final Schema RECORD =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}");

  @Test
  void theLimitsAreInForce() {
    assertThat(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY))
        .isEqualTo("1048576");
    assertThat(System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY))
        .isEqualTo("16777216");
    assertThat(System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY))
        .isEqualTo("1000000");
  }

  @Test
  void anOversizedStringIsRefusedWhileDecoding() throws IOException {
    GenericRecord record = new GenericData.Record(RECORD);
    record.put("s", "x".repeat(2 << 20));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(RECORD).write(record, encoder);
    encoder.flush();

    assertThatThrownBy(
            () ->
                new GenericDatumReader<GenericRecord>(RECORD)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null)))
        .isInstanceOf(SystemLimitException.class)
        .hasMessageContaining("String length 2097152 exceeds maximum allowed");
  }
}
