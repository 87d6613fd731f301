package io.fetchd.api.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonWriter} against Jackson's generator: the same calls must give the same bytes, for
 * random documents whose strings mix every kind of character (ASCII, control characters, quotes,
 * backslashes, two- and three-byte UTF-8, surrogate pairs and lone surrogates), numbers from the
 * whole long range, base64 of every remainder, and nesting.
 */
class JsonWriterTest {
  private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  /** One call, made on both writers. */
  private interface Op {
    void on(JsonWriter w);

    void on(JsonGenerator g) throws IOException;
  }

  private static byte[] drain(JsonWriter w) {
    ByteBuf b = w.take();
    try {
      byte[] out = new byte[b.readableBytes()];
      b.readBytes(out);
      return out;
    } finally {
      b.release();
    }
  }

  private static byte[] ours(List<Op> ops) {
    try (JsonWriter w = new JsonWriter(ALLOC)) {
      for (Op op : ops) {
        op.on(w);
      }
      return drain(w);
    }
  }

  private static byte[] jacksons(List<Op> ops) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (Op op : ops) {
        op.on(g);
      }
    }
    return out.toByteArray();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  // ---- random documents ------------------------------------------------------------------------

  private static String randomString(Random r) {
    int n = r.nextInt(10) == 0 ? r.nextInt(3000) : r.nextInt(20);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(9)) {
        case 0 -> sb.append((char) r.nextInt(0x20)); // control
        case 1 -> sb.append("\"\\/\u007f".charAt(r.nextInt(4)));
        case 2 -> sb.append((char) (0x80 + r.nextInt(0x780))); // two bytes
        case 3 -> sb.append((char) (0x800 + r.nextInt(0xd800 - 0x800))); // three bytes
        case 4 -> sb.append((char) (0xe000 + r.nextInt(0x2000))); // three bytes, above the surrogates
        case 5 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000)); // a surrogate pair
        case 6 -> sb.append((char) (0xd800 + r.nextInt(0x800))); // a lone surrogate
        default -> sb.append((char) (0x20 + r.nextInt(0x5f))); // printable ASCII
      }
    }
    return sb.toString();
  }

  private static long randomLong(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> r.nextLong();
      case 1 -> new long[] {0, -1, 9, 10, 99, 100, -10, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE,
          Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 999_999_999, 1_000_000_000}[r.nextInt(14)];
      case 2 -> -r.nextInt(1000);
      default -> r.nextInt(1_000_000);
    };
  }

  private static void value(Random r, List<Op> ops, int depth) {
    int kind = depth >= 5 ? r.nextInt(5) : r.nextInt(7);
    switch (kind) {
      case 0 -> {
        String s = r.nextInt(20) == 0 ? null : randomString(r);
        ops.add(op(w -> w.value(s), g -> g.writeString(s)));
      }
      case 1 -> {
        long v = randomLong(r);
        ops.add(op(w -> w.value(v), g -> g.writeNumber(v)));
      }
      case 2 -> {
        boolean v = r.nextBoolean();
        ops.add(op(w -> w.value(v), g -> g.writeBoolean(v)));
      }
      case 3 -> ops.add(op(JsonWriter::nullValue, JsonGenerator::writeNull));
      case 4 -> {
        byte[] b = new byte[r.nextInt(10) == 0 ? r.nextInt(20_000) : r.nextInt(10)];
        r.nextBytes(b);
        ops.add(op(w -> w.base64(b), g -> g.writeBinary(b)));
      }
      case 5 -> {
        ops.add(op(JsonWriter::startArray, JsonGenerator::writeStartArray));
        for (int i = r.nextInt(5); i > 0; i--) {
          value(r, ops, depth + 1);
        }
        ops.add(op(JsonWriter::endArray, JsonGenerator::writeEndArray));
      }
      default -> {
        ops.add(op(JsonWriter::startObject, JsonGenerator::writeStartObject));
        for (int i = r.nextInt(5); i > 0; i--) {
          String name = "f" + i + (r.nextBoolean() ? randomString(r) : "");
          String n = name.length() > 200 ? name.substring(0, 200) : name;
          if (r.nextBoolean()) {
            JsonWriter.Name pre = JsonWriter.Name.of(n);
            ops.add(op(w -> w.name(pre), g -> g.writeFieldName(n)));
          } else {
            ops.add(op(w -> w.name(n), g -> g.writeFieldName(n)));
          }
          value(r, ops, depth + 1);
        }
        ops.add(op(JsonWriter::endObject, JsonGenerator::writeEndObject));
      }
    }
  }

  @FunctionalInterface
  private interface OnWriter {
    void on(JsonWriter w);
  }

  @FunctionalInterface
  private interface OnGenerator {
    void on(JsonGenerator g) throws IOException;
  }

  private static Op op(OnWriter ours, OnGenerator jacksons) {
    return new Op() {
      @Override
      public void on(JsonWriter w) {
        ours.on(w);
      }

      @Override
      public void on(JsonGenerator g) throws IOException {
        jacksons.on(g);
      }
    };
  }

  @Test
  void randomDocumentsAreByteForByteWhatJacksonWrites() throws IOException {
    Random r = new Random(20261121);
    for (int doc = 0; doc < 3000; doc++) {
      List<Op> ops = new ArrayList<>();
      for (int roots = 1 + r.nextInt(2); roots > 0; roots--) {
        value(r, ops, 0);
      }
      byte[] expected = jacksons(ops);
      byte[] actual = ours(ops);
      if (!java.util.Arrays.equals(expected, actual)) {
        assertEquals(text(expected), text(actual), "document " + doc);
        assertArrayEquals(expected, actual, "document " + doc);
      }
    }
  }

  @Test
  void everyCharacterIsWrittenAsJacksonWritesIt() throws IOException {
    for (int c = 0; c <= 0xffff; c++) {
      String s = "a" + (char) c + "b";
      List<Op> ops = List.of(op(w -> w.value(s), g -> g.writeString(s)));
      assertArrayEquals(jacksons(ops), ours(ops), "character " + Integer.toHexString(c));
    }
  }

  @Test
  void numbersOnEitherSideOfEveryPowerOfTenAreWrittenInFull() {
    long p = 1;
    for (int k = 0; k <= 18; k++, p *= 10) { // 10^18 is the largest power of ten in a long
      for (long v : new long[] {p - 1, p, p + 1, -p, -(p - 1)}) {
        List<Op> ops = List.of(op(w -> w.value(v), g -> {}));
        assertEquals(Long.toString(v), text(ours(ops)), "value " + v);
      }
    }
  }

  @Test
  void escapesAreTheShortOnesWhereJsonHasThem() {
    List<Op> ops = List.of(op(w -> w.value("\b\t\n\f\r\"\\\u0001\u001f/\u00e9\ud83d\ude00"), g -> {}));
    assertEquals("\"\\b\\t\\n\\f\\r\\\"\\\\\\u0001\\u001F/\u00e9\\uD83D\\uDE00\"", text(ours(ops)));
  }

  @Test
  void base64MatchesTheJdkEncoderForEveryRemainder() {
    Random r = new Random(3);
    for (int n = 0; n < 40; n++) {
      byte[] b = new byte[n == 39 ? 50_000 : n];
      r.nextBytes(b);
      List<Op> ops = List.of(op(w -> w.base64(b), g -> {}));
      assertEquals('"' + Base64.getEncoder().encodeToString(b) + '"', text(ours(ops)), "length " + b.length);
    }
  }

  @Test
  void millisecondsHaveThreeDecimals() {
    List<Op> ops = List.of(op(w -> w.startArray().millis(1_234_567).millis(0).millis(-1_500).endArray(), g -> {}));
    assertEquals("[1.235,0.000,-0.002]", text(ours(ops)));
  }

  @Test
  void rootValuesFollowOneAnotherAndNewlineSeparatesThem() {
    try (JsonWriter w = new JsonWriter(ALLOC)) {
      w.startObject().field("a", 1).endObject().newline().value(2).value("x").newline();
      assertEquals("{\"a\":1}\n2\"x\"\n", text(drain(w)));
    }
  }

  @Test
  void takingInPiecesGivesTheSameBytesAsOneTake() {
    Random r = new Random(11);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      value(r, ops, 0);
    }
    byte[] whole = ours(ops);
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    try (JsonWriter w = new JsonWriter(ALLOC)) {
      for (Op op : ops) {
        op.on(w);
        if (r.nextInt(3) == 0) {
          int before = w.pending();
          byte[] b = drain(w);
          assertEquals(before, b.length);
          assertEquals(0, w.pending());
          pieces.writeBytes(b);
        }
      }
      pieces.writeBytes(drain(w));
    }
    assertArrayEquals(whole, pieces.toByteArray());
  }

  @Test
  void aStringLongerThanTheScratchArraySpillsIntoOneBuffer() {
    String big = "\u00e9x\n".repeat(20_000);
    try (JsonWriter w = new JsonWriter(ALLOC)) {
      w.value(big);
      int pending = w.pending();
      byte[] b = drain(w);
      assertEquals(pending, b.length);
      assertEquals(2 + 20_000 * 5, b.length);
    }
  }

  @Test
  void closeReleasesWhatWasWrittenButNotTaken() {
    List<ByteBuf> made = new ArrayList<>();
    ByteBufAllocator tracking =
        new AbstractByteBufAllocator(false) {
          @Override
          protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = Unpooled.buffer(initialCapacity, maxCapacity);
            made.add(b);
            return b;
          }

          @Override
          protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
          }

          @Override
          public boolean isDirectBufferPooled() {
            return false;
          }
        };
    JsonWriter w = new JsonWriter(tracking);
    w.value("y".repeat(50_000));
    assertTrue(!made.isEmpty(), "a string beyond the scratch array spills into a buffer");
    w.close();
    w.close();
    for (ByteBuf b : made) {
      assertEquals(0, b.refCnt());
    }
    assertThrows(IllegalStateException.class, () -> w.value(1));
    assertThrows(IllegalStateException.class, w::take);
  }

  @Test
  void misuseFailsWithIllegalStateException() {
    try (JsonWriter w = new JsonWriter(ALLOC)) {
      assertThrows(IllegalStateException.class, () -> w.name("a"), "a name at the root");
      w.startObject();
      assertThrows(IllegalStateException.class, () -> w.value(1), "a value without a name");
      assertThrows(IllegalStateException.class, w::endArray, "an array end in an object");
      assertThrows(IllegalStateException.class, w::newline, "a line break inside a document");
      w.name("a");
      assertThrows(IllegalStateException.class, () -> w.name("b"), "two names in a row");
      assertThrows(IllegalStateException.class, w::endObject, "an end after a name");
      w.startArray();
      assertThrows(IllegalStateException.class, () -> w.name("c"), "a name in an array");
      w.endArray().endObject();
      assertThrows(IllegalStateException.class, w::endObject, "an end at the root");
      assertEquals("{\"a\":[]}", text(drain(w)));
    }
  }

  @Test
  void aPreEncodedNameMustFitAndAWriterNeedsAnAllocator() {
    assertEquals("{\"\u00e9\":1}", text(ours(List.of(op(
        w -> w.startObject().name(JsonWriter.Name.of("\u00e9")).value(1).endObject(), g -> {})))));
    assertThrows(IllegalStateException.class, () -> JsonWriter.Name.of("n".repeat(100_000)));
    assertThrows(NullPointerException.class, () -> new JsonWriter(null));
  }

  @Test
  void nestingIsBounded() {
    try (JsonWriter w = new JsonWriter(ALLOC)) {
      for (int i = 0; i < JsonWriter.MAX_DEPTH; i++) {
        w.startArray();
      }
      assertThrows(IllegalStateException.class, w::startArray);
      for (int i = 0; i < JsonWriter.MAX_DEPTH; i++) {
        w.endArray();
      }
      assertEquals("[".repeat(JsonWriter.MAX_DEPTH) + "]".repeat(JsonWriter.MAX_DEPTH), text(drain(w)));
    }
  }
}
