package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which address each preference picks from a resolver's answer. */
class IpPreferenceTest {
  private static List<InetAddress> addresses(String spec) throws UnknownHostException {
    List<InetAddress> out = new ArrayList<>();
    if (!spec.isEmpty()) {
      for (String a : spec.split(" ")) {
        out.add(InetAddress.getByName(a));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} of [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ANY        | 10.0.0.1 2001:db8::1 | 10.0.0.1",
        "ANY        | 2001:db8::1 10.0.0.1 | 2001:db8::1",
        "ANY        |                      | none",
        "PREFER_IP4 | 2001:db8::1 10.0.0.1 | 10.0.0.1",
        "PREFER_IP4 | 2001:db8::1          | 2001:db8::1",
        "PREFER_IP6 | 10.0.0.1 2001:db8::1 | 2001:db8::1",
        "PREFER_IP6 | 10.0.0.1 10.0.0.2    | 10.0.0.1",
        "ONLY_IP4   | 2001:db8::1 10.0.0.2 | 10.0.0.2",
        "ONLY_IP4   | 2001:db8::1          | none",
        "ONLY_IP6   | 10.0.0.1 2001:db8::2 | 2001:db8:0:0:0:0:0:2",
        "ONLY_IP6   | 10.0.0.1             | none",
        "ONLY_IP6   |                      | none",
      })
  void choosesTheFirstAcceptableAddress(IpPreference p, String given, String expected) throws Exception {
    InetAddress chosen = p.choose(addresses(given == null ? "" : given.trim()));
    assertEquals(
        expected.equals("none") ? null : InetAddress.getByName(expected), chosen);
  }
}
