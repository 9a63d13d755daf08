package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.launcher.Component;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The component names, for the help and shell completion, and their parsing. */
final class ComponentNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(Component.values()).map(Component::id).iterator();
  }

  /**
   * The components {@code names} name, or {@code all} when none are named.
   *
   * @throws ParameterException naming the unknown component and the known ones
   */
  static Set<Component> parse(List<String> names, CommandSpec spec, Set<Component> all) {
    if (names == null || names.isEmpty()) {
      return all;
    }
    Set<Component> selected = EnumSet.noneOf(Component.class);
    // Parsed here rather than by a picocli converter: a failed conversion of an optional
    // positional reads as "Unmatched argument", which hides the list of known components.
    for (String name : names) {
      try {
        selected.add(Component.parse(name));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return selected;
  }
}
