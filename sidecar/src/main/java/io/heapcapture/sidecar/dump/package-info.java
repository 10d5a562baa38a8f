/**
 * Asking a JVM for a heap dump, or a Node.js process for a heap snapshot, and checking what it
 * wrote.
 */
package io.heapcapture.sidecar.dump;
