/**
 * The captures this sidecar is working on: each moves from dumping to dumped (waiting for upload
 * authorization) to uploading to uploaded, or to failed, in the background while the operator
 * polls.
 */
package io.heapcapture.sidecar.capture;
