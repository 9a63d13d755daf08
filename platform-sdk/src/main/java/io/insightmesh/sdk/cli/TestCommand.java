package io.insightmesh.sdk.cli;

import picocli.CommandLine.Command;

/** {@code ./mesh test}: the script builds and tests the checkout, with no built CLI. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description =
        "Install the prerequisites (PostgreSQL, wrk, Chromium with chromedriver, Trino) and run"
            + " every test: ./mvnw -B verify [MAVEN-ARGS...].")
final class TestCommand extends ScriptCommand {}
