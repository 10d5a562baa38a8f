package io.heapcapture.analyzer.report;

import java.util.List;

/**
 * An object that keeps a large part of the heap alive.
 *
 * @param className its class
 * @param objectId its id in this dump (an address: not comparable across dumps)
 * @param shallowBytes its own size
 * @param retainedBytes what would be freed if it were gone
 * @param heldClass the class of the objects it retains most bytes of (among those it directly
 *     dominates), or null
 * @param heldInstances how many objects of {@code heldClass} it directly dominates
 * @param path the shortest path from a GC root to it, the root first and it last
 */
public record Retainer(
    String className,
    long objectId,
    long shallowBytes,
    long retainedBytes,
    String heldClass,
    long heldInstances,
    List<PathStep> path) {
  public Retainer {
    path = List.copyOf(path);
  }

  /** The path as one line. */
  public String pathText() {
    return PathText.of(path);
  }

  /** The path from the static field that holds it, if one does; else the whole path. */
  public String holderText() {
    return PathText.of(PathText.fromLastStatic(path));
  }

  /** What identifies "the same retainer" in another dump of the workload: its path's shape. */
  public String signature() {
    return PathText.shape(path);
  }
}
