package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.MeshException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A command the {@code mesh} script runs itself (it needs no built CLI, or runs another main
 * class); its subclasses exist so the help lists it. Reaching one here means the CLI was run
 * without the script.
 */
abstract class ScriptCommand implements Callable<Integer> {
  @ParentCommand MeshCommand mesh;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    throw new MeshException(
        spec.name()
            + " is run by the mesh script itself: run "
            + mesh.home().resolve("mesh")
            + " "
            + spec.name());
  }
}
