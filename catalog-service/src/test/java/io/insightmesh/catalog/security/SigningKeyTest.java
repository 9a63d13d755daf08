package io.insightmesh.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's token signing key, made at first start: instances starting together on one empty
 * data directory end up signing with one key, or tokens from one fail at the other.
 */
class SigningKeyTest {
  @TempDir Path root;

  @Test
  void instancesStartingTogetherSignWithOneKey() throws Exception {
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      for (int round = 0; round < 20; round++) {
        Path directory = root.resolve("round-" + round);
        CyclicBarrier together = new CyclicBarrier(instances);
        List<Future<String>> keys = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          keys.add(
              pool.submit(
                  () -> {
                    together.await();
                    return TokenIssuer.loadOrCreateKey(directory).getKeyId();
                  }));
        }
        Set<String> distinct =
            keys.stream()
                .map(
                    key -> {
                      try {
                        return key.get();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .collect(Collectors.toSet());
        assertThat(distinct).as("round %d", round).hasSize(1);
        assertThat(TokenIssuer.loadOrCreateKey(directory).getKeyId())
            .isEqualTo(distinct.iterator().next());
        try (var files = Files.list(directory)) {
          assertThat(files.map(file -> file.getFileName().toString()))
              .as("no temporary file left")
              .containsExactly("signing-key.jwk.json");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
