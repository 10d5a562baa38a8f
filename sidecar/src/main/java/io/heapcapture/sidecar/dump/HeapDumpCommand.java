package io.heapcapture.sidecar.dump;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.FailureReason;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code GC.heap_dump} command line for one JVM, built from the options that JVM says it has
 * ({@code -all}, {@code -gz}, {@code -overwrite}, {@code -parallel} differ by JDK version).
 *
 * @param options the option names from the JVM's {@code help GC.heap_dump}, such as {@code -all}
 */
public record HeapDumpCommand(Set<String> options) {
  /** The jcmd command line that describes {@code GC.heap_dump}. */
  public static final String HELP = "help GC.heap_dump";

  private static final Pattern OPTION = Pattern.compile("(?m)^\\s*(-[A-Za-z][\\w-]*)\\s*:");

  public HeapDumpCommand {
    options = Set.copyOf(options);
  }

  /** Reads the options from the JVM's answer to {@link #HELP}. */
  public static HeapDumpCommand fromHelp(String helpOutput) throws CaptureException {
    if (!helpOutput.contains("GC.heap_dump")) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED, "the JVM has no GC.heap_dump command (not a HotSpot JVM?)");
    }
    Set<String> options = new LinkedHashSet<>();
    Matcher matcher = OPTION.matcher(helpOutput);
    while (matcher.find()) {
      options.add(matcher.group(1));
    }
    return new HeapDumpCommand(options);
  }

  /** Whether this JVM's {@code GC.heap_dump} has {@code option}, such as {@code -overwrite}. */
  public boolean supports(String option) {
    return options.contains(option);
  }

  /**
   * The command line that dumps {@code kind} into {@code file} (a path in the JVM's file system).
   * Never {@code -gz}: compressing in the JVM lengthens the pause, so the sidecar compresses. Never
   * {@code -overwrite}: an existing file is someone's earlier dump, not ours to destroy.
   */
  public String commandLine(CaptureKind kind, Path file) throws CaptureException {
    StringBuilder line = new StringBuilder("GC.heap_dump");
    if (kind == CaptureKind.HEAP_DUMP_ALL) {
      if (!supports("-all")) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED,
            "this JVM cannot dump unreachable objects (no -all option); ask for a live dump");
      }
      line.append(" -all");
    }
    // Without -all the JVM dumps live objects only, after a full GC.
    return line.append(' ').append(quoted(file.toString())).toString();
  }

  // The diagnostic command parser splits on spaces but honours double quotes.
  private static String quoted(String path) throws CaptureException {
    if (path.contains("\"")) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST, "the dump path must not contain a double quote: " + path);
    }
    return path.chars().anyMatch(Character::isWhitespace) ? '"' + path + '"' : path;
  }
}
