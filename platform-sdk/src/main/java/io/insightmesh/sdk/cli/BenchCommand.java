package io.insightmesh.sdk.cli;

import picocli.CommandLine.Command;

/** {@code ./mesh bench}: the script runs the benchmarks from the integration tests' classpath. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Run a benchmark (catalog, pipeline, query, scoring) side by side with its baseline and"
            + " write the table and plot to docs/benchmarks/; ./mesh bench --help for options.")
final class BenchCommand extends ScriptCommand {}
