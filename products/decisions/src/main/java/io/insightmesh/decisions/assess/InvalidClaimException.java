package io.insightmesh.decisions.assess;

import java.util.List;
import java.util.stream.Collectors;

/** A submitted claim breaks the claims contract; nothing was assessed or logged for it. */
public class InvalidClaimException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidClaimException(List<FieldError> errors) {
    super(
        "Invalid claim: "
            + errors.stream()
                .map(error -> error.field() + " " + error.message())
                .collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
