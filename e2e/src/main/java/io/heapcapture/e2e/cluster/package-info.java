/**
 * The local stand-in for a cluster: a real kube-apiserver with etcd (through kube-api-test) with
 * the HeapCapture CRD installed, the real kubectl, and a real S3 server (versitygw) on loopback.
 * Every process is stopped on close and at JVM exit, and writes its output to a file under {@code
 * e2e/target/testbed/}.
 */
package io.heapcapture.e2e.cluster;
