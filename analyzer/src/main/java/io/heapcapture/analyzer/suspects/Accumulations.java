package io.heapcapture.analyzer.suspects;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Finds where memory accumulates: descends the {@link ShapeTotals shape tree} from the GC roots
 * along what grew since the baseline (without one, along what is retained), and stops where the
 * growth fans out into new elements: a holder whose elements grew in number faster than the holders
 * themselves. That holder (the array of a list, the table of a map, the queue before its first
 * node) is the accumulation point; the elements are what accumulates.
 *
 * <p>Growth is what makes a suspect. A large structure that did not grow is never descended into,
 * however large, and the same leak spread over many threads or objects of one kind is one shape, so
 * it is found once.
 */
final class Accumulations {
  /**
   * Where memory accumulates, and in what.
   *
   * @param point the holder shape, or {@link ShapeTotals#ROOTS}
   * @param elements the shapes that accumulate under it; empty when the point itself grew
   * @param growth what the elements grew by together (without a baseline: what they retain); the
   *     point's own growth when there are no elements
   */
  record Accumulation(int point, int[] elements, long growth) {}

  /** A child that holds this share of its parent's growth is where the growth went. */
  private static final double CONCENTRATED = 0.8;

  private final ShapeTotals heap;
  private final BaselineShapes baseline;
  private final long minGrowth;

  /**
   * @param baseline the baseline's shapes, or null to rank by retained size
   * @param minGrowth the least growth (retained bytes without a baseline) worth following
   */
  Accumulations(ShapeTotals heap, BaselineShapes baseline, long minGrowth) {
    this.heap = heap;
    this.baseline = baseline;
    this.minGrowth = Math.max(1, minGrowth);
  }

  /**
   * Growth of a shape since the baseline; its retained size without one. The baseline is matched by
   * place (see {@link Places}); when several shapes of this dump share a place, each is given the
   * part of the place's baseline that its share of the place has now.
   */
  long growth(int shape) {
    if (shape == ShapeTotals.ROOTS) {
      return baseline == null ? heap.reachable() : heap.reachable() - baseline.reachable();
    }
    return heap.retained(shape) - before(shape);
  }

  /** What the shape's part of its place retained in the baseline; 0 without one. */
  long before(int shape) {
    if (baseline == null) {
      return 0;
    }
    if (shape == ShapeTotals.ROOTS) {
      return baseline.reachable();
    }
    long place = heap.place(shape);
    long placeNow = heap.places().retained(place);
    double part =
        placeNow > 0
            ? Math.min(1, (double) heap.retained(shape) / placeNow)
            : (double) heap.count(shape) / Math.max(1, heap.places().count(place));
    return Math.round(part * baseline.retained(place));
  }

  /** Objects of the shape now. */
  long count(int shape) {
    return heap.count(shape);
  }

  /** Objects of the shape's part of its place in the baseline; 0 without one. */
  long countBefore(int shape) {
    if (baseline == null) {
      return 0;
    }
    if (shape == ShapeTotals.ROOTS) {
      return 1;
    }
    long place = heap.place(shape);
    double part = (double) heap.count(shape) / Math.max(1, heap.places().count(place));
    return Math.round(part * baseline.count(place));
  }

  /** Every accumulation point whose growth reaches the minimum, largest growth first. */
  List<Accumulation> find() {
    List<Accumulation> found = new ArrayList<>();
    // The shapes form a tree, but objects of two shapes can dominate each other's: visit each once.
    BitSet seen = new BitSet(heap.shapeCount());
    Deque<Integer> pending = new ArrayDeque<>();
    pending.push(ShapeTotals.ROOTS);
    while (!pending.isEmpty()) {
      int holder = pending.pop();
      List<Integer> grown = new ArrayList<>();
      for (int child : heap.children(holder)) {
        if (!seen.get(child) && growth(child) >= minGrowth) {
          seen.set(child);
          grown.add(child);
        }
      }
      if (grown.isEmpty()) {
        if (holder != ShapeTotals.ROOTS && ownGrowth(holder) >= minGrowth) {
          int[] small = smallElements(holder);
          found.add(
              new Accumulation(
                  holder, small, small.length == 0 ? growth(holder) : sum(small, this::growth)));
        }
        continue;
      }
      List<Integer> elements = new ArrayList<>();
      for (int child : grown) {
        if (fansOut(holder, child)) {
          elements.add(child);
        } else {
          pending.push(child);
        }
      }
      if (!elements.isEmpty()) {
        elements.sort(Comparator.comparingLong(this::growth).reversed());
        found.add(
            new Accumulation(
                holder,
                elements.stream().mapToInt(Integer::intValue).toArray(),
                sum(elements.stream().mapToInt(Integer::intValue).toArray(), this::growth)));
      }
    }
    found.sort(Comparator.comparingLong(Accumulation::growth).reversed());
    return found;
  }

  /**
   * What a shape grew by itself: its growth less what grew in the shapes it dominates, whether they
   * hang under it or (in part) under another shape.
   */
  private long ownGrowth(int shape) {
    long own = growth(shape);
    for (int child : heap.children(shape)) {
      own -= Math.max(0, growth(child));
    }
    int[] elsewhere = heap.dominatedElsewhere(shape);
    for (int i = 0; i < elsewhere.length; i++) {
      long all = Math.max(1, heap.retained(elsewhere[i]));
      double part = Math.min(1, (double) heap.dominatedElsewhereBytes(shape, i) / all);
      own -= (long) (part * Math.max(0, growth(elsewhere[i])));
    }
    return own;
  }

  /**
   * The elements of a holder whose growth no single child shape carries: children of many classes
   * (a list of events of several subclasses), each small, that together hold most of the growth and
   * grew in number. Empty when the holder itself is what grew (one large array or string).
   */
  private int[] smallElements(int holder) {
    List<Integer> elements = new ArrayList<>();
    long growth = 0;
    long added = 0;
    for (int child : heap.children(holder)) {
      long grew = growth(child);
      long more = count(child) - countBefore(child);
      if (grew > 0 && more > 0) {
        elements.add(child);
        growth += grew;
        added += more;
      }
    }
    if (growth < 0.5 * growth(holder) || added < 2 * count(holder)) {
      return new int[0];
    }
    elements.sort(Comparator.comparingLong(this::growth).reversed());
    return elements.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Whether {@code holder}'s growth in {@code child} is an accumulation: at least two new objects
   * of the child's shape per holder, more per holder than in the baseline, and the growth spread
   * over them rather than gathered in a few below (a map whose one big value grew is not where that
   * value's memory accumulates).
   */
  private boolean fansOut(int holder, int child) {
    if (holder == ShapeTotals.ROOTS && baseline == null) {
      return false; // without a baseline, many threads or classes are not a sign of anything
    }
    long holders = count(holder);
    long now = count(child);
    long before = countBefore(child);
    if (now - before < 2 * holders) {
      return false;
    }
    long holdersBefore = countBefore(holder);
    double perHolderBefore = holdersBefore == 0 ? 0 : (double) before / holdersBefore;
    if ((double) now / holders < 1.5 * perHolderBefore) {
      return false;
    }
    long growth = growth(child);
    for (int below : heap.children(child)) {
      if (count(below) <= holders && growth(below) >= CONCENTRATED * growth) {
        return false;
      }
    }
    return true;
  }

  /** The sum of a measure over shapes. */
  static long sum(int[] shapes, IntToLongFunction measure) {
    long total = 0;
    for (int s : shapes) {
      total += measure.applyAsLong(s);
    }
    return total;
  }
}
