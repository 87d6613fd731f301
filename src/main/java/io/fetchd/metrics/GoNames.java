package io.fetchd.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate name printed as Go's {@code pkix.Name.String()} prints it, which is what
 * blackbox puts in {@code probe_ssl_last_chain_info}'s {@code subject} and {@code issuer}: the
 * attributes Go knows in its own order (CN, OU, O, POSTALCODE, STREET, L, ST, C after
 * SERIALNUMBER), then the others as {@code OID=#hex} of Go's re-encoding, separated by commas and
 * escaped as Go escapes. Pure; any thread.
 */
final class GoNames {
  /** Go's attribute names by OID, in the order Go writes them (most specific first). */
  private static final List<String[]> KNOWN = List.of(
      new String[] {"2.5.4.5", "SERIALNUMBER"},
      new String[] {"2.5.4.3", "CN"},
      new String[] {"2.5.4.11", "OU"},
      new String[] {"2.5.4.10", "O"},
      new String[] {"2.5.4.17", "POSTALCODE"},
      new String[] {"2.5.4.9", "STREET"},
      new String[] {"2.5.4.7", "L"},
      new String[] {"2.5.4.8", "ST"},
      new String[] {"2.5.4.6", "C"});

  /** Java's RFC 2253 keywords, by OID. */
  private static final Map<String, String> JAVA_KEYWORDS = Map.of(
      "CN", "2.5.4.3", "C", "2.5.4.6", "L", "2.5.4.7", "ST", "2.5.4.8", "O", "2.5.4.10", "OU", "2.5.4.11",
      "STREET", "2.5.4.9", "DC", "0.9.2342.19200300.100.1.25", "UID", "0.9.2342.19200300.100.1.1");

  private GoNames() {}

  /** {@code name} as Go prints it; Java's RFC 2253 form when it cannot be read. */
  static String of(X500Principal name) {
    String rfc2253 = name.getName(X500Principal.RFC2253);
    List<Rdn> rdns;
    try {
      rdns = new LdapName(rfc2253).getRdns(); // in DER order: least specific first
    } catch (InvalidNameException e) {
      return rfc2253;
    }
    record Atv(String oid, String value) {}
    List<Atv> atvs = new ArrayList<>();
    for (Rdn rdn : rdns) {
      for (var attr : rdn.toAttributes().getAll() == null ? List.<javax.naming.directory.Attribute>of()
          : java.util.Collections.list(rdn.toAttributes().getAll())) {
        String type = attr.getID();
        String oid = JAVA_KEYWORDS.getOrDefault(type.toUpperCase(java.util.Locale.ROOT), type);
        try {
          for (var values = attr.getAll(); values.hasMore(); ) {
            Object v = values.next();
            atvs.add(new Atv(oid, v instanceof byte[] der ? derString(der) : String.valueOf(v)));
          }
        } catch (javax.naming.NamingException e) {
          return rfc2253;
        }
      }
    }
    List<String> parts = new ArrayList<>();
    for (String[] known : KNOWN) {
      List<String> values = new ArrayList<>();
      for (Atv a : atvs) {
        if (a.oid().equals(known[0])) {
          values.add(a.value());
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      if (known[1].equals("CN") || known[1].equals("SERIALNUMBER")) {
        values = List.of(values.get(values.size() - 1)); // Go keeps the last one
      }
      // Go writes a multi-valued field as one RDN, and the whole sequence reversed
      List<String> rdn = new ArrayList<>();
      for (String v : values) {
        rdn.add(known[1] + "=" + escape(v));
      }
      parts.add(String.join("+", rdn));
    }
    List<String> others = new ArrayList<>();
    for (Atv a : atvs) {
      if (KNOWN.stream().noneMatch(k -> k[0].equals(a.oid()))) {
        others.add(0, a.oid() + "=#" + HexFormat.of().formatHex(goDer(a.value())));
      }
    }
    parts.addAll(others);
    return String.join(",", parts);
  }

  /** The text of a DER string (UTF8String, PrintableString, IA5String, T61String, BMPString). */
  private static String derString(byte[] der) {
    if (der.length < 2) {
      return "";
    }
    int at = 1;
    int len = der[at++] & 0xff;
    if (len > 0x7f) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n && at < der.length; i++) {
        len = (len << 8) | (der[at++] & 0xff);
      }
    }
    len = Math.min(len, der.length - at);
    if ((der[0] & 0xff) == 0x1e) {
      return new String(der, at, len, StandardCharsets.UTF_16BE);
    }
    if ((der[0] & 0xff) == 0x0c) {
      return new String(der, at, len, StandardCharsets.UTF_8);
    }
    return new String(der, at, len, StandardCharsets.ISO_8859_1);
  }

  /** Go's {@code asn1.Marshal} of a string: PrintableString when it can be, else UTF8String. */
  private static byte[] goDer(String value) {
    boolean printable = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      printable &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || " '()+,-./:=?".indexOf(c) >= 0;
    }
    byte[] content = value.getBytes(printable ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(printable ? 0x13 : 0x0c);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.write(content, 0, content.length);
    return out.toByteArray();
  }

  /** Go's escaping of a name's value. */
  private static String escape(String v) {
    StringBuilder b = new StringBuilder(v.length() + 4);
    int[] cps = v.codePoints().toArray();
    for (int k = 0; k < cps.length; k++) {
      int c = cps[k];
      boolean esc = switch (c) {
        case ',', '+', '"', '\\', '<', '>', ';' -> true;
        case ' ' -> k == 0 || k == cps.length - 1;
        case '#' -> k == 0;
        default -> false;
      };
      if (esc) {
        b.append('\\');
      }
      b.appendCodePoint(c);
    }
    return b.toString();
  }
}
