package io.heapcapture.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shark.CloseableHeapGraph;

/**
 * The Shark side of {@code dev/bench analysis}: the same job as our analyzer's on one dump, done
 * with Shark 2.14. Indexes the dump, builds the dominator tree and the retained sizes of the whole
 * heap ({@link SharkDominators}), and writes the top retainers, each with its shortest path from a
 * GC root, to a text report.
 *
 * <p>Usage: {@code SharkBaseline <dump.hprof> <report.txt> [top]}
 */
public final class SharkBaseline {
  private SharkBaseline() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SharkBaseline <dump.hprof> <report.txt> [top]");
      System.exit(2);
    }
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    try (CloseableHeapGraph graph = SharkDominators.open(new File(args[0]));
        PrintWriter out =
            new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
      SharkDominators tree = SharkDominators.compute(graph);
      List<SharkDominators.Retainer> retainers = tree.topLevel(top);
      Set<Long> ids = new LinkedHashSet<>();
      retainers.forEach(r -> ids.add(r.objectId()));
      Map<Long, String> paths = SharkDominators.paths(graph, ids);
      out.printf(
          "objects %d, reachable %d, reachable bytes %d%n",
          graph.getObjectCount(), tree.reachableCount(), tree.reachableSize());
      for (SharkDominators.Retainer r : retainers) {
        out.printf(
            "%d\t%s\t0x%x\t%s%n",
            r.retainedSize(), r.className(), r.objectId(), paths.get(r.objectId()));
      }
    }
  }
}
