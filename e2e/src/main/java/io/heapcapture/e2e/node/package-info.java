/**
 * A real single-node Kubernetes cluster on this machine (kubelet, containerd, runc, CNI bridge,
 * kube-proxy, scheduler, controller-manager, API server and etcd), for the tests that need real
 * pods; and the cleanup that gives the host back as it was.
 */
package io.heapcapture.e2e.node;
