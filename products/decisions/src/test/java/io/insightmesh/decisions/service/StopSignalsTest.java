package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.util.ThreadPools;
import org.junit.jupiter.api.Test;

class StopSignalsTest {
  @Test
  void theStopTaskRunsOnSigtermWhileIcebergsWorkerPoolStillTakesWork() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader output =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        lines.add(line);
        if (line.equals("ready")) {
          // SIGTERM, as ./mesh down and a service manager send (Process.destroy would also close
          // the output still to be read).
          child.toHandle().destroy();
        }
      }
    } finally {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }

    // In a shutdown hook, the commit's manifests met Iceberg's pool already shut by its own hook.
    assertThat(lines)
        .containsSubsequence("ready", "task: worker pool alive", "shutdown hook")
        .noneMatch(line -> line.startsWith("task: rejected"));
    assertThat(child.exitValue()).isEqualTo(143);
  }

  /** The process stopped: a stop task and a shutdown hook, as the engine's process has. */
  public static final class Child {
    public static void main(String[] args) throws IOException, InterruptedException {
      ThreadPools.getWorkerPool(); // created, with its shutdown hook, as the first commit does
      StopSignals.onStop(
          () -> {
            try {
              String answer = ThreadPools.getWorkerPool().submit(() -> "worker pool alive").get();
              System.out.println("task: " + answer);
            } catch (Exception e) {
              System.out.println("task: rejected (" + e + ")");
            }
          });
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook")));
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(1));
    }
  }
}
