/** The sidecar's HTTP API: authenticated JSON endpoints over the capture registry. */
package io.heapcapture.sidecar.server;
