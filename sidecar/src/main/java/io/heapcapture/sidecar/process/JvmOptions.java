package io.heapcapture.sidecar.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The option tokens a JVM was started with, from its command line and its option environment
 * variables, in the order HotSpot applies them (so the last setting of a flag wins).
 */
public record JvmOptions(List<String> tokens) {
  /**
   * HotSpot reads JAVA_TOOL_OPTIONS first; the launcher puts JDK_JAVA_OPTIONS before the command
   * line's own options; _JAVA_OPTIONS comes last and overrides everything.
   */
  private static final List<String> BEFORE_COMMAND_LINE =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

  private static final String AFTER_COMMAND_LINE = "_JAVA_OPTIONS";

  public JvmOptions {
    tokens = List.copyOf(tokens);
  }

  /** Options from the process arguments (argv, argv[0] included) and its environment. */
  public static JvmOptions of(List<String> argv, Map<String, String> environment) {
    List<String> tokens = new ArrayList<>();
    for (String name : BEFORE_COMMAND_LINE) {
      tokens.addAll(split(environment.get(name)));
    }
    tokens.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
    tokens.addAll(split(environment.get(AFTER_COMMAND_LINE)));
    return new JvmOptions(tokens);
  }

  /** The value of boolean flag {@code -XX:+name} / {@code -XX:-name}, if it is set at all. */
  public Optional<Boolean> flag(String name) {
    Optional<Boolean> value = Optional.empty();
    for (String token : tokens) {
      if (token.equals("-XX:+" + name)) {
        value = Optional.of(true);
      } else if (token.equals("-XX:-" + name)) {
        value = Optional.of(false);
      }
    }
    return value;
  }

  // Quoting is allowed in these variables, but a boolean -XX flag never needs it.
  private static List<String> split(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.trim().split("\\s+"));
  }
}
