package io.heapcapture.analyzer.v8;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntPredicate;
import java.util.function.ObjIntConsumer;

/**
 * Walks the top level of a snapshot with Jackson's streaming parser: only the small {@code
 * snapshot} section becomes a tree; the big arrays are handed over row by row and never held here.
 * A file whose first field is not {@code snapshot} gets an {@link UnsupportedDumpException}; after
 * that, every failure (truncated, not JSON, wrong token, disagreeing with the meta) is a {@link
 * MalformedDumpException} naming the section and byte offset. I/O errors of the underlying stream
 * stay plain {@link IOException}s.
 */
final class V8SnapshotReader implements Closeable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  // DevTools keeps nodes and edges in Uint32Arrays: V8 never writes anything larger.
  private static final long MAX_VALUE = 0xFFFF_FFFFL;

  /** Receives one row of an integer array; the array is reused for the next row. */
  interface RowSink {
    void row(long[] values) throws MalformedDumpException;
  }

  private final JsonParser parser;
  private String section = "start of file";
  // Until the first field turns out to be "snapshot", a failure means this is no V8 snapshot.
  private boolean recognized;

  V8SnapshotReader(InputStream in) throws IOException {
    try {
      this.parser = MAPPER.getFactory().createParser(in);
    } catch (JsonProcessingException | CharConversionException e) {
      throw wrap(e);
    }
  }

  /** Reads the opening brace and the {@code snapshot} section, which V8 always writes first. */
  V8SnapshotMeta readMeta() throws IOException {
    try {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw unsupported("expected a JSON object, found " + describe(first));
      }
      if (parser.nextToken() != JsonToken.FIELD_NAME || !"snapshot".equals(parser.currentName())) {
        throw unsupported("the first field is not 'snapshot'");
      }
      recognized = true;
      section = "snapshot";
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("snapshot: expected an object");
      }
      JsonNode snapshot = parser.readValueAsTree();
      try {
        return V8SnapshotMeta.parse(snapshot);
      } catch (V8SnapshotMeta.Invalid e) {
        throw new MalformedDumpException(e.getMessage(), offset());
      }
    } catch (JsonProcessingException | CharConversionException e) {
      throw wrap(e);
    }
  }

  /** The name of the next top-level section, or null after the closing brace. */
  String nextSection() throws IOException {
    try {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_OBJECT) {
        return null;
      }
      if (token != JsonToken.FIELD_NAME) {
        throw malformed("expected a section name or '}', found " + describe(token));
      }
      section = parser.currentName();
      parser.nextToken();
      return section;
    } catch (JsonProcessingException | CharConversionException e) {
      throw wrap(e);
    }
  }

  /** Skips the value of the current section. */
  void skipSection() throws IOException {
    try {
      parser.skipChildren();
    } catch (JsonProcessingException | CharConversionException e) {
      throw wrap(e);
    }
  }

  /**
   * Reads the current section as an array of exactly {@code rows * width} non-negative integers,
   * handing them over {@code width} at a time.
   */
  void readRows(int width, long rows, String declaredBy, RowSink sink) throws IOException {
    try {
      expectArray();
      long expected = rows * width;
      long[] row = new long[width];
      long read = 0;
      int column = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
          throw malformed("expected only integers, found " + describe(token) + " at value " + read);
        }
        if (read == expected) {
          throw malformed(
              "holds more than the " + expected + " values that " + declaredBy + " declares");
        }
        long value = parser.getLongValue();
        if (value < 0 || value > MAX_VALUE) {
          throw malformed(
              "value " + value + " at value " + read + " is not an unsigned 32-bit integer");
        }
        row[column++] = value;
        read++;
        if (column == width) {
          sink.row(row);
          column = 0;
        }
      }
      if (read != expected) {
        throw malformed("holds " + read + " values, but " + declaredBy + " declares " + expected);
      }
    } catch (JsonProcessingException | CharConversionException e) {
      throw wrap(e);
    }
  }

  /**
   * Reads the current section as an array of strings; decodes only those that {@code wanted}
   * accepts (the parser skips the others without building them). Returns how many there were.
   */
  int readStrings(IntPredicate wanted, ObjIntConsumer<String> sink) throws IOException {
    try {
      expectArray();
      int index = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.VALUE_STRING) {
          throw malformed("expected only strings, found " + describe(token) + " at index " + index);
        }
        if (index == Integer.MAX_VALUE) {
          throw malformed("more than " + Integer.MAX_VALUE + " strings");
        }
        if (wanted.test(index)) {
          sink.accept(parser.getText(), index);
        }
        index++;
      }
      return index;
    } catch (JsonProcessingException | CharConversionException e) {
      throw wrap(e);
    }
  }

  /** An error about the current section, naming the place in the file. */
  MalformedDumpException malformed(String message) {
    return new MalformedDumpException(section + ": " + message, offset());
  }

  private UnsupportedDumpException unsupported(String message) {
    return new UnsupportedDumpException("not a V8 heap snapshot: " + message);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private void expectArray() throws MalformedDumpException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw malformed("expected an array, found " + describe(parser.currentToken()));
    }
  }

  private long offset() {
    return Math.max(0, parser.currentLocation().getByteOffset());
  }

  private IOException wrap(IOException e) {
    String what;
    // Jackson reports some ends of input as plain parse errors; name them for what they are.
    if (e instanceof JsonEOFException
        || (e instanceof JsonParseException parse
            && String.valueOf(parse.getOriginalMessage()).contains("end-of-input"))) {
      what = "truncated: the file ends inside it";
    } else if (e instanceof InputCoercionException coercion) {
      what = "number out of range: " + coercion.getOriginalMessage();
    } else if (e instanceof JsonParseException parse) {
      what = "not valid JSON: " + parse.getOriginalMessage();
    } else if (e instanceof JsonProcessingException other) {
      what = other.getOriginalMessage();
    } else {
      what = "not valid text: " + e.getMessage();
    }
    return recognized
        ? new MalformedDumpException(section + ": " + what, offset(), e)
        : new UnsupportedDumpException("not a V8 heap snapshot: " + what);
  }

  private static String describe(JsonToken token) {
    return token == null
        ? "the end of the file (truncated)"
        : token.asString() == null ? token.name() : "'" + token.asString() + "'";
  }
}
