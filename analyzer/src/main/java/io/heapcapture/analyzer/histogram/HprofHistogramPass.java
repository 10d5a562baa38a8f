package io.heapcapture.analyzer.histogram;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.hprof.BasicType;
import io.heapcapture.analyzer.hprof.ClassTrackingVisitor;
import io.heapcapture.analyzer.hprof.HprofData;
import io.heapcapture.analyzer.hprof.ObjectLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts objects per class id while an HPROF dump streams by. Instances of a class all have the
 * same size, so they are only counted here and sized at the end, when every CLASS_DUMP is known;
 * arrays are sized as they come.
 */
final class HprofHistogramPass extends ClassTrackingVisitor {
  private final ObjectLayout layout;
  private long[] instances = new long[1024];
  private long[] arrays = new long[1024];
  private long[] arrayBytes = new long[1024];
  private long[] unsizedBytes = new long[1024]; // for instances of classes with no CLASS_DUMP
  private final long[] primitiveArrays = new long[BasicType.values().length];
  private final long[] primitiveArrayBytes = new long[BasicType.values().length];

  HprofHistogramPass(ObjectLayout layout) {
    super(layout);
    this.layout = layout;
  }

  @Override
  public void instance(long objectId, long classId, int dataLength, HprofData fields) {
    classes.instance(objectId, classId);
    int slot = slot(classId);
    instances[slot]++;
    unsizedBytes[slot] += layout.instanceSize(dataLength);
  }

  @Override
  public void objectArray(long objectId, long arrayClassId, int length, HprofData elements) {
    int slot = slot(arrayClassId);
    arrays[slot]++;
    arrayBytes[slot] += layout.arraySize(length, layout.referenceSize());
  }

  @Override
  public void primitiveArray(long objectId, BasicType type, int length, HprofData elements) {
    primitiveArrays[type.ordinal()]++;
    primitiveArrayBytes[type.ordinal()] += layout.arraySize(length, layout.valueSize(type));
  }

  private int slot(long classId) {
    int slot = classes.slot(classId);
    if (slot >= instances.length) {
      int grown = Math.max(slot + 1, instances.length * 2);
      instances = Arrays.copyOf(instances, grown);
      arrays = Arrays.copyOf(arrays, grown);
      arrayBytes = Arrays.copyOf(arrayBytes, grown);
      unsizedBytes = Arrays.copyOf(unsizedBytes, grown);
    }
    return slot;
  }

  List<ClassHistogram.Entry> entries() {
    List<ClassHistogram.Entry> entries = new ArrayList<>();
    long classObjects = 0;
    long classObjectBytes = 0;
    for (int s = 0; s < classes.slotCount(); s++) {
      if (classes.classDump(s) != null) {
        classObjects++;
        classObjectBytes += classes.classObjectSize(s);
      }
      long count = s < instances.length ? instances[s] + arrays[s] : 0;
      if (count == 0) {
        continue;
      }
      long size = classes.instanceSize(s);
      long bytes = arrayBytes[s] + (size >= 0 ? instances[s] * size : unsizedBytes[s]);
      entries.add(new ClassHistogram.Entry(classes.heapClass(s), count, bytes));
    }
    if (classObjects > 0) {
      int javaLangClass = classes.javaLangClassSlot();
      HeapClass type =
          javaLangClass >= 0
              ? classes.heapClass(javaLangClass)
              : new HeapClass("java.lang.Class", "");
      entries.add(new ClassHistogram.Entry(type, classObjects, classObjectBytes));
    }
    for (BasicType t : BasicType.values()) {
      if (primitiveArrays[t.ordinal()] > 0) {
        entries.add(
            new ClassHistogram.Entry(
                new HeapClass(t.javaName() + "[]", ""),
                primitiveArrays[t.ordinal()],
                primitiveArrayBytes[t.ordinal()]));
      }
    }
    return entries;
  }
}
