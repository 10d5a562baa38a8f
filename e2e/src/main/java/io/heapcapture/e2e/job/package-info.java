/**
 * The testbed's stand-in for the Job controller and the kubelet: runs each batch/v1 Job's container
 * as a local process and writes the Job's status.
 */
package io.heapcapture.e2e.job;
