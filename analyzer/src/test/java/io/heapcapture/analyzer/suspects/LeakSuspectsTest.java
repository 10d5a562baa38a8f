package io.heapcapture.analyzer.suspects;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.report.LeakSuspect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of suspicion on small made-up programs, each dumped twice: the same code builds the
 * baseline and the later heap with different sizes.
 */
class LeakSuspectsTest {
  private static final int KIB = 1024;

  /**
   * A session cache (static list of sessions, each with a payload) beside a large reference table
   * that does not change.
   */
  private static ProgramHeap sessionsBesideCatalogue(int sessions) {
    ProgramHeap heap = new ProgramHeap();
    int cache = heap.classObject("shop.SessionCache");
    int[] all = new int[sessions];
    for (int i = 0; i < sessions; i++) {
      all[i] = heap.object("shop.Session", 40);
      heap.field(all[i], "payload", heap.object("byte[]", 4 * KIB));
    }
    heap.staticField(cache, "SESSIONS", heap.arrayList(all));
    int catalogue = heap.classObject("shop.Catalogue");
    int[] products = new int[500];
    for (int i = 0; i < products.length; i++) {
      products[i] = heap.object("shop.Product", 48);
      heap.field(products[i], "image", heap.object("byte[]", 8 * KIB));
    }
    heap.staticField(catalogue, "PRODUCTS", heap.hashMap(products));
    return heap;
  }

  @Test
  void growthNamesTheSessionsAndTheirStaticFieldNotTheLargerStableTable() {
    BaselineShapes before = sessionsBesideCatalogue(100).asBaseline();

    List<LeakSuspect> suspects = sessionsBesideCatalogue(400).suspects(before);

    assertThat(suspects).hasSize(1);
    LeakSuspect first = suspects.get(0);
    assertThat(first.confidence()).isEqualTo(LeakSuspect.HIGH);
    assertThat(first.className()).isEqualTo("shop.Session");
    assertThat(first.instances()).isEqualTo(400);
    assertThat(first.instancesGrowth()).isEqualTo(300);
    assertThat(first.collectionClass()).isEqualTo("java.util.ArrayList");
    assertThat(first.holder()).isEqualTo("static shop.SessionCache.SESSIONS");
    assertThat(first.path())
        .isEqualTo(
            "static shop.SessionCache.SESSIONS → java.util.ArrayList.elementData"
                + " → java.lang.Object[]");
    assertThat(first.sentence())
        .startsWith(
            "400 shop.Session objects (+300 since the baseline) accumulate in one"
                + " java.util.ArrayList held by static shop.SessionCache.SESSIONS: ");
  }

  @Test
  void aStableProgramHasNoSuspect() {
    BaselineShapes before = sessionsBesideCatalogue(300).asBaseline();

    assertThat(sessionsBesideCatalogue(300).suspects(before)).isEmpty();
  }

  @Test
  void withoutBaselineTheLargestAccumulationIsOnlyOfLowConfidence() {
    List<LeakSuspect> suspects = sessionsBesideCatalogue(400).suspects(null);

    assertThat(suspects).extracting(LeakSuspect::confidence).containsOnly(LeakSuspect.LOW);
    assertThat(suspects.get(0).className()).isEqualTo("shop.Product");
    assertThat(suspects.get(0).holder()).isEqualTo("static shop.Catalogue.PRODUCTS");
    assertThat(suspects.get(0).sentence()).doesNotContain("baseline");
  }

  /** Each pooled thread holds a request context whose list of spans is never cleared. */
  private static ProgramHeap spansInPooledThreads(int spansPerThread) {
    ProgramHeap heap = new ProgramHeap();
    for (int t = 0; t < 4; t++) {
      int thread = heap.thread();
      int map = heap.object("java.lang.ThreadLocal$ThreadLocalMap", 24);
      heap.field(thread, "threadLocals", map);
      int table = heap.object("java.lang.ThreadLocal$ThreadLocalMap$Entry[]", 80);
      heap.field(map, "table", table);
      int[] spans = new int[spansPerThread];
      for (int i = 0; i < spans.length; i++) {
        spans[i] = heap.object("trace.Span", 32);
        heap.field(spans[i], "tags", heap.object("byte[]", 2 * KIB));
      }
      int context = heap.object("trace.RequestContext", 24);
      heap.field(context, "spans", heap.arrayList(spans));
      int[] values = {
        context, heap.object("java.lang.Integer", 16), heap.object("shop.Locale", 32)
      };
      for (int i = 0; i < values.length; i++) {
        int entry = heap.object("java.lang.ThreadLocal$ThreadLocalMap$Entry", 32);
        heap.slot(table, i, entry);
        heap.field(entry, "value", values[i]);
      }
    }
    return heap;
  }

