package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.launcher.ComponentStatus;
import io.insightmesh.sdk.launcher.HealthProbe.Health;
import io.insightmesh.sdk.launcher.Launcher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./mesh status}: one line per component. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every component: running or stopped, its pid, URL and health (UP when its readiness"
          + " check answers); the replay adds its progress.",
      "Exits 0 whatever the status; read the HEALTH column."
    })
final class StatusCommand implements Callable<Integer> {
  private static final String FORMAT = "%-10s %-8s %-8s %-24s %s%n";

  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Override
  public Integer call() {
    Launcher launcher = mesh.launcher(ports, spec);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(FORMAT, "COMPONENT", "STATE", "PID", "URL", "HEALTH");
    for (ComponentStatus status : launcher.status()) {
      out.printf(
          FORMAT,
          status.component().id(),
          status.running() ? "running" : "stopped",
          status.running() ? String.valueOf(status.pid().getAsLong()) : "-",
          status.url(),
          status.health()
              + status.progress().map(text -> "  " + text).orElse("")
              + note(status, launcher));
    }
    out.flush();
    return 0;
  }

  // Say so when the pid file and the port tell different stories.
  private static String note(ComponentStatus status, Launcher launcher) {
    if (status.running() && status.health() == Health.DOWN) {
      return "  (not ready; see " + launcher.layout().log(status.component()) + ")";
    }
    if (!status.running() && status.health() == Health.UP) {
      return "  (something answers on port "
          + status.port()
          + ", but ./mesh did not start it from "
          + launcher.layout().dataDirectory()
          + ")";
    }
    return "";
  }
}
