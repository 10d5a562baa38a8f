package io.heapcapture.analyzer.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The objects that hold the most memory, and where inside them that memory accumulates.
 *
 * <p>{@link #largest} returns the top level of the dominator tree (the nodes only the super-root
 * dominates), largest first. That is also the answer to "the k largest objects of which none
 * dominates another": a dominator retains at least as much as anything it dominates, so choosing
 * the largest objects greedily while skipping those below an already chosen one always picks a
 * top-level node next. The top level is often a class loader or a thread; {@link
 * #accumulationPoint} then descends to the object that actually collects the memory, as Eclipse
 * MAT's leak-suspect report does.
 */
public final class TopDominators {
  /**
   * While one child holds at least this share of its dominator's retained size, the memory is still
   * passing through rather than accumulating; MAT uses the same 80%.
   */
  static final double PASS_THROUGH_SHARE = 0.8;

  /** A top-level object and its retained size in bytes. */
  public record Dominator(int node, long retainedSize) {}

  private final DominatorTree tree;
  private final RetainedSizes sizes;

  public TopDominators(DominatorTree tree, RetainedSizes sizes) {
    this.tree = tree;
    this.sizes = sizes;
  }

  /** The k top-level nodes of largest retained size, largest first (ties: lower node first). */
  public List<Dominator> largest(int k) {
    int count = tree.childCount(DominatorTree.SUPER_ROOT);
    // A min-heap of the best k seen so far: the smallest of them is the one to beat.
    int[] heap = new int[Math.max(0, Math.min(k, count))];
    int size = 0;
    for (int i = 0; i < count && heap.length > 0; i++) {
      int node = tree.child(DominatorTree.SUPER_ROOT, i);
      if (size < heap.length) {
        heap[size++] = node;
        siftUp(heap, size - 1);
      } else if (before(node, heap[0])) {
        heap[0] = node;
        siftDown(heap, size);
      }
    }
    List<Dominator> result = new ArrayList<>(size);
    while (size > 0) {
      result.add(new Dominator(heap[0], sizes.retainedSize(heap[0])));
      heap[0] = heap[--size];
      siftDown(heap, size);
    }
    Collections.reverse(result);
    return result;
  }

  /**
   * Descends from {@code node} to the largest object it immediately dominates for as long as that
   * object retains at least 80% of the current one; returns where the descent stops, possibly
   * {@code node} itself. For a class loader that holds a leaking cache this is typically the
   * cache's backing array.
   */
  public int accumulationPoint(int node) {
    int current = node;
    while (true) {
      int biggest = -1;
      for (int i = 0, n = tree.childCount(current); i < n; i++) {
        int child = tree.child(current, i);
        if (biggest < 0 || before(child, biggest)) {
          biggest = child;
        }
      }
      if (biggest < 0
          || sizes.retainedSize(biggest) < PASS_THROUGH_SHARE * sizes.retainedSize(current)) {
        return current;
      }
      current = biggest;
    }
  }

  /** Larger retained size first, then lower node number, so results do not depend on order. */
  private boolean before(int a, int b) {
    long ra = sizes.retainedSize(a);
    long rb = sizes.retainedSize(b);
    return ra != rb ? ra > rb : a < b;
  }

  private void siftUp(int[] heap, int i) {
    while (i > 0) {
      int up = (i - 1) / 2;
      if (!before(heap[up], heap[i])) {
        return;
      }
      swap(heap, i, up);
      i = up;
    }
  }

  private void siftDown(int[] heap, int size) {
    int i = 0;
    while (true) {
      int worst = i;
      for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
        if (before(heap[worst], heap[c])) {
          worst = c;
        }
      }
      if (worst == i) {
        return;
      }
      swap(heap, i, worst);
      i = worst;
    }
  }

  private static void swap(int[] heap, int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }
}
