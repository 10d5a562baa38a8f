package io.heapcapture.corpus.jvm.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Request timings, tagged. The bug: the {@code uri} tag is the raw path with its account id, not
 * the route's template, and {@code client} is the caller's API key: each distinct pair registers a
 * new timer, forever.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void recordRequest(String method, String rawPath, int status, String apiKey, long nanos) {
    Timer.builder("gateway.requests")
        .tag("method", method)
        .tag("uri", rawPath)
        .tag("status", Integer.toString(status))
        .tag("client", apiKey)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
