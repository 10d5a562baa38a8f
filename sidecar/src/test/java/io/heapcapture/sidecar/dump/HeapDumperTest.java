package io.heapcapture.sidecar.dump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the JVM's answer to GC.heap_dump. */
class HeapDumperTest {
  @Test
  void successLineGivesTheSize() {
    String output =
        "Dumping heap to /d/a.hprof ...\nHeap dump file created [7379944 bytes in 0.079 secs]\n";

    assertThat(HeapDumper.createdBytes(output)).hasValue(7379944);
  }

  @Test
  void errorsComeWithoutTheSuccessLine() {
    String output = "Dumping heap to /d/a.hprof ...\nUnable to create /d/a.hprof: File exists\n";

    assertThat(HeapDumper.createdBytes(output)).isEmpty();
    assertThat(HeapDumper.reason(output)).isEqualTo("Unable to create /d/a.hprof: File exists");
  }

  @Test
  void reasonIsOneShortLine() {
    assertThat(HeapDumper.reason("\n  " + "x".repeat(500) + "\nsecond\n"))
        .hasSize(200)
        .endsWith("...");
    assertThat(HeapDumper.reason("")).isEqualTo("(no output)");
  }
}
