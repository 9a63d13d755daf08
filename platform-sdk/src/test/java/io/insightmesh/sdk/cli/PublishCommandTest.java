package io.insightmesh.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.testing.TestSpark;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./mesh publish}: how it reads a landing file, and what it refuses before starting. */
class PublishCommandTest {
  @TempDir Path home;

  @Test
  void aCsvFileIsReadByItsHeaderWithItsValuesAsWritten() throws IOException {
    Path landing =
        Files.writeString(
            home.resolve("claims.csv"),
            "claim_id,company_number,amount_claimed\n" + "c-1,01234567,1500.50\n" + "c-2,,20\n");

    Dataset<Row> data = PublishCommand.read(TestSpark.session(), "csv", landing);

    // The columns are the contract's field names, not _c0, _c1, ...
    assertThat(data.columns()).containsExactly("claim_id", "company_number", "amount_claimed");
    Row first = data.orderBy("claim_id").first();
    // Text, cast to the contract's types when published: inferred, 01234567 was the number 1234567.
    assertThat(first.getString(1)).isEqualTo("01234567");
    assertThat(first.getString(2)).isEqualTo("1500.50");
    assertThat(data.count()).isEqualTo(2);
  }

  @Test
  void csvLinesThatAreNotOneRecordOfTheHeadersColumnsAreCountedNotReadOrQuoted()
      throws IOException {
    Path landing =
        Files.writeString(
            home.resolve("claims.csv"),
            "claim_id,name,amount_claimed\n"
                + "c-1,Ann Smith,1500.50\n"
                // An unquoted comma: Spark dropped the last value.
                + "c-2,Smith, John,20\n"
                // A quoted value over two lines: Spark read two records, each short of values.
                + "c-3,\"12 High Street\nLeeds\",30\n");

    assertThatThrownBy(() -> PublishCommand.read(TestSpark.session(), "csv", landing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid option --input: 3 lines of "
                + landing
                + " are not one record with a value for each column of the header: a value holding"
                + " a comma or a double quote must be in double quotes, and no value may span"
                + " lines; nothing was published");
  }

  @Test
  void jsonLinesThatAreNotObjectsAreCountedNotReadAsAColumn() throws IOException {
    Path landing =
        Files.writeString(
            home.resolve("claims.jsonl"),
            "{\"claim_id\":\"c-1\",\"amount_claimed\":20}\n"
                + "{\"claim_id\":\"c-2\",\"nino\":\"AB123456C\"\n");

    assertThatThrownBy(() -> PublishCommand.read(TestSpark.session(), "json", landing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid option --input: 1 line of "
                + landing
                + " is not a JSON object: JSON lines input has one object per line; nothing was"
                + " published");
  }

  @Test
  void aDescriptorForAProductWithAPipelineIsRefusedNotIgnored() throws IOException {
    // The pipeline publishes the contract it is built with: the release took its version from the
    // user's descriptor and the contract from the pipeline's.
    Path input = Files.createDirectories(home.resolve("landing"));
    Path descriptor = Files.createDirectories(home.resolve("contracts"));
    for (String file : new String[] {"claims.yaml", "claims.avsc"}) {
      try (InputStream shipped =
          ProductDescriptors.class
              .getClassLoader()
              .getResourceAsStream("contracts/claims/" + file)) {
        Files.write(descriptor.resolve(file), shipped.readAllBytes());
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = MeshCommand.commandLine(home, Map.of());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));

    int status =
        command.execute(
            "publish",
            "claims.claims",
            "--input",
            input.toString(),
            "--descriptor",
            descriptor.resolve("claims.yaml").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid option --descriptor: claims.claims is published by its own pipeline, which"
                + " publishes the contract it is built with");
    assertThat(out.toString()).doesNotContain("starting Spark");
  }
}
