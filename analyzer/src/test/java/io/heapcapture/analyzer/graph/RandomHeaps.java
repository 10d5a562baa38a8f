package io.heapcapture.analyzer.graph;

import java.util.Random;

/**
 * Random heaps for comparing the graph algorithms with brute force: acyclic or cyclic, several
 * roots, unreachable objects, self-loops, duplicate references and zero sizes, on purpose.
 */
final class RandomHeaps {
  private RandomHeaps() {}

  static HeapGraph small(Random random) {
    int n = 1 + random.nextInt(60);
    boolean acyclic = random.nextBoolean();
    // Acyclic heaps point from low to high numbers or the other way round, so the algorithms do
    // not profit from references that happen to follow node order.
    boolean upwards = random.nextBoolean();
    HeapGraphBuilder builder = new HeapGraphBuilder();
    int classes = 1 + random.nextInt(4);
    for (int c = 0; c < classes; c++) {
      builder.classIndex(new HeapClass("C" + c, ""));
    }
    for (int i = 0; i < n; i++) {
      long size = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(100);
      builder.addNode(0x1000 + 16L * i, random.nextInt(classes), size);
    }
    double density = random.nextDouble() * 3;
    int edges = (int) (n * density);
    for (int e = 0; e < edges; e++) {
      int from = random.nextInt(n);
      int to = random.nextInt(n);
      if (acyclic) {
        if (from == to) {
          continue;
        }
        if ((from < to) != upwards) {
          int t = from;
          from = to;
          to = t;
        }
      }
      String name = random.nextBoolean() ? "f" + random.nextInt(3) : "[" + random.nextInt(5) + "]";
      builder.addEdge(from, to, builder.nameIndex(name));
      if (random.nextInt(8) == 0) {
        builder.addEdge(from, to, builder.nameIndex("dup"));
      }
    }
    if (!acyclic && random.nextInt(3) == 0) {
      int node = random.nextInt(n);
      builder.addEdge(node, node, builder.nameIndex("self"));
    }
    int roots = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(Math.min(n, 4));
    for (int r = 0; r < roots; r++) {
      builder.addRoot(random.nextInt(n));
    }
    return builder.build();
  }
}
