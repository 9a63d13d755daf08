package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.launcher.Component;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./mesh down}: stops what {@code ./mesh up} started, all of it or the named components. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stop the components ./mesh up started (SIGTERM; SIGKILL after 30 s) and remove their pid"
            + " files: all of them, or those named (e.g. ./mesh down trino && ./mesh up trino"
            + " restarts Trino alone). Stopping nothing is not an error.")
final class DownCommand implements Callable<Integer> {
  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "COMPONENT",
      arity = "0..*",
      completionCandidates = ComponentNames.class,
      description = "Components to stop: ${COMPLETION-CANDIDATES} (default: all).")
  List<String> components;

  @Override
  public Integer call() {
    mesh.launcher(new PortOptions(), spec)
        .down(ComponentNames.parse(components, spec, EnumSet.allOf(Component.class)));
    return 0;
  }
}
