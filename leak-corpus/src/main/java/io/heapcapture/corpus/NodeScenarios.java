package io.heapcapture.corpus;

import io.heapcapture.corpus.CorpusCase.Kind;
import io.heapcapture.corpus.CorpusCase.Runtime;
import java.util.List;

/**
 * The corpus's Node.js programs, in {@code leak-corpus/node/}: Express applications (from the
 * committed {@code package-lock.json}, installed by {@code npm ci} in the build) that serve on
 * 127.0.0.1, drive traffic at themselves with {@code fetch}, and write two heap snapshots. Each
 * script's header comment says what leaks, what the trap is and why the expected class and property
 * are the right diagnosis; V8 names a class by its constructor, so the expected class is the
 * application's {@code class} name.
 */
public final class NodeScenarios {
  private NodeScenarios() {}

  public static List<CorpusCase> cases() {
    return List.of(
        // A listener per request on a long-lived EventEmitter subclass, never removed: closures
        // capturing a RequestContext pile up in the bus's _events.orderUpdated array, beside a
        // 60,000-product catalogue Map that is the biggest stable retainer.
        leak(
            "express-order-status-listeners",
            "order-status-listeners.js",
            "RequestContext",
            "orderUpdated",
            "Express handler adds an EventEmitter listener per request (closure over its context)"),
        // A module-level Map caching each anonymous visitor's recommendations, never evicted,
        // beside a catalogue Map and a co-purchase index that are bigger and stable; the module's
        // closure context holds both, so the context is not the answer.
        leak(
            "express-visitor-recommendations-cache",
            "visitor-recommendations-cache.js",
            "Recommendations",
            "recommendationsByVisitor",
            "per-visitor cache in a module-level Map with no eviction, Express"),
        // Its control: the same service with the cache an LRUCache (npm lru-cache) of 400
        // visitors; nothing grows, the catalogue and the index are big and stable.
        control(
            "express-visitor-recommendations-bounded",
            "visitor-recommendations-bounded.js",
            "the recommendation service with its cache bounded by lru-cache: no growth"),
        // A setInterval per server-sent-events subscription, never cleared when the client goes:
        // nothing of the application's holds the subscriptions, Node's own 1000 ms timer list
        // (timerListMap[1000], a linked list of Timeouts) does, each Timeout's closure holding a
        // LiveSubscription; beside a stable metrics store Map, the biggest retainer in the
        // baseline.
        leak(
            "express-live-dashboard-intervals",
            "live-dashboard-intervals.js",
            "LiveSubscription",
            "timerListMap",
            "setInterval per SSE subscription never cleared (closure over the subscription), Express"));
  }

  private static CorpusCase control(String name, String script, String pattern) {
    return new CorpusCase(
        name, Kind.CONTROL, Runtime.NODE, script, 0, List.of(), null, null, pattern);
  }

  private static CorpusCase leak(
      String name, String script, String expectedClass, String expectedField, String pattern) {
    return new CorpusCase(
        name, Kind.LEAK, Runtime.NODE, script, 0, List.of(), expectedClass, expectedField, pattern);
  }
}
