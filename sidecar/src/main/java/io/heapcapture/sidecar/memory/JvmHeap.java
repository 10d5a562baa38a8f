package io.heapcapture.sidecar.memory;

/**
 * What the hsperfdata counters say about a JVM's heap and collectors. HotSpot publishes up to three
 * generations ({@code sun.gc.generation.<g>}), each with spaces whose {@code used} it updates, and
 * collectors ({@code sun.gc.collector.<c>}) with invocation counts and pause time in hrt ticks.
 */
final class JvmHeap {
  static final String HRT_FREQUENCY = "sun.os.hrt.frequency";
  static final String HRT_TICKS = "sun.os.hrt.ticks";

  private static final int GENERATIONS = 3;
  private static final int SPACES = 4;
  private static final int COLLECTORS = 4;
  private static final String POLICY = "sun.gc.policy.name";
  private static final String[] GENERATION_MAX = new String[GENERATIONS];
  private static final String[] GENERATION_NAME = new String[GENERATIONS];
  private static final String[][] SPACE_USED = new String[GENERATIONS][SPACES];
  private static final String[] COLLECTOR_TIME = new String[COLLECTORS];
  private static final String[] COLLECTOR_INVOCATIONS = new String[COLLECTORS];

  // Built once: HashMap lookups with these constant keys reuse their cached hash codes.
  static {
    for (int g = 0; g < GENERATIONS; g++) {
      GENERATION_MAX[g] = "sun.gc.generation." + g + ".maxCapacity";
      GENERATION_NAME[g] = "sun.gc.generation." + g + ".name";
      for (int s = 0; s < SPACES; s++) {
        SPACE_USED[g][s] = "sun.gc.generation." + g + ".space." + s + ".used";
      }
    }
    for (int c = 0; c < COLLECTORS; c++) {
      COLLECTOR_TIME[c] = "sun.gc.collector." + c + ".time";
      COLLECTOR_INVOCATIONS[c] = "sun.gc.collector." + c + ".invocations";
    }
  }

  private JvmHeap() {}

  /**
   * Bytes used in all spaces of all generations. G1, Serial, Shenandoah and (to JDK 21) Parallel
   * update these as the application allocates; ZGC and Parallel on JDK 25 only at collections, so
   * there the figure is as of the last collection.
   */
  static long used(PerfCounters counters) {
    long used = 0;
    for (int g = 0; g < GENERATIONS; g++) {
      used += used(counters, g);
    }
    return used;
  }

  /**
   * The most the heap can grow to. Parallel and Serial split the heap into generations of fixed
   * maximum size, which add up to -Xmx. The region-based collectors (G1, generational ZGC) let each
   * generation grow to the whole heap and publish -Xmx as every generation's maximum, so adding
   * them would count the heap twice; single-generation ZGC and Shenandoah publish one generation.
   */
  static long max(PerfCounters counters) {
    boolean partitioned =
        counters.stringEquals(POLICY, "ParScav:MSC") || counters.stringEquals(POLICY, "Copy:MSC");
    long total = 0;
    for (int g = 0; g < GENERATIONS; g++) {
      long max = Math.max(0, counters.longValue(GENERATION_MAX[g]));
      total = partitioned ? total + max : Math.max(total, max);
    }
    return total;
  }

  /**
   * The index of the old generation, or -1 when the collector shows the heap as one generation
   * (single-generation ZGC publishes only "old"; Shenandoah, even generational, a "Heap" beside an
   * empty "Young").
   */
  static int oldGeneration(PerfCounters counters) {
    int old = -1;
    boolean young = false;
    for (int g = 0; g < GENERATIONS; g++) {
      if (counters.stringEquals(GENERATION_NAME[g], "old")) {
        old = g;
      } else if (counters.longValue(GENERATION_MAX[g]) > 0) {
        young = true;
      }
    }
    return young ? old : -1;
  }

  /** Bytes used in the spaces of generation {@code g}. */
  static long used(PerfCounters counters, int generation) {
    long used = 0;
    for (int s = 0; s < SPACES; s++) {
      used += Math.max(0, counters.longValue(SPACE_USED[generation][s]));
    }
    return used;
  }

  /** The maximum capacity of generation {@code g}. */
  static long max(PerfCounters counters, int generation) {
    return counters.longValue(GENERATION_MAX[generation]);
  }

  /**
   * Time spent in collections, in hrt ticks, as each collector counts it: G1, Parallel and Serial
   * their pauses (G1's concurrent cycle only its remark and cleanup pauses), ZGC its pauses only,
   * but Shenandoah whole cycles, concurrent phases included ("Shenandoah full" also counts its
   * concurrent cycles), so under Shenandoah the share is time a cycle was running.
   */
  static long collectionTicks(PerfCounters counters) {
    long ticks = 0;
    for (String name : COLLECTOR_TIME) {
      ticks += Math.max(0, counters.longValue(name));
    }
    return ticks;
  }

  /** Collections (pauses) of every collector so far. */
  static long collections(PerfCounters counters) {
    long count = 0;
    for (String name : COLLECTOR_INVOCATIONS) {
      count += Math.max(0, counters.longValue(name));
    }
    return count;
  }
}
