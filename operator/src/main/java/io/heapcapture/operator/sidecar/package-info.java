/** The operator's side of the sidecar wire contract: where a sidecar is, and how to talk to it. */
package io.heapcapture.operator.sidecar;
