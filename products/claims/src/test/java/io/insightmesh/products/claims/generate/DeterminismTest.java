package io.insightmesh.products.claims.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seed is the whole story: same seed, same bytes, whatever the threads; another seed, other data.
 */
class DeterminismTest {
  private static final long COUNT = 15_000;

  @TempDir Path directory;

  @Test
  void sameSeedGivesByteIdenticalFilesWhateverTheThreadCount() throws IOException {
    Map<String, byte[]> oneThread = generate("one", 7, 1, OutputFormat.JSON);
    Map<String, byte[]> fourThreads = generate("four", 7, 4, OutputFormat.JSON);
    assertThat(oneThread.keySet()).contains("landing/claims/part-00003.jsonl", "manifest.json");
    assertThat(fourThreads.keySet()).isEqualTo(oneThread.keySet());
    oneThread.forEach((file, bytes) -> assertThat(fourThreads.get(file)).as(file).isEqualTo(bytes));
  }

  @Test
  void avroFilesAreReproducibleToo() throws IOException {
    Map<String, byte[]> first = generate("first", 11, 1, OutputFormat.AVRO);
    Map<String, byte[]> second = generate("second", 11, 3, OutputFormat.AVRO);
    assertThat(first.keySet()).contains("landing/claims/part-00000.avro");
    first.forEach((file, bytes) -> assertThat(second.get(file)).as(file).isEqualTo(bytes));
  }

  @Test
  void anotherSeedGivesOtherData() throws IOException {
    Map<String, byte[]> seven = generate("seven", 7, 2, OutputFormat.JSON);
    Map<String, byte[]> eight = generate("eight", 8, 2, OutputFormat.JSON);
    for (String file :
        new String[] {
          "landing/claims/part-00000.jsonl",
          "reference/self_assessment.jsonl",
          "reference/deceased.jsonl",
          "ground-truth/labels.jsonl"
        }) {
      assertThat(eight.get(file)).as(file).isNotEqualTo(seven.get(file));
    }
    String first = firstLine(seven.get("landing/claims/part-00000.jsonl"));
    assertThat(new String(eight.get("landing/claims/part-00000.jsonl")))
        .doesNotContain(first.substring(14, 50));
  }

  private Map<String, byte[]> generate(String name, long seed, int threads, OutputFormat format)
      throws IOException {
    Path out = directory.resolve(name);
    new ClaimsGenerator(
            GeneratorSettings.of(COUNT, seed, out)
                .withThreads(threads)
                .withClaimsPerFile(3_000)
                .withFormat(format)
                .withBadRate(0.01))
        .generate(ProgressListener.none());
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(out)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  private static String firstLine(byte[] bytes) {
    String text = new String(bytes);
    return text.substring(0, text.indexOf('\n'));
  }
}
