package io.heapcapture.analyzer.report;

/**
 * One object on a path from a GC root: its class, and the reference it holds to the next object (a
 * field name, {@code static NAME} for a static field, or an array slot {@code [i]}); null on the
 * last step.
 */
public record PathStep(String className, String reference) {}
