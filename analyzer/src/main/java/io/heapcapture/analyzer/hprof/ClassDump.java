package io.heapcapture.analyzer.hprof;

import java.util.List;

/**
 * A CLASS_DUMP sub-record: the class object's id, its super class and loader (0 for none / the boot
 * loader), its static fields with their values, and the instance fields it declares itself (not
 * those of its super classes).
 *
 * @param instanceSize the instance size the dump states (HotSpot: the bytes of field values in an
 *     INSTANCE_DUMP of this class, references counted at id size)
 */
public record ClassDump(
    long classId,
    long superClassId,
    long loaderId,
    int instanceSize,
    List<StaticField> staticFields,
    List<FieldDescriptor> instanceFields) {

  /** A field declaration: name (a UTF8 id) and type. */
  public record FieldDescriptor(long nameId, BasicType type) {}

  /**
   * A static field with its value: an object id for {@link BasicType#OBJECT}, else the raw bits of
   * the primitive (sign-extended for int-like types, as {@link Double#doubleToRawLongBits} etc.).
   */
  public record StaticField(long nameId, BasicType type, long value) {}
}
