package io.heapcapture.analyzer.hprof;

/** The value types of HPROF fields and array elements, with their HPROF type codes. */
public enum BasicType {
  OBJECT(2, 0, "java.lang.Object"),
  BOOLEAN(4, 1, "boolean"),
  CHAR(5, 2, "char"),
  FLOAT(6, 4, "float"),
  DOUBLE(7, 8, "double"),
  BYTE(8, 1, "byte"),
  SHORT(9, 2, "short"),
  INT(10, 4, "int"),
  LONG(11, 8, "long");

  private static final BasicType[] BY_CODE = new BasicType[12];

  static {
    for (BasicType t : values()) {
      BY_CODE[t.code] = t;
    }
    BY_CODE[1] = OBJECT; // "array object" in the original hprof agent's spec
  }

  private final int code;
  private final int size;
  private final String javaName;

  BasicType(int code, int size, String javaName) {
    this.code = code;
    this.size = size;
    this.javaName = javaName;
  }

  /** The type with this HPROF code, or null if the code is not a type. */
  public static BasicType ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  public int code() {
    return code;
  }

  /** Size in bytes of a value of this type in the dump; for {@link #OBJECT} it is the id size. */
  public int size(int idSize) {
    return this == OBJECT ? idSize : size;
  }

  /** The Java source name: {@code int}, {@code boolean}, ... */
  public String javaName() {
    return javaName;
  }
}
