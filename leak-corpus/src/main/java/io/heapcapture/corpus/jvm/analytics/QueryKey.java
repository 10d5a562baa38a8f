package io.heapcapture.corpus.jvm.analytics;

/** A dashboard query of a tenant over a time window. */
public record QueryKey(String tenantId, String sql, long fromMillis, long toMillis) {}
