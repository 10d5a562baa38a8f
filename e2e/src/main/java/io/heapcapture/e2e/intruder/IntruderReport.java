package io.heapcapture.e2e.intruder;

import io.heapcapture.demo.intruder.Intruder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to run the {@link Intruder}, and what it printed: for tests that run it in a stand-in pod or
 * in a real pod's application container.
 *
 * @param privateKeys private-key blocks found in anything readable
 * @param certificates certificates found
 * @param attempts one line per try at commanding a sidecar
 * @param captured whether any try got a capture
 * @param output everything it printed
 */
public record IntruderReport(
    int privateKeys, int certificates, List<String> attempts, boolean captured, String output) {
  private static final Pattern FOUND =
      Pattern.compile("FOUND files=\\d+ certificates=(\\d+) private-keys=(\\d+)");

  /**
   * The command line: {@code java} 17+, the class path with {@link #classes()} as the pod sees it,
   * then the intruder's arguments.
   */
  public static List<String> command(String java, String classPath, List<String> arguments) {
    List<String> command = new ArrayList<>(List.of(java, "-cp", classPath));
    command.add(Intruder.class.getName());
    command.addAll(arguments);
    return command;
  }

  /** Where the intruder's classes are: a directory or jar with no other dependency. */
  public static Path classes() {
    try {
      return Path.of(Intruder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static IntruderReport parse(String output) {
    Matcher found = FOUND.matcher(output);
    if (!found.find() || !output.contains("RESULT ")) {
      throw new IllegalArgumentException("not the intruder's output: " + output);
    }
    List<String> attempts =
        output.lines().filter(l -> l.startsWith("ATTEMPT ")).map(l -> l.substring(8)).toList();
    return new IntruderReport(
        Integer.parseInt(found.group(2)),
        Integer.parseInt(found.group(1)),
        attempts,
        output.contains("RESULT captured"),
        output);
  }
}
