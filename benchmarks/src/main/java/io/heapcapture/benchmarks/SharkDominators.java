package io.heapcapture.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shark.CloseableHeapGraph;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;
import shark.IgnoredReferenceMatcher;
import shark.OnAnalysisProgressListener;
import shark.ReferenceMatcher;
import shark.ReferencePattern;
import shark.internal.ChainingInstanceReferenceReader;
import shark.internal.ClassReferenceReader;
import shark.internal.DelegatingObjectReferenceReader;
import shark.internal.DominatorTree;
import shark.internal.FieldInstanceReferenceReader;
import shark.internal.JavaLocalReferenceReader;
import shark.internal.ObjectArrayReferenceReader;
import shark.internal.ObjectDominators;
import shark.internal.PathFinder;
import shark.internal.Reference;
import shark.internal.ReferencePathNode;
import shark.internal.ReferenceReader;
import shark.internal.ShallowSizeCalculator;

/**
 * Shark 2.14's dominator tree of a whole heap, built the way its own {@code
 * shark.internal.ObjectDominators} builds it: a breadth-first {@code PathFinder} walk from the GC
 * roots that keeps, for each object, the lowest common dominator of the parents seen so far, then
 * {@code DominatorTree.buildFullDominatorTree} with Shark's {@code ShallowSizeCalculator}. One
 * difference from {@code ObjectDominators}: the {@code referent} of every {@code
 * java.lang.ref.Reference} is ignored, as our analyzer does (ObjectDominators passes no reference
 * matchers to its field reader, so it would follow referents). Shortest paths from GC roots to the
 * top retainers come from a second {@code PathFinder} walk, as Shark's {@code HeapAnalyzer} finds
 * them.
 */
public final class SharkDominators {
  /** The reference matchers of the comparison: only the referent of references is ignored. */
  public static final List<ReferenceMatcher> REFERENT_IGNORED =
      List.of(
          new IgnoredReferenceMatcher(
              new ReferencePattern.InstanceFieldPattern("java.lang.ref.Reference", "referent")));

  /** An object in Shark's dominator tree. */
  public record Retainer(
      long objectId, String className, int shallowSize, int retainedSize, int retainedCount) {}

  private final HeapGraph graph;
  private final Map<Long, ObjectDominators.DominatorNode> tree;

  private SharkDominators(HeapGraph graph, Map<Long, ObjectDominators.DominatorNode> tree) {
    this.graph = graph;
    this.tree = tree;
  }

  /** Indexes an HPROF file with Shark (the caller closes the graph). */
  public static CloseableHeapGraph open(File dump) {
    return HprofHeapGraph.Companion.openHeapGraph(
        dump, null, HprofIndex.Companion.defaultIndexedGcRootTags());
  }

  /** Computes the dominator tree and retained sizes of every object reachable from a GC root. */
  public static SharkDominators compute(HeapGraph graph) {
    PathFinder finder =
        new PathFinder(
            graph,
            OnAnalysisProgressListener.Companion.getNO_OP(),
            referenceReader(graph),
            REFERENT_IGNORED);
    DominatorTree dominators = finder.findPathsFromGcRoots(Set.of(), true).getDominatorTree();
    ShallowSizeCalculator sizes = new ShallowSizeCalculator(graph);
    return new SharkDominators(
        graph, dominators.buildFullDominatorTree(id -> sizes.computeShallowSize(id)));
  }

  private static ReferenceReader<HeapObject> referenceReader(HeapGraph graph) {
    return new DelegatingObjectReferenceReader(
        new ClassReferenceReader(graph, REFERENT_IGNORED),
        new ChainingInstanceReferenceReader(
            List.of(new JavaLocalReferenceReader(graph, REFERENT_IGNORED)),
            new FieldInstanceReferenceReader(graph, REFERENT_IGNORED)),
        new ObjectArrayReferenceReader());
  }

  /** Bytes retained by all reachable objects (the super root's retained size). */
  public long reachableSize() {
    return tree.get(0L).getRetainedSize();
  }

  /** Objects reachable from a GC root. */
  public int reachableCount() {
    return tree.get(0L).getRetainedCount();
  }

  /** The objects that only the super root dominates, largest retained size first. */
  public List<Retainer> topLevel(int k) {
    List<Retainer> top = new ArrayList<>();
    for (long id : tree.get(0L).getDominatedObjectIds()) { // Shark sorts them, largest first
      if (top.size() == k) {
        break;
      }
      top.add(retainer(id));
    }
    return top;
  }

  /** The node of an object, or null if it is not reachable. */
  public Retainer retainer(long objectId) {
    ObjectDominators.DominatorNode node = tree.get(objectId);
    return node == null
        ? null
        : new Retainer(
            objectId,
            className(graph.findObjectById(objectId)),
            node.getShallowSize(),
            node.getRetainedSize(),
            node.getRetainedCount());
  }

  /** The immediate dominator of every reachable object, 0 for the super root, by object id. */
  public Map<Long, Long> immediateDominators() {
    Map<Long, Long> idom = new java.util.HashMap<>();
    tree.forEach(
        (dominator, node) -> node.getDominatedObjectIds().forEach(id -> idom.put(id, dominator)));
    return idom;
  }

  /** The objects that {@code objectId} immediately dominates, largest retained size first. */
  public List<Long> dominated(long objectId) {
    return tree.get(objectId).getDominatedObjectIds();
  }

  /**
   * Shortest paths from GC roots to these objects, written as our analyzer writes them ({@code
   * static io.example.Cache.SESSIONS → java.util.ArrayList.elementData → java.lang.Object[][3] →
   * io.example.Session}), by object id.
   */
  public static Map<Long, String> paths(HeapGraph graph, Set<Long> objectIds) {
    PathFinder finder =
        new PathFinder(
            graph,
            OnAnalysisProgressListener.Companion.getNO_OP(),
            referenceReader(graph),
            REFERENT_IGNORED);
    Map<Long, String> paths = new java.util.HashMap<>();
    for (ReferencePathNode node :
        finder.findPathsFromGcRoots(new HashSet<>(objectIds), false).getPathsToLeakingObjects()) {
      paths.put(node.getObjectId(), render(graph, node));
    }
    return paths;
  }

  private static String render(HeapGraph graph, ReferencePathNode target) {
    List<String> steps = new ArrayList<>();
    steps.add(className(graph.findObjectById(target.getObjectId())));
    for (ReferencePathNode node = target; node instanceof ReferencePathNode.ChildNode child; ) {
      ReferencePathNode parent = child.getParent();
      Reference.LazyDetails details = child.getLazyDetailsResolver().resolve();
      String holder = className(graph.findObjectById(parent.getObjectId()));
      steps.add(
          switch (details.getLocationType()) {
            case STATIC_FIELD -> "static " + holder + "." + details.getName();
            case ARRAY_ENTRY -> holder + "[" + details.getName() + "]";
            case LOCAL -> holder + ".<java local>";
            default -> holder + "." + details.getName();
          });
      node = parent;
    }
    Collections.reverse(steps);
    return String.join(" → ", steps);
  }

  /** The class name our analyzer gives an object (a class object is named by its class). */
  public static String className(HeapObject object) {
    if (object instanceof HeapObject.HeapClass c) {
      return c.getName();
    } else if (object instanceof HeapObject.HeapInstance i) {
      return i.getInstanceClassName();
    } else if (object instanceof HeapObject.HeapObjectArray a) {
      return a.getArrayClassName();
    } else {
      return ((HeapObject.HeapPrimitiveArray) object).getArrayClassName();
    }
  }
}
