package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.MeshException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./mesh test} is run by the {@code mesh} script, which needs no built CLI to build and test
 * the checkout. This command exists so the help lists it.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description =
        "Install the prerequisites (infra/bin/install-prerequisites: PostgreSQL) and run every"
            + " test: ./mvnw -B verify [MAVEN-ARGS...].")
final class TestCommand implements Callable<Integer> {
  @ParentCommand MeshCommand mesh;

  @Unmatched List<String> mavenArguments;

  @Override
  public Integer call() {
    throw new MeshException(
        "the test suite is run by the mesh script itself: run "
            + mesh.home().resolve("mesh")
            + " test");
  }
}
