package io.insightmesh.products.claims.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.sdk.demo.DemoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsDemoSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path output;

  @Test
  void theDemoClaimsAreFreshADayAfterTheNewestOfThem() throws Exception {
    DemoSource source = ServiceLoader.load(DemoSource.class).findFirst().orElseThrow();
    List<Long> progress = new ArrayList<>();

    source.generate(output, 300, 1, progress::add);

    assertThat(progress).isNotEmpty().last().isEqualTo(300L);
    Instant newest = Instant.EPOCH;
    for (String line : Files.readAllLines(output.resolve("landing/claims/part-00000.jsonl"))) {
      String submitted = JSON.readTree(line).path("submitted_at").asText("");
      if (submitted.matches("\\d{4}-\\d\\d-\\d\\dT.*Z")) {
        Instant at = Instant.parse(submitted);
        newest = at.isAfter(newest) ? at : newest;
      }
    }
    assertThat(source.asOf(output)).isEqualTo(newest.plus(Duration.ofDays(1)));
    assertThat(source.asOf(output)).isBefore(Instant.parse("2021-01-01T00:00:00Z"));
  }

  @Test
  void generatingAgainReplacesTheEarlierRun() {
    DemoSource source = new ClaimsDemoSource();
    source.generate(output, 300, 1, written -> {});
    Instant first = source.asOf(output);

    source.generate(output, 300, 1, written -> {});

    assertThat(source.asOf(output)).isEqualTo(first);
  }
}
