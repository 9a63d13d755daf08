package io.insightmesh.sdk.cli;

import picocli.CommandLine.Command;

/** {@code ./mesh generate}: the script runs the claims generator, which needs no Spark. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write deterministic synthetic claims, reference data and fraud ground truth:"
            + " ./mesh generate claims --count N [--seed S] --out DIR.")
final class GenerateCommand extends ScriptCommand {}
