package io.heapcapture.sidecar.dump;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.attach.AttachClient;
import io.heapcapture.sidecar.attach.AttachResponse;
import io.heapcapture.sidecar.process.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes a heap dump of a JVM into a file that both the JVM and the sidecar can reach. */
public final class HeapDumper {
  private static final Logger LOG = LoggerFactory.getLogger(HeapDumper.class);

  /** Default time a dump may take: generous, since writing runs at about 1-3 s per GB. */
  public static final Duration DEFAULT_DUMP_TIMEOUT = Duration.ofMinutes(15);

  // Also covers waiting for another command to the same JVM, such as a dump, to finish.
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern CREATED =
      Pattern.compile("Heap dump file created \\[(\\d+) bytes in [\\d.,]+ secs]");
  private static final String PROGRESS_PREFIX = "Dumping heap to ";
  private static final int MAX_MESSAGE_CHARS = 200;

  private final AttachClient client;
  private final Duration dumpTimeout;

  /** A dumper that allows {@link #DEFAULT_DUMP_TIMEOUT} per dump. */
  public HeapDumper(AttachClient client) {
    this(client, DEFAULT_DUMP_TIMEOUT);
  }

  /** A dumper that gives up on a dump after {@code dumpTimeout}. */
  public HeapDumper(AttachClient client, Duration dumpTimeout) {
    this.client = client;
    this.dumpTimeout = dumpTimeout;
  }

  /**
   * Dumps the heap of {@code jvm} into a new file, which the JVM sees as {@code fileAsTargetSeesIt}
   * and the sidecar as {@code fileAsSidecarSeesIt}; checks free space first.
   */
  public HeapDump dump(
      JvmProcess jvm, CaptureKind kind, Path fileAsTargetSeesIt, Path fileAsSidecarSeesIt)
      throws CaptureException {
    HeapDumpCommand command = HeapDumpCommand.fromHelp(query(jvm, HeapDumpCommand.HELP).output());
    OptionalLong heapBytes = DiskBudget.heapBytes(query(jvm, DiskBudget.HEAP_INFO).output());
    if (heapBytes.isPresent()) {
      DiskBudget.require(fileAsSidecarSeesIt.toAbsolutePath().getParent(), heapBytes.getAsLong());
    } else {
      LOG.info("Cannot tell the heap size of JVM {}; not checking free space", jvm.pid());
    }

    // An existing file is an earlier dump (say, the OOM one) waiting for upload: never delete it.
    boolean existedBefore = Files.exists(fileAsSidecarSeesIt);
    boolean done = false;
    try {
      HeapDump dump = run(jvm, command.commandLine(kind, fileAsTargetSeesIt), fileAsSidecarSeesIt);
      done = true;
      return dump;
    } finally {
      if (!done && !existedBefore) {
        deletePartial(fileAsSidecarSeesIt);
      }
    }
  }

  private HeapDump run(JvmProcess jvm, String commandLine, Path file) throws CaptureException {
    long start = System.nanoTime();
    AttachResponse response = client.execute(jvm, commandLine, dumpTimeout);
    Duration pause = Duration.ofNanos(System.nanoTime() - start);
    if (!response.ok()) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "the JVM refused the dump (code " + response.code() + "): " + reason(response.output()));
    }
    // Errors such as "File exists" come with result code 0: only this line means success.
    OptionalLong reported = createdBytes(response.output());
    if (reported.isEmpty()) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "the JVM did not write the dump: " + reason(response.output()));
    }
    long bytes = reported.getAsLong();
    long actual = sizeOrMinusOne(file);
    if (actual != bytes) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "the JVM wrote "
              + bytes
              + " bytes but the sidecar finds "
              + (actual < 0 ? "no file" : actual + " bytes")
              + " at "
              + file
              + "; do both containers mount the dump volume at the same path?");
    }
    return new HeapDump(file, bytes, pause);
  }

  private AttachResponse query(JvmProcess jvm, String commandLine) throws CaptureException {
    AttachResponse response = client.execute(jvm, commandLine, QUERY_TIMEOUT);
    if (!response.ok()) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "the JVM refused '"
              + commandLine
              + "' (code "
              + response.code()
              + "): "
              + reason(response.output()));
    }
    return response;
  }

  /** The size from the "Heap dump file created [N bytes in T secs]" line, if there is one. */
  static OptionalLong createdBytes(String output) {
    Matcher matcher = CREATED.matcher(output);
    return matcher.find()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  /** The JVM's explanation: its first line that is not the "Dumping heap to" progress line. */
  static String reason(String output) {
    String line =
        output
            .lines()
            .map(String::strip)
            .filter(text -> !text.isEmpty() && !text.startsWith(PROGRESS_PREFIX))
            .findFirst()
            .orElse("(no output)");
    return line.length() <= MAX_MESSAGE_CHARS
        ? line
        : line.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
  }

  private static long sizeOrMinusOne(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void deletePartial(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete partial dump {}: {}", file, e.toString());
    }
  }
}
