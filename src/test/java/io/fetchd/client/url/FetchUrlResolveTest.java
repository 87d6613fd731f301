package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FetchUrlResolveTest {

  private static final String BASE = "http://a.example/b/c/d;p?q";

  /** RFC 3986 section 5.4.1 normal examples, plus the abnormal ones that apply to http. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "g              | http://a.example/b/c/g",
      "./g            | http://a.example/b/c/g",
      "g/             | http://a.example/b/c/g/",
      "/g             | http://a.example/g",
      "//g            | http://g/",
      "?y             | http://a.example/b/c/d;p?y",
      "g?y            | http://a.example/b/c/g?y",
      "#s             | http://a.example/b/c/d;p?q",
      "g#s            | http://a.example/b/c/g",
      "g?y#s          | http://a.example/b/c/g?y",
      ";x             | http://a.example/b/c/;x",
      "g;x            | http://a.example/b/c/g;x",
      "''             | http://a.example/b/c/d;p?q",
      ".              | http://a.example/b/c/",
      "./             | http://a.example/b/c/",
      "..             | http://a.example/b/",
      "../            | http://a.example/b/",
      "../g           | http://a.example/b/g",
      "../..          | http://a.example/",
      "../../         | http://a.example/",
      "../../g        | http://a.example/g",
      "../../../g     | http://a.example/g",
      "../../../../g  | http://a.example/g",
      "/./g           | http://a.example/g",
      "/../g          | http://a.example/g",
      "g.             | http://a.example/b/c/g.",
      ".g             | http://a.example/b/c/.g",
      "g..            | http://a.example/b/c/g..",
      "..g            | http://a.example/b/c/..g",
      "./../g         | http://a.example/b/g",
      "./g/.          | http://a.example/b/c/g/",
      "g/./h          | http://a.example/b/c/g/h",
      "g/../h         | http://a.example/b/c/h",
      "g;x=1/./y      | http://a.example/b/c/g;x=1/y",
      "g;x=1/../y     | http://a.example/b/c/y",
      "http:g         | http://a.example/b/c/g",
      "http:/g        | http://a.example/g",
      "https://other.example:8443/x?y | https://other.example:8443/x?y",
      "HTTPS://Other.Example/         | https://other.example/",
      "https:other.example/x          | https://other.example/x",
      "//other.example:81/p?q         | http://other.example:81/p?q",
      "\\\\other.example\\p           | http://other.example/p",
      "\\p                            | http://a.example/p",
      "caf\u00e9?q=\u00e9             | http://a.example/b/c/caf%C3%A9?q=%C3%A9",
  })
  void redirectLocationsResolveAsRfc3986AndBrowsersDo(String reference, String expected)
      throws Exception {
    assertEquals(expected, FetchUrl.parse(BASE).resolve(reference).toString());
  }

  @Test
  void relativeReferenceKeepsBasePortAndUserinfo() throws Exception {
    FetchUrl resolved = FetchUrl.parse("https://u:p@h.example:8443/dir/file").resolve("other?x");
    assertEquals("https://h.example:8443/dir/other?x", resolved.toString());
    assertEquals(Optional.of("u:p"), resolved.userInfo());
  }

  @Test
  void absoluteReferenceDropsBaseUserinfo() throws Exception {
    FetchUrl resolved = FetchUrl.parse("https://u:p@h.example/").resolve("https://h.example/next");
    assertEquals(Optional.empty(), resolved.userInfo());
  }

  @Test
  void schemeRelativeReferenceKeepsBaseScheme() throws Exception {
    assertEquals("https://cdn.example/a",
        FetchUrl.parse("https://h.example/x").resolve("//cdn.example/a").toString());
  }

  @Test
  void redirectToIpv6LiteralBaseResolvesRelativePaths() throws Exception {
    assertEquals("http://[::1]:8080/b",
        FetchUrl.parse("http://[::1]:8080/a/").resolve("../b").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/x\r\nSet-Cookie: a=b", "/x\ny", "/a b", "http://h/\u0000",
      "//", "///", "http://", "https://:443/", "//h:99999/", "//256.0.0.1/"})
  void invalidRedirectTargetsAreRejected(String reference) throws Exception {
    FetchUrl base = FetchUrl.parse(BASE);
    assertThrows(UrlSyntaxException.class, () -> base.resolve(reference));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://h/", "file:///etc/passwd", "javascript:alert(1)", "mailto:a@b"})
  void redirectToAnotherSchemeIsUnsupported(String reference) throws Exception {
    FetchUrl base = FetchUrl.parse(BASE);
    assertThrows(UrlSchemeException.class, () -> base.resolve(reference));
  }

  @Test
  void resolvingTheSameLocationTwiceGivesEqualUrlsForLoopDetection() throws Exception {
    FetchUrl base = FetchUrl.parse("http://h.example/a");
    assertEquals(base, base.resolve("/a"));
    assertEquals(base, base.resolve("./a#frag"));
    assertEquals(base, base.resolve("HTTP://H.EXAMPLE:80/a"));
  }
}
