package io.heapcapture.sidecar.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.FailureReason;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeapDumpCommandTest {
  // Verbatim from JDK 17 (tabs included).
  static final String JDK17_HELP =
      """
      GC.heap_dump
      Generate a HPROF format dump of the Java heap.

      Impact: High: Depends on Java heap size and content. Request a full GC unless the '-all' option is specified.

      Permission: java.lang.management.ManagementPermission(monitor)

      Syntax : GC.heap_dump [options] <filename>

      Arguments:
      \tfilename :  Name of the dump file (STRING, no default value)

      Options: (options must be specified using the <key> or <key>=<value> syntax)
      \t-all : [optional] Dump all objects, including unreachable objects (BOOLEAN, false)
      \t-gz : [optional] If specified, the heap dump is written in gzipped format using the given compression level. 1 (recommended) is the fastest, 9 the strongest compression. (INT, 1)
      \t-overwrite : [optional] If specified, the dump file will be overwritten if it exists (BOOLEAN, false)
      """;

  // JDK 11 has neither -gz nor -overwrite; JDK 22 adds -parallel.
  static final String JDK11_OPTIONS =
      """
      GC.heap_dump
      Syntax : GC.heap_dump [options] <filename>
      Options: (options must be specified using the <key> or <key>=<value> syntax)
      \t-all : [optional] Dump all objects, including unreachable objects (BOOLEAN, false)
      """;

  static final String JDK22_OPTIONS =
      JDK17_HELP
          + "\t-parallel : [optional] Number of parallel threads to use for heap dump. (INT, 1)\n";

  @Test
  void readsTheOptionsTheJvmOffers() throws CaptureException {
    assertThat(HeapDumpCommand.fromHelp(JDK17_HELP).options())
        .containsExactlyInAnyOrder("-all", "-gz", "-overwrite");
    assertThat(HeapDumpCommand.fromHelp(JDK11_OPTIONS).options()).containsExactly("-all");
    assertThat(HeapDumpCommand.fromHelp(JDK22_OPTIONS).supports("-parallel")).isTrue();
  }

  @Test
  void liveDumpHasNoAllOptionAndNeverCompresses() throws CaptureException {
    HeapDumpCommand command = HeapDumpCommand.fromHelp(JDK22_OPTIONS);

    assertThat(command.commandLine(CaptureKind.HEAP_DUMP_LIVE, Path.of("/dumps/a.hprof")))
        .isEqualTo("GC.heap_dump /dumps/a.hprof");
    assertThat(command.commandLine(CaptureKind.HEAP_DUMP_ALL, Path.of("/dumps/a.hprof")))
        .isEqualTo("GC.heap_dump -all /dumps/a.hprof");
  }

  @Test
  void quotesAPathWithSpaces() throws CaptureException {
    assertThat(
            new HeapDumpCommand(Set.of("-all"))
                .commandLine(CaptureKind.HEAP_DUMP_LIVE, Path.of("/my dumps/a.hprof")))
        .isEqualTo("GC.heap_dump \"/my dumps/a.hprof\"");
  }

  @Test
  void allObjectsNeedTheAllOption() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class,
            () ->
                new HeapDumpCommand(Set.of())
                    .commandLine(CaptureKind.HEAP_DUMP_ALL, Path.of("/d/a.hprof")));

    assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
  }

  @Test
  void helpWithoutHeapDumpIsADumpFailure() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> HeapDumpCommand.fromHelp("Unknown diagnostic command\n"));

    assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
  }
}
