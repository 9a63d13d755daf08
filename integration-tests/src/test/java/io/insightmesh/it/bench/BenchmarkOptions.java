package io.insightmesh.it.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code --name=value} options every {@code ./mesh bench} benchmark takes. */
final class BenchmarkOptions {
  private BenchmarkOptions() {}

  /**
   * The options of {@code args}, each of the form {@code --name=value} with a name the {@code
   * usage} shows (as {@code --name=}): a mistyped name would otherwise run a long benchmark on a
   * default.
   *
   * @throws IllegalArgumentException naming the argument and the accepted {@code usage}
   */
  static Map<String, String> parse(String[] args, String usage) {
    Set<String> names = new HashSet<>();
    Matcher name = Pattern.compile("--([a-z-]+)=").matcher(usage);
    while (name.find()) {
      names.add(name.group(1));
    }
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("Invalid argument " + arg + ": use " + usage);
      }
      String option = arg.substring(2, arg.indexOf('='));
      if (!names.contains(option)) {
        throw new IllegalArgumentException("Unknown option --" + option + ": use " + usage);
      }
      options.put(option, arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }

  /**
   * As {@link #parse}, for a benchmark's {@code main}: a bad argument ends the program with the
   * message and exit status 2, as a command line's usage error, not a stack trace.
   */
  static Map<String, String> parseOrExit(String[] args, String usage) {
    try {
      return parse(args, usage);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      throw e;
    }
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
