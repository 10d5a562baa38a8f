package io.heapcapture.sidecar.process;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the one process of a runtime that a capture is about, by container and command line. The
 * wire has one pair of reasons for every runtime: {@link FailureReason#NO_JVM_FOUND} and {@link
 * FailureReason#MULTIPLE_JVMS}; the message names the runtime.
 */
final class ProcessChoice {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessChoice.class);
  private static final int LISTED_CANDIDATES = 5;
  private static final int SHORT_COMMAND_LINE = 80;

  /**
   * How the messages name a runtime's processes.
   *
   * @param plural "JVMs"
   * @param noneVisible the message when no process of the runtime is visible at all
   * @param chooseHint what to set when several match
   */
  record Wording(String plural, String noneVisible, String chooseHint) {}

  private ProcessChoice() {}

  /**
   * The only process whose command line contains a match of {@code commandPattern} and that runs in
   * container {@code containerId}; either may be null for "any".
   */
  static <T extends TargetProcess> T choose(
      List<T> processes, String commandPattern, String containerId, Wording wording)
      throws CaptureException {
    List<T> candidates = inContainer(processes, containerId, wording);
    if (commandPattern != null && !commandPattern.isEmpty()) {
      Pattern pattern = compile(commandPattern);
      candidates =
          candidates.stream().filter(p -> pattern.matcher(p.commandLine()).find()).toList();
    }
    if (candidates.isEmpty()) {
      throw new CaptureException(
          FailureReason.NO_JVM_FOUND, noneMessage(processes, commandPattern, wording));
    }
    if (candidates.size() > 1) {
      throw new CaptureException(FailureReason.MULTIPLE_JVMS, severalMessage(candidates, wording));
    }
    return candidates.get(0);
  }

  // With a cgroup namespace (the default on cgroup v2) a process sees "0::/" and no container id
  // at all; then the filter cannot tell containers apart and must not hide every process.
  private static <T extends TargetProcess> List<T> inContainer(
      List<T> processes, String containerId, Wording wording) {
    if (containerId == null || containerId.isEmpty()) {
      return processes;
    }
    List<T> inside = processes.stream().filter(p -> p.cgroup().contains(containerId)).toList();
    if (inside.isEmpty()) {
      // Debug: armed rules select once a second, and a restarted container has a new id.
      LOG.debug(
          "No visible process's cgroup names container {}; choosing among all {} {}",
          containerId,
          processes.size(),
          wording.plural());
      return processes;
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

  private static String noneMessage(
      List<? extends TargetProcess> processes, String commandPattern, Wording wording) {
    if (processes.isEmpty()) {
      return wording.noneVisible();
    }
    return "none of the "
        + processes.size()
        + " visible "
        + wording.plural()
        + " has a command line matching the process pattern '"
        + commandPattern
        + "'";
  }

  private static String severalMessage(List<? extends TargetProcess> candidates, Wording wording) {
    String listed =
        candidates.stream()
            .limit(LISTED_CANDIDATES)
            .map(p -> p.pid() + " (" + shorten(p.commandLine()) + ")")
            .collect(Collectors.joining(", "));
    String more =
        candidates.size() > LISTED_CANDIDATES
            ? " and " + (candidates.size() - LISTED_CANDIDATES) + " more"
            : "";
    return candidates.size()
        + " "
        + wording.plural()
        + " match: "
        + listed
        + more
        + "; "
        + wording.chooseHint();
  }

  private static String shorten(String commandLine) {
    return commandLine.length() <= SHORT_COMMAND_LINE
        ? commandLine
        : commandLine.substring(0, SHORT_COMMAND_LINE - 3) + "...";
  }
}
