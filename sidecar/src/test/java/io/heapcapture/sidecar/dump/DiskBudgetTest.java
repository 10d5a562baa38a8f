package io.heapcapture.sidecar.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBudgetTest {
  @TempDir Path dir;

  @Test
  void readsTheCommittedHeapOfG1() {
    String g1 =
        """
         garbage-first heap   total 397312K, used 18602K [0x0000000687400000, 0x0000000800000000)
          region size 4096K, 4 young (16384K), 0 survivors (0K)
         Metaspace       used 8996K, committed 9216K, reserved 1114112K
          class space    used 1065K, committed 1152K, reserved 1048576K
        """;

    assertThat(DiskBudget.heapBytes(g1)).hasValue(397312L * 1024);
  }

  @Test
  void addsUpTheGenerationsOfParallelAndSerial() {
    String parallel =
        """
         PSYoungGen      total 76288K, used 3932K [0x000000076b000000, 0x0000000770500000, 0x00000007c0000000)
          eden space 65536K, 6% used [0x000000076b000000,0x000000076b3d7240,0x000000076f000000)
         ParOldGen       total 175104K, used 0K [0x00000006c1000000, 0x00000006cbb00000, 0x000000076b000000)
         Metaspace       used 8996K, committed 9216K, reserved 1114112K
        """;
    String serial =
        """
         def new generation   total 9792K, used 5213K [0x00000000fc000000, 0x00000000fcaa0000)
         tenured generation   total 21888K, used 0K [0x00000000fcaa0000, 0x00000000fe000000)
        """;

    assertThat(DiskBudget.heapBytes(parallel)).hasValue((76288L + 175104) * 1024);
    assertThat(DiskBudget.heapBytes(serial)).hasValue((9792L + 21888) * 1024);
  }

  @Test
  void unknownFormatGivesNoEstimate() {
    String zgc = " ZHeap           used 8M, capacity 512M, max capacity 4096M\n";

    assertThat(DiskBudget.heapBytes(zgc)).isEmpty();
  }

  @Test
  void refusesWhenTheVolumeIsTooSmall() {
    CaptureException e =
        catchThrowableOfType(CaptureException.class, () -> DiskBudget.require(dir, Long.MAX_VALUE));

    assertThat(e.reason()).isEqualTo(FailureReason.INSUFFICIENT_DISK);
    assertThat(e.getMessage())
        .containsPattern(" has \\d+ bytes free")
        .contains("" + Long.MAX_VALUE);
  }

  @Test
  void acceptsWhenItFits() {
    assertThatCode(() -> DiskBudget.require(dir, 1)).doesNotThrowAnyException();
  }

  @Test
  void missingDirectoryIsAnInternalFault() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> DiskBudget.require(dir.resolve("missing"), 1));

    assertThat(e.reason()).isEqualTo(FailureReason.INTERNAL);
  }

  @Test
  void pendingDumpsCountAgainstTheBudget() {
    assertThatCode(() -> DiskBudget.requireWithin(1000, 400, 600)).doesNotThrowAnyException();
    assertThatCode(() -> DiskBudget.requireWithin(0, 1L << 40, 1L << 40))
        .as("no budget: only free space limits")
        .doesNotThrowAnyException();

    CaptureException tooMuch =
        catchThrowableOfType(
            () -> DiskBudget.requireWithin(1000, 400, 601), CaptureException.class);
    CaptureException full =
        catchThrowableOfType(() -> DiskBudget.requireWithin(1000, 1000, 0), CaptureException.class);

    assertThat(tooMuch.reason()).isEqualTo(FailureReason.INSUFFICIENT_DISK);
    assertThat(tooMuch.getMessage()).contains("400 bytes").contains("1000 bytes");
    assertThat(full.reason()).isEqualTo(FailureReason.INSUFFICIENT_DISK);
  }
}
