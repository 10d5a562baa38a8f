package io.heapcapture.analyzer.hprof;

import java.io.IOException;

/**
 * A visitor that keeps the dump's classes (names, loaders, field layouts) in an {@link
 * HprofClassTable} as it goes; every pass over a dump needs that before it can read objects.
 */
public abstract class ClassTrackingVisitor implements HprofVisitor {
  protected final HprofClassTable classes;

  protected ClassTrackingVisitor(ObjectLayout layout) {
    this.classes = new HprofClassTable(layout);
  }

  @Override
  public void utf8(long id, int length, HprofData text) throws IOException {
    classes.utf8(id, length, text);
  }

  @Override
  public void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId) {
    classes.loadClass(classId, nameId);
  }

  @Override
  public void classDump(ClassDump classDump) throws IOException {
    classes.classDump(classDump);
  }
}
