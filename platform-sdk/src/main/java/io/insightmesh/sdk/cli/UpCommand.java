package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.launcher.Component;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./mesh up}: starts components in the background and waits until they are ready. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start components of the platform in the background and wait until each is ready"
          + " (at most 120 s). A component that is already running is left alone.",
      "Logs go to <data-dir>/logs/<component>.log, pid files to <data-dir>/run/."
    })
final class UpCommand implements Callable<Integer> {
  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Parameters(
      paramLabel = "COMPONENT",
      arity = "0..*",
      completionCandidates = ComponentNames.class,
      description = "Components to start: ${COMPLETION-CANDIDATES} (default: all of them).")
  List<String> components;

  @Override
  public Integer call() {
    Set<Component> selected = EnumSet.noneOf(Component.class);
    if (components == null || components.isEmpty()) {
      selected.addAll(EnumSet.allOf(Component.class));
    }
    // Parsed here rather than by a picocli converter: a failed conversion of an optional
    // positional reads as "Unmatched argument", which hides the list of known components.
    for (String name : components == null ? List.<String>of() : components) {
      try {
        selected.add(Component.parse(name));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    mesh.launcher(ports, spec).up(selected);
    return 0;
  }
}
