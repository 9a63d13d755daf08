package io.insightmesh.contracts.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A data product as its owning team describes it: identity, owner, SLA, tags, the Avro contract,
 * the Iceberg table of the current major version and the quality rules a release must pass. Parsed
 * from {@code contracts/<domain>/<product>.yaml} by {@link ProductDescriptors}.
 */
public record ProductDescriptor(
    String id,
    String domain,
    String name,
    String version,
    String description,
    Owner owner,
    String classification,
    List<String> tags,
    Duration freshnessSla,
    Schema contract,
    String tableName,
    List<String> partitioning,
    List<String> bloomFilterColumns,
    List<String> inputs,
    Optional<Long> minRows,
    Optional<Long> maxRows,
    Optional<Freshness> freshness) {

  /** Who owns the product and how to reach them. */
  public record Owner(String team, String contact) {
    public Owner {
      requireNonNull(team, "team is null");
      requireNonNull(contact, "contact is null");
    }
  }

  /** The dataset-level freshness rule: the newest {@code column} value is at most maxAge old. */
  public record Freshness(String column, Duration maxAge) {
    public Freshness {
      requireNonNull(column, "column is null");
      requireNonNull(maxAge, "maxAge is null");
    }
  }

  public ProductDescriptor {
    requireNonNull(id, "id is null");
    requireNonNull(domain, "domain is null");
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(description, "description is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(classification, "classification is null");
    tags = List.copyOf(tags);
    requireNonNull(freshnessSla, "freshnessSla is null");
    requireNonNull(contract, "contract is null");
    requireNonNull(tableName, "tableName is null");
    partitioning = List.copyOf(partitioning);
    bloomFilterColumns = List.copyOf(bloomFilterColumns);
    inputs = List.copyOf(inputs);
    requireNonNull(minRows, "minRows is null");
    requireNonNull(maxRows, "maxRows is null");
    requireNonNull(freshness, "freshness is null");
  }

  /** The same product at another contract version, e.g. a proposed release or an older one. */
  public ProductDescriptor withContract(String version, Schema contract) {
    return new ProductDescriptor(
        id,
        domain,
        name,
        version,
        description,
        owner,
        classification,
        tags,
        freshnessSla,
        contract,
        tableName,
        partitioning,
        bloomFilterColumns,
        inputs,
        minRows,
        maxRows,
        freshness);
  }

  /** The Iceberg table identifier of the current major version: {@code <domain>.<table>}. */
  public String table() {
    return domain + "." + tableName;
  }

  /** Every rule a release must pass: the contract's field rules, then the dataset rules. */
  public List<QualityRule> qualityRules() {
    List<QualityRule> rules = new ArrayList<>(QualityRules.fieldRules(contract));
    if (minRows.isPresent() || maxRows.isPresent()) {
      rules.add(new QualityRule.RowCount(minRows, maxRows));
    }
    freshness.ifPresent(rule -> rules.add(new QualityRule.Freshness(rule.column(), rule.maxAge())));
    return rules;
  }
}
