package io.heapcapture.corpus.jvm.analytics;

import java.util.List;

/** The rows of a dashboard query, columnar. */
public final class QueryResult {
  final QueryKey key;
  final List<String> columns;
  final long[] bucketStarts;
  final double[] values;
  final long computedAtMillis;

  QueryResult(QueryKey key, List<String> columns, long[] bucketStarts, double[] values) {
    this.key = key;
    this.columns = columns;
    this.bucketStarts = bucketStarts;
    this.values = values;
    this.computedAtMillis = System.currentTimeMillis();
  }
}
