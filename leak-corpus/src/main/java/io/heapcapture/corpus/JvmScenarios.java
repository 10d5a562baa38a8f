package io.heapcapture.corpus;

import io.heapcapture.corpus.CorpusCase.Kind;
import io.heapcapture.corpus.CorpusCase.Runtime;
import java.util.List;

/**
 * The plain-JVM programs of the corpus, in {@code io.heapcapture.corpus.jvm.*}: each scenario's
 * Javadoc says what leaks, what the trap is and why the expected class and field are right.
 */
public final class JvmScenarios {
  private static final String P = "io.heapcapture.corpus.jvm.";

  private JvmScenarios() {}

  public static List<CorpusCase> cases() {
    return List.of(
        leak(
            "session-cache",
            "storefront.StorefrontServer",
            17,
            List.of("-Xmx512m", "-XX:+UseG1GC"),
            "storefront.ShopperSession",
            "SessionRegistry.sessions",
            "unbounded map keyed by session id, sessions never expired"),
        leak(
            "lapsed-listeners",
            "trading.TradingDesk",
            25,
            List.of("-Xmx768m", "-XX:+UseZGC"),
            "trading.PortfolioQuoteListener",
            "QuoteBus.listeners",
            "listeners subscribed per connection, never unsubscribed"),
        leak(
            "threadlocal-audit-trail",
            "billing.InvoiceService",
            17,
            List.of("-Xmx512m", "-XX:+UseParallelGC"),
            "billing.AuditEntry",
            "RequestContext.auditTrail",
            "ThreadLocal request context in 4 pooled threads, never removed, its list grows"),
        leak(
            "weak-map-value-holds-key",
            "documents.DocumentRenderService",
            25,
            List.of("-Xmx512m"),
            "documents.RenderedDocument",
            "RenderCache.renderedByKey",
            "WeakHashMap whose values reference their keys"),
        leak(
            "executor-queue-backlog",
            "notifications.NotificationDispatcher",
            17,
            List.of("-Xmx512m", "-XX:+UseSerialGC"),
            "notifications.EmailDeliveryTask",
            "ThreadPoolExecutor.workQueue",
            "slow consumer: tens of thousands of tasks queued in an executor's unbounded queue"),
        leak(
            "metric-tag-cardinality",
            "gateway.ApiGateway",
            25,
            List.of("-Xmx768m", "-XX:+UseShenandoahGC"),
            "io.micrometer.core.instrument.cumulative.CumulativeTimer",
            "MeterRegistry.meterMap",
            "Micrometer timers tagged with raw path and API key: unbounded cardinality"),
        leak(
            "plugin-classloader-redeploy",
            "pluginhost.ReportingServer",
            17,
            List.of("-Xmx512m", "-XX:+UseG1GC"),
            "pluginhost.PluginClassLoader",
            "DriverRegistry.registeredDrivers",
            "class-loader leak on redeploy: a static driver registry pins every old loader"),
        leak(
            "duplicated-strings-journal",
            "logistics.TrackingIngestService",
            21,
            List.of("-Xmx512m", "-XX:+UseG1GC"),
            "logistics.ShipmentEvent",
            "EventJournal.pendingEvents",
            "retry buffer of parsed events holding fresh copies of the same few strings"),
        leak(
            "unbounded-caffeine-cache",
            "analytics.DashboardQueryService",
            17,
            List.of("-Xmx512m", "-XX:+UseParallelGC"),
            "analytics.QueryResult",
            "QueryResultCache.results",
            "Caffeine cache without a size bound, keyed by tenant, query and time window"),
        control(
            "bounded-caffeine-churn",
            "pricing.PricingEngine",
            17,
            List.of("-Xmx512m", "-XX:+UseG1GC"),
            "Caffeine cache at its maximum size with constant replacement"),
        control(
            "log-ring-buffer",
            "monitoring.LiveTailService",
            25,
            List.of("-Xmx512m", "-XX:+UseZGC"),
            "preallocated ring buffer overwritten in turn, bounded Micrometer tags"),
        control(
            "pooled-buffers-bounded-cache",
            "imaging.ThumbnailService",
            17,
            List.of("-Xmx512m", "-XX:+UseSerialGC"),
            "buffer pool borrowed and returned, Guava cache at its bound"));
  }

  private static CorpusCase leak(
      String name,
      String main,
      int jdk,
      List<String> options,
      String expectedClass,
      String expectedField,
      String pattern) {
    // an application class is relative to io.heapcapture.corpus.jvm; a library's is given in full
    String fqcn = expectedClass.startsWith("io.micrometer.") ? expectedClass : P + expectedClass;
    return new CorpusCase(
        name, Kind.LEAK, Runtime.JVM, P + main, jdk, options, fqcn, expectedField, pattern);
  }

  private static CorpusCase control(
      String name, String main, int jdk, List<String> options, String pattern) {
    return new CorpusCase(
        name, Kind.CONTROL, Runtime.JVM, P + main, jdk, options, null, null, pattern);
  }
}
