package io.heapcapture.corpus.jvm.billing;

/** The request context of the current thread, as web frameworks keep it. */
public final class RequestContextHolder {
  private static final ThreadLocal<RequestContext> CONTEXT =
      ThreadLocal.withInitial(RequestContext::new);

  private RequestContextHolder() {}

  static RequestContext current() {
    return CONTEXT.get();
  }

  /** Should be called when a request ends; nothing calls it. */
  static void clear() {
    CONTEXT.remove();
  }
}
