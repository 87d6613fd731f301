package io.fetchd.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.url.HostParser;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowRuleTest {

  @ParameterizedTest(name = "{0} -> {1} port {2}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1/32:8081  | 127.0.0.1/32  | 8081",
      "127.0.0.0/8        | 127.0.0.0/8   | ",
      "10.0.0.5:443       | 10.0.0.5/32   | 443",
      "10.0.0.5           | 10.0.0.5/32   | ",
      "[::1]/128:8081     | ::1/128       | 8081",
      "[::1]:8081         | ::1/128       | 8081",
      "[fd00::]/8         | fd00::/8      | ",
      "::1/128            | ::1/128       | ",
      "fc00::/7           | fc00::/7      | ",
  })
  void parseReadsBlockAndOptionalPort(String text, String cidr, Integer port) {
    AllowRule rule = AllowRule.parse(text);
    assertEquals(cidr, rule.cidr().toString());
    assertEquals(port == null ? OptionalInt.empty() : OptionalInt.of(port), rule.port());
  }

  @ParameterizedTest(name = "{0} round-trips as {1}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1/32:8081  | 127.0.0.1/32:8081",
      "[::1]/128:8081     | [::1]/128:8081",
      "[::1]:8081         | [::1]/128:8081",
      "127.0.0.0/8        | 127.0.0.0/8",
      "::1                | ::1/128",
  })
  void toStringUsesTheRuleSyntax(String text, String expected) {
    assertEquals(expected, AllowRule.parse(text).toString());
    assertEquals(AllowRule.parse(text), AllowRule.parse(expected));
  }

  @ParameterizedTest(name = "{0} matches {1}:{2} = {3}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1/32:8081 | 127.0.0.1 | 8081 | true",
      "127.0.0.1/32:8081 | 127.0.0.1 | 8082 | false",
      "127.0.0.1/32:8081 | 127.0.0.2 | 8081 | false",
      "127.0.0.0/8       | 127.9.9.9 | 1    | true",
      "[::1]/128:8081    | ::1       | 8081 | true",
      "[::1]/128:8081    | ::1       | 80   | false",
  })
  void portScopedRulesMatchOnlyTheirPort(String rule, String address, int port, boolean expected) {
    assertEquals(expected, AllowRule.parse(rule).matches(HostParser.parseStrictIpLiteral(address), port));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1/32:0      | port '0'",
      "127.0.0.1/32:65536  | port '65536'",
      "127.0.0.1/32:       | port ''",
      "127.0.0.1/32:http   | port 'http'",
      "127.0.0.1/33:80     | exceeds 32",
      "::1/128:8081        | must be bracketed",
      "[::1/128:8081       | without ']'",
      "localhost:80        | dotted quad",
      "[::1]/128:80:81     | port '80:81'",
  })
  void invalidRulesAreRefusedNamingTheRuleAndTheProblem(String text, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllowRule.parse(text));
    assertTrue(e.getMessage().contains("invalid allow rule '" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