  @Test
  void theSameLeakInEveryPooledThreadIsOneSuspect() {
    BaselineShapes before = spansInPooledThreads(50).asBaseline();

    List<LeakSuspect> suspects = spansInPooledThreads(300).suspects(before);

    assertThat(suspects).hasSize(1);
    LeakSuspect first = suspects.get(0);
    assertThat(first.className()).isEqualTo("trace.Span");
    assertThat(first.instances()).isEqualTo(1200);
    assertThat(first.collections()).isEqualTo(4);
    assertThat(first.holder()).isEqualTo("trace.RequestContext.spans");
    assertThat(first.sentence()).contains("accumulate in 4 java.util.ArrayList");
  }

  /** A worker whose linked queue of tasks grows, each task with a request. */
  private static ProgramHeap backlog(int tasks) {
    ProgramHeap heap = new ProgramHeap();
    int worker = heap.object("jobs.Worker", 32);
    heap.staticField(heap.classObject("jobs.Main"), "WORKER", worker);
    int queue = heap.object("java.util.concurrent.LinkedBlockingQueue", 48);
    heap.field(worker, "inbox", queue);
    int previous = -1;
    for (int i = 0; i < tasks; i++) {
      int node = heap.object("java.util.concurrent.LinkedBlockingQueue$Node", 24);
      heap.field(node, "item", heap.object("jobs.ResizeTask", 32));
      if (previous < 0) {
        heap.field(queue, "head", node);
      } else {
        heap.field(previous, "next", node);
      }
      previous = node;
    }
    int[] big = new int[50];
    for (int i = 0; i < big.length; i++) {
      big[i] = heap.object("byte[]", 64 * KIB);
    }
    heap.staticField(heap.classObject("jobs.Buffers"), "POOL", heap.arrayList(big));
    return heap;
  }

  @Test
  void aLinkedQueueBacklogIsFoundOnceAtTheQueue() {
    BaselineShapes before = backlog(1000).asBaseline();

    List<LeakSuspect> suspects = backlog(20_000).suspects(before);

    assertThat(suspects).isNotEmpty();
    LeakSuspect first = suspects.get(0);
    assertThat(first.className()).isEqualTo("jobs.ResizeTask");
    assertThat(first.instancesGrowth()).isEqualTo(19_000);
    assertThat(first.collectionClass()).isEqualTo("java.util.concurrent.LinkedBlockingQueue");
    assertThat(first.holder()).isEqualTo("jobs.Worker.inbox");
  }

  /**
   * Each redeploy loads a plugin with a new class loader; its driver, registered in a static list
   * of the host and never removed, pins the loader with its classes and their statics.
   */
  private static ProgramHeap redeploys(int deployments) {
    ProgramHeap heap = new ProgramHeap();
    int[] drivers = new int[deployments];
    for (int d = 0; d < deployments; d++) {
      int loader = heap.classLoader("host.PluginClassLoader");
      int driverClass = heap.loadedClass("plugin.ReportDriver");
      int cacheClass = heap.loadedClass("plugin.TemplateCache");
      heap.field(driverClass, "<classloader>", loader);
      heap.field(cacheClass, "<classloader>", loader);
      heap.field(loader, "classes", heap.arrayList(driverClass, cacheClass));
      heap.staticField(cacheClass, "TEMPLATES", heap.object("byte[]", 256 * KIB));
      drivers[d] = heap.object("plugin.ReportDriver", 24);
      heap.field(drivers[d], "<class>", driverClass);
    }
    heap.staticField(heap.classObject("host.DriverRegistry"), "DRIVERS", heap.arrayList(drivers));
    int[] tenants = new int[100];
    for (int i = 0; i < tenants.length; i++) {
      tenants[i] = heap.object("host.Tenant", 32);
      heap.field(tenants[i], "logo", heap.object("byte[]", 64 * KIB));
    }
    heap.staticField(heap.classObject("host.Directory"), "TENANTS", heap.hashMap(tenants));
    return heap;
  }

  @Test
  void aClassLoaderLeakNamesTheLoadersAndTheRegistryThatPinsThem() {
    BaselineShapes before = redeploys(2).asBaseline();

    List<LeakSuspect> suspects = redeploys(12).suspects(before);

    assertThat(suspects).isNotEmpty();
    LeakSuspect first = suspects.get(0);
    assertThat(first.className()).isEqualTo("host.PluginClassLoader");
    assertThat(first.instancesGrowth()).isEqualTo(10);
    assertThat(first.holder()).isEqualTo("static host.DriverRegistry.DRIVERS");
  }
}
