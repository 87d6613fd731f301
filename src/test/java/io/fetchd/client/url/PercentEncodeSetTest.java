package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path, query and userinfo of an http(s) URL are percent-encoded with the WHATWG sets, so
 * the request target fetchd sends is the one a browser sends. Each test walks every printable
 * ASCII character, so a character moved into or out of a set fails here.
 */
class PercentEncodeSetTest {

  /** Printable ASCII that the path encodes; '#', '?', '/' and '\' are structural there. */
  private static final String PATH_ENCODED = "\"<>^`{}";
  /** Printable ASCII that the query encodes; '#' ends the query. */
  private static final String QUERY_ENCODED = "\"<>'";
  /** Printable ASCII that the userinfo encodes; '@' and ':' inside are tested apart. */
  private static final String USERINFO_ENCODED = "\"<>^`{};=[]|";

  private static String encoded(char c) {
    return String.format("%%%02X", (int) c);
  }

  @Test
  void pathEncodesExactlyThePathSet() throws Exception {
    for (char c = 0x21; c < 0x7f; c++) {
      if ("#?/\\.%".indexOf(c) >= 0) {
        continue;
      }
      String path = FetchUrl.parse("http://h/a" + c + "b").path();
      String expected = "/a" + (PATH_ENCODED.indexOf(c) >= 0 ? encoded(c) : String.valueOf(c)) + "b";
      assertEquals(expected, path, "character " + c);
    }
  }

  @Test
  void queryEncodesExactlyTheSpecialQuerySet() throws Exception {
    for (char c = 0x21; c < 0x7f; c++) {
      if (c == '#' || c == '%') {
        continue;
      }
      Optional<String> query = FetchUrl.parse("http://h/?a" + c + "b").query();
      String expected = "a" + (QUERY_ENCODED.indexOf(c) >= 0 ? encoded(c) : String.valueOf(c)) + "b";
      assertEquals(Optional.of(expected), query, "character " + c);
    }
  }

  @Test
  void userinfoEncodesExactlyTheUserinfoSet() throws Exception {
    for (char c = 0x21; c < 0x7f; c++) {
      if ("#?/\\@:%".indexOf(c) >= 0) {
        continue;
      }
      Optional<String> info = FetchUrl.parse("http://u" + c + "v:p@h/").userInfo();
      String expected = "u" + (USERINFO_ENCODED.indexOf(c) >= 0 ? encoded(c) : String.valueOf(c)) + "v:p";
      assertEquals(Optional.of(expected), info, "character " + c);
    }
  }

  @Test
  void anAtSignOrColonInsideTheUserinfoIsEncoded() throws Exception {
    assertEquals(Optional.of("a%40b:c%3Ad"), FetchUrl.parse("http://a@b:c:d@h/").userInfo());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://h/100%           | /100%",
      "http://h/a%2            | /a%2",
      "http://h/a%zzb          | /a%zzb",
      "http://h/a%41b          | /a%41b",
      "http://h/a%2fb          | /a%2fb",
  })
  void percentSignsAreNeverReencodedInThePath(String input, String expected) throws Exception {
    assertEquals(expected, FetchUrl.parse(input).path());
  }

  @Test
  void percentSignsAreNeverReencodedInTheQuery() throws Exception {
    assertEquals(Optional.of("%GH&x=%&y=%2"), FetchUrl.parse("http://h/?%GH&x=%&y=%2").query());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://h/caf\u00e9            | /caf%C3%A9",
      "http://h/\ud83d\ude00          | /%F0%9F%98%80",
      "http://h/a\u2028b             | REFUSED",
  })
  void nonAsciiIsEncodedAsUtf8(String input, String expected) throws Exception {
    if (expected.equals("REFUSED")) {
      // U+2028 is whitespace: refused like every other whitespace (see README).
      assertTrue(throwsInvalid(input));
      return;
    }
    assertEquals(expected, FetchUrl.parse(input).path());
  }

  @Test
  void nonAsciiInTheQueryIsEncodedAsUtf8() throws Exception {
    assertEquals(Optional.of("q=%C3%A9%E2%82%AC"), FetchUrl.parse("http://h/?q=\u00e9\u20ac").query());
  }

  @Test
  void anApostropheIsEncodedInTheQueryButNotInThePath() throws Exception {
    FetchUrl url = FetchUrl.parse("http://h/it's?it's");
    assertEquals("/it's", url.path());
    assertEquals(Optional.of("it%27s"), url.query());
  }

  @Test
  void theRequestTargetNeverCarriesASpaceOrControlWhateverItWasBuiltFrom() throws Exception {
    // Encoded controls stay encoded: %0D%0A can never split the request line.
    String target = FetchUrl.parse("http://h/a%0D%0Ab?c%20d%00").requestTarget();
    assertEquals("/a%0D%0Ab?c%20d%00", target);
    for (int i = 0; i < target.length(); i++) {
      assertTrue(target.charAt(i) > 0x20 && target.charAt(i) < 0x7f, target);
    }
  }

  private static boolean throwsInvalid(String input) {
    try {
      FetchUrl.parse(input);
      return false;
    } catch (io.fetchd.client.url.UrlSyntaxException e) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
