package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FetchUrlParseTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://example.com                     | http://example.com/",
      "HTTP://EXAMPLE.COM/                    | http://example.com/",
      "https://example.com:443/a              | https://example.com/a",
      "http://example.com:80/a                | http://example.com/a",
      "http://example.com:0080/a              | http://example.com/a",
      "http://example.com:/a                  | http://example.com/a",
      "https://example.com:80/a               | https://example.com:80/a",
      "http://example.com:8080?q=1            | http://example.com:8080/?q=1",
      "http://example.com/a/b?x=1&y=2#frag    | http://example.com/a/b?x=1&y=2",
      "http://example.com#frag                | http://example.com/",
      "http://example.com/p?                  | http://example.com/p?",
      "http://example.com/a/./b/../c          | http://example.com/a/c",
      "http://example.com/a/b/..              | http://example.com/a/",
      "http://example.com/a/%2e%2E/c          | http://example.com/c",
      "http://example.com/../../x             | http://example.com/x",
      "http://example.com/a\\b                | http://example.com/a/b",
      "http:\\\\example.com\\a                | http://example.com/a",
      "http:example.com/a                     | http://example.com/a",
      "http:///example.com/a                  | http://example.com/a",
      "http://example.com/caf\u00e9           | http://example.com/caf%C3%A9",
      "http://example.com/%7Euser/%41         | http://example.com/%7Euser/%41",
      "http://example.com/100%                | http://example.com/100%",
      "'http://example.com/a|b^c`d{e}\"<>'    | 'http://example.com/a|b%5Ec%60d%7Be%7D%22%3C%3E'",
      "http://example.com/?q=caf\u00e9&a[]=1  | http://example.com/?q=caf%C3%A9&a[]=1",
      "http://example.com/?a=b?c/d:e@f        | http://example.com/?a=b?c/d:e@f",
      "http://example.com/p:@!$&'()*+,;=-._~  | http://example.com/p:@!$&'()*+,;=-._~",
      "http://example.com/\ud83d\ude00        | http://example.com/%F0%9F%98%80",
      "http://b\u00fccher.de/                 | http://xn--bcher-kva.de/",
      "http://0x7f.1:8080/x                   | http://127.0.0.1:8080/x",
      "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/ | http://127.0.0.1/",
      "http://[::FFFF:127.0.0.1]:81/          | http://[::ffff:7f00:1]:81/",
      "http://example.com./                   | http://example.com./",
      "http://user:pass@example.com/          | http://example.com/",
  })
  void parseNormalizes(String input, String expected) throws Exception {
    assertEquals(expected, FetchUrl.parse(input).toString());
  }

  @Test
  void accessorsExposeEachNormalizedPart() throws Exception {
    FetchUrl url = FetchUrl.parse("HTTPS://User:Secret@Example.COM:8443/a%20b/c?x=1#top");
    assertEquals("https", url.scheme());
    assertTrue(url.isHttps());
    assertEquals(new Host.Domain("example.com"), url.host());
    assertEquals("example.com", url.hostString());
    assertEquals(8443, url.port());
    assertEquals("/a%20b/c", url.path());
    assertEquals(Optional.of("x=1"), url.query());
    assertEquals("/a%20b/c?x=1", url.requestTarget());
    assertEquals("https://example.com:8443", url.origin());
    assertEquals("example.com:8443", url.hostHeader());
    assertEquals("https://example.com:8443/a%20b/c?x=1", url.toString());
    assertEquals("https://example.com:8443/a%20b/c", url.redacted());
    assertEquals(Optional.of("User:Secret"), url.userInfo());
    assertEquals(Optional.of("example.com"), url.tlsServerName());
  }

  @ParameterizedTest(name = "{0}: port {1}, origin {2}, host header {3}")
  @CsvSource(delimiter = '|', value = {
      "http://h/               | 80    | http://h:80         | h",
      "https://h/              | 443   | https://h:443       | h",
      "http://h:8080/          | 8080  | http://h:8080       | h:8080",
      "https://h:80/           | 80    | https://h:80        | h:80",
      "http://[::1]/           | 80    | http://[::1]:80     | [::1]",
      "http://[::1]:9/         | 9     | http://[::1]:9      | [::1]:9",
      "https://10.0.0.1:65535/ | 65535 | https://10.0.0.1:65535 | 10.0.0.1:65535",
  })
  void originAlwaysCarriesThePortAndHostHeaderOnlyANonDefaultOne(
      String input, int port, String origin, String hostHeader) throws Exception {
    FetchUrl url = FetchUrl.parse(input);
    assertEquals(port, url.port());
    assertEquals(origin, url.origin());
    assertEquals(hostHeader, url.hostHeader());
  }

  @Test
  void redactionDropsUserinfoAndQuery() throws Exception {
    FetchUrl url = FetchUrl.parse("https://alice:hunter2@api.example.com/v1/items?token=abc");
    assertEquals("https://api.example.com/v1/items", url.redacted());
    assertFalse(url.redacted().contains("hunter2"));
    assertFalse(url.toString().contains("hunter2"));
    assertFalse(url.origin().contains("alice"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://@h/               | ",
      "http://:@h/              | ",
      "http://user@h/           | user",
      "http://user:@h/          | user",
      "http://:pw@h/            | :pw",
      "http://a@b@h/            | a%40b",
      "http://u:p:q@h/          | u:p%3Aq",
      "http://us%20er:p%40ss@h/ | us%20er:p%40ss",
  })
  void userinfoIsKeptSeparatelyAndNormalized(String input, String expected) throws Exception {
    FetchUrl url = FetchUrl.parse(input);
    assertEquals(Optional.ofNullable(expected), url.userInfo());
    assertEquals(new Host.Domain("h"), url.host());
  }

  /** Parser-differential tricks: the host must be the one a browser would connect to. */
  @ParameterizedTest(name = "{0} -> host {1}")
  @CsvSource(delimiter = '|', value = {
      "http://example.com:80@evil.example/      | evil.example",
      "http://a@b@evil.example/                 | evil.example",
      "http://evil.example#@good.example/       | evil.example",
      "http://evil.example?@good.example/       | evil.example",
      "http://good.example\\@evil.example/    | good.example",
      "http://good.example/@evil.example/       | good.example",
      "http://127.0.0.1:80\\@evil.example/    | 127.0.0.1",
      "http://[::1]@evil.example/               | evil.example",
  })
  void hostIsWhatBrowsersConnectTo(String input, String host) throws Exception {
    assertEquals(host, FetchUrl.parse(input).hostString());
  }

  @Test
  void ipLiteralHostsHaveNoTlsServerName() throws Exception {
    assertEquals(Optional.empty(), FetchUrl.parse("https://10.0.0.1/").tlsServerName());
    assertEquals(Optional.empty(), FetchUrl.parse("https://[::1]/").tlsServerName());
    assertEquals(Optional.of("example.com"), FetchUrl.parse("https://example.com./").tlsServerName());
  }

  @ParameterizedTest(name = "[{index}] code {1} at {2}")
  @CsvSource(delimiter = '|', value = {
      "'http://example.com/a\rb' | 0x0D | 20",
      "'http://example.com/a\nb' | 0x0A | 20",
      "'http://example.com/\u0000' | 0x00 | 19",
      "'http://exa\tmple.com/' | 0x09 | 10",
      "'http://example.com/?q=\u007f' | 0x7F | 22",
      "'http://example.com/\u0085' | 0x85 | 19",
      "'\u0001http://example.com/' | 0x01 | 0",
  })
  void controlCharactersAnywhereAreRejectedNamingCodeAndPosition(
      String input, String code, int index) {
    UrlSyntaxException e = assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse(input));
    assertTrue(e.getMessage().contains(code), e.getMessage());
    assertTrue(e.getMessage().contains("index " + index), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://example.com/a b", " http://example.com/", "http://example.com/ ",
      "http://example.com/\u00a0", "http://example.com/\u2028", "http://example.com/\u3000",
      "http://exa mple.com/",
  })
  void whitespaceAnywhereIsRejected(String input) {
    UrlSyntaxException e = assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse(input));
    assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
  }

  @Test
  void crlfInjectionInPathCannotReachTheRequestLine() {
    assertThrows(UrlSyntaxException.class,
        () -> FetchUrl.parse("http://example.com/x\r\nHost: evil.example\r\n\r\n"));
  }

  @Test
  void encodedCrlfInPathStaysEncoded() throws Exception {
    assertEquals("/x%0D%0AHost:%20evil", FetchUrl.parse("http://example.com/x%0D%0AHost:%20evil").path());
  }

  @Test
  void unpairedSurrogateIsRejected() {
    assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse("http://example.com/\ud800x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a_bad_url", "", "example.com", "/just/a/path", "//example.com/", "1http://x/", ":x",
      "http://", "https://", "http:///", "http://?q", "http://#f", "http://:80/",
      "http://user@/", "http://user:pw@:8080/", "http://h:99999/", "http://h:65536/",
      "http://h:0/", "http://h:8o/", "http://h:-1/", "http://h:80:80/", "http://h: 80/",
      "http://[::1/", "http://[::1]x/", "http://[::1]:x/", "http://[fe80::1%25en0]/",
      "http://256.0.0.1/", "http://1.2.3.4.5/", "http://exa%20mple.com/",
      "http://h:999999999999999999999/",
  })
  void malformedUrlsAreInvalid(String input) {
    assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse(input));
  }

  /**
   * One input per place fetchd is deliberately stricter than WHATWG (README, "URLs and hosts"),
   * each a shape the WPT URL data accepts: the standard strips, percent-encodes or keeps these,
   * fetchd refuses them as InvalidUrl.
   */
  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "'http://f:0/c'                      | port 0, which nothing listens on",
      "'http://f:00000000000000/c'         | port 0 written with many zeros",
      "'http://ho\tst/'                    | tab inside the host, which WHATWG removes",
      "'http://example\t.\norg'            | tab and newline inside the host",
      "'http://f:\n/c'                     | newline inside the port",
      "'http://example.com/foo\tbar'       | tab inside the path",
      "'\u0000\u001bhttp://example.com/'   | leading C0 controls, which WHATWG strips",
      "'http://example.com/\u001f '        | trailing C0 and space, which WHATWG strips",
      "'http://f:21/ b ? d # e '           | spaces in path, query and fragment, which WHATWG encodes",
      "'https://x/\u0000y'                 | NUL in the path",
      "'https://x/?\u0000y'                | NUL in the query",
      "'https://x/?#\u0000y'               | NUL in the fragment, which is never sent",
      "'http://foo.bar/baz?qux#foo\bbar'   | backspace in the fragment",
      "'https://user:pass[\u007f@foo/bar'  | DEL in the userinfo",
      "'https://x/path{\u007fpath.html'    | DEL in the path",
      "'http://example.com/\u0091'         | C1 control in the path",
      "'http://example.com/a\u00a0b'       | no-break space in the path, which WHATWG encodes",
  })
  void stricterThanWhatwgOnPurpose(String input, String why) {
    UrlSyntaxException e = assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse(input), why);
    String m = e.getMessage();
    assertTrue(m.contains("control character") || m.contains("whitespace") || m.contains("out of range"), m);
  }

  @Test
  void missingSchemeMessageSaysWhatIsExpected() {
    UrlSyntaxException e = assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse("a_bad_url"));
    assertTrue(e.getMessage().contains("http://"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://x", "file:///etc/passwd", "gopher://h:70/", "ws://h/",
      "javascript:alert(1)", "data:text/plain,hi", "HTTPX://h/", "localhost:8080/"})
  void otherSchemesAreUnsupported(String input) {
    assertThrows(UrlSchemeException.class, () -> FetchUrl.parse(input));
  }

  @Test
  void unsupportedSchemeMessageNamesTheScheme() {
    UrlSchemeException e =
        assertThrows(UrlSchemeException.class, () -> FetchUrl.parse("FTP://x/"));
    assertTrue(e.getMessage().contains("'ftp'"), e.getMessage());
  }

  @Test
  void portOutOfRangeMessageNamesTheRange() {
    UrlSyntaxException e =
        assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse("http://h:99999/"));
    assertTrue(e.getMessage().contains("1-65535"), e.getMessage());
  }

  @Test
  void equalityFollowsTheNormalizedForm() throws Exception {
    FetchUrl a = FetchUrl.parse("HTTP://Example.com:80/a/../b#x");
    FetchUrl b = FetchUrl.parse("http://example.com/b");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(b, FetchUrl.parse("http://example.com/b?"));
    assertNotEquals(b, FetchUrl.parse("https://example.com/b"));
    assertNotEquals(b, FetchUrl.parse("http://u@example.com/b"));
  }

  @Test
  void ipLiteralHostsParseToAddressHosts() throws Exception {
    assertInstanceOf(Host.Ipv4.class, FetchUrl.parse("http://2130706433/").host());
    assertInstanceOf(Host.Ipv6.class, FetchUrl.parse("http://[::]/").host());
    assertEquals("[::]", FetchUrl.parse("http://[::]/").hostString());
    assertEquals("0.0.0.0", FetchUrl.parse("http://0/").hostString());
  }
}
