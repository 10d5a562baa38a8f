/**
 * Capture orchestration: which pods are targets, and moving each target one step at a time from
 * planned to stored (or failed), with everything needed to resume after an operator restart kept in
 * the HeapCapture status.
 */
package io.heapcapture.operator.capture;
