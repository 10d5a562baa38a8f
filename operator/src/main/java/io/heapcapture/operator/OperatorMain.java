package io.heapcapture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.heapcapture.operator.analysis.AnalyzerSettings;
import io.heapcapture.operator.capture.EphemeralAgent;
import io.heapcapture.operator.health.OperatorHealth;
import io.heapcapture.operator.sidecar.SidecarTrust;
import io.heapcapture.operator.tls.OwnedSecrets;
import io.heapcapture.operator.tls.SecretsOwner;
import io.heapcapture.operator.tls.WebhookTls;
import io.heapcapture.operator.webhook.AdmissionWebhook;
import io.heapcapture.operator.webhook.InjectionPolicy;
import io.heapcapture.operator.webhook.InjectionSettings;
import io.heapcapture.operator.webhook.SidecarInjector;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator: the controller (the leader's, with leader election), the admission webhook
 * and the probes' endpoints. Settings come from the environment ({@link OperatorSettings}); the
 * Kubernetes connection is the client's usual one: in-cluster, or {@code KUBECONFIG}.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> env = System.getenv();
    OperatorSettings settings;
    Optional<InjectionSettings> injection;
    try {
      settings = OperatorSettings.fromEnvironment(env);
      if (settings.operatorNamespace() == null) {
        throw new IllegalArgumentException(
            "HEAPCAPTURE_OPERATOR_NAMESPACE must name the operator's own namespace");
      }
      injection = settings.injection().map(InjectionSettings::parse);
    } catch (IllegalArgumentException e) {
      System.err.println("heapcapture operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Clock clock = Clock.systemUTC();
    KubernetesClient client = new KubernetesClientBuilder().build();
    List<AutoCloseable> running = new ArrayList<>();
    OwnedSecrets secrets =
        new OwnedSecrets(
            client,
            settings.operatorNamespace(),
            settings
                .ownerDeployment()
                .flatMap(d -> SecretsOwner.deployment(client, settings.operatorNamespace(), d)));
    SidecarTrust sidecarTrust = SidecarTrust.load(secrets, clock);
    HeapCaptureOperator operator =
        new HeapCaptureOperator(
            client,
            sidecarTrust,
            settings.namespaces(),
            AnalyzerSettings.fromEnvironment(env),
            injection.map(
                i ->
                    new EphemeralAgent(
                        i.image(),
                        i.imagePullPolicy(),
                        sidecarTrust::clientCaPem,
                        i.allowedEndpoints())),
            leaderElection(settings),
            clock);
    running.add(operator);

    AdmissionWebhook webhook = null;
    if (settings.webhookPort() > 0 && injection.isPresent()) {
      WebhookTls tls =
          WebhookTls.of(
              client,
              secrets,
              settings.webhookCertDir(),
              settings.webhookService(),
              settings.webhookConfiguration(),
              clock);
      tls.start();
      running.add(tls);
      webhook =
          new AdmissionWebhook(
              new InetSocketAddress(settings.webhookPort()),
              tls.sslContext(),
              new SidecarInjector(
                      injection.get(),
                      new InjectionPolicy(settings.operatorNamespace()),
                      sidecarTrust::clientCaPem)
                  ::admit);
      webhook.start();
      running.add(webhook);
    } else {
      LOG.info("the sidecar-injection webhook is off (no port, or no HEAPCAPTURE_INJECTION)");
    }
    if (settings.healthPort() > 0) {
      OperatorHealth health = new OperatorHealth(settings.healthPort());
      if (webhook != null) {
        health.readyWhen("webhook", webhook::serving);
      }
      health.readyWhen("informers", operator::healthy).start();
      running.add(0, health);
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable part : running) {
                    closeQuietly(part);
                  }
                  client.close();
                  stopped.countDown();
                }));
    operator.start();
    LOG.info(
        "heapcapture operator {} started, watching {}{}",
        settings.podName(),
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
        settings.leaderElection() ? " once it leads" : "");
    stopped.await();
  }

  private static Optional<LeaderElectionConfiguration> leaderElection(OperatorSettings settings) {
    if (!settings.leaderElection()) {
      return Optional.empty();
    }
    return Optional.of(
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
            .withLeaseNamespace(settings.operatorNamespace())
            .withIdentity(settings.podName())
            .build());
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("stopping {}: {}", part.getClass().getSimpleName(), e.toString());
    }
  }
}
