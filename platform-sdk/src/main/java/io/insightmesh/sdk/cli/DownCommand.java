package io.insightmesh.sdk.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./mesh down}: stops what {@code ./mesh up} started. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stop every component ./mesh up started (SIGTERM; SIGKILL after 30 s) and remove its pid"
            + " file. Stopping nothing is not an error.")
final class DownCommand implements Callable<Integer> {
  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    mesh.launcher(new PortOptions(), spec).down();
    return 0;
  }
}
