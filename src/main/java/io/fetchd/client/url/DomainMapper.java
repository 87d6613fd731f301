package io.fetchd.client.url;

import com.ibm.icu.text.IDNA;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The WHATWG URL standard's host steps for a non-bracketed host of an http(s) URL, up to (not
 * including) the IPv4 check: percent-decode as UTF-8, then "domain to ASCII" with beStrict
 * false.
 *
 * <ul>
 *   <li>A host that is ASCII after percent-decoding is only lower-cased, as the standard says
 *       (its labels, {@code xn--} ones included, are not passed through IDNA: {@code xn--a} stays
 *       {@code xn--a}, exactly what browsers send).
 *   <li>Any other host goes whole through UTS #46 ToASCII (ICU4J), non-transitional, with the
 *       standard's options: CheckHyphens false, CheckBidi true, CheckJoiners true,
 *       UseSTD3ASCIIRules false, VerifyDnsLength false. So {@code ß} stays {@code ß}
 *       ({@code xn--zca}), ZWJ/ZWNJ are kept where their context allows and refused elsewhere,
 *       the label separators {@code U+3002}, {@code U+FF0E}, {@code U+FF61} become {@code .},
 *       every {@code xn--} label of the host is decoded and validated, and any error but the
 *       hyphen and length ones the options switch off fails the host.
 *   <li>An empty result, or one with a forbidden domain code point (C0 controls, space,
 *       {@code #%/:<>?@[\]^|}, DEL), fails.
 * </ul>
 *
 * <p>ICU4J is loaded on the first non-ASCII host only ({@link Uts46}), so a process that fetches
 * ASCII hosts never pays for it. Stateless; any thread (ICU's UTS #46 instance is immutable and
 * thread-safe; each call has its own {@link IDNA.Info}).
 */
final class DomainMapper {

  /** Forbidden besides C0 controls and DEL (checked separately). */
  private static final String FORBIDDEN = " #%/:<>?@[\\]^|";

  /**
   * The ICU instance, made on first use (it loads ICU's normalization and bidi data), and the
   * errors it reports that the standard's options switch off: CheckHyphens=false (hyphen
   * positions) and VerifyDnsLength=false (empty labels, label and name lengths). Held here so
   * that no ICU class loads before the first non-ASCII host.
   */
  private static final class Uts46 {
    static final IDNA INSTANCE = IDNA.getUTS46Instance(
        IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
            | IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE);
    static final Set<IDNA.Error> IGNORED = EnumSet.of(
        IDNA.Error.LEADING_HYPHEN, IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4,
        IDNA.Error.EMPTY_LABEL, IDNA.Error.LABEL_TOO_LONG, IDNA.Error.DOMAIN_NAME_TOO_LONG);
  }

  private DomainMapper() {}

  /** The ASCII lower-case form of the host; fails on forbidden or unmappable input. */
  static String toAscii(String raw) throws UrlSyntaxException {
    String domain = raw.indexOf('%') < 0 ? raw : percentDecode(raw);
    String ascii = isAscii(domain) ? domain.toLowerCase(Locale.ROOT) : uts46ToAscii(raw, domain);
    if (ascii.isEmpty()) {
      throw new UrlSyntaxException("invalid host '" + raw + "': empty host");
    }
    checkForbidden(raw, ascii);
    return ascii;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String uts46ToAscii(String raw, String domain) throws UrlSyntaxException {
    IDNA.Info info = new IDNA.Info();
    StringBuilder out = new StringBuilder(domain.length() + 16);
    Uts46.INSTANCE.nameToASCII(domain, out, info);
    List<String> errors = new ArrayList<>();
    for (IDNA.Error e : info.getErrors()) {
      if (!Uts46.IGNORED.contains(e)) {
        errors.add(describe(e));
      }
    }
    if (!errors.isEmpty()) {
      throw new UrlSyntaxException(
          "invalid host '" + raw + "': not a valid internationalized domain name (" + String.join(", ", errors) + ")");
    }
    return out.toString();
  }

  /** A sentence fragment for each UTS #46 error a user can see. */
  private static String describe(IDNA.Error e) {
    return switch (e) {
      case DISALLOWED -> "a code point IDNA does not allow";
      case PUNYCODE -> "invalid Punycode";
      case INVALID_ACE_LABEL -> "an xn-- label that does not decode to a valid label";
      case LABEL_HAS_DOT -> "a label containing a dot";
      case LEADING_COMBINING_MARK -> "a label starting with a combining mark";
      case BIDI -> "a right-to-left label breaking the bidi rule";
      case CONTEXTJ -> "a zero-width joiner or non-joiner outside the context that allows it";
      default -> e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  private static void checkForbidden(String raw, String ascii) throws UrlSyntaxException {
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (c <= 0x1f || c == 0x7f || FORBIDDEN.indexOf(c) >= 0) {
        throw new UrlSyntaxException(String.format(
            "invalid host '%s': forbidden character 0x%02X", raw, (int) c));
      }
      if (c >= 0x80) {
        // ToASCII never returns non-ASCII without an error; kept as a guard for the contract.
        throw new UrlSyntaxException(String.format(
            "invalid host '%s': character U+%04X survived IDNA mapping", raw, (int) c));
      }
    }
  }

  /**
   * Percent-decodes to bytes and decodes those as UTF-8. Malformed UTF-8 fails here; the
   * standard would decode it to U+FFFD, which IDNA then refuses, so the outcome is the same.
   */
  private static String percentDecode(String raw) throws UrlSyntaxException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(encoded);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UrlSyntaxException("invalid host '" + raw + "': percent-decodes to invalid UTF-8", e);
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }
}
