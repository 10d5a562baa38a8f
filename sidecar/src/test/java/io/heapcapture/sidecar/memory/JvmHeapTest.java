package io.heapcapture.sidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class JvmHeapTest {
  static final long MB = 1024 * 1024;

  @Test
  void g1HeapIsTheGenerationsMaximumNotTheirSum() throws Exception {
    PerfCounters counters = load(PerfDataImage.g1(128 * MB, 10 * MB, 2 * MB, 20 * MB));

    assertThat(JvmHeap.used(counters)).isEqualTo(32 * MB);
    assertThat(JvmHeap.max(counters)).isEqualTo(128 * MB + 24);
    assertThat(JvmHeap.oldGeneration(counters)).isEqualTo(1);
  }

  @Test
  void parallelHeapIsTheSumOfItsGenerations() throws Exception {
    PerfCounters counters = load(PerfDataImage.parallel(40 * MB, 88 * MB, 8 * MB, 30 * MB));

    assertThat(JvmHeap.used(counters)).isEqualTo(38 * MB);
    assertThat(JvmHeap.max(counters)).isEqualTo(128 * MB);
    assertThat(JvmHeap.used(counters, 1)).isEqualTo(30 * MB);
  }

  @Test
  void shenandoahAndSingleGenerationZgcHaveNoOldGeneration() throws Exception {
    PerfCounters shenandoah = load(PerfDataImage.shenandoah(128 * MB, 50 * MB));
    PerfCounters zgc =
        load(
            PerfDataImage.jvm(1)
                .set("sun.gc.generation.1.name", "old")
                .set("sun.gc.generation.1.maxCapacity", 128 * MB)
                .set("sun.gc.generation.1.space.0.used", 40 * MB));

    assertThat(JvmHeap.max(shenandoah)).isEqualTo(128 * MB);
    assertThat(JvmHeap.oldGeneration(shenandoah)).isEqualTo(-1);
    assertThat(JvmHeap.max(zgc)).isEqualTo(128 * MB);
    assertThat(JvmHeap.oldGeneration(zgc)).isEqualTo(-1);
  }

  @Test
  void sumsCollectionsAndTheirTimeOverCollectors() throws Exception {
    PerfCounters counters =
        load(
            PerfDataImage.g1(128 * MB, 0, 0, 0)
                .set("sun.gc.collector.0.invocations", 5L)
                .set("sun.gc.collector.0.time", 700L)
                .set("sun.gc.collector.2.invocations", 2L)
                .set("sun.gc.collector.2.time", 300L));

    assertThat(JvmHeap.collections(counters)).isEqualTo(7);
    assertThat(JvmHeap.collectionTicks(counters)).isEqualTo(1000);
  }

  static PerfCounters load(PerfDataImage image) throws PerfDataFormatException {
    byte[] bytes = image.bytes(4096);
    PerfCounters counters = new PerfCounters();
    counters.load(ByteBuffer.wrap(bytes), bytes.length);
    return counters;
  }
}
