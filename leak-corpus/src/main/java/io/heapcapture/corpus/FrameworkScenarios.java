package io.heapcapture.corpus;

import io.heapcapture.corpus.CorpusCase.Kind;
import io.heapcapture.corpus.CorpusCase.Runtime;
import java.util.List;

/**
 * The corpus's programs inside real frameworks, in {@code io.heapcapture.corpus.framework.*}: each
 * starts the framework's embedded server on 127.0.0.1, drives HTTP traffic at it from client
 * threads, and dumps the heap after a warm-up and again after the leak has grown. Each
 * application's main class says in its Javadoc what leaks, what the trap is and why the expected
 * class and field are the right diagnosis.
 */
public final class FrameworkScenarios {
  private static final String P = "io.heapcapture.corpus.framework.";

  private FrameworkScenarios() {}

  public static List<CorpusCase> cases() {
    return List.of(
        // Spring Boot 3.5, embedded Tomcat, Spring MVC and Jackson. The leak is the @Service's own
        // map of abandoned carts; the trap is the Spring context around it (the bean factory's
        // singleton map holds every bean, CartService and the 80,000-product catalogue included)
        // and the catalogue itself, the largest retainer in both dumps.
        leak(
            "spring-abandoned-carts",
            "shop.ShopApplication",
            17,
            List.of("-Xmx512m", "-XX:+UseG1GC"),
            "shop.ShoppingCart",
            "CartService.cartsBySession",
            "Spring Boot @Service map of per-session carts never evicted, beside a big catalogue"),
        // Its control: the same shop, traffic and context with the fix deployed (at most 400 open
        // carts, least recently used dropped): nothing grows, the catalogue and the bean factory
        // are big and stable, so there must be no strong suspect.
        control(
            "spring-bounded-carts",
            "shop.BoundedCartsShop",
            17,
            List.of("-Xmx512m", "-XX:+UseG1GC"),
            "the Spring shop with its cart map bounded (LRU): big stable catalogue, no growth"),
        // Embedded Jetty 12 (core handler API) on JDK 25. The leak is spread over 40 tenants'
        // lists (TenantState.usageLog), exported by cursor and never dropped; the trap is that no
        // single list dominates (the registry's map does, without growing in entries) and a
        // 450,000-range GeoIP directory that is the biggest retainer in the baseline.
        leak(
            "jetty-tenant-usage-log",
            "metering.MeteringServer",
            25,
            List.of("-Xmx768m", "-XX:+UseG1GC"),
            "metering.UsageRecord",
            "TenantState.usageLog",
            "per-tenant lists that only grow (exported by cursor, never trimmed), on Jetty 12"),
        // Netty 4.2 (NIO, HTTP codec). The leak is a session per closed connection, kept because
        // the registry adds by one key and removes by another; the traps: each session holds its
        // last 60 readings (Reading, an application class too, 60 times as many) and its closed
        // channel (Netty's and the JDK's objects), which outnumber and outweigh the sessions; and a
        // 250,000-profile device directory is the biggest retainer in both dumps.
        leak(
            "netty-closed-connection-sessions",
            "telemetry.TelemetryIngestServer",
            21,
            List.of("-Xmx512m", "-XX:+UseParallelGC"),
            "telemetry.DeviceSession",
            "ConnectionRegistry.sessions",
            "per-connection state (with its closed Netty channel) kept after close, Netty 4.2"),
        // Vert.x 5 (vertx-web, event bus) on JDK 25 with ZGC. The leak is a reply consumer per
        // request never unregistered, each capturing its QuoteRequest; the growing map is
        // Vert.x's own (EventBusImpl.handlerMap), its entries Vert.x objects that outnumber the
        // requests, beside a 220,000-instrument catalogue, the biggest retainer in the baseline.
        leak(
            "vertx-unregistered-reply-consumers",
            "quotes.QuoteGateway",
            25,
            List.of("-Xmx512m", "-XX:+UseZGC"),
            "quotes.QuoteRequest",
            "EventBusImpl.handlerMap",
            "event-bus consumer registered per request, never unregistered, Vert.x 5"));
  }

  private static CorpusCase control(
      String name, String mainClass, int jdk, List<String> jvmOptions, String pattern) {
    return new CorpusCase(
        name, Kind.CONTROL, Runtime.JVM, P + mainClass, jdk, jvmOptions, null, null, pattern);
  }

  private static CorpusCase leak(
      String name,
      String mainClass,
      int jdk,
      List<String> jvmOptions,
      String expectedClass,
      String expectedField,
      String pattern) {
    return new CorpusCase(
        name,
        Kind.LEAK,
        Runtime.JVM,
        P + mainClass,
        jdk,
        jvmOptions,
        P + expectedClass,
        expectedField,
        pattern);
  }
}
