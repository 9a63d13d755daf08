package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.contract.ChangeLevel;
import io.insightmesh.sdk.contract.ContractVersion;
import io.insightmesh.sdk.contract.ProductId;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ./mesh contract}: data-product contracts. */
@Command(
    name = "contract",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Work with data-product contracts: Avro record schemas whose fields carry doc, pii, mask and"
          + " quality (contracts/<domain>/<product>.avsc)."
    },
    subcommands = {ContractCheckCommand.class, ContractRulesCommand.class})
final class ContractCommand implements Runnable {
  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command");
  }

  /** Converts {@code <domain>.<product>} options, naming the rule a bad one breaks. */
  static final class ProductIds implements ITypeConverter<ProductId> {
    @Override
    public ProductId convert(String value) {
      try {
        return ProductId.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Converts {@code MAJOR.MINOR.PATCH} options. */
  static final class Versions implements ITypeConverter<ContractVersion> {
    @Override
    public ContractVersion convert(String value) {
      try {
        return ContractVersion.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Converts {@code PATCH}, {@code MINOR} or {@code MAJOR}, in any case. */
  static final class Levels implements ITypeConverter<ChangeLevel> {
    @Override
    public ChangeLevel convert(String value) {
      try {
        return ChangeLevel.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
