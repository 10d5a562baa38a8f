package io.heapcapture.analyzer.hprof;

/**
 * The kinds of GC root sub-records. HotSpot writes {@code JNI_GLOBAL}, {@code JNI_LOCAL}, {@code
 * JAVA_FRAME}, {@code STICKY_CLASS}, {@code THREAD_OBJECT} (and the others are in the format); the
 * tags from 0x89 on are Android ART's extensions.
 */
public enum GcRootKind {
  UNKNOWN(0xff, 0),
  JNI_GLOBAL(0x01, -1),
  JNI_LOCAL(0x02, 8),
  JAVA_FRAME(0x03, 8),
  NATIVE_STACK(0x04, 4),
  STICKY_CLASS(0x05, 0),
  THREAD_BLOCK(0x06, 4),
  MONITOR_USED(0x07, 0),
  THREAD_OBJECT(0x08, 8),
  INTERNED_STRING(0x89, 0),
  FINALIZING(0x8a, 0),
  DEBUGGER(0x8b, 0),
  REFERENCE_CLEANUP(0x8c, 0),
  VM_INTERNAL(0x8d, 0),
  JNI_MONITOR(0x8e, 8),
  /** Android marks unreachable objects with this tag: not a root, although it is written as one. */
  UNREACHABLE(0x90, 0);

  private static final GcRootKind[] BY_TAG = new GcRootKind[256];

  static {
    for (GcRootKind k : values()) {
      BY_TAG[k.tag] = k;
    }
  }

  private final int tag;
  private final int extraBytes;

  GcRootKind(int tag, int extraBytes) {
    this.tag = tag;
    this.extraBytes = extraBytes;
  }

  /** The root kind of a sub-record tag, or null if the tag is not a root. */
  static GcRootKind ofTag(int tag) {
    return BY_TAG[tag & 0xff];
  }

  public int tag() {
    return tag;
  }

  /** Bytes after the object id in the sub-record; -1 means one more id. */
  int extraBytes() {
    return extraBytes;
  }

  /** Whether objects of this kind keep other objects alive (all but {@link #UNREACHABLE}). */
  public boolean isRoot() {
    return this != UNREACHABLE;
  }
}
