/**
 * The sidecar's own triggers: threshold rules the operator armed, evaluated once a second against
 * the target's memory, and the JVM's OutOfMemoryError dumps found on the dump volume. Both start or
 * keep local captures that wait for the operator to adopt and upload them.
 */
package io.heapcapture.sidecar.trigger;
