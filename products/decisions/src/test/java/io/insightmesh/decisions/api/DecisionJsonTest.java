package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {
  private final ObjectMapper json = new ObjectMapper();
  private final DecisionJson answers = new DecisionJson(json);

  @Test
  void answersAreTheBytesJacksonWritesForTheView() throws Exception {
    Random random = new Random(7);
    String[] texts = {
      "Amount claimed is over the SEISS cap.",
      "Quotes \" and backslashes \\ are escaped",
      "A tab\tand a newline\n",
      "Non-ASCII: £ é ✓ and 😀",
      "DEL \u007f and a NUL \u0000",
      "",
      "a/slash <html> & 'single'"
    };
    double[] scores = {0.0, 1.0, 0.5, 0.1 + 0.2, 1e-5, 0.999999999999, 1 - 0.9 * 0.8 * 0.75};
    Instant[] decidedAt = {
      Instant.parse("2026-11-30T03:30:00Z"),
      Instant.parse("2026-11-30T03:30:00.123456Z"),
      Instant.parse("2026-11-30T03:30:00.120Z"),
      Instant.parse("2026-11-30T03:30:00.000005Z"),
      Instant.parse("2026-11-30T03:30:00.000000007Z"),
      Instant.parse("1969-12-31T23:59:59.999999Z"),
      Instant.parse("0000-01-01T00:00:00Z"),
      Instant.parse("9999-12-30T23:59:59Z"),
      Instant.parse("+10000-01-01T00:00:00Z"),
      Instant.parse("-0001-06-01T00:00:00.5Z")
    };
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      List<Reason> reasons = new ArrayList<>();
      for (int r = 0; r < random.nextInt(4); r++) {
        reasons.add(
            Reason.newBuilder()
                .setRuleId("rule-" + random.nextInt(100))
                .setCode("CODE_" + r)
                .setText(texts[random.nextInt(texts.length)])
                .build());
      }
      decisions.add(
          Decision.newBuilder()
              .setClaimId(i % 50 == 0 ? "claim \"" + i + "\" ✓" : "c-" + i)
              .setClaimantId("claimant-" + i)
              .setScheme("SEISS")
              .setDecision(Outcome.values()[i % Outcome.values().length])
              .setRiskScore(scores[i % scores.length])
              .setReasons(reasons)
              .setRulesetVersion("2026.11." + i)
              .setProfileRelease(i % 3 == 0 ? null : "1.0.0+" + i)
              .setProfileSnapshotId(i % 4 == 0 ? null : random.nextLong())
              .setDecidedAt(decidedAt[i % decidedAt.length].plusSeconds(random.nextInt(100_000)))
              .build());
    }
    int direct = 0;
    for (Decision decision : decisions) {
      byte[] expected = json.writeValueAsBytes(DecisionView.of(decision));
      assertThat(new String(answers.write(decision), StandardCharsets.UTF_8))
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      if (DecisionJson.direct(decision) != null) {
        direct++;
      }
    }
    // Most answers take the direct path; the rest (non-ASCII, control characters) Jackson's.
    assertThat(direct).isGreaterThan(decisions.size() / 3);
  }
}
