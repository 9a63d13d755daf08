package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.contract.ChangeRule;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./mesh contract rules}: the classification rules, each with its level and reason. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "Print the rules ./mesh contract check classifies changes by: the rule, its level and why."
    })
final class ContractRulesCommand implements Callable<Integer> {
  private static final String FORMAT = "%-5s  %-26s  %s%n";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(FORMAT, "LEVEL", "RULE", "WHY");
    for (ChangeRule rule : ChangeRule.values()) {
      out.printf(FORMAT, rule.level(), rule.id(), rule.reason());
    }
    out.flush();
    return 0;
  }
}
