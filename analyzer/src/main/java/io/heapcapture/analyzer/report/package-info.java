/**
 * The analysis report: a documented, versioned JSON document (see docs/analysis-report.md) and a
 * Markdown rendering of its top tables for people.
 */
package io.heapcapture.analyzer.report;
