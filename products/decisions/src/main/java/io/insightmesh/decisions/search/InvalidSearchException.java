package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

/**
 * A search request that breaks a rule: its message names the parameter and the rule, never the
 * value, because searched values are personal data.
 */
public class InvalidSearchException extends RuntimeException {
  private final String parameter;

  /**
   * The parameter and the rule it broke.
   *
   * @param parameter the query parameter, e.g. {@code nino}
   * @param rule what the parameter must be, e.g. {@code must be a National Insurance number}
   */
  public InvalidSearchException(String parameter, String rule) {
    super("Invalid search: " + parameter + " " + rule);
    this.parameter = requireNonNull(parameter, "parameter is null");
  }

  /** The offending query parameter. */
  public String parameter() {
    return parameter;
  }
}
