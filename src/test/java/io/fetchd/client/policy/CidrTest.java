package io.fetchd.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.url.HostParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  private static byte[] ip(String text) {
    return HostParser.parseStrictIpLiteral(text);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/8       | 10.0.0.0/8",
      "10.1.2.3/8       | 10.0.0.0/8",
      "192.168.1.7      | 192.168.1.7/32",
      "0.0.0.0/0        | 0.0.0.0/0",
      "172.16.0.0/12    | 172.16.0.0/12",
      "100.64.0.0/10    | 100.64.0.0/10",
      "::1/128          | ::1/128",
      "::1              | ::1/128",
      "[::1]            | ::1/128",
      "[fd00::]/8       | fd00::/8",
      "FC00::1/7        | fc00::/7",
      "2001:db8::/32    | 2001:db8::/32",
      "::/0             | ::/0",
      "::ffff:10.0.0.0/104 | ::ffff:a00:0/104",
  })
  void parseNormalizesToTheNetworkAddress(String text, String expected) {
    assertEquals(expected, Cidr.parse(text).toString());
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/8       | 10.0.0.0         | true",
      "10.0.0.0/8       | 10.255.255.255   | true",
      "10.0.0.0/8       | 9.255.255.255    | false",
      "10.0.0.0/8       | 11.0.0.0         | false",
      "100.64.0.0/10    | 100.127.255.255  | true",
      "100.64.0.0/10    | 100.128.0.0      | false",
      "100.64.0.0/10    | 100.63.255.255   | false",
      "127.0.0.1/32     | 127.0.0.1        | true",
      "127.0.0.1/32     | 127.0.0.2        | false",
      "0.0.0.0/0        | 255.255.255.255  | true",
      "fe80::/10        | febf::1          | true",
      "fe80::/10        | fec0::           | false",
      "fc00::/7         | fdff::           | true",
      "fc00::/7         | fe00::           | false",
      "::1/128          | ::1              | true",
      "::1/128          | ::2              | false",
      "::/0             | ffff::           | true",
      "10.0.0.0/8       | ::ffff:10.0.0.1  | false",
      "::/0             | 10.0.0.1         | false",
  })
  void containsMatchesOnlyItsOwnFamilyWithinThePrefix(String cidr, String address, boolean expected) {
    assertEquals(expected, Cidr.parse(cidr).contains(ip(address)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/33      | exceeds 32",
      "::/129           | exceeds 128",
      "10.0.0.0/-1      | not a decimal",
      "10.0.0.0/        | not a decimal",
      "10.0.0.0/08      | not a decimal",
      "10.0.0.0/8/8     | not a decimal",
      "10.0.0/8         | dotted quad",
      "010.0.0.0/8      | dotted quad",
      "0x0a.0.0.0/8     | dotted quad",
      "localhost/8      | dotted quad",
      "''               | dotted quad",
      "fe80::1%eth0/64  | zone",
      "1::2::3/64       | '::'",
  })
  void invalidTextIsRefusedNamingTheInputAndTheProblem(String text, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void equalBlocksAreEqualWhateverTheHostBits() {
    assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.9.9.9/8"));
    assertEquals(Cidr.parse("10.0.0.0/8").hashCode(), Cidr.parse("10.9.9.9/8").hashCode());
    assertFalse(Cidr.parse("10.0.0.0/8").equals(Cidr.parse("10.0.0.0/9")));
  }

  @Test
  void networkArrayCannotBeChangedFromOutside() {
    byte[] network = ip("10.0.0.0");
    Cidr cidr = new Cidr(network, 8);
    network[0] = 11;
    cidr.network()[0] = 12;
    assertEquals("10.0.0.0/8", cidr.toString());
  }
}
