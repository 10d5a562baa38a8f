package io.heapcapture.analyzer.hprof;

import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.graph.HeapGraphBuilder;
import io.heapcapture.analyzer.input.DumpFormat;
import io.heapcapture.analyzer.input.DumpInput;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Builds the {@link HeapGraph} of an HPROF dump in two passes over the file: the first learns the
 * classes and the id of every object (node numbers follow file order), the second adds the nodes,
 * their references and the GC roots. Memory is a few arrays of primitives per object and per
 * reference; there is no Java object per heap object.
 *
 * <p>The graph has a node for every instance, object array, primitive array and class object. A
 * class object is marked as such ({@link HeapGraph#isClassObject}) and its class is the class it
 * stands for (so a path reads {@code static com.example.Cache.entries}); its size is that of its
 * {@code java.lang.Class} instance, and its references are its static fields ({@code static
 * entries}), its super class ({@code <super>}) and its class loader ({@code <classloader>}). An
 * instance's references are named by field, resolved through the class hierarchy; an array's by
 * slot ({@code [3]}). Every instance and object array also references its class ({@code <class>}),
 * as the JVM keeps a class, and so its class loader, alive while an instance lives: that is how an
 * object pins a whole class loader in a class-loader leak. References to objects the dump does not
 * hold are left out. Objects that are the loader of some class are marked ({@link
 * HeapGraph#isClassLoaderClass}).
 *
 * <p>The {@code referent} field of {@code java.lang.ref.Reference} is not an edge, in every
 * subclass (weak, soft, phantom and final references, {@code WeakHashMap} entries, cleaners): the
 * collector does not keep an object alive through it, so it neither retains the object nor leads a
 * path from a GC root to it. Eclipse MAT's leak-suspect report excludes the same field (in all
 * subclasses) from its paths; Shark's usual matchers ignore it for weak, soft and phantom
 * references. See docs/shark-comparison.md.
 */
public final class HprofGraphLoader {

  /** Opens the decompressed HPROF content; called once per pass. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  private HprofGraphLoader() {}

  /** Loads the graph of an HPROF dump file (plain, gzip or zstd). */
  public static HeapGraph load(Path dump) throws IOException {
    return load(dump, Progress.NONE);
  }

  /** Loads the graph of an HPROF dump file, reporting bytes of the file read in each pass. */
  public static HeapGraph load(Path dump, Progress progress) throws IOException {
    try (DumpInput first = DumpInput.open(dump)) {
      if (first.format() != DumpFormat.HPROF) {
        throw new UnsupportedDumpException(
            dump + " is a " + first.format() + ", not an HPROF dump");
      }
      HprofReader reader = HprofReader.open(first.stream());
      ObjectsPass objects = new ObjectsPass(ObjectLayout.forIdSize(reader.idSize()));
      reader.accept(
          objects,
          at -> progress.update("reading objects", first.fileBytesRead(), first.fileSize()));
      try (DumpInput second = DumpInput.open(dump)) {
        HprofReader again = HprofReader.open(second.stream());
        return referencesPass(
            objects,
            again,
            at -> progress.update("reading references", second.fileBytesRead(), second.fileSize()));
      }
    }
  }

  /** Loads the graph from a source of decompressed HPROF content, opened twice. */
  public static HeapGraph load(Source source) throws IOException {
    ObjectsPass objects;
    try (InputStream in = source.open()) {
      HprofReader reader = HprofReader.open(in);
      objects = new ObjectsPass(ObjectLayout.forIdSize(reader.idSize()));
      reader.accept(objects);
    }
    try (InputStream in = source.open()) {
      return referencesPass(objects, HprofReader.open(in), at -> {});
    }
  }

  private static HeapGraph referencesPass(
      ObjectsPass objects, HprofReader reader, LongConsumer progress) throws IOException {
    ReferencesPass references = new ReferencesPass(objects, reader.idSize());
    reader.accept(references, progress);
    if (references.node != objects.count || references.idHash != objects.idHash) {
      throw new IOException(
          "the dump changed between the two passes: "
              + objects.count
              + " objects, then "
              + references.node);
    }
    return references.build();
  }

  private static final String REFERENCE_CLASS = "java.lang.ref.Reference";
  private static final String REFERENT_FIELD = "referent";

  /** An order-dependent hash of the object ids, to check that both passes read the same dump. */
  private static long mix(long hash, long id) {
    return (hash ^ id) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
  }

  /** First pass: classes, and the object ids in file order. */
  private static final class ObjectsPass extends ClassTrackingVisitor {
    long[] ids = new long[1 << 16];
    int count;
    long idHash;

    ObjectsPass(ObjectLayout layout) {
      super(layout);
    }

    @Override
    public void classDump(ClassDump classDump) throws IOException {
      super.classDump(classDump);
      add(classDump.classId());
    }

    @Override
    public void instance(long objectId, long classId, int dataLength, HprofData fields) {
      classes.instance(objectId, classId);
      add(objectId);
    }

    @Override
    public void objectArray(long objectId, long arrayClassId, int length, HprofData elements) {
      add(objectId);
    }

    @Override
    public void primitiveArray(long objectId, BasicType type, int length, HprofData elements) {
      add(objectId);
    }

    private void add(long id) {
      if (count == ids.length) {
        if (count == Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("more than 2^31 objects in the dump");
        }
        ids = Arrays.copyOf(ids, (int) Math.min(Integer.MAX_VALUE - 8, count + (long) count / 2));
      }
      ids[count++] = id;
      idHash = mix(idHash, id);
    }
  }

  /** Second pass: nodes in the same order as the first, with references and roots. */
  private static final class ReferencesPass implements HprofVisitor {
    final HeapGraphBuilder builder;
    final HprofClassTable classes;
    final ObjectLayout layout;
    ObjectIndex index; // released before the graph is built: the peak of memory is there
    final int[] classIndexOfSlot;
    final int[][] refOffsets;
    final int[][] refNames;
    final int idSize;
    final int superName;
    final int loaderName;
    final int className;
    final java.util.Set<Long> loaderIds = new java.util.HashSet<>();
    final int[] primitiveArrayClass = new int[BasicType.values().length];
    byte[] fieldData = new byte[256];
    int node;
    long idHash;

    ReferencesPass(ObjectsPass objects, int idSize) {
      this.idSize = idSize;
      // Edges are not counted in the first pass; one per object is a floor typical heaps exceed.
      builder = new HeapGraphBuilder(objects.count, objects.count);
      classes = objects.classes;
      layout = classes.layout();
      index = new ObjectIndex(objects.ids, objects.count);
      objects.ids = null; // the index has them now
      int slots = classes.slotCount();
      classIndexOfSlot = new int[slots];
      Arrays.fill(classIndexOfSlot, -1);
      refOffsets = new int[slots][];
      refNames = new int[slots][];
      Arrays.fill(primitiveArrayClass, -1);
      superName = builder.nameIndex("<super>");
      loaderName = builder.nameIndex("<classloader>");
      className = builder.nameIndex("<class>");
    }

    HeapGraph build() {
      for (long loader : loaderIds) {
        int node = index.node(loader);
        if (node >= 0) {
          builder.markClassLoader(node);
        }
      }
      index = null;
      return builder.build();
    }

    @Override
    public void gcRoot(GcRootKind kind, long objectId) {
      int target = objectId == 0 || !kind.isRoot() ? -1 : index.node(objectId);
      if (target >= 0) {
        builder.addRoot(target);
        if (kind == GcRootKind.THREAD_OBJECT || kind == GcRootKind.JNI_GLOBAL) {
          builder.lastingRoot(target);
        }
      }
    }

    @Override
    public void classDump(ClassDump dump) throws IOException {
      int slot = classes.slotOrMissing(dump.classId());
      int source = addNode(dump.classId(), classIndex(slot), classes.classObjectSize(slot));
      builder.markClassObject(source);
      for (ClassDump.StaticField f : dump.staticFields()) {
        if (f.type() == BasicType.OBJECT) {
          edge(source, f.value(), builder.nameIndex("static " + fieldName(f.nameId())));
        }
      }
      edge(source, dump.superClassId(), superName);
      edge(source, dump.loaderId(), loaderName);
      if (dump.loaderId() != 0) {
        loaderIds.add(dump.loaderId());
      }
    }

    @Override
    public void instance(long objectId, long classId, int dataLength, HprofData fields)
        throws IOException {
      int slot = classes.slotOrMissing(classId);
      long size = slot < 0 ? -1 : classes.instanceSize(slot);
      int source =
          addNode(
              objectId,
              slot < 0 ? unknownClass(classId) : classIndex(slot),
              size >= 0 ? size : layout.instanceSize(dataLength));
      if (slot < 0) {
        return;
      }
      int[] offsets = referenceOffsets(slot);
      if (offsets.length == 0) {
        edge(source, classId, className);
        return;
      }
      fieldData = fields.readBytes(fieldData, dataLength);
      int[] names = refNames[slot];
      for (int i = 0; i < offsets.length && offsets[i] + idSize <= dataLength; i++) {
        edge(source, readId(fieldData, offsets[i], idSize), names[i]);
      }
      edge(source, classId, className);
    }

    @Override
    public void objectArray(long objectId, long arrayClassId, int length, HprofData elements)
        throws IOException {
      int slot = classes.slotOrMissing(arrayClassId);
      int source =
          addNode(
              objectId,
              slot < 0 ? unknownClass(arrayClassId) : classIndex(slot),
              layout.arraySize(length, layout.referenceSize()));
      for (int i = 0; i < length; i++) {
        long target = elements.readId();
        if (target != 0) {
          edge(source, target, HeapGraphBuilder.slotName(i));
        }
      }
      edge(source, arrayClassId, className);
    }

    @Override
    public void primitiveArray(long objectId, BasicType type, int length, HprofData elements)
        throws IOException {
      int t = type.ordinal();
      if (primitiveArrayClass[t] < 0) {
        primitiveArrayClass[t] = builder.classIndex(new HeapClass(type.javaName() + "[]", ""));
      }
      addNode(objectId, primitiveArrayClass[t], layout.arraySize(length, layout.valueSize(type)));
    }

    private int addNode(long id, int classIndex, long size) {
      idHash = mix(idHash, id); // the same objects in the same order as the first pass
      node++;
      return builder.addNode(id, classIndex, size);
    }

    private void edge(int source, long targetId, int name) {
      if (targetId != 0) {
        int target = index.node(targetId);
        if (target >= 0) {
          builder.addEdge(source, target, name);
        }
      }
    }

    private int classIndex(int slot) {
      if (classIndexOfSlot[slot] < 0) {
        classIndexOfSlot[slot] = builder.classIndex(classes.heapClass(slot));
      }
      return classIndexOfSlot[slot];
    }

    private int unknownClass(long classId) {
      return builder.classIndex(
          new HeapClass("<unknown class 0x" + Long.toHexString(classId) + ">", ""));
    }

    private String fieldName(long nameId) {
      String name = classes.string(nameId);
      return name != null ? name : "<field 0x" + Long.toHexString(nameId) + ">";
    }

    /** Offsets of reference fields in an instance's data: the class's fields, then its supers'. */
    private int[] referenceOffsets(int slot) {
      if (refOffsets[slot] == null) {
        int[] offsets = new int[8];
        int[] names = new int[8];
        int count = 0;
        int offset = 0;
        int depth = 0;
        for (int s = slot; s >= 0 && depth < 1000; depth++) {
          ClassDump dump = classes.classDump(s);
          if (dump == null) {
            break;
          }
          boolean reference = dump.loaderId() == 0 && REFERENCE_CLASS.equals(classes.name(s));
          for (ClassDump.FieldDescriptor f : dump.instanceFields()) {
            if (f.type() == BasicType.OBJECT
                && !(reference && REFERENT_FIELD.equals(fieldName(f.nameId())))) {
              if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                names = Arrays.copyOf(names, count * 2);
              }
              offsets[count] = offset;
              names[count++] = builder.nameIndex(fieldName(f.nameId()));
            }
            offset += f.type().size(idSize);
          }
          s = dump.superClassId() == 0 ? -1 : classes.slotOrMissing(dump.superClassId());
        }
        refOffsets[slot] = Arrays.copyOf(offsets, count);
        refNames[slot] = Arrays.copyOf(names, count);
      }
      return refOffsets[slot];
    }

    private static long readId(byte[] b, int at, int idSize) {
      long v = 0;
      for (int i = 0; i < idSize; i++) {
        v = (v << 8) | (b[at + i] & 0xff);
      }
      return v;
    }
  }
}
