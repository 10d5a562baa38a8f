package io.heapcapture.analyzer.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A JVM with a known heap, for tests that compare with the JVM's own view: builds the heap named by
 * its argument, lets garbage and cleaners settle, prints {@code ready}, and sleeps.
 */
public final class SyntheticHeap {
  public static final String READY = "ready";

  /** The heaps this program can build. */
  public enum Shape {
    /** Plain objects, a subclass, a linked list, and arrays of every kind. */
    RECORDS,
    /** One class name defined by three class loaders, hidden classes (lambdas), reflection. */
    LOADERS,
    /** JDK collections, and a static list that retains {@link LeakyEntry} objects. */
    COLLECTIONS
  }

  static final List<Object> KEEP = new ArrayList<>();

  private SyntheticHeap() {}

  public static void main(String[] args) throws Exception {
    switch (Shape.valueOf(args[0])) {
      case RECORDS -> records();
      case LOADERS -> loaders();
      case COLLECTIONS -> collections();
    }
    System.out.println("built");
    // Let the collector and the cleaner threads finish with what start-up left behind, so that
    // nothing changes between a heap dump and the class histogram that follows it.
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    System.out.println(READY);
    Thread.sleep(Long.MAX_VALUE);
  }

  static class Point {
    int x;
    int y;
  }

  static class ColoredPoint extends Point {
    String color;
  }

  static class Node {
    Node next;
    Object value;
  }

  private static void records() {
    String[] colors = {"red", "green", "blue"};
    for (int i = 0; i < 1234; i++) {
      KEEP.add(new Point());
    }
    for (int i = 0; i < 567; i++) {
      ColoredPoint p = new ColoredPoint();
      p.color = colors[i % 3];
      KEEP.add(p);
    }
    Node head = null;
    for (int i = 0; i < 5000; i++) {
      Node n = new Node();
      n.next = head;
      n.value = i % 2 == 0 ? Integer.valueOf(100_000 + i) : Long.valueOf(i);
      head = n;
    }
    KEEP.add(head);
    Point[] points = new Point[300];
    for (int i = 0; i < points.length; i += 2) {
      points[i] = new Point();
    }
    KEEP.add(points);
    int[][] rows = new int[50][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new int[i];
    }
    KEEP.add(rows);
    KEEP.add(new long[77]);
    KEEP.add(new char[33]);
    KEEP.add(new boolean[10]);
    KEEP.add(new double[3][4]);
    KEEP.add(new Object[][] {new String[2], new Node[3]});
  }

  private static void loaders() throws Exception {
    for (int i = 0; i < 100; i++) {
      KEEP.add(new Payload());
    }
    ClassLoader isolating = new IsolatingLoader();
    ClassLoader other = new IsolatingLoader.Other();
    KEEP.add(isolating);
    KEEP.add(other);
    for (ClassLoader loader : List.of(isolating, other)) {
      Class<?> payload = loader.loadClass(Payload.class.getName());
      int count = loader == isolating ? 200 : 300;
      for (int i = 0; i < count; i++) {
        KEEP.add(payload.getDeclaredConstructor().newInstance());
      }
    }
    for (int i = 0; i < 10; i++) {
      int n = i;
      Supplier<Integer> lambda = () -> n;
      Runnable other2 = () -> KEEP.size();
      KEEP.add(lambda);
      KEEP.add(other2);
    }
    KEEP.add(
        new Object() {
          @Override
          public String toString() {
            return "anonymous";
          }
        });
  }

  /** What the static {@link #ENTRIES} list retains. */
  public static final class LeakyEntry {
    final String key;
    final byte[] payload;

    LeakyEntry(String key, byte[] payload) {
      this.key = key;
      this.payload = payload;
    }
  }

  public static final List<LeakyEntry> ENTRIES = new ArrayList<>();

  private static void collections() {
    for (int i = 0; i < 1000; i++) {
      ENTRIES.add(new LeakyEntry("key-" + i, new byte[100 + i % 50]));
    }
    Map<String, Point> map = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      map.put("p" + i, new Point());
    }
    KEEP.add(map);
    LinkedList<Integer> linked = new LinkedList<>();
    for (int i = 0; i < 500; i++) {
      linked.add(1000 + i);
    }
    KEEP.add(linked);
    Map<Integer, String> concurrent = new ConcurrentHashMap<>();
    for (int i = 0; i < 300; i++) {
      concurrent.put(i, "c" + i);
    }
    KEEP.add(concurrent);
    ArrayDeque<Object> deque = new ArrayDeque<>();
    for (int i = 0; i < 40; i++) {
      deque.add(new int[] {i});
    }
    KEEP.add(deque);
    TreeMap<String, Long> tree = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      tree.put("t" + i, (long) i << 20);
    }
    KEEP.add(tree);
  }
}
