package io.heapcapture.analyzer.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes of the smallest class file: a public class that extends {@code java.lang.Object} and
 * declares nothing (no fields, no methods, not even a constructor; make instances with {@code
 * Unsafe.allocateInstance}). Java 17 has no class-file API, so it is written by hand.
 */
public final class TinyClassFile {
  private static final int JAVA_17 = 61;
  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_FINAL = 0x0010;
  private static final int ACC_SUPER = 0x0020;
  private static final int CONSTANT_UTF8 = 1;
  private static final int CONSTANT_CLASS = 7;

  private TinyClassFile() {}

  /** A class named {@code internalName} ({@code com/example/Foo}). */
  public static byte[] of(String internalName) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0xCAFEBABE);
      out.writeShort(0); // minor
      out.writeShort(JAVA_17);
      out.writeShort(5); // constant pool count: entries 1..4
      out.writeByte(CONSTANT_UTF8); // #1
      out.writeUTF(internalName);
      out.writeByte(CONSTANT_CLASS); // #2 this class
      out.writeShort(1);
      out.writeByte(CONSTANT_UTF8); // #3
      out.writeUTF("java/lang/Object");
      out.writeByte(CONSTANT_CLASS); // #4 super class
      out.writeShort(3);
      out.writeShort(ACC_PUBLIC | ACC_FINAL | ACC_SUPER);
      out.writeShort(2); // this
      out.writeShort(4); // super
      out.writeShort(0); // interfaces
      out.writeShort(0); // fields
      out.writeShort(0); // methods
      out.writeShort(0); // attributes
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
