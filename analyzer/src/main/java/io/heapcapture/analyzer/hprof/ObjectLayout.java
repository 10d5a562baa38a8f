package io.heapcapture.analyzer.hprof;

/**
 * How big objects are in the JVM that wrote the dump. HPROF does not record it (it writes
 * references at id size and no headers), so shallow sizes are estimates from an assumed layout.
 *
 * @param headerSize bytes of an object header (mark word and class pointer)
 * @param arrayHeaderSize bytes before the first element of an array (header and length)
 * @param referenceSize bytes of a reference field or object array element
 * @param alignment objects start at multiples of this
 */
public record ObjectLayout(int headerSize, int arrayHeaderSize, int referenceSize, int alignment) {

  /** 64-bit HotSpot with compressed oops and class pointers: the default for heaps under 32 GB. */
  public static final ObjectLayout HOTSPOT_64_COMPRESSED = new ObjectLayout(12, 16, 4, 8);

  /** 64-bit HotSpot with a heap of 32 GB or more: compressed class pointers, 8-byte references. */
  public static final ObjectLayout HOTSPOT_64_LARGE_HEAP = new ObjectLayout(12, 16, 8, 8);

  /** 32-bit HotSpot. */
  public static final ObjectLayout HOTSPOT_32 = new ObjectLayout(8, 12, 4, 8);

  /**
   * The layout assumed for a dump with this id size: 8 means a 64-bit JVM, assumed to use
   * compressed oops (the default, and by far the common case); 4 means a 32-bit JVM.
   */
  public static ObjectLayout forIdSize(int idSize) {
    return idSize == 4 ? HOTSPOT_32 : HOTSPOT_64_COMPRESSED;
  }

  /** Size of a value of {@code type} in an object. */
  public int valueSize(BasicType type) {
    return type == BasicType.OBJECT ? referenceSize : type.size(referenceSize);
  }

  /**
   * Shallow size of an instance whose fields (all, with super classes') take {@code fieldBytes}.
   */
  public long instanceSize(long fieldBytes) {
    return align(headerSize + fieldBytes);
  }

  public long arraySize(long length, int elementSize) {
    return align(arrayHeaderSize + length * elementSize);
  }

  private long align(long size) {
    return (size + alignment - 1) / alignment * alignment;
  }
}
