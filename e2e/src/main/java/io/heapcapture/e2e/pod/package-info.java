/**
 * Standing in for the kubelet, which this machine does not have: Pod objects on the real API server
 * whose status we write ourselves, backed by real processes (the application JVM and the sidecar)
 * sharing a private pid namespace and /tmp, as containers of one pod with {@code
 * shareProcessNamespace: true} do.
 */
package io.heapcapture.e2e.pod;
