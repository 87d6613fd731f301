package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Names printed as Go's pkix.Name.String() prints them, as blackbox's chain-info labels show. */
class GoNamesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    // RFC 2253 input (most specific first) | Go's String()
    "CN=leaf,OU=probes,O=fetchd|CN=leaf,OU=probes,O=fetchd",
    "O=fetchd,CN=leaf|CN=leaf,O=fetchd",
    "C=DE,ST=Berlin,L=Mitte,O=Org,OU=Unit,CN=host|CN=host,OU=Unit,O=Org,L=Mitte,ST=Berlin,C=DE",
    "CN=a\\,b|CN=a\\,b",
    "CN=\\#hash|CN=\\#hash",
    "CN=one+OU=two|CN=one,OU=two",
  })
  void knownAttributesComeInGosOrderEscapedAsGoEscapes(String rfc2253, String go) {
    assertEquals(go, GoNames.of(new X500Principal(rfc2253)));
  }

  @Test
  void otherAttributesFollowAsOidAndGosDerOfTheValue() {
    String email = "a@example.com"; // '@' is not printable: Go writes a UTF8String
    String der = "0c" + String.format("%02x", email.length())
        + HexFormat.of().formatHex(email.getBytes(StandardCharsets.US_ASCII));
    assertEquals("CN=host,1.2.840.113549.1.9.1=#" + der,
        GoNames.of(new X500Principal("EMAILADDRESS=" + email + ",CN=host")));
  }
}
