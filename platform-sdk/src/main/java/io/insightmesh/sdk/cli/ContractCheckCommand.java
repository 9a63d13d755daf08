package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.catalog.HttpContractSource;
import io.insightmesh.sdk.contract.ChangeLevel;
import io.insightmesh.sdk.contract.CompatibilityReport;
import io.insightmesh.sdk.contract.ContractCompatibility;
import io.insightmesh.sdk.contract.ContractSchemas;
import io.insightmesh.sdk.contract.ContractSource;
import io.insightmesh.sdk.contract.ContractVersion;
import io.insightmesh.sdk.contract.ContractViolationException;
import io.insightmesh.sdk.contract.ProductId;
import io.insightmesh.sdk.contract.RegisteredContract;
import io.insightmesh.sdk.contract.ReleaseCheck;
import io.insightmesh.sdk.contract.TableNaming;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./mesh contract check}: classifies the change from one contract to the next as PATCH,
 * MINOR or MAJOR and prints the reasons.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "mesh contract check [OPTIONS] PREVIOUS.avsc PROPOSED.avsc",
      "       mesh contract check [OPTIONS] --against DOMAIN.PRODUCT PROPOSED.avsc"
    },
    description = {
      "Classify the change from PREVIOUS (or the contract of a product's latest release, with"
          + " --against) to PROPOSED by the platform's rules (./mesh contract rules), at any depth.",
      "Prints 'classification: PATCH|MINOR|MAJOR' on the first line of standard output, then one"
          + " line per change: '<LEVEL> <field path>: <rule> — <detail>'.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the check ran, whatever the classification",
      "1:a contract is unreadable or invalid (the message names the file and the problem), or"
          + " the catalog could not answer",
      "2:usage error",
      "3:the change is refused: it exceeds --require, or --proposed-version bumps too little"
    })
final class ContractCheckCommand implements Callable<Integer> {
  /** The exit code of a check that ran and refused the change. */
  static final int REFUSED = 3;

  @ParentCommand ContractCommand contract;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Option(
      names = "--against",
      paramLabel = "DOMAIN.PRODUCT",
      converter = ContractCommand.ProductIds.class,
      description =
          "Compare with the contract of the product's latest registered release, from the"
              + " running catalog.")
  ProductId against;

  @Option(
      names = "--principal",
      paramLabel = "PRINCIPAL",
      defaultValue = "admin",
      description = "Whom to ask the catalog as, with --against (default: ${DEFAULT-VALUE}).")
  String principal;

  @Option(
      names = "--require",
      paramLabel = "LEVEL",
      converter = ContractCommand.Levels.class,
      description =
          "Exit 3 when the classification exceeds LEVEL (PATCH, MINOR or MAJOR), e.g. in CI.")
  ChangeLevel require;

  @Option(
      names = "--proposed-version",
      paramLabel = "VERSION",
      converter = ContractCommand.Versions.class,
      description =
          "Check that releasing PROPOSED as VERSION bumps enough for the change; exit 3 if not.")
  ContractVersion proposedVersion;

  @Option(
      names = "--previous-version",
      paramLabel = "VERSION",
      converter = ContractCommand.Versions.class,
      description =
          "The version of PREVIOUS, for --proposed-version (with --against: the version the"
              + " catalog names).")
  ContractVersion previousVersion;

  @Parameters(
      paramLabel = "CONTRACT",
      arity = "1..2",
      description = "PREVIOUS.avsc PROPOSED.avsc, or only PROPOSED.avsc with --against.")
  List<Path> files;

  @Override
  public Integer call() {
    int expected = against == null ? 2 : 1;
    if (files.size() != expected) {
      throw new ParameterException(
          spec.commandLine(),
          against == null
              ? "Give two contracts, PREVIOUS.avsc and PROPOSED.avsc, or --against DOMAIN.PRODUCT"
                  + " and PROPOSED.avsc"
              : "With --against, give only PROPOSED.avsc");
    }
    if (proposedVersion != null && against == null && previousVersion == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--proposed-version needs --previous-version: the version of PREVIOUS");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    Schema previous;
    Schema proposed;
    Optional<ContractVersion> released = Optional.ofNullable(previousVersion);
    if (against == null) {
      previous = ContractSchemas.read(files.get(0));
      proposed = ContractSchemas.read(files.get(1));
    } else {
      // An invalid proposal fails before anything is asked of the catalog.
      proposed = ContractSchemas.read(files.get(0));
      RegisteredContract registered = source().latest(against);
      previous = registered.parse();
      if (released.isEmpty()) {
        released = registered.version();
      }
      err.println("Comparing with " + registered.name() + ", the contract of its latest release");
      err.flush();
    }

    CompatibilityReport report = ContractCompatibility.classify(previous, proposed);
    out.print(report.toText());
    out.flush();

    ChangeLevel classification = report.classification();
    if (require != null && classification.exceeds(require)) {
      err.println(
          "error: the change is "
              + classification
              + ", more than --require "
              + require
              + " allows");
      err.flush();
      return REFUSED;
    }
    if (proposedVersion != null) {
      return release(report, released, err);
    }
    return 0;
  }

  private int release(
      CompatibilityReport report, Optional<ContractVersion> released, PrintWriter err) {
    if (released.isEmpty()) {
      err.println(
          "error: the catalog did not name the version of "
              + against
              + "'s contract; give it with --previous-version");
      err.flush();
      return 1;
    }
    String from = released.get().toString();
    String to = proposedVersion.toString();
    try {
      ChangeLevel bump =
          against == null
              ? ReleaseCheck.check(from, to, report)
              : ReleaseCheck.check(against, from, to, report);
      err.println(
          "Release "
              + to
              + " over "
              + from
              + ": a "
              + bump
              + " bump covers a "
              + report.classification()
              + " change"
              + (bump == ChangeLevel.MAJOR && against != null
                  ? "; it goes to the new table " + TableNaming.forMajor(against, proposedVersion)
                  : ""));
      err.flush();
      return 0;
    } catch (ContractViolationException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return REFUSED;
    }
  }

  private ContractSource source() {
    CatalogAccess access = CatalogAccess.of(contract.mesh, ports, spec, principal);
    return HttpContractSource.forCatalog(access.catalog(), access.token());
  }
}
