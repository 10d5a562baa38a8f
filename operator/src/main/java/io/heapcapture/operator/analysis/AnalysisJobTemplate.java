package io.heapcapture.operator.analysis;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyzer Job of one stored dump and the Secret with its presigned URLs. Both live in the
 * HeapCapture's namespace and are owned by it, so deleting the capture deletes them, and the Job
 * counts against that namespace's quota. The Job holds no storage credentials, only URLs for
 * exactly its dump, baseline and two reports, which expire; it gets no service-account token and
 * passes the {@code restricted} Pod Security Standard.
 */
public final class AnalysisJobTemplate {
  public static final String ANALYZER_JAR = "/opt/heapcapture/analyzer.jar";
  public static final String SCRATCH_MOUNT = "/scratch";
  public static final String CONTAINER_NAME = "analyzer";
  public static final String LABEL_CAPTURE = "heapcapture.io/capture";
  public static final String LABEL_TARGET = "heapcapture.io/target";
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String NO_INJECTION = "heapcapture.io/inject";
  private static final String OPERATOR = "heapcapture-operator";

  /** Selects the Jobs (and Secrets) this template makes. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  static final String DUMP_URL = "HEAPCAPTURE_DUMP_URL";
  static final String BASELINE_URL = "HEAPCAPTURE_BASELINE_URL";
  static final String REPORT_JSON_URL = "HEAPCAPTURE_REPORT_JSON_URL";
  static final String REPORT_MARKDOWN_URL = "HEAPCAPTURE_REPORT_MARKDOWN_URL";
  private static final long MIB = 1024L * 1024;

  private final AnalyzerSettings settings;

  public AnalysisJobTemplate(AnalyzerSettings settings) {
    this.settings = settings;
  }

  /** A Job name that is stable for the target, so a lost status write cannot start a second. */
  public static String nameFor(TargetStatus target) {
    return "heapcapture-analysis-" + target.getId().replaceFirst("^hc-", "");
  }

  public Secret secret(HeapCapture capture, TargetStatus target, AnalysisPlan plan) {
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put(DUMP_URL, plan.dumpUrl());
    if (plan.baselineUrl() != null) {
      urls.put(BASELINE_URL, plan.baselineUrl());
    }
    urls.put(REPORT_JSON_URL, plan.reportJsonUrl());
    urls.put(REPORT_MARKDOWN_URL, plan.reportMarkdownUrl());
    return new SecretBuilder()
        .withMetadata(metadata(capture, target, plan.name(), false))
        .withType("Opaque")
        .withImmutable(true)
        .withStringData(urls)
        .build();
  }

  public Job job(HeapCapture capture, TargetStatus target, AnalysisPlan plan) {
    List<String> args = new ArrayList<>(List.of(ref(DUMP_URL)));
    if (plan.baselineUrl() != null) {
      args.addAll(List.of("--baseline", ref(BASELINE_URL)));
    }
    args.addAll(
        List.of(
            "--json",
            ref(REPORT_JSON_URL),
            "--markdown",
            ref(REPORT_MARKDOWN_URL),
            "--work-dir",
            SCRATCH_MOUNT));
    List<EnvVar> env = new ArrayList<>();
    for (String key :
        plan.baselineUrl() == null
            ? List.of(DUMP_URL, REPORT_JSON_URL, REPORT_MARKDOWN_URL)
            : List.of(DUMP_URL, BASELINE_URL, REPORT_JSON_URL, REPORT_MARKDOWN_URL)) {
      env.add(
          new EnvVarBuilder()
              .withName(key)
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(plan.name())
              .withKey(key)
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    Quantity memory = new Quantity(plan.memory());
    return new JobBuilder()
        .withMetadata(metadata(capture, target, plan.name(), true))
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(plan.timeout().toSeconds())
        .withTtlSecondsAfterFinished((int) settings.ttlAfterFinished().toSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(capture, target))
        // The analyzer is no capture target: in an opted-in namespace, keep the sidecar out.
        .addToLabels(NO_INJECTION, "false")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewVolume()
        .withName("scratch")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity(Math.max(1, plan.scratchBytes() / MIB) + "Mi"))
        .endEmptyDir()
        .endVolume()
        .addToContainers(
            new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(settings.image())
                .withCommand(
                    "java",
                    "-XX:MaxRAMPercentage=" + AnalysisMemory.HEAP_SHARE_PERCENT,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-jar",
                    ANALYZER_JAR)
                .withArgs(args)
                .withEnv(env)
                .withNewResources()
                .addToRequests("memory", memory)
                .addToRequests("cpu", new Quantity("500m"))
                .addToLimits("memory", memory)
                .endResources()
                .addNewVolumeMount()
                .withName("scratch")
                .withMountPath(SCRATCH_MOUNT)
                .endVolumeMount()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String ref(String variable) {
    return "$(" + variable + ")";
  }

  private static ObjectMeta metadata(
      HeapCapture capture, TargetStatus target, String name, boolean controller) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(capture.getMetadata().getNamespace())
        .withLabels(labels(capture, target))
        .withOwnerReferences(owner(capture, controller))
        .build();
  }

  private static Map<String, String> labels(HeapCapture capture, TargetStatus target) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "heapcapture-analyzer");
    labels.put(MANAGED_BY, OPERATOR);
    String captureName = capture.getMetadata().getName();
    if (captureName.length() <= 63) {
      labels.put(LABEL_CAPTURE, captureName);
    }
    labels.put(LABEL_TARGET, target.getId());
    return labels;
  }

  private static OwnerReference owner(HeapCapture capture, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(capture.getApiVersion())
        .withKind(capture.getKind())
        .withName(capture.getMetadata().getName())
        .withUid(capture.getMetadata().getUid())
        .withController(controller)
        .build();
  }
}
