package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostParserTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1          | 127.0.0.1",
      "2130706433         | 127.0.0.1",
      "0x7f000001         | 127.0.0.1",
      "0X7F000001         | 127.0.0.1",
      "0x7f.1             | 127.0.0.1",
      "0177.0.0.1         | 127.0.0.1",
      "0177.0.0.01        | 127.0.0.1",
      "127.1              | 127.0.0.1",
      "127.0.1            | 127.0.0.1",
      "0x7f.0x0.0x0.0x1   | 127.0.0.1",
      "017700000001       | 127.0.0.1",
      "127.0.0.1.         | 127.0.0.1",
      "0                  | 0.0.0.0",
      "0x                 | 0.0.0.0",
      "4294967295         | 255.255.255.255",
      "0xffffffff         | 255.255.255.255",
      "255.255.255.255    | 255.255.255.255",
      "1.16777215         | 1.255.255.255",
      "1.2.65535          | 1.2.255.255",
      "169.254.43518      | 169.254.169.254",
      "%31%32%37.0.0.1    | 127.0.0.1",
      "１２７．０．０．１ | 127.0.0.1",
      "１２７。０。０。１ | 127.0.0.1",
      "0x7f｡1             | 127.0.0.1",
  })
  void ipv4SpellingsBrowsersAcceptAllParseToTheSameAddress(String input, String expected)
      throws Exception {
    Host host = HostParser.parse(input);
    assertInstanceOf(Host.Ipv4.class, host);
    assertEquals(expected, host.toUrlString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "256.0.0.0", "1.2.3.256", "1.2.3.4.5", "4294967296", "0x100000000", "1.256.0.0",
      "1.2.16777216", "1.2.3.0x100", "09.0.0.1", "0x7g.0.0.1", "1..2.3",
      "99999999999999999999", "foo.0x", "foo.123", "1.2.3.08", "0x.0x.0x.0x.0x",
  })
  void invalidIpv4SpellingsAreRejected(String input) {
    assertThrows(UrlSyntaxException.class, () -> HostParser.parse(input));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "1.2.3.4.5     | more than 4 parts",
      "256.0.0.0     | part '256' exceeds 255",
      "1.2.16777216  | last part '16777216' is too large",
      "0x7g.0.0.1    | part '0x7g' is not a number",
      "1.2.3.08      | part '08' is not a number",
  })
  void invalidIpv4ErrorsNameThePartAtFault(String input, String reason) {
    UrlSyntaxException e = assertThrows(UrlSyntaxException.class, () -> HostParser.parse(input));
    assertEquals("invalid IPv4 address '" + input + "': " + reason, e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "[::1]                        | [::1]",
      "[::]                         | [::]",
      "[0:0:0:0:0:0:0:1]            | [::1]",
      "[2001:DB8::1]                | [2001:db8::1]",
      "[2001:db8:0:0:1:0:0:1]       | [2001:db8::1:0:0:1]",
      "[2001:db8:0:1:1:1:1:1]       | [2001:db8:0:1:1:1:1:1]",
      "[1:2:3:4:5:6:7::]            | [1:2:3:4:5:6:7:0]",
      "[::ffff:127.0.0.1]           | [::ffff:7f00:1]",
      "[::ffff:0:10.0.0.1]          | [::ffff:0:a00:1]",
      "[64:ff9b::169.254.169.254]   | [64:ff9b::a9fe:a9fe]",
      "[::127.0.0.1]                | [::7f00:1]",
      "[1:2:3:4:5:6:1.2.3.4]        | [1:2:3:4:5:6:102:304]",
      "[fe80::]                     | [fe80::]",
      "[0001:02:003:0004::]         | [1:2:3:4::]",
  })
  void bracketedIpv6LiteralsParseAndSerializeCompressed(String input, String expected)
      throws Exception {
    Host host = HostParser.parse(input);
    assertInstanceOf(Host.Ipv6.class, host);
    assertEquals(expected, host.toUrlString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[fe80::1%25eth0]", "[fe80::1%eth0]", "[::1", "[]", "[:1]", "[1:::2]", "[1::2::3]",
      "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]", "[12345::]", "[::ffff:1.2.3]",
      "[::ffff:1.2.3.4.5]", "[::ffff:256.0.0.1]", "[::ffff:01.2.3.4]", "[1:2:3:4:5:6:7:1.2.3.4]",
      "[::1]x", "[g::]", "[1:]", "[::ffff:1.2.3.]",
  })
  void malformedIpv6LiteralsAreRejected(String input) {
    assertThrows(UrlSyntaxException.class, () -> HostParser.parse(input));
  }

  @Test
  void zoneIdentifierIsRejectedWithAClearMessage() {
    UrlSyntaxException e =
        assertThrows(UrlSyntaxException.class, () -> HostParser.parse("[fe80::1%25eth0]"));
    assertTrue(e.getMessage().contains("zone"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "example.com             | example.com",
      "EXAMPLE.Com             | example.com",
      "example.com.            | example.com.",
      "ＥＸＡＭＰＬＥ．ｃｏｍ | example.com",
      "bücher.de               | xn--bcher-kva.de",
      "BÜCHER.de               | xn--bcher-kva.de",
      "xn--bcher-kva.de        | xn--bcher-kva.de",
      "%62%C3%BCcher.de        | xn--bcher-kva.de",
      "münchen.example.        | xn--mnchen-3ya.example.",
      "localhost               | localhost",
      "a-b_c.example           | a-b_c.example",
      "1.2.3.4.example         | 1.2.3.4.example",
      "0x7f.example            | 0x7f.example",
      "ex%C2%ADample.com       | example.com",
  })
  void domainsAreMappedToAsciiLowerCase(String input, String expected) throws Exception {
    Host host = HostParser.parse(input);
    assertInstanceOf(Host.Domain.class, host);
    assertEquals(expected, host.toUrlString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "exa mple.com", "exa#mple.com", "exa%mple.com", "exa/mple.com", "exa:mple.com",
      "exa<mple.com", "exa>mple.com", "exa?mple.com", "exa@mple.com", "exa\\mple.com",
      "exa^mple.com", "exa|mple.com", "exa]mple.com", "exa%00mple.com", "exa%0Dmple.com",
      "exa%0ample.com", "exa%7Fmple.com", "exa%20mple.com", "exa%2Fmple.com", "exa%25mple.com",
      "exa%40mple.com", "%ff.com", "exa\u0001mple.com", "exa\u007fmple.com",
  })
  void forbiddenHostCodePointsAreRejectedEvenWhenPercentEncoded(String input) {
    assertThrows(UrlSyntaxException.class, () -> HostParser.parse(input));
  }

  @Test
  void anEmptyHostIsRejected() {
    assertThrows(UrlSyntaxException.class, () -> HostParser.parse(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4..", "127.0.0.1..", "0x7f.1.."})
  void aNumberBeforeTwoTrailingDotsIsADomainNotAnAddress(String input) throws Exception {
    // The standard's "ends in a number" looks at the label before one trailing dot only; such a
    // name then fails at DNS and never reaches a connection as an address.
    assertInstanceOf(Host.Domain.class, HostParser.parse(input));
  }

  @Test
  void domainKeepsTrailingDotButOffersTheSniFormWithoutIt() throws Exception {
    Host.Domain domain = (Host.Domain) HostParser.parse("Example.COM.");
    assertEquals("example.com.", domain.name());
    assertEquals("example.com", domain.withoutTrailingDot());
  }

  @Test
  void ipv6HostIsImmutableAndComparedByValue() throws Exception {
    Host.Ipv6 first = (Host.Ipv6) HostParser.parse("[::1]");
    byte[] bytes = first.bytes();
    bytes[15] = 2;
    assertEquals(HostParser.parse("[0::1]"), first);
    assertEquals(HostParser.parse("[0::1]").hashCode(), first.hashCode());
    assertEquals(1, first.bytes()[15]);
  }

  @Test
  void ipv4HostConvertsToAndFromNetworkOrderBytes() throws Exception {
    Host.Ipv4 host = (Host.Ipv4) HostParser.parse("192.168.1.254");
    assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, (byte) 254}, host.toBytes());
    assertEquals(host, Host.Ipv4.of(host.toBytes()));
  }

  @Test
  void ipLiteralsAreFlaggedAndDomainsAreNot() throws Exception {
    assertTrue(HostParser.parse("10.0.0.1").isIpLiteral());
    assertTrue(HostParser.parse("[::1]").isIpLiteral());
    assertFalse(HostParser.parse("example.com").isIpLiteral());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.1        | 10.0.0.1",
      "0.0.0.0         | 0.0.0.0",
      "::1             | [::1]",
      "[fd00:ec2::254] | [fd00:ec2::254]",
  })
  void strictLiteralParserAcceptsCanonicalAddresses(String input, String expected) {
    byte[] bytes = HostParser.parseStrictIpLiteral(input);
    String text = bytes.length == 4 ? Host.Ipv4.of(bytes).toUrlString() : new Host.Ipv6(bytes).toUrlString();
    assertEquals(expected, text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "256.0.0.1",
      "1.2.3.4.", "localhost", "", "::1%eth0", "1.2.3.4 "})
  void strictLiteralParserRejectsLenientSpellingsAndNames(String input) {
    assertThrows(IllegalArgumentException.class, () -> HostParser.parseStrictIpLiteral(input));
  }
}
