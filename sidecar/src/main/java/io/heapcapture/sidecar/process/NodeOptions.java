package io.heapcapture.sidecar.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The option tokens a Node.js process was started with: {@code NODE_OPTIONS} first, then the
 * command line, which takes precedence (so the last setting of an option wins).
 *
 * <p>The whole command line is kept, the script's own arguments included: telling Node's options
 * from the script's needs Node's list of options that take a separate value. An application
 * argument spelled like one of the two options read here is not worth that table.
 */
public record NodeOptions(List<String> tokens) {
  private static final String ENVIRONMENT_VARIABLE = "NODE_OPTIONS";

  public NodeOptions {
    tokens = List.copyOf(tokens);
  }

  /** Options from the process arguments (argv, argv[0] included) and its environment. */
  public static NodeOptions of(List<String> argv, Map<String, String> environment) {
    List<String> tokens = new ArrayList<>(split(environment.get(ENVIRONMENT_VARIABLE)));
    tokens.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
    return new NodeOptions(tokens);
  }

  /** The signal of {@code --heapsnapshot-signal}, such as {@code SIGUSR2}, if set. */
  public Optional<String> heapSnapshotSignal() {
    return value("--heapsnapshot-signal");
  }

  /** The folder of {@code --diagnostic-dir}, as the process sees it, if set. */
  public Optional<String> diagnosticDir() {
    return value("--diagnostic-dir").filter(dir -> !dir.isEmpty());
  }

  /** The value of {@code --name=value} or {@code --name value}; the last one wins. */
  Optional<String> value(String name) {
    Optional<String> value = Optional.empty();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.startsWith(name + "=")) {
        value = Optional.of(token.substring(name.length() + 1));
      } else if (token.equals(name) && i + 1 < tokens.size()) {
        value = Optional.of(tokens.get(++i));
      }
    }
    return value;
  }

  // NODE_OPTIONS separates by white space and allows double quotes, with backslash escapes, around
  // values with spaces.
  static List<String> split(String value) {
    List<String> tokens = new ArrayList<>();
    if (value == null) {
      return tokens;
    }
    StringBuilder token = new StringBuilder();
    boolean inToken = false;
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\' && i + 1 < value.length()) {
        token.append(value.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        inToken = true;
      } else if (!quoted && Character.isWhitespace(c)) {
        if (inToken) {
          tokens.add(token.toString());
          token.setLength(0);
          inToken = false;
        }
      } else {
        token.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      tokens.add(token.toString());
    }
    return tokens;
  }
}
