package io.heapcapture.analyzer.testing;

import java.util.ArrayList;
import java.util.List;

/** A class that {@link SyntheticHeap} loads through several class loaders, under one name. */
public class Payload {
  static final List<Payload> ALL = new ArrayList<>();

  final byte[] data = new byte[16];

  public Payload() {
    ALL.add(this);
  }
}
