package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

class SimpleUrlParserTest {
  private static final String[] SCHEMES = {"http://", "https://", "HTTP://", "http:/", "http:///", "ftp://"};
  private static final String[] HOSTS = {
      "a.b", "127.0.0.1", "0x7f.1", "A.b", "a..b", "xn--bcher-kva.example", "a.b.", "-a", "1.2.3.4.5",
      "[::1]", "ex%41mple", "user@h", "b\u00fccher.example", ""};
  private static final String[] PORTS = {"", ":80", ":443", ":8080", ":0", ":65536", ":", ":123456", ":08", ":x"};
  private static final String[] PATHS = {
      "", "/", "/a/b", "/a/./b", "/%2e", "/a%2F", "/a%zz", "/a b", "/\u00e9", "/a\\b", "/~x", "/a/.hidden", "/a/b/",
      "/a|b[c]", "/a^b", "/a%", "/a'b", "/a{b}`", "/a%2"};
  private static final String[] QUERIES = {"", "?", "?a=b", "?a=%20", "?x?y", "?a b", "?\u00e9", "?a=/b:c@d",
      "?a'b", "?a`{}", "?a%", "?a\\b", "?a^b|c", "?a\"b", "?a<b>"};
  private static final String[] FRAGMENTS = {"", "#f"};

  @Test
  void whateverTheFastPathAcceptsTheGeneralParserParsesTheSame() {
    int fast = 0;
    int total = 0;
    for (String scheme : SCHEMES) {
      for (String host : HOSTS) {
        for (String port : PORTS) {
          for (String path : PATHS) {
            for (String query : QUERIES) {
              for (String fragment : FRAGMENTS) {
                String url = scheme + host + port + path + query + fragment;
                total++;
                FetchUrl simple = SimpleUrlParser.tryParse(url);
                if (simple == null) {
                  continue;
                }
                fast++;
                FetchUrl general;
                try {
                  general = UrlParser.parseGeneral(url);
                } catch (Exception e) {
                  fail("fast path accepted what the general parser refuses: " + url + " (" + e.getMessage() + ")");
                  return;
                }
                assertEquals(general.toString(), simple.toString(), url);
                assertEquals(general.scheme(), simple.scheme(), url);
                assertEquals(general.host(), simple.host(), url);
                assertEquals(general.port(), simple.port(), url);
                assertEquals(general.path(), simple.path(), url);
                assertEquals(general.query(), simple.query(), url);
                assertEquals(general.userInfo(), simple.userInfo(), url);
                assertEquals(general.hostHeader(), simple.hostHeader(), url);
                assertEquals(general.origin(), simple.origin(), url);
              }
            }
          }
        }
      }
    }
    assertTrue(fast > 1_000 && fast < total, fast + " of " + total + " took the fast path");
  }

  @Test
  void theCommonShapesTakeTheFastPath() {
    for (String url : new String[] {
        "http://127.0.0.1:18280/small", "https://example.org/", "http://example.org", "http://a.b/c?d=e&f=%20"}) {
      assertNotNull(SimpleUrlParser.tryParse(url), url);
    }
  }

  @Test
  void unusualShapesAreLeftToTheGeneralParser() {
    for (String url : new String[] {
        "HTTP://a.b/", "http://A.b/", "http://u@a.b/", "http://a.b/#f", "http://a.b/./x", "http://a.b:/x",
        "http://a.b/a b", "http://[::1]/", "http://a.b\\x", "http:///a.b/"}) {
      assertNull(SimpleUrlParser.tryParse(url), url);
    }
  }
}
