package io.heapcapture.analyzer.v8;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.graph.HeapGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Reading speed on a snapshot of your choice: {@code -Dheapcapture.v8.snapshot=<file>}. Prints one
 * {@code figure:} line per measure.
 */
@EnabledIfSystemProperty(named = "heapcapture.v8.snapshot", matches = ".+")
class V8ThroughputTest {
  private final Path snapshot = Path.of(System.getProperty("heapcapture.v8.snapshot"));

  @Test
  void loadAndHistogram() throws Exception {
    double mib = Files.size(snapshot) / (1024.0 * 1024.0);
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      V8Histogram histogram = V8Histogram.read(snapshot);
      double histogramSeconds = (System.nanoTime() - start) / 1e9;

      System.gc();
      start = System.nanoTime();
      HeapGraph graph = V8SnapshotLoader.load(snapshot);
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long usedMib = (rt.totalMemory() - rt.freeMemory()) >> 20;

      assertThat(histogram.totalInstances()).isEqualTo(graph.nodeCount());
      System.out.printf(
          "figure: v8_histogram_mib_s %.0f MiB/s%nfigure: v8_load_mib_s %.0f MiB/s%n"
              + "figure: v8_snapshot_mib %.0f MiB (%d nodes, %d kept edges, heap holding the graph %d MiB)%n",
          mib / histogramSeconds,
          mib / loadSeconds,
          mib,
          graph.nodeCount(),
          graph.edgeCount(),
          usedMib);
    }
  }
}
