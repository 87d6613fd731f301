package io.fetchd.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.url.FetchUrl;
import io.fetchd.client.url.HostParser;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  private static byte[] ip(String text) {
    return HostParser.parseStrictIpLiteral(text);
  }

  private static String decide(AddressPolicy policy, String address, int port) {
    return policy.check(ip(address), port).map(Enum::name).orElse("ALLOWED");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://0.0.0.0/                      | UNSPECIFIED",
      "http://0/                            | UNSPECIFIED",
      "http://[::]/                         | UNSPECIFIED",
      "http://[::1]/                        | LOOPBACK",
      "http://127.0.0.1/                    | LOOPBACK",
      "http://2130706433/                   | LOOPBACK",
      "http://0x7f000001/                   | LOOPBACK",
      "http://0x7f.1/                       | LOOPBACK",
      "http://0177.0.0.1/                   | LOOPBACK",
      "http://127.1/                        | LOOPBACK",
      "http://127.0.0.1./                   | LOOPBACK",
      "http://%31%32%37.0.0.1/              | LOOPBACK",
      "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/ | LOOPBACK",
      "http://[::ffff:127.0.0.1]/           | LOOPBACK",
      "http://[::ffff:0:127.0.0.1]/         | LOOPBACK",
      "http://[::127.0.0.1]/                | LOOPBACK",
      "http://[64:ff9b::127.0.0.1]/         | LOOPBACK",
      "http://[2002:7f00:1::]/              | LOOPBACK",
      "http://[2001:0:808:808::80ff:fffe]/  | LOOPBACK",
      "http://169.254.169.254/latest/meta-data/ | CLOUD_METADATA",
      "http://0xa9fea9fe/                   | CLOUD_METADATA",
      "http://2852039166/                   | CLOUD_METADATA",
      "http://[::ffff:a9fe:a9fe]/           | CLOUD_METADATA",
      "http://[fd00:ec2::254]/              | CLOUD_METADATA",
      "http://168.63.129.16/                | CLOUD_METADATA",
      "http://100.100.100.200/              | CLOUD_METADATA",
      "http://10.0.0.1/                     | PRIVATE",
      "http://012.0.0.1/                    | PRIVATE",
      "http://192.168.0.1:8080/             | PRIVATE",
      "http://100.64.0.0/                   | CGNAT",
      "http://100.63.255.255/               | ALLOWED",
      "http://[fe80::1]/                    | LINK_LOCAL",
      "http://[fc00::1]/                    | UNIQUE_LOCAL",
      "http://224.0.0.1/                    | MULTICAST",
      "http://255.255.255.255/              | BROADCAST",
      "http://0xffffffff/                   | BROADCAST",
      "http://192.0.2.1/                    | DOCUMENTATION",
      "http://[2001:db8::1]/                | DOCUMENTATION",
      "http://240.0.0.1/                    | RESERVED",
      "http://198.18.0.1/                   | RESERVED",
      "http://8.8.8.8/                      | ALLOWED",
      "http://[2606:4700::1111]/            | ALLOWED",
      "http://[::ffff:8.8.8.8]/             | ALLOWED",
      "http://localhost/                    | ALLOWED",
      "http://example.com/                  | ALLOWED",
  })
  void strictPolicyDecidesIpLiteralUrlsBeforeDns(String url, String expected) throws Exception {
    assertEquals(expected, AddressPolicy.strict().checkLiteral(FetchUrl.parse(url))
        .map(Enum::name).orElse("ALLOWED"));
  }

  @Test
  void portScopedAllowOpensOnlyThatPort() {
    AddressPolicy policy = AddressPolicy.builder().allow("127.0.0.1/32:8081").build();
    assertEquals("ALLOWED", decide(policy, "127.0.0.1", 8081));
    assertEquals("LOOPBACK", decide(policy, "127.0.0.1", 8082));
    assertEquals("LOOPBACK", decide(policy, "127.0.0.2", 8081));
  }

  @Test
  void bracketedIpv6AllowOpensOnlyThatPort() {
    AddressPolicy policy = AddressPolicy.builder().allow("[::1]/128:8081").build();
    assertEquals("ALLOWED", decide(policy, "::1", 8081));
    assertEquals("LOOPBACK", decide(policy, "::1", 8082));
  }

  @Test
  void allowWithoutPortOpensEveryPort() {
    AddressPolicy policy = AddressPolicy.builder().allow("10.0.0.0/8").build();
    assertEquals("ALLOWED", decide(policy, "10.1.2.3", 1));
    assertEquals("ALLOWED", decide(policy, "10.1.2.3", 65535));
    assertEquals("PRIVATE", decide(policy, "172.16.0.1", 80));
  }

  @Test
  void ipv4AllowAlsoCoversItsMappedIpv6Form() {
    AddressPolicy policy = AddressPolicy.builder().allow("127.0.0.1/32:8081").build();
    assertEquals("ALLOWED", decide(policy, "::ffff:127.0.0.1", 8081));
    assertEquals("LOOPBACK", decide(policy, "::ffff:127.0.0.1", 8082));
  }

  @Test
  void ipv4AllowDoesNotCoverNat64Or6to4Forms() {
    AddressPolicy policy = AddressPolicy.builder().allow("127.0.0.0/8").build();
    assertEquals("LOOPBACK", decide(policy, "64:ff9b::127.0.0.1", 80));
    assertEquals("LOOPBACK", decide(policy, "2002:7f00:1::", 80));
  }

  @Test
  void denyBeatsAllow() {
    AddressPolicy policy = AddressPolicy.builder()
        .allow("127.0.0.0/8", "93.184.216.0/24")
        .deny("127.0.0.1/32", "93.184.216.34")
        .build();
    assertEquals("DENY_LIST", decide(policy, "127.0.0.1", 80));
    assertEquals("ALLOWED", decide(policy, "127.0.0.2", 80));
    assertEquals("DENY_LIST", decide(policy, "93.184.216.34", 443));
    assertEquals("ALLOWED", decide(policy, "93.184.216.35", 443));
  }

  @Test
  void denyBlocksOtherwiseGlobalAddresses() {
    AddressPolicy policy = AddressPolicy.builder().deny("8.8.8.0/24", "2606:4700::/32").build();
    assertEquals("DENY_LIST", decide(policy, "8.8.8.8", 53));
    assertEquals("DENY_LIST", decide(policy, "2606:4700::1111", 443));
    assertEquals("ALLOWED", decide(policy, "8.8.4.4", 53));
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:8.8.8.8", "::ffff:0:8.8.8.8", "64:ff9b::808:808",
      "2002:808:808::1", "2001:0:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"})
  void denyAlsoMatchesIpv4EmbeddedInIpv6(String address) {
    AddressPolicy policy = AddressPolicy.builder().deny("8.8.8.8").build();
    assertEquals("DENY_LIST", decide(policy, address, 80));
  }

  @Test
  void disabledPolicyAllowsEverythingButExplicitDenies() {
    AddressPolicy policy = AddressPolicy.builder().enabled(false).deny("169.254.169.254").build();
    assertEquals("ALLOWED", decide(policy, "127.0.0.1", 80));
    assertEquals("ALLOWED", decide(policy, "10.0.0.1", 80));
    assertEquals("ALLOWED", decide(policy, "::1", 80));
    assertEquals("DENY_LIST", decide(policy, "169.254.169.254", 80));
    assertEquals("DENY_LIST", decide(policy, "::ffff:169.254.169.254", 80));
  }

  @Test
  void strictPolicyIsEnabledWithNoRules() {
    AddressPolicy strict = AddressPolicy.strict();
    assertTrue(strict.enabled());
    assertTrue(strict.allowRules().isEmpty());
    assertTrue(strict.denyRules().isEmpty());
  }

  @Test
  void inetAddressCheckUsesTheAddressBytesWithoutLookup() throws Exception {
    AddressPolicy policy = AddressPolicy.strict();
    InetAddress named = InetAddress.getByAddress("public.example", ip("127.0.0.1"));
    assertEquals(Optional.of(BlockReason.LOOPBACK), policy.check(named, 80));
    assertEquals(Optional.empty(), policy.check(InetAddress.getByAddress(ip("1.1.1.1")), 443));
    assertEquals(Optional.of(BlockReason.LINK_LOCAL),
        policy.check(InetAddress.getByAddress(ip("fe80::1")), 443));
  }

  @Test
  void domainUrlsAreLeftForTheResolvedAddresses() throws Exception {
    AddressPolicy policy = AddressPolicy.builder().deny("0.0.0.0/0", "::/0").build();
    assertEquals(Optional.empty(), policy.checkLiteral(FetchUrl.parse("http://localhost/")));
    assertEquals(Optional.of(BlockReason.DENY_LIST),
        policy.checkLiteral(FetchUrl.parse("http://8.8.8.8/")));
  }

  @Test
  void literalCheckUsesTheUrlPort() throws Exception {
    AddressPolicy policy = AddressPolicy.builder().allow("127.0.0.1/32:8081").build();
    assertEquals(Optional.empty(), policy.checkLiteral(FetchUrl.parse("http://127.0.0.1:8081/")));
    assertEquals(Optional.of(BlockReason.LOOPBACK),
        policy.checkLiteral(FetchUrl.parse("http://127.0.0.1:8082/")));
    assertEquals(Optional.of(BlockReason.LOOPBACK),
        policy.checkLiteral(FetchUrl.parse("http://127.0.0.1/")));
  }

  @Test
  void invalidAllowRuleIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AddressPolicy.builder().allow("127.0.0.1/32:99999"));
    assertTrue(e.getMessage().contains("'127.0.0.1/32:99999'"), e.getMessage());
  }

  @Test
  void invalidDenyRuleIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AddressPolicy.builder().deny("metadata.google.internal"));
    assertTrue(e.getMessage().startsWith("invalid deny rule 'metadata.google.internal'"), e.getMessage());
  }

  @Test
  void wrongAddressLengthOrPortIsRefused() {
    AddressPolicy policy = AddressPolicy.strict();
    assertThrows(IllegalArgumentException.class, () -> policy.check(new byte[5], 80));
    assertThrows(IllegalArgumentException.class, () -> policy.check(ip("8.8.8.8"), 65536));
    assertThrows(IllegalArgumentException.class, () -> policy.check(ip("8.8.8.8"), -1));
  }

  @Test
  void toStringListsEveryRule() {
    AddressPolicy policy = AddressPolicy.builder()
        .allow("127.0.0.1/32:8081", "[::1]/128:8081").deny("10.0.0.0/8").build();
    assertEquals("AddressPolicy{enabled=true, allow=[127.0.0.1/32:8081, [::1]/128:8081], "
        + "deny=[10.0.0.0/8]}", policy.toString());
  }

  @Test
  void builtPolicyIsUnaffectedByLaterBuilderCalls() {
    AddressPolicy.Builder builder = AddressPolicy.builder().allow("127.0.0.1");
    AddressPolicy policy = builder.build();
    builder.deny("8.8.8.8").enabled(false);
    assertEquals("ALLOWED", decide(policy, "127.0.0.1", 80));
    assertEquals("ALLOWED", decide(policy, "8.8.8.8", 80));
    assertTrue(policy.enabled());
  }
}
