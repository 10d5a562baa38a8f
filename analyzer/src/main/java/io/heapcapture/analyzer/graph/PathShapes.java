package io.heapcapture.analyzer.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The shape of each object's path from a GC root: the classes and reference names along it, with
 * array indexes left out, and a run of references between objects of one class (a linked list's
 * {@code next}, a tree's {@code left} and {@code right}) folded into one step. Objects of one shape
 * sit at the same place of the same structure: the entries of one map, the values of one
 * ThreadLocal in every pooled thread, every node of one queue. That is what lets the analysis treat
 * them as one thing, and match the same place in two dumps of a program, where object ids (which
 * are addresses) mean nothing.
 *
 * <p>Shapes are numbered per graph. Each also has a 64-bit {@link #fingerprint} computed from names
 * only (class names, their loaders' names, reference names), so the same shape in another dump of
 * the same program has the same fingerprint. Generated class names are made stable first ({@link
 * HeapClass#stableName}).
 *
 * <p>{@link GcRootPaths} assigns the shapes while it searches the paths; memory is one int per
 * object plus a few per shape.
 */
public final class PathShapes {
  /** The shape of an object no GC root reaches. */
  public static final int NONE = -1;

  /** One step of a shape: an object's class and the reference it holds to the next, if any. */
  public record Step(HeapClass heapClass, boolean classObject, String reference) {
    /** This step as written in a path, as {@link GcRootPaths.PathStep#render()} does. */
    public String render() {
      return GcRootPaths.render(heapClass, reference);
    }
  }

  private static final String SLOT = "[*]";

  private final HeapGraph graph;
  private final int[] shapeOfNode;
  private final LongIntMap steps = new LongIntMap(1 << 12);
  private final LongIntMap shapes = new LongIntMap(1 << 12);
  private final byte[] numericNames; // 0 unknown, 1 digits only, 2 otherwise
  private int[] parent = new int[1024];
  private int[] name = new int[1024];
  private int[] classCode = new int[1024];
  private int count;

  PathShapes(HeapGraph graph) {
    this.graph = graph;
    shapeOfNode = new int[graph.nodeCount()];
    Arrays.fill(shapeOfNode, NONE);
    numericNames = new byte[graph.names().size()];
  }

  /** Gives a GC root its shape: a path of one step. */
  void root(int node) {
    shapeOfNode[node] = intern(NONE, 0, classCode(node));
  }

  /** Gives {@code target}, first reached through {@code edge} of {@code holder}, its shape. */
  void reached(int holder, int edge, int target) {
    int code = classCode(target);
    int nameCode = nameCode(graph.edgeNameIndex(edge));
    int holderShape = shapeOfNode[holder];
    if (nameCode != 0 && code == classCode(holder)) {
      shapeOfNode[target] = holderShape; // one more link of a chain of one class
    } else {
      shapeOfNode[target] = intern(holderShape, nameCode, code);
    }
  }

  /**
   * 0 for an array slot, else the name's index + 1. A name of digits only is a slot too: V8 names
   * the elements of some internal lists by their index.
   */
  private int nameCode(int nameIndex) {
    if (nameIndex < 0) {
      return 0;
    }
    byte numeric = numericNames[nameIndex];
    if (numeric == 0) {
      String name = graph.names().get(nameIndex);
      numeric = !name.isEmpty() && name.chars().allMatch(Character::isDigit) ? (byte) 1 : 2;
      numericNames[nameIndex] = numeric;
    }
    return numeric == 1 ? 0 : nameIndex + 1;
  }

  /** The shape of a node, or {@link #NONE} if no GC root reaches it. */
  public int of(int node) {
    return shapeOfNode[node];
  }

  public int count() {
    return count;
  }

  /** The shape this one extends by one step, or {@link #NONE} for a GC root's. */
  public int parent(int shape) {
    return parent[shape];
  }

  /** The class of the objects at the end of the shape (for a class object: the class it is). */
  public HeapClass heapClass(int shape) {
    return graph.heapClass(classCode[shape] >>> 1);
  }

  /** Whether the objects at the end of the shape are class objects. */
  public boolean classObject(int shape) {
    return (classCode[shape] & 1) != 0;
  }

  /** Whether the shape's objects are class loaders (of classes in the dump). */
  public boolean classLoader(int shape) {
    return !classObject(shape) && graph.isClassLoaderClass(classCode[shape] >>> 1);
  }

  /** The name of the reference into the shape's last object: a field, or {@code [*]}. */
  public String reference(int shape) {
    return name[shape] == 0 ? SLOT : graph.names().get(name[shape] - 1);
  }

  /** The steps from the GC root to the shape's last object. */
  public List<Step> steps(int shape) {
    List<Step> steps = new ArrayList<>();
    String next = null;
    for (int s = shape; s != NONE; s = parent[s]) {
      steps.add(new Step(heapClass(s), classObject(s), next));
      next = reference(s);
    }
    Collections.reverse(steps);
    return steps;
  }

  private int classCode(int node) {
    return graph.classOf(node) << 1 | (graph.isClassObject(node) ? 1 : 0);
  }

  private int intern(int parentShape, int nameCode, int code) {
    long stepKey = (long) nameCode << 32 | code;
    int step = steps.get(stepKey);
    if (step == LongIntMap.MISSING) {
      step = steps.size();
      steps.put(stepKey, step);
    }
    long shapeKey = (long) (parentShape + 1) << 32 | step;
    int shape = shapes.get(shapeKey);
    if (shape != LongIntMap.MISSING) {
      return shape;
    }
    if (count == parent.length) {
      int grown = count * 2;
      parent = Arrays.copyOf(parent, grown);
      name = Arrays.copyOf(name, grown);
      classCode = Arrays.copyOf(classCode, grown);
    }
    shape = count++;
    parent[shape] = parentShape;
    name[shape] = nameCode;
    classCode[shape] = code;
    shapes.put(shapeKey, shape);
    return shape;
  }
}
