package io.insightmesh.decisions.service;

import io.insightmesh.decisions.admin.BlockListAdministration;
import io.insightmesh.decisions.admin.RuleAdministration;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.ValueHasher;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The services behind the rules and block-list APIs, over the engine's stores, with the audit log
 * ({@code <data-dir>/decisions/audit}) and the salt that names block-listed values in it ({@code
 * <data-dir>/decisions/keys/audit-salt}, kept apart so a copy of the audit log alone cannot be
 * matched against guessed NINOs or accounts).
 */
@ApplicationScoped
@Startup
public class Administration {
  private final AuditLog audit;
  private final RuleAdministration rules;
  private final BlockListAdministration blockLists;

  public Administration(Engine engine, EngineConfig config) {
    Path state = config.dataDir().resolve("decisions");
    ValueHasher hasher = ValueHasher.open(state.resolve("keys").resolve("audit-salt"));
    this.audit = AuditLog.open(state.resolve("audit"));
    Clock clock = Clock.systemUTC();
    this.rules =
        new RuleAdministration(engine.assessments().rules(), engine.rulesets(), audit, clock);
    this.blockLists = new BlockListAdministration(engine.blockLists(), audit, hasher, clock);
  }

  /** Changes to the rules in force. */
  public RuleAdministration rules() {
    return rules;
  }

  /** Changes to the block lists. */
  public BlockListAdministration blockLists() {
    return blockLists;
  }

  /** The audit log of both. */
  public AuditLog audit() {
    return audit;
  }

  @PreDestroy
  void close() {
    audit.close();
  }
}
