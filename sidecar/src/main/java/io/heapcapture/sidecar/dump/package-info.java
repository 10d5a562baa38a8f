/** Asking a JVM for a heap dump and checking what it wrote. */
package io.heapcapture.sidecar.dump;
