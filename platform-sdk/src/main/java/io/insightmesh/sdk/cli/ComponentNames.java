package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.launcher.Component;
import java.util.Arrays;
import java.util.Iterator;

/** The component names, for the help and shell completion. */
final class ComponentNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(Component.values()).map(Component::id).iterator();
  }
}
