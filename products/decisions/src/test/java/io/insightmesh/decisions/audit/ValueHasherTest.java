package io.insightmesh.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueHasherTest {
  @TempDir Path directory;

  @Test
  void aSaltedHashNamesTheSameValueTheSameWayWithoutHoldingIt() {
    Path salt = directory.resolve("keys").resolve("audit-salt");
    ValueHasher hasher = ValueHasher.open(salt);
    String hash = hasher.hash("AB123456C");

    assertThat(hash).matches("sha256:[0-9a-f]{64}").doesNotContain("AB123456C");
    assertThat(ValueHasher.open(salt).hash("AB123456C")).isEqualTo(hash);
    assertThat(hasher.hash("AB123456D")).isNotEqualTo(hash);
    // Another installation's salt gives another name: the log alone cannot be matched.
    assertThat(ValueHasher.open(directory.resolve("other-salt")).hash("AB123456C"))
        .isNotEqualTo(hash);
  }
}
