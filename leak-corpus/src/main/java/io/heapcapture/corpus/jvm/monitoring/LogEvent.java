package io.heapcapture.corpus.jvm.monitoring;

/** A structured log event kept for the live-tail view. */
public final class LogEvent {
  long timestampMillis;
  String level;
  String logger;
  String message;
  String traceId;

  void set(long timestampMillis, String level, String logger, String message, String traceId) {
    this.timestampMillis = timestampMillis;
    this.level = level;
    this.logger = logger;
    this.message = message;
    this.traceId = traceId;
  }
}
