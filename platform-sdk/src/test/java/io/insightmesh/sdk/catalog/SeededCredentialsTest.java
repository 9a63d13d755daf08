package io.insightmesh.sdk.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeededCredentialsTest {
  @TempDir Path data;

  @Test
  void readsTheSecretOfASeededPrincipal() throws Exception {
    Path directory = Files.createDirectories(data.resolve("credentials"));
    Files.writeString(directory.resolve("case-worker"), "s3cret\n");

    assertThat(new SeededCredentials(directory).secret("case-worker")).isEqualTo("s3cret");
  }

  @Test
  void principalNamesCannotLeaveTheDirectory() throws Exception {
    Path directory = Files.createDirectories(data.resolve("credentials"));
    Files.writeString(directory.resolve("admin"), "s3cret\n");
    Files.writeString(data.resolve("outside"), "not a secret\n");

    assertThatThrownBy(() -> new SeededCredentials(directory).secret("../outside"))
        .isInstanceOf(UnknownPrincipalException.class)
        .hasMessageContaining("unknown principal '../outside'")
        .hasMessageContaining("known principals: admin");
  }

  @Test
  void noSeededCredentialsSaysWhereTheyComeFrom() {
    assertThatThrownBy(() -> new SeededCredentials(data.resolve("missing")).secret("admin"))
        .isInstanceOf(UnknownPrincipalException.class)
        .hasMessageContaining("no credentials are seeded in " + data.resolve("missing"))
        .hasMessageContaining("when it first starts");
  }
}
