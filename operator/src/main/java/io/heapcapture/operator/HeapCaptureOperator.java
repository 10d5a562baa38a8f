package io.heapcapture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.operator.analysis.AnalysisJobTemplate;
import io.heapcapture.operator.analysis.AnalysisStepper;
import io.heapcapture.operator.analysis.AnalyzerSettings;
import io.heapcapture.operator.analysis.ClientAnalysisJobs;
import io.heapcapture.operator.capture.CapturePlanner;
import io.heapcapture.operator.capture.CaptureRun;
import io.heapcapture.operator.capture.ClientEphemeralContainers;
import io.heapcapture.operator.capture.ClientPodLookup;
import io.heapcapture.operator.capture.EphemeralAgent;
import io.heapcapture.operator.capture.StorageAccess;
import io.heapcapture.operator.capture.TargetStepper;
import io.heapcapture.operator.policy.ClientPolicyCaptures;
import io.heapcapture.operator.policy.PolicyEvents;
import io.heapcapture.operator.policy.PolicyRun;
import io.heapcapture.operator.reconciler.HeapCapturePolicyReconciler;
import io.heapcapture.operator.reconciler.HeapCaptureReconciler;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarTrust;
import io.heapcapture.operator.status.CaptureEvents;
import io.heapcapture.operator.status.CaptureStatusFactory;
import io.heapcapture.operator.storage.ObjectStores;
import io.heapcapture.operator.storage.S3ObjectStore;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** The operator assembled from its parts; {@link OperatorMain} and the tests both start this. */
public final class HeapCaptureOperator implements AutoCloseable {
  private final Operator operator;
  private final ObjectStores stores;

  /** Without ephemeral containers and without leader election, as the local testbed runs it. */
  public HeapCaptureOperator(
      KubernetesClient client,
      SidecarTrust sidecarTrust,
      Set<String> namespaces,
      AnalyzerSettings analyzer,
      Clock clock) {
    this(client, sidecarTrust, namespaces, analyzer, Optional.empty(), Optional.empty(), clock);
  }

  /**
   * @param ephemeralAgent how to capture pods without a sidecar; empty turns that mode off
   * @param leaderElection with several replicas, only the leader reconciles
   */
  public HeapCaptureOperator(
      KubernetesClient client,
      SidecarTrust sidecarTrust,
      Set<String> namespaces,
      AnalyzerSettings analyzer,
      Optional<EphemeralAgent> ephemeralAgent,
      Optional<LeaderElectionConfiguration> leaderElection,
      Clock clock) {
    this.stores = new ObjectStores(S3ObjectStore::connect);
    ClientPodLookup pods = new ClientPodLookup(client);
    SidecarClient sidecars = new SidecarClient(sidecarTrust.sslContext());
    CaptureRun run =
        new CaptureRun(
            new CapturePlanner(pods),
            new TargetStepper(
                pods, sidecars, new ClientEphemeralContainers(client), ephemeralAgent, clock),
            new StorageAccess(client, stores),
            new AnalysisStepper(
                new ClientAnalysisJobs(client), new AnalysisJobTemplate(analyzer), clock),
            clock);
    HeapCaptureReconciler reconciler =
        new HeapCaptureReconciler(
            run, new CaptureStatusFactory(clock), new CaptureEvents(client, clock));
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false);
              leaderElection.ifPresent(o::withLeaderElectionConfiguration);
            });
    operator.register(reconciler, c -> watch(c, namespaces));
    operator.register(
        new HeapCapturePolicyReconciler(
            new PolicyRun(
                pods,
                sidecars,
                new ClientPolicyCaptures(client),
                new PolicyEvents(client, clock),
                clock),
            clock),
        c -> watch(c, namespaces));
  }

  private static void watch(ControllerConfigurationOverrider<?> c, Set<String> namespaces) {
    if (namespaces.isEmpty()) {
      c.watchingAllNamespaces();
    } else {
      c.settingNamespaces(namespaces);
    }
  }

  public void start() {
    operator.start();
  }

  /**
   * Whether the informers of the running controllers are healthy. A replica that waits for the
   * leadership runs none, and is healthy: it still serves the webhook.
   */
  public boolean healthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    stores.close();
  }
}
