/**
 * HeapCapturePolicy: when to create HeapCaptures (schedules), arming target sidecars with the
 * policy's threshold and OutOfMemoryError rules, adopting the dumps they take by themselves,
 * history limits and OOM-kill reports. The reconciler only strings these together.
 */
package io.heapcapture.operator.policy;
