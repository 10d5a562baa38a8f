package io.heapcapture.sidecar.process;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the one JVM a capture is about. */
public final class JvmSelector {
  private static final Logger LOG = LoggerFactory.getLogger(JvmSelector.class);
  private static final int LISTED_CANDIDATES = 5;
  private static final int SHORT_COMMAND_LINE = 80;

  private final ProcessTable table;

  /** A selector over the JVMs of {@code table}. */
  public JvmSelector(ProcessTable table) {
    this.table = table;
  }

  /**
   * The only visible JVM whose command line contains a match of {@code commandPattern} and that
   * runs in container {@code containerId}; either may be null for "any".
   */
  public JvmProcess select(String commandPattern, String containerId) throws CaptureException {
    return choose(table.jvms(), commandPattern, containerId);
  }

  static JvmProcess choose(List<JvmProcess> jvms, String commandPattern, String containerId)
      throws CaptureException {
    List<JvmProcess> candidates = inContainer(jvms, containerId);
    if (commandPattern != null && !commandPattern.isEmpty()) {
      Pattern pattern = compile(commandPattern);
      candidates =
          candidates.stream().filter(jvm -> pattern.matcher(jvm.commandLine()).find()).toList();
    }
    if (candidates.isEmpty()) {
      throw new CaptureException(FailureReason.NO_JVM_FOUND, noneMessage(jvms, commandPattern));
    }
    if (candidates.size() > 1) {
      throw new CaptureException(FailureReason.MULTIPLE_JVMS, severalMessage(candidates));
    }
    return candidates.get(0);
  }

  // With a cgroup namespace (the default on cgroup v2) a process sees "0::/" and no container id
  // at all; then the filter cannot tell containers apart and must not hide every JVM.
  private static List<JvmProcess> inContainer(List<JvmProcess> jvms, String containerId) {
    if (containerId == null || containerId.isEmpty()) {
      return jvms;
    }
    List<JvmProcess> inside =
        jvms.stream().filter(jvm -> jvm.cgroup().contains(containerId)).toList();
    if (inside.isEmpty()) {
      LOG.info(
          "No visible JVM's cgroup names container {}; choosing among all {} JVMs",
          containerId,
          jvms.size());
      return jvms;
    }
    return inside;
  }

  private static Pattern compile(String commandPattern) throws CaptureException {
    try {
      return Pattern.compile(commandPattern);
    } catch (PatternSyntaxException e) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST,
          "the process pattern '" + commandPattern + "' is not a valid regular expression");
    }
  }

  private static String noneMessage(List<JvmProcess> jvms, String commandPattern) {
    if (jvms.isEmpty()) {
      return "no JVM process is visible to the sidecar; the pod needs shareProcessNamespace: true"
          + " and the sidecar the JVM's uid";
    }
    return "none of the "
        + jvms.size()
        + " visible JVMs has a command line matching the process pattern '"
        + commandPattern
        + "'";
  }

  private static String severalMessage(List<JvmProcess> candidates) {
    String listed =
        candidates.stream()
            .limit(LISTED_CANDIDATES)
            .map(jvm -> jvm.pid() + " (" + shorten(jvm.commandLine()) + ")")
            .collect(Collectors.joining(", "));
    String more =
        candidates.size() > LISTED_CANDIDATES
            ? " and " + (candidates.size() - LISTED_CANDIDATES) + " more"
            : "";
    return candidates.size()
        + " JVMs match: "
        + listed
        + more
        + "; set the process pattern to choose one";
  }

  private static String shorten(String commandLine) {
    return commandLine.length() <= SHORT_COMMAND_LINE
        ? commandLine
        : commandLine.substring(0, SHORT_COMMAND_LINE - 3) + "...";
  }
}
