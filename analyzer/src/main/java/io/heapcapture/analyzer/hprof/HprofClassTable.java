package io.heapcapture.analyzer.hprof;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.LongIntMap;
import java.io.IOException;
import java.util.Arrays;

/**
 * The classes of an HPROF dump, collected while it is read: names, CLASS_DUMPs, and the classes of
 * class loader objects. Each class id gets a dense slot number; per-class data lives in arrays
 * indexed by slot, so memory grows with the number of classes. A visitor that needs classes
 * forwards {@link #utf8}, {@link #loadClass}, {@link #classDump} and {@link #instance} to this
 * table, then asks it after the pass.
 *
 * <p>Class loaders are named by the class of the loader object, which needs the loader's
 * INSTANCE_DUMP: it is recognised if its class's CLASS_DUMP names it as loader before the instance
 * appears (HotSpot writes all CLASS_DUMPs before any instance).
 */
public final class HprofClassTable {
  private static final String JAVA_LANG_CLASS = "java.lang.Class";

  private final SymbolTable symbols = new SymbolTable();
  private final LongIntMap slotOfClass = new LongIntMap(1 << 12);
  private final LongIntMap loaderIndex = new LongIntMap(64);
  private final ObjectLayout layout;
  private long[] classIds = new long[1024];
  private long[] nameIds = new long[1024];
  private ClassDump[] dumps = new ClassDump[1024];
  private int slots;
  private long[] loaderIds = new long[16];
  private long[] loaderClassIds = new long[16];
  private int loaders;
  private String[] names;
  private long[] fieldBytes;
  private int javaLangClass = -2;

  public HprofClassTable(ObjectLayout layout) {
    this.layout = layout;
  }

  public ObjectLayout layout() {
    return layout;
  }

  public void utf8(long id, int length, HprofData text) throws IOException {
    symbols.add(id, length, text);
  }

  public void loadClass(long classId, long nameId) {
    // slot() may grow the arrays: take the slot first, then index the (new) array. In
    // `nameIds[slot(classId)] = nameId` Java evaluates the array reference before the index,
    // which writes into the old, too small array once a dump has more than 1,024 classes.
    int slot = slot(classId);
    nameIds[slot] = nameId;
    names = null;
  }

  public void classDump(ClassDump dump) {
    int slot = slot(dump.classId()); // before indexing: slot() may grow dumps
    dumps[slot] = dump;
    javaLangClass = -2;
    long loader = dump.loaderId();
    if (loader != 0 && loaderIndex.get(loader) == LongIntMap.MISSING) {
      if (loaders == loaderIds.length) {
        loaderIds = Arrays.copyOf(loaderIds, loaders * 2);
        loaderClassIds = Arrays.copyOf(loaderClassIds, loaders * 2);
      }
      loaderIds[loaders] = loader;
      loaderIndex.put(loader, loaders++);
    }
  }

  /** Notes an instance, to learn the classes of class loader objects. */
  public void instance(long objectId, long classId) {
    if (loaders > 0) {
      int i = loaderIndex.get(objectId);
      if (i >= 0) {
        loaderClassIds[i] = classId;
      }
    }
  }

  /** The slot of a class id, added if new. */
  public int slot(long classId) {
    int slot = slotOfClass.get(classId);
    if (slot >= 0) {
      return slot;
    }
    if (slots == classIds.length) {
      int grown = slots * 2;
      classIds = Arrays.copyOf(classIds, grown);
      nameIds = Arrays.copyOf(nameIds, grown);
      dumps = Arrays.copyOf(dumps, grown);
    }
    classIds[slots] = classId;
    nameIds[slots] = 0;
    slotOfClass.put(classId, slots);
    names = null;
    fieldBytes = null;
    javaLangClass = -2;
    return slots++;
  }

  /** The slot of a class id, or -1 if the dump has not mentioned it. */
  public int slotOrMissing(long classId) {
    return slotOfClass.get(classId);
  }

  public int slotCount() {
    return slots;
  }

  public long classId(int slot) {
    return classIds[slot];
  }

