package io.heapcapture.corpus.jvm.billing;

/** A price plan: per-unit rates by usage band. */
public record Tariff(
    String code, String currency, String description, long[] bandLimits, long[] centsPerUnit) {}
