/**
 * Finding the JVMs and Node.js processes that the sidecar can see through {@code /proc}, choosing
 * the target, and signalling it.
 */
package io.heapcapture.sidecar.process;
