package io.insightmesh.decisions.service;

import io.insightmesh.decisions.admin.BlockListAdministration;
import io.insightmesh.decisions.admin.RuleAdministration;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.Fingerprinter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The services behind the rules and block-list APIs, over the engine's stores, auditing into the
 * engine's one audit log ({@link CaseWork#audit()}); block-listed values appear there only as their
 * fingerprints.
 */
@ApplicationScoped
@Startup
public class Administration {
  private final AuditLog audit;
  private final RuleAdministration rules;
  private final BlockListAdministration blockLists;

  public Administration(Engine engine, EngineConfig config, CaseWork cases) {
    Path state = config.dataDir().resolve("decisions");
    // One audit log per engine: two writers appending to one file would interleave lines.
    this.audit = cases.audit();
    Clock clock = Clock.systemUTC();
    this.rules =
        new RuleAdministration(engine.assessments().rules(), engine.rulesets(), audit, clock);
    this.blockLists =
        new BlockListAdministration(
            engine.blockLists(),
            audit,
            Fingerprinter.open(state.resolve(CaseWork.AUDIT_KEY), state.resolve("audit")),
            clock);
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
}
