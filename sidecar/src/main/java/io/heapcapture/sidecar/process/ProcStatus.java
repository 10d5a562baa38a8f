package io.heapcapture.sidecar.process;

import java.util.HashMap;
import java.util.Map;

/** The fields of {@code /proc/<pid>/status} that matter for attaching. */
record ProcStatus(long nsPid, int uid, int gid, long sigCgt) {

  /** Parses the status text of process {@code pid}. */
  static ProcStatus parse(long pid, String text) {
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    // Without NSpid (kernels before 4.1) there is no nested namespace to see through.
    String nsPid = fields.get("NSpid");
    long innermost = nsPid == null || nsPid.isEmpty() ? pid : Long.parseLong(last(nsPid));
    return new ProcStatus(
        innermost,
        Integer.parseInt(second(required(fields, "Uid"))),
        Integer.parseInt(second(required(fields, "Gid"))),
        Long.parseUnsignedLong(required(fields, "SigCgt"), 16));
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no " + name + " line in /proc status");
    }
    return value;
  }

  private static String last(String value) {
    String[] parts = value.split("\\s+");
    return parts[parts.length - 1];
  }

  // Uid and Gid list real, effective, saved and filesystem ids: the attach listener checks the
  // effective ones.
  private static String second(String value) {
    return value.split("\\s+")[1];
  }
}
