package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fetchd.client.policy.AddressPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A host is classified after IDNA mapping, never before: every Unicode or percent-encoded
 * spelling of an address is an IP literal by the time the address policy sees it, so the policy
 * refuses it before any DNS, exactly as it refuses the plain spelling.
 */
class MappedHostPolicyTest {

  private static final AddressPolicy POLICY = AddressPolicy.strict();

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "http://\uFF11\uFF12\uFF17\uFF0E\uFF10\uFF0E\uFF10\uFF0E\uFF11/   | 127.0.0.1       | LOOPBACK",
      "http://\uFF11\uFF12\uFF17\u3002\uFF10\u3002\uFF10\u3002\uFF11/   | 127.0.0.1       | LOOPBACK",
      "http://%EF%BC%91%EF%BC%92%EF%BC%97.0.0.1/                       | 127.0.0.1       | LOOPBACK",
      "http://\uD835\uDFCF\uD835\uDFD0\uD835\uDFD5.0.0.1/               | 127.0.0.1       | LOOPBACK",
      "http://1\u00AD27.0.0.1/                                          | 127.0.0.1       | LOOPBACK",
      "http://\u2460\u2461\u2466.0.0.1/                                 | 127.0.0.1       | LOOPBACK",
      "http://\uFF10\uFF58\uFF17\uFF46\uFF61\uFF11/                     | 127.0.0.1       | LOOPBACK",
      "http://\uFF12\uFF11\uFF13\uFF10\uFF17\uFF10\uFF16\uFF14\uFF13\uFF13/ | 127.0.0.1   | LOOPBACK",
      "http://\uFF11\uFF16\uFF19\uFF0E\uFF12\uFF15\uFF14\uFF0E\uFF11\uFF16\uFF19\uFF0E\uFF12\uFF15\uFF14/ | 169.254.169.254 | CLOUD_METADATA",
      "http://\u2469.0.0.1\u3002/                                       | 10.0.0.1        | PRIVATE",
      "http://\u00FC.\uFF11/                                            | REFUSED         | -",
  })
  void unicodeSpellingsOfAnAddressAreClassifiedAsThatAddress(String input, String address, String reason)
      throws Exception {
    if (address.equals("REFUSED")) {
      // A Unicode host whose last label maps to a number must be an IPv4 address, and is not.
      assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse(input));
      return;
    }
    FetchUrl url = FetchUrl.parse(input);
    assertInstanceOf(Host.Ipv4.class, url.host());
    assertEquals(address, url.hostString());
    assertEquals(reason, POLICY.checkLiteral(url).map(Enum::name).orElse("ALLOWED"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.\u2488/", "http://127\u2488\u0030.0.1/"})
  void digitFullStopsCannotForgeAnAddress(String input) {
    // U+2488 (DIGIT ONE FULL STOP) is disallowed by UTS #46; IDNA2003 turned it into "1.".
    assertThrows(UrlSyntaxException.class, () -> FetchUrl.parse(input));
  }
}
