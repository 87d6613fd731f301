package io.fetchd.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The API's Jackson setup: a strict reader and a generator factory. Strict means: unknown fields
 * fail, duplicate keys fail, trailing tokens fail, no scalar coercion ({@code 42} is not a string,
 * {@code "5"} is not a number, {@code 5.7} is not an integer, {@code 1} is not a boolean), invalid
 * UTF-8 fails, and the stream limits below hold. Immutable; any thread.
 */
public final class Json {
  /** Longest JSON string value: 64 KiB. */
  public static final int MAX_STRING_LENGTH = 64 * 1024;
  /** Deepest nesting of arrays and objects: 16. */
  public static final int MAX_NESTING_DEPTH = 16;
  /** Longest number literal: 24 characters (a long has 19 digits). */
  public static final int MAX_NUMBER_LENGTH = 24;
  /** Longest field name: 256 characters. */
  static final int MAX_NAME_LENGTH = 256;

  public static final JsonMapper MAPPER = buildMapper();
  static final JsonFactory FACTORY = MAPPER.getFactory();

  /** Writes a JSON document; the target of {@link #render}. */
  @FunctionalInterface
  public interface Body {
    void writeTo(JsonGenerator g) throws IOException;
  }

  private Json() {}

  private static JsonMapper buildMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfigDefaults(
            c -> {
              c.setAcceptBlankAsEmpty(false);
              c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            })
        .withCoercionConfig(
            LogicalType.Textual,
            c -> {
              c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            })
        .build();
  }

  /**
   * Renders {@code body} into a new buffer from {@code alloc}; the caller owns it. The buffer is
   * released here if writing fails.
   */
  public static ByteBuf render(ByteBufAllocator alloc, Body body) {
    ByteBuf buf = alloc.buffer();
    boolean ok = false;
    try {
      try (JsonGenerator g = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
        body.writeTo(g);
      }
      ok = true;
      return buf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!ok) {
        buf.release();
      }
    }
  }
}
