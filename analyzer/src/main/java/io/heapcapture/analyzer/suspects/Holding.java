package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.PathShapes;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The collection that holds an object and the reference that holds the collection, read on the
 * object's path: back over the collections' own objects (the run of container steps before it) to
 * the last reference from an object that is no collection's.
 *
 * @param collectionShape the collection's shape, or -1 when the GC roots hold the objects
 * @param collectionClass its class, or null
 * @param holder that reference and those after it up to the collection, e.g. {@code static
 *     com.example.Cache.SESSIONS}; {@code a GC root} when a root is, or holds, the collection
 */
record Holding(int collectionShape, String collectionClass, String holder) {
  static final Holding ROOTS = new Holding(-1, null, "a GC root");

  /** Held by no collection on the path read (only by an application object). */
  static final Holding NONE = new Holding(-1, null, null);

  /** Reads the holding of the steps before index {@code end} of the path to {@code shape}. */
  static Holding of(PathShapes shapes, int shape, int end) {
    List<PathShapes.Step> steps = shapes.steps(shape);
    int from = end;
    // A framework's wrapper that a collection holds (an event bus's registration holding the
    // consumer) is part of that collection's structure.
    if (from > 1
        && isWrapper(steps.get(from - 1))
        && ClassRoles.isCollectionStep(steps.get(from - 2))) {
      from--;
      end--;
    }
    while (from > 0 && ClassRoles.isCollectionStep(steps.get(from - 1))) {
      from--;
    }
    // The collection is the innermost one held by a field that is not an array: the list, not
    // its array; the map, not its entry.
    int collection = -1;
    for (int i = end - 1; i >= from && collection < 0; i--) {
      boolean byField = i == 0 || !steps.get(i - 1).reference().startsWith("[");
      if (byField && !steps.get(i).heapClass().name().endsWith("[]")) {
        collection = i;
      }
    }
    if (collection < 0) {
      collection = from < end ? end - 1 : end; // arrays only; or no collection but the object
    }
    if (collection >= steps.size()) {
      return NONE; // the path ends before any collection: an application object holds it
    }
    String holder =
        collection == 0
            ? "a GC root"
            : steps.subList(Math.max(0, from - 1), collection).stream()
                .map(PathShapes.Step::render)
                .collect(Collectors.joining(" → "));
    int collectionShape = shape;
    for (int i = steps.size() - 1; i > collection; i--) {
      collectionShape = shapes.parent(collectionShape);
    }
    return new Holding(collectionShape, steps.get(collection).heapClass().name(), holder);
  }

  /**
   * The reference from outside any collection that holds the collection: the holder's first step.
   */
  String field() {
    int arrow = holder.indexOf(" → ");
    return arrow < 0 ? holder : holder.substring(0, arrow);
  }

  private static boolean isWrapper(PathShapes.Step step) {
    String name = step.heapClass().name();
    return !step.classObject() && ClassRoles.isFramework(name) && !ClassRoles.isContainer(name);
  }
}
