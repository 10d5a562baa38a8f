package io.heapcapture.operator.webhook;

import io.heapcapture.operator.pod.AppIdentity;

/** The labels and annotations that steer injection, and those it leaves on the pod. */
public final class InjectionKeys {
  /**
   * Namespace label {@code enabled}, or pod label or annotation {@code "true"}, opts in; {@code
   * "false"} on the pod opts out.
   */
  public static final String INJECT = "heapcapture.io/inject";

  /** Value of the {@link #INJECT} namespace label that opts the whole namespace in. */
  public static final String NAMESPACE_ENABLED = "enabled";

  /** Pod annotation: the application container; default the first container. */
  public static final String CONTAINER = "heapcapture.io/container";

  /** Pod annotation: size limit of the dump volume; default from the settings. */
  public static final String DUMP_VOLUME_SIZE = "heapcapture.io/dump-volume-size";

  /** Pod annotation: the application's uid, when the pod spec does not say. */
  public static final String RUN_AS_USER = AppIdentity.RUN_AS_USER;

  /** Pod annotation: the application's gid, when the pod spec does not say. */
  public static final String RUN_AS_GROUP = AppIdentity.RUN_AS_GROUP;

  /** Written by the webhook: the sidecar image injected. Its presence means "already injected". */
  public static final String INJECTED = "heapcapture.io/injected";

  /** Written by the webhook, value {@value #IDENTITY_UNKNOWN}, when the app's ids are not known. */
  public static final String IDENTITY = "heapcapture.io/identity";

  public static final String IDENTITY_UNKNOWN = "unknown";

  private InjectionKeys() {}
}
