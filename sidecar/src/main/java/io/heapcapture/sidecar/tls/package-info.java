/**
 * The sidecar's TLS: an in-memory server identity, and the operator's CA certificates that decide
 * who may command the sidecar.
 */
package io.heapcapture.sidecar.tls;
