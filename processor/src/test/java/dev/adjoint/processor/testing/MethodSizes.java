package dev.adjoint.processor.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytecode size of each method of a class file (the {@code code_length} of its {@code Code}
 * attribute), read straight from the bytes: what HotSpot's 8,000-byte JIT limit and javac's
 * 64 KB limit are about. (JDK 17 has no class-file API; javap prints offsets, not sizes.)
 */
public final class MethodSizes {
  private final DataInputStream in;
  private String[] utf8;

  private MethodSizes(byte[] classFile) {
    this.in = new DataInputStream(new ByteArrayInputStream(classFile));
  }

  /** Method name (for overloads, the largest) to its bytecode size; abstract methods are absent. */
  public static Map<String, Integer> of(byte[] classFile) {
    try {
      return new MethodSizes(classFile).read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Integer> read() throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.skipBytes(4); // minor and major version
    int poolSize = in.readUnsignedShort();
    utf8 = new String[poolSize];
    for (int i = 1; i < poolSize; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // a long or a double takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.skipBytes(6); // access flags, this class, super class
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    members(null); // fields
    Map<String, Integer> sizes = new LinkedHashMap<>();
    members(sizes);
    return sizes;
  }

  /** Reads the fields ({@code sizes} null) or the methods, putting each method's code length. */
  private void members(Map<String, Integer> sizes) throws IOException {
    int count = in.readUnsignedShort();
    for (int m = 0; m < count; m++) {
      in.skipBytes(2); // access flags
      String name = utf8[in.readUnsignedShort()];
      in.skipBytes(2); // descriptor
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (sizes != null && attribute.equals("Code")) {
          in.skipBytes(4); // max stack, max locals
          int codeLength = in.readInt();
          sizes.merge(name, codeLength, Math::max);
          in.skipBytes(length - 8);
        } else {
          in.skipBytes(length);
        }
      }
    }
  }
}
