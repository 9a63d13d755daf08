package io.insightmesh.products.claims.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.sdk.demo.DemoSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/** The generator as the demo's source: {@code ./mesh up} publishes and replays its claims. */
public final class ClaimsDemoSource implements DemoSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void generate(Path output, long count, long seed, LongConsumer progress) {
    new ClaimsGenerator(
            GeneratorSettings.of(count, seed, output).withExistingOutput(ExistingOutput.REPLACE))
        .generate((written, total) -> progress.accept(written));
  }

  /**
   * A day after the newest claim: a small run's claims end earlier in 2020 than a large run's, and
   * the claims product's freshness rule allows a week.
   */
  @Override
  public Instant asOf(Path output) {
    Instant newest = Instant.EPOCH;
    for (Path file : landingFiles(output)) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          Instant submitted = submittedAt(line);
          if (submitted.isAfter(newest)) {
            newest = submitted;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the landing claims " + file, e);
      }
    }
    if (newest.equals(Instant.EPOCH)) {
      throw new IllegalStateException(
          "Cannot judge the freshness of " + output + ": it has no landing claims with a date");
    }
    return newest.plus(Duration.ofDays(1));
  }

  // Deliberately bad records may lack the field or hold an unparseable date: they do not count.
  private static Instant submittedAt(String line) {
    try {
      JsonNode submitted = JSON.readTree(line).path("submitted_at");
      return submitted.isTextual() ? Instant.parse(submitted.asText()) : Instant.EPOCH;
    } catch (IOException | DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static List<Path> landingFiles(Path output) {
    Path landing = output.resolve("landing").resolve("claims");
    try (Stream<Path> files = Files.list(landing)) {
      return files.filter(file -> file.toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the landing claims in " + landing, e);
    }
  }
}
