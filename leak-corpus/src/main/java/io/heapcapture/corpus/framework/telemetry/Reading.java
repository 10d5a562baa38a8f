package io.heapcapture.corpus.framework.telemetry;

/** One sensor value a device sent. */
public record Reading(String sensor, long timestampMillis, double value) {}
