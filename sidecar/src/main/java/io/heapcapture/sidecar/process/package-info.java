/** Finding the JVMs that the sidecar can see through {@code /proc}, and choosing the target. */
package io.heapcapture.sidecar.process;
