package io.insightmesh.decisions.assess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class WithheldMessagesTest {
  @Test
  void aPrintedFailureNamesEveryClassAndFrameButNoMessage() {
    IllegalStateException failure =
        new IllegalStateException(
            "nino AB123456C", new NumberFormatException("For input string: \"12-34-56 87654321\""));
    failure.addSuppressed(new UncheckedIOException("name Jane Doe", new java.io.IOException()));

    Throwable withheld = WithheldMessages.of(failure);
    String printed = printed(withheld);

    assertThat(printed)
        .doesNotContain("AB123456C", "87654321", "Jane Doe")
        .contains(
            "java.lang.IllegalStateException: (message withheld",
            "Caused by: java.lang.NumberFormatException: (message withheld",
            "Suppressed: java.io.UncheckedIOException: (message withheld",
            "java.io.IOException: (message withheld")
        .contains("aPrintedFailureNamesEveryClassAndFrameButNoMessage");
    assertThat(withheld.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertThat(withheld.getCause().getStackTrace()).isEqualTo(failure.getCause().getStackTrace());
  }

  @Test
  void aCauseChainThatLoopsIsCopiedOnce() {
    IllegalStateException outer = new IllegalStateException("account 87654321");
    IllegalArgumentException inner = new IllegalArgumentException("postcode SW1A 1AA", outer);
    outer.initCause(inner);

    Throwable withheld = WithheldMessages.of(outer);

    assertThat(withheld.getCause().toString()).startsWith("java.lang.IllegalArgumentException");
    assertThat(withheld.getCause().getCause()).isNull();
    assertThat(printed(withheld)).doesNotContain("87654321", "SW1A");
    assertThat(WithheldMessages.of(null)).isNull();
  }

  private static String printed(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
