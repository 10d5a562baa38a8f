package io.heapcapture.corpus.jvm.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;

/**
 * Caches dashboard results for six hours. The bug: no size bound, and the key's time window ends at
 * "now", so nearly every refresh is a new key.
 */
public final class QueryResultCache {
  private final Cache<QueryKey, QueryResult> results =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(6)).recordStats().build();

  QueryResult get(QueryKey key, Function<QueryKey, QueryResult> compute) {
    return results.get(key, compute);
  }

  long size() {
    return results.estimatedSize();
  }

  String stats() {
    return results.stats().toString();
  }
}
