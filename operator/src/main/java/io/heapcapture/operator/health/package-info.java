/** The operator's liveness and readiness endpoints for the kubelet's probes. */
package io.heapcapture.operator.health;
