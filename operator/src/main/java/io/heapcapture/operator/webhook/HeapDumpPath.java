package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the application's JVM writes heap dumps on its own ({@code -XX:HeapDumpPath}), read from
 * the container spec: the JVM option variables, then the command and args, the last one winning as
 * in the JVM (JAVA_TOOL_OPTIONS is read first, the command line last). Only what the spec says
 * literally counts: a value from a ConfigMap, Secret or field, or with a {@code $(VAR)} or shell
 * variable in it, is only known when the container runs.
 */
final class HeapDumpPath {
  /** The variables that carry JVM options, in the order the JVM (or its scripts) applies them. */
  static final List<String> OPTION_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");

  private static final Pattern OPTION =
      Pattern.compile("(?:^|\\s)-XX:HeapDumpPath=(\"[^\"]*\"|'[^']*'|\\S*)");

  private HeapDumpPath() {}

  /**
   * The directory the dump volume should be mounted at in {@code app}, or the default with the
   * reason in a warning.
   */
  static DumpDirectory directory(Container app, String defaultDirectory) {
    Optional<Source> last = Optional.empty();
    for (Source source : sources(app)) {
      last = Optional.of(source);
    }
    if (last.isEmpty()) {
      return new DumpDirectory(defaultDirectory, Optional.empty());
    }
    Source source = last.get();
    if (source.value().isEmpty()) {
      return fallback(defaultDirectory, source.where() + " is not in the pod spec");
    }
    String value = source.value().get();
    if (value.contains("$")) {
      return fallback(
          defaultDirectory,
          "-XX:HeapDumpPath=" + value + " in " + source.where() + " names a variable");
    }
    if (!value.startsWith("/")) {
      return fallback(
          defaultDirectory,
          "-XX:HeapDumpPath=" + value + " in " + source.where() + " is not an absolute path");
    }
    String directory = directoryOf(value);
    if (directory.equals("/")) {
      return fallback(
          defaultDirectory, "-XX:HeapDumpPath=" + value + " in " + source.where() + " is in /");
    }
    return new DumpDirectory(directory, Optional.empty());
  }

  /** A path ending in {@code .hprof} (or naming the pid with {@code %p}) is a file: its parent. */
  static String directoryOf(String path) {
    String trimmed = path.replaceAll("/+$", "");
    if (trimmed.isEmpty()) {
      return "/";
    }
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    if (last.endsWith(".hprof") || last.contains("%p")) {
      String parent = trimmed.substring(0, trimmed.lastIndexOf('/'));
      return parent.isEmpty() ? "/" : parent;
    }
    return trimmed;
  }

  private static DumpDirectory fallback(String defaultDirectory, String why) {
    return new DumpDirectory(
        defaultDirectory,
        Optional.of(why + ": the dump volume is mounted at " + defaultDirectory + " instead"));
  }

  /** Every place in the spec that sets the option (or may, unseen), in the JVM's order. */
  private static List<Source> sources(Container app) {
    List<Source> sources = new ArrayList<>();
    List<EnvVar> env = app.getEnv() == null ? List.of() : app.getEnv();
    for (String variable : OPTION_VARIABLES) {
      for (EnvVar var : env) {
        if (!variable.equals(var.getName())) {
          continue;
        }
        if (var.getValueFrom() != null) {
          sources.add(new Source(variable + " (from valueFrom)", Optional.empty()));
        } else if (var.getValue() != null) {
          options(var.getValue(), variable, sources);
        }
      }
    }
    for (List<String> line : List.of(listOrEmpty(app.getCommand()), listOrEmpty(app.getArgs()))) {
      for (String word : line) {
        options(word, "the container's command line", sources);
      }
    }
    return sources;
  }

  private static void options(String text, String where, List<Source> sources) {
    Matcher matcher = OPTION.matcher(text);
    while (matcher.find()) {
      sources.add(new Source(where, Optional.of(unquote(matcher.group(1)))));
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static List<String> listOrEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  /** One place that sets the option: its value, or empty when the spec does not show it. */
  private record Source(String where, Optional<String> value) {}

  /**
   * Where the app container gets the dump volume.
   *
   * @param path an absolute directory
   * @param warning why it is not where {@code -XX:HeapDumpPath} points, if so
   */
  record DumpDirectory(String path, Optional<String> warning) {}
}
