package io.fetchd.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Well-formed UTF-8 as Unicode's table 3-7 defines it: each class of ill-formed sequence is
 * refused with the offset of its first byte, and every well-formed length (1 to 4 bytes, at the
 * edges of each range) passes.
 */
class StrictUtf8Test {
  private static final byte[] PREFIX = "{\"urls\":[\"".getBytes(StandardCharsets.US_ASCII); // 10 bytes

  private static String check(byte[] bytes) {
    ByteBuf b = Unpooled.wrappedBuffer(bytes);
    try {
      return StrictUtf8.firstError(b);
    } finally {
      b.release();
    }
  }

  /** {@code hex} inside a JSON string, after 10 bytes of ASCII. */
  private static byte[] inJson(String hex) {
    byte[] bad = HexFormat.of().parseHex(hex.replace(" ", ""));
    byte[] out = new byte[PREFIX.length + bad.length + 3];
    System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
    System.arraycopy(bad, 0, out, PREFIX.length, bad.length);
    System.arraycopy("\"]}".getBytes(StandardCharsets.US_ASCII), 0, out, PREFIX.length + bad.length, 3);
    return out;
  }

  static Stream<Arguments> illFormed() {
    return Stream.of(
        // hex, offset from the start of the bad bytes, what the message names
        Arguments.of("overlong '/' (C0 AF)", "C0 AF", 0, "overlong"),
        Arguments.of("overlong NUL (C0 80, modified UTF-8)", "C0 80", 0, "overlong"),
        Arguments.of("overlong C1 BF", "C1 BF", 0, "overlong"),
        Arguments.of("overlong 3-byte (E0 80 AF)", "E0 80 AF", 0, "overlong"),
        Arguments.of("overlong 3-byte at the edge (E0 9F BF)", "E0 9F BF", 0, "overlong"),
        Arguments.of("overlong 4-byte (F0 80 80 AF)", "F0 80 80 AF", 0, "overlong"),
        Arguments.of("overlong 4-byte at the edge (F0 8F BF BF)", "F0 8F BF BF", 0, "overlong"),
        Arguments.of("lone high surrogate U+D800 (ED A0 80)", "ED A0 80", 0, "surrogate"),
        Arguments.of("lone low surrogate U+DFFF (ED BF BF)", "ED BF BF", 0, "surrogate"),
        Arguments.of("CESU-8 pair for U+10000 (ED A0 80 ED B0 80)", "ED A0 80 ED B0 80", 0, "surrogate"),
        Arguments.of("above U+10FFFF (F4 90 80 80)", "F4 90 80 80", 0, "above U+10FFFF"),
        Arguments.of("F5 lead byte", "F5 80 80 80", 0, "0xF5"),
        Arguments.of("F8 (old 5-byte form)", "F8 88 80 80 80", 0, "0xF8"),
        Arguments.of("FC (old 6-byte form)", "FC 84 80 80 80 80", 0, "0xFC"),
        Arguments.of("FE", "FE", 0, "0xFE"),
        Arguments.of("FF", "FF", 0, "0xFF"),
        Arguments.of("a stray continuation byte", "80", 0, "continuation"),
        Arguments.of("a stray continuation after a good sequence", "C3 A9 BF", 2, "continuation"),
        Arguments.of("2-byte sequence cut short by ASCII", "C3 41", 0, "cut short"),
        Arguments.of("3-byte sequence cut short after 2", "E2 82 41", 0, "cut short"),
        Arguments.of("4-byte sequence cut short after 3", "F0 9F 98 41", 0, "cut short"),
        Arguments.of("3-byte lead followed by a lead", "E2 E2 82 AC", 0, "cut short"),
        Arguments.of("good text, then an overlong", "61 62 63 C0 AF", 3, "overlong"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("illFormed")
  void eachIllFormedClassIsRefusedAtItsOffset(String name, String hex, int offset, String what) {
    String err = check(inJson(hex));
    assertNotNull(err, name);
    assertTrue(err.endsWith(" at byte offset " + (PREFIX.length + offset)), name + ": " + err);
    assertTrue(err.contains(what), name + ": " + err);
  }

  static Stream<Arguments> truncatedAtTheEnd() {
    return Stream.of(
        Arguments.of("C3"), Arguments.of("E2"), Arguments.of("E2 82"), Arguments.of("F0"),
        Arguments.of("F0 9F"), Arguments.of("F0 9F 98"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncatedAtTheEnd")
  void aSequenceCutByTheEndOfTheBodyIsRefused(String hex) {
    byte[] tail = HexFormat.of().parseHex(hex.replace(" ", ""));
    byte[] bytes = new byte[PREFIX.length + tail.length];
    System.arraycopy(PREFIX, 0, bytes, 0, PREFIX.length);
    System.arraycopy(tail, 0, bytes, PREFIX.length, tail.length);
    String err = check(bytes);
    assertNotNull(err, hex);
    assertTrue(err.contains("end of the body"), err);
    assertTrue(err.endsWith(" at byte offset " + PREFIX.length), err);
  }

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of("ASCII, DEL included", "41 7F"),
        Arguments.of("2 bytes: U+0080 and U+07FF", "C2 80 DF BF"),
        Arguments.of("2 bytes: é", "C3 A9"),
        Arguments.of("3 bytes: U+0800 (E0 A0 80)", "E0 A0 80"),
        Arguments.of("3 bytes: U+D7FF, just below the surrogates", "ED 9F BF"),
        Arguments.of("3 bytes: U+E000, just above the surrogates", "EE 80 80"),
        Arguments.of("3 bytes: € and U+FFFF", "E2 82 AC EF BF BF"),
        Arguments.of("3 bytes: the BOM U+FEFF", "EF BB BF"),
        Arguments.of("4 bytes: U+10000 (F0 90 80 80)", "F0 90 80 80"),
        Arguments.of("4 bytes: an emoji U+1F600", "F0 9F 98 80"),
        Arguments.of("4 bytes: U+10FFFF (F4 8F BF BF)", "F4 8F BF BF"),
        Arguments.of("every length in a row", "41 C3 A9 E2 82 AC F0 9F 98 80 41"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void everyWellFormedLengthPasses(String name, String hex) {
    assertNull(check(inJson(hex)), name);
  }

  @Test
  void theOffsetCountsFromTheFirstReadableByteAndTheReaderIndexStays() {
    ByteBuf b = Unpooled.buffer();
    try {
      b.writeBytes("xxxx".getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(HexFormat.of().parseHex("6162C0AF"));
      b.readerIndex(4);
      String err = StrictUtf8.firstError(b);
      assertNotNull(err);
      assertTrue(err.endsWith(" at byte offset 2"), err);
      assertEquals(4, b.readerIndex());
    } finally {
      b.release();
    }
  }

  @Test
  void anEmptyBodyIsWellFormed() {
    assertNull(check(new byte[0]));
  }

  @Test
  void theJdkEncoderAgreesOnEveryScalarValue() {
    // every code point's JDK encoding passes: no false refusal anywhere in the range
    StringBuilder sb = new StringBuilder();
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      sb.appendCodePoint(cp);
    }
    assertNull(check(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
