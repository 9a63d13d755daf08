package io.insightmesh.catalog.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides what a caller may do with catalog objects. Domains are the first level of a namespace
 * ({@code claims}, {@code claims.staging}): a domain owner writes only inside its own domain,
 * readers read, admins manage, and nobody else writes. Every denial is audited before it is thrown.
 */
@ApplicationScoped
public class Authorizer {

  private final CallerContext context;
  private final AuditLog audit;
  private final MeterRegistry metrics;

  public Authorizer(CallerContext context, AuditLog audit, MeterRegistry metrics) {
    this.context = context;
    this.audit = audit;
    this.metrics = metrics;
  }

  /** Reading catalog metadata: tables, views, namespaces, products. */
  public Caller checkRead(String action, String target) {
    Caller caller = context.caller();
    if (mayRead(caller)) {
      return caller;
    }
    throw deny(caller, action, target, "reading the catalog needs a reader role");
  }

  /**
   * Reading the dashboard's engine figures (counts, no claim): the catalog's readers and case
   * workers, whose UI shows them too.
   */
  public Caller checkDashboard(String action, String target) {
    Caller caller = context.caller();
    if (mayRead(caller) || caller.has(Role.CASE_WORKER)) {
      return caller;
    }
    throw deny(caller, action, target, "the dashboard needs a reader role or the case-worker role");
  }

  /** Whether {@link #checkRead} lets the current caller through; never blocks, audits nothing. */
  public boolean callerMayRead() {
    return mayRead(context.caller());
  }

  /**
   * Whether {@link #checkRead} lets {@code caller} through, decided in memory: only a refusal is
   * written to the audit log.
   */
  public boolean mayRead(Caller caller) {
    return caller.isAdmin()
        || caller.isDomainOwner()
        || caller.has(Role.ANALYST)
        || caller.has(Role.PII_ANALYST)
        || caller.has(Role.SCORING_ENGINE)
        || caller.has(Role.TRINO);
  }

  /**
   * Changing tables, views and namespaces inside {@code domain} through the Iceberg REST API. The
   * query engine's service principal passes too: it writes for its users, each of whom the access
   * policy ({@code /api/v1/policy/trino}) held to the same domain-ownership rule first.
   */
  public Caller checkTableWrite(String action, String domain, String target) {
    Caller caller = context.caller();
    if (caller.has(Role.TRINO)) {
      return caller;
    }
    return checkWrite(action, domain, target);
  }

  /** Changing anything inside {@code domain}. */
  public Caller checkWrite(String action, String domain, String target) {
    Caller caller = context.caller();
    if (caller.isAdmin() || caller.ownsDomain(domain)) {
      return caller;
    }
    throw deny(
        caller,
        action,
        target,
        "only the owner of domain " + domain + " (role domain-owner:" + domain + ") may write it");
  }

  /**
   * Sending lineage events: the producers are the domain teams' pipelines, the scoring engine,
   * Trino's event listener and admins. Readers only read lineage.
   */
  public Caller checkLineageWrite(String action, String target) {
    Caller caller = context.caller();
    if (caller.isAdmin()
        || caller.isDomainOwner()
        || caller.has(Role.SCORING_ENGINE)
        || caller.has(Role.TRINO)) {
      return caller;
    }
    throw deny(
        caller,
        action,
        target,
        "sending lineage needs a producer role (domain-owner:<domain>, scoring-engine, trino or"
            + " admin)");
  }

  /** Platform administration: principals, grants, audit. */
  public Caller checkAdmin(String action, String target) {
    Caller caller = context.caller();
    if (caller.isAdmin()) {
      return caller;
    }
    throw deny(caller, action, target, "needs the admin role");
  }

  /**
   * Records a write that has taken effect. It never fails the request: the change is made, and an
   * error now would tell the client it may not be. Iceberg's client reports a commit answered 503
   * (the status of an unavailable store) as an unknown outcome, so a Spark job or the scoring
   * engine's committer stops to find out whether data it wrote is in the table; and a client that
   * resends a 503 would meet a 409 from the commit's own requirements and take it for a lost race.
   * An entry the store refuses goes to the service's log instead, at ERROR, and is counted in
   * {@code mesh.catalog.audit.unrecorded}.
   */
  public void recordWrite(Caller caller, String action, String target) {
    audit.recordOrKeepInLog(
        context.requestId(), caller.principal(), action, target, AuditLog.Outcome.ALLOWED, null);
  }

  private AccessDeniedException deny(Caller caller, String action, String target, String rule) {
    metrics.counter("mesh.catalog.denials", "action", action).increment();
    audit.record(
        context.requestId(), caller.principal(), action, target, AuditLog.Outcome.DENIED, rule);
    return new AccessDeniedException(
        "Principal " + caller.principal() + " may not " + action + " " + target + ": " + rule);
  }
}
