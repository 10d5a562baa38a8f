/** Status of a HeapCapture as Kubernetes conventions want it: phase, summary and conditions. */
package io.heapcapture.operator.status;