  /** The CLASS_DUMP of a class, or null if the dump has none for it. */
  public ClassDump classDump(int slot) {
    return dumps[slot];
  }

  /** A string of the dump (a UTF8 record) by id, or null. */
  public String string(long id) {
    return symbols.get(id);
  }

  /** The Java source name of a class. */
  public String name(int slot) {
    if (names == null) {
      names = new String[slots];
    }
    String name = names[slot];
    if (name == null) {
      String vmName = nameIds[slot] == 0 ? null : symbols.get(nameIds[slot]);
      name =
          vmName == null
              ? "<unnamed class 0x" + Long.toHexString(classIds[slot]) + ">"
              : ClassNames.javaName(vmName);
      names[slot] = name;
    }
    return name;
  }

  /** The class (name and loader) of a slot. */
  public HeapClass heapClass(int slot) {
    ClassDump dump = dumps[slot];
    return new HeapClass(name(slot), dump == null ? "" : loaderName(dump.loaderId()));
  }

  /**
   * A stable description of a class loader object: the name of its class, {@code ""} for the boot
   * loader (id 0).
   */
  public String loaderName(long loaderId) {
    if (loaderId == 0) {
      return "";
    }
    int i = loaderIndex.get(loaderId);
    int slot = i < 0 || loaderClassIds[i] == 0 ? -1 : slotOfClass.get(loaderClassIds[i]);
    return slot < 0 ? "<loader 0x" + Long.toHexString(loaderId) + ">" : name(slot);
  }

  /** Bytes of all instance fields (with super classes') in the object layout; -1 if unknown. */
  public long instanceFieldBytes(int slot) {
    if (fieldBytes == null) {
      fieldBytes = new long[slots];
      Arrays.fill(fieldBytes, Long.MIN_VALUE);
    }
    if (fieldBytes[slot] == Long.MIN_VALUE) {
      long bytes = 0;
      int depth = 0;
      for (int s = slot; s >= 0 && bytes >= 0; depth++) {
        ClassDump dump = dumps[s];
        if (dump == null || depth > 1000) { // a missing super class, or a cycle in corrupt data
          bytes = -1;
          break;
        }
        for (ClassDump.FieldDescriptor f : dump.instanceFields()) {
          bytes += layout.valueSize(f.type());
        }
        s = dump.superClassId() == 0 ? -1 : slotOfClass.get(dump.superClassId());
        if (s < 0 && dump.superClassId() != 0) {
          bytes = -1;
        }
      }
      fieldBytes[slot] = bytes;
    }
    return fieldBytes[slot];
  }

  /** Shallow size of an instance of the class, or -1 if its fields are not known. */
  public long instanceSize(int slot) {
    long bytes = instanceFieldBytes(slot);
    return bytes < 0 ? -1 : layout.instanceSize(bytes);
  }

  /**
   * Shallow size of the class object ({@code java.lang.Class} instance) of a class: HotSpot keeps
   * static fields in it. Synthetic statics that HotSpot adds to the dump (named {@code <...>}, e.g.
   * {@code <resolved_references>}) are not in the object and not counted.
   */
  public long classObjectSize(int slot) {
    ClassDump dump = dumps[slot];
    int classSlot = javaLangClassSlot();
    long bytes = classSlot < 0 ? 0 : Math.max(0, instanceFieldBytes(classSlot));
    if (dump != null) {
      for (ClassDump.StaticField f : dump.staticFields()) {
        String name = symbols.get(f.nameId());
        if (name == null || !name.startsWith("<")) {
          bytes += layout.valueSize(f.type());
        }
      }
    }
    return layout.instanceSize(bytes);
  }

  /** The slot of {@code java.lang.Class} of the boot loader, or -1. */
  public int javaLangClassSlot() {
    if (javaLangClass == -2) {
      javaLangClass = -1;
      for (int s = 0; s < slots; s++) {
        if (dumps[s] != null && dumps[s].loaderId() == 0 && JAVA_LANG_CLASS.equals(name(s))) {
          javaLangClass = s;
          break;
        }
      }
    }
    return javaLangClass;
  }
}
