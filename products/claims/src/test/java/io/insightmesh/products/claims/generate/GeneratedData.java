package io.insightmesh.products.claims.generate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A generated directory read back the way a consumer would: JSON lines, parsed. */
final class GeneratedData {
  /** Numbers as written: 7500.00 keeps its two decimals. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  final Path root;
  final List<JsonNode> landing;
  final List<String> landingLines;
  final Map<String, JsonNode> labels;
  final List<JsonNode> selfAssessment;
  final List<JsonNode> payeEmployment;
  final List<JsonNode> companies;
  final List<JsonNode> deceased;
  final JsonNode manifest;

  GeneratedData(Path root) {
    this.root = root;
    this.landingLines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(root.resolve("landing/claims"))) {
      for (Path part : parts.sorted().toList()) {
        landingLines.addAll(Files.readAllLines(part));
      }
      this.landing = landingLines.stream().map(GeneratedData::parse).toList();
      this.labels = new HashMap<>();
      for (JsonNode label : read("ground-truth/labels.jsonl")) {
        JsonNode previous = labels.put(label.get("claim_id").asText(), label);
        if (previous != null) {
          throw new AssertionError("two labels for " + label.get("claim_id"));
        }
      }
      this.selfAssessment = read("reference/self_assessment.jsonl");
      this.payeEmployment = read("reference/paye_employment.jsonl");
      this.companies = read("reference/companies.jsonl");
      this.deceased = read("reference/deceased.jsonl");
      this.manifest = JSON.readTree(root.resolve("manifest.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode label(JsonNode claim) {
    return labels.get(claim.get("claim_id").asText());
  }

  boolean isBad(JsonNode claim) {
    return label(claim).has("bad_record");
  }

  boolean has(JsonNode claim, FraudPattern pattern) {
    for (JsonNode value : label(claim).get("patterns")) {
      if (value.asText().equals(pattern.name())) {
        return true;
      }
    }
    return false;
  }

  List<JsonNode> good() {
    return landing.stream().filter(claim -> !isBad(claim)).toList();
  }

  List<JsonNode> labelled(FraudPattern pattern) {
    return good().stream().filter(claim -> has(claim, pattern)).toList();
  }

  private List<JsonNode> read(String file) throws IOException {
    try (Stream<String> lines = Files.lines(root.resolve(file))) {
      return lines.map(GeneratedData::parse).toList();
    }
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  static String text(JsonNode claim, String field) {
    JsonNode value = claim.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
