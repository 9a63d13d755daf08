package io.insightmesh.decisions.cases;

/** What a case worker found a claim to be. */
public enum Verdict {
  CONFIRMED_FRAUD,
  LEGITIMATE
}
