package io.fetchd.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fetchd.client.url.HostParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {

  private static Optional<BlockReason> classify(String address) {
    return AddressClassifier.classify(HostParser.parseStrictIpLiteral(address));
  }

  /** First and last address of each IPv4 range, and the neighbours just outside it. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0.0.0.0          | UNSPECIFIED",
      "0.255.255.255    | UNSPECIFIED",
      "1.0.0.0          | ALLOWED",
      "9.255.255.255    | ALLOWED",
      "10.0.0.0         | PRIVATE",
      "10.255.255.255   | PRIVATE",
      "11.0.0.0         | ALLOWED",
      "100.63.255.255   | ALLOWED",
      "100.64.0.0       | CGNAT",
      "100.127.255.255  | CGNAT",
      "100.128.0.0      | ALLOWED",
      "100.100.100.200  | CLOUD_METADATA",
      "100.100.100.199  | CGNAT",
      "126.255.255.255  | ALLOWED",
      "127.0.0.0        | LOOPBACK",
      "127.0.0.1        | LOOPBACK",
      "127.255.255.255  | LOOPBACK",
      "128.0.0.0        | ALLOWED",
      "168.63.129.15    | ALLOWED",
      "168.63.129.16    | CLOUD_METADATA",
      "168.63.129.17    | ALLOWED",
      "169.253.255.255  | ALLOWED",
      "169.254.0.0      | LINK_LOCAL",
      "169.254.169.253  | LINK_LOCAL",
      "169.254.169.254  | CLOUD_METADATA",
      "169.254.169.255  | LINK_LOCAL",
      "169.254.255.255  | LINK_LOCAL",
      "169.255.0.0      | ALLOWED",
      "172.15.255.255   | ALLOWED",
      "172.16.0.0       | PRIVATE",
      "172.31.255.255   | PRIVATE",
      "172.32.0.0       | ALLOWED",
      "191.255.255.255  | ALLOWED",
      "192.0.0.0        | RESERVED",
      "192.0.0.255      | RESERVED",
      "192.0.1.0        | ALLOWED",
      "192.0.2.0        | DOCUMENTATION",
      "192.0.2.255      | DOCUMENTATION",
      "192.0.3.0        | ALLOWED",
      "192.88.98.255    | ALLOWED",
      "192.88.99.0      | RESERVED",
      "192.88.99.255    | RESERVED",
      "192.88.100.0     | ALLOWED",
      "192.167.255.255  | ALLOWED",
      "192.168.0.0      | PRIVATE",
      "192.168.255.255  | PRIVATE",
      "192.169.0.0      | ALLOWED",
      "198.17.255.255   | ALLOWED",
      "198.18.0.0       | RESERVED",
      "198.19.255.255   | RESERVED",
      "198.20.0.0       | ALLOWED",
      "198.51.99.255    | ALLOWED",
      "198.51.100.0     | DOCUMENTATION",
      "198.51.100.255   | DOCUMENTATION",
      "198.51.101.0     | ALLOWED",
      "203.0.112.255    | ALLOWED",
      "203.0.113.0      | DOCUMENTATION",
      "203.0.113.255    | DOCUMENTATION",
      "203.0.114.0      | ALLOWED",
      "223.255.255.255  | ALLOWED",
      "224.0.0.0        | MULTICAST",
      "239.255.255.255  | MULTICAST",
      "240.0.0.0        | RESERVED",
      "255.255.255.254  | RESERVED",
      "255.255.255.255  | BROADCAST",
      "8.8.8.8          | ALLOWED",
      "93.184.216.34    | ALLOWED",
  })
  void ipv4RangeBoundaries(String address, String expected) {
    assertEquals(expected, classify(address).map(Enum::name).orElse("ALLOWED"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "::                                        | UNSPECIFIED",
      "::1                                       | LOOPBACK",
      "::2                                       | UNSPECIFIED",
      "2001:4860:4860::8888                      | ALLOWED",
      "2606:4700::1111                           | ALLOWED",
      "2000::                                    | ALLOWED",
      "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | ALLOWED",
      "3fff::                                    | DOCUMENTATION",
      "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff    | DOCUMENTATION",
      "3fff:1000::                               | ALLOWED",
      "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | RESERVED",
      "4000::                                    | RESERVED",
      "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff    | ALLOWED",
      "2001:db8::                                | DOCUMENTATION",
      "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff    | DOCUMENTATION",
      "2001:db9::                                | ALLOWED",
      "2001:1::1                                 | RESERVED",
      "2001:2::                                  | RESERVED",
      "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff    | RESERVED",
      "2001:200::                                | ALLOWED",
      "100::                                     | RESERVED",
      "100::ffff:ffff:ffff:ffff                  | RESERVED",
      "100:0:0:1::                               | RESERVED",
      "64:ff9b:1::                               | RESERVED",
      "64:ff9b:1:ffff:ffff:ffff:ffff:ffff        | RESERVED",
      "5f00::                                    | RESERVED",
      "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | RESERVED",
      "fc00::                                    | UNIQUE_LOCAL",
      "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | UNIQUE_LOCAL",
      "fd00:ec2::254                             | CLOUD_METADATA",
      "fd00:ec2::23                              | CLOUD_METADATA",
      "fd00:ec2::253                             | UNIQUE_LOCAL",
      "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | RESERVED",
      "fe80::                                    | LINK_LOCAL",
      "fe80::1                                   | LINK_LOCAL",
      "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | LINK_LOCAL",
      "fec0::                                    | RESERVED",
      "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | RESERVED",
      "ff00::                                    | MULTICAST",
      "ff02::1                                   | MULTICAST",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff   | MULTICAST",
  })
  void ipv6RangeBoundaries(String address, String expected) {
    assertEquals(expected, classify(address).map(Enum::name).orElse("ALLOWED"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // IPv4-mapped
      "::ffff:127.0.0.1                | LOOPBACK",
      "::ffff:7f00:1                   | LOOPBACK",
      "::ffff:169.254.169.254          | CLOUD_METADATA",
      "::ffff:10.0.0.1                 | PRIVATE",
      "::ffff:0.0.0.0                  | UNSPECIFIED",
      "::ffff:8.8.8.8                  | ALLOWED",
      // IPv4-translated
      "::ffff:0:127.0.0.1              | LOOPBACK",
      "::ffff:0:192.168.1.1            | PRIVATE",
      "::ffff:0:8.8.8.8                | RESERVED",
      // IPv4-compatible (deprecated)
      "::127.0.0.1                     | LOOPBACK",
      "::10.1.2.3                      | PRIVATE",
      "::8.8.8.8                       | RESERVED",
      // NAT64 well-known prefix
      "64:ff9b::127.0.0.1              | LOOPBACK",
      "64:ff9b::a9fe:a9fe              | CLOUD_METADATA",
      "64:ff9b::100.64.0.1             | CGNAT",
      "64:ff9b::8.8.8.8                | ALLOWED",
      // 6to4: IPv4 in bits 16..47
      "2002:7f00:1::                   | LOOPBACK",
      "2002:a9fe:a9fe::1               | CLOUD_METADATA",
      "2002:c0a8:101:1::1              | PRIVATE",
      "2002:808:808::1                 | ALLOWED",
      // Teredo: server in bits 32..63, client = inverted last 32 bits
      "2001:0:4136:e378:8000:63bf:3fff:fdd2 | DOCUMENTATION",
      "2001:0:4136:e378:8000:63bf:f7f7:f7f7 | ALLOWED",
      "2001:0:7f00:1:0:0:f7f7:f7f7     | LOOPBACK",
      "2001:0:808:808:0:0:80ff:fffe    | LOOPBACK",
      "2001:0:808:808:0:0:f5ff:fffe    | PRIVATE",
      "2001:0:808:808:0:0:f7f7:f7f7    | ALLOWED",
  })
  void embeddedIpv4IsUnwrappedAndClassified(String address, String expected) {
    assertEquals(expected, classify(address).map(Enum::name).orElse("ALLOWED"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 5, 15, 17})
  void addressOfWrongLengthIsRefused(int length) {
    assertThrows(IllegalArgumentException.class, () -> AddressClassifier.classify(new byte[length]));
  }

  @Test
  void metricNamesAreLowerSnakeCase() {
    assertEquals("cloud_metadata", BlockReason.CLOUD_METADATA.metricName());
    assertEquals("deny_list", BlockReason.DENY_LIST.metricName());
    for (BlockReason reason : BlockReason.values()) {
      assertEquals(true, reason.metricName().matches("[a-z]+(_[a-z]+)*"), reason.metricName());
    }
  }
}
