package io.insightmesh.it.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code --name=value} options every {@code ./mesh bench} benchmark takes. */
final class BenchmarkOptions {
  private BenchmarkOptions() {}

  /**
   * @throws IllegalArgumentException naming the argument and the accepted {@code usage}, for one
   *     not of the form --name=value
   */
  static Map<String, String> parse(String[] args, String usage) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("Invalid argument " + arg + ": use " + usage);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }

  /**
   * The JVM options of a comma-separated list ({@code ./mesh} passes its arguments on, and a space
   * would split one). A comma starts a new option only before a dash, since options such as {@code
   * -Xlog:gc*,safepoint} hold commas of their own.
   */
  static List<String> jvmOptions(String list) {
    return Arrays.stream(list.split(",(?=-)")).filter(option -> !option.isBlank()).toList();
  }
}
