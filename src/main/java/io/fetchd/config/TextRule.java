package io.fetchd.config;

import io.fetchd.client.url.HeaderSyntaxException;
import io.fetchd.client.policy.AllowRule;
import io.fetchd.client.policy.Cidr;
import io.fetchd.client.url.HeaderValidator;
import io.fetchd.reactor.Transport;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The rules a text setting can follow ({@link Checked}); where a component parses the text
 * itself, the rule is that component's parser, so the two cannot disagree. Pure; any thread.
 */
enum TextRule {
  /** A host name or address without spaces. */
  HOST_NAME(s -> s.isBlank() || s.chars().anyMatch(Character::isWhitespace)
      ? "must be a host name or address, got '" + s + "'" : null),
  /** A bearer token; the problem never echoes it, since it is a secret. */
  TOKEN(TextRule::token),
  /** An I/O transport name ({@link Transport#parse}). */
  TRANSPORT(s -> problem(() -> Transport.parse(s))),
  /** An allow rule: CIDR with an optional port ({@link AllowRule#parse}). */
  ALLOW_RULE(s -> problem(() -> AllowRule.parse(s.trim()))),
  /** A CIDR ({@link Cidr#parse}). */
  DENY_RULE(s -> problem(() -> Cidr.parse(s.trim()))),
  /** A DNS server, IP literal with an optional port ({@link DnsServers#parse}). */
  DNS_SERVER(s -> problem(() -> DnsServers.parse(s))),
  /** A readable regular file. */
  READABLE_FILE(TextRule::readableFile),
  /** A User-Agent value: no control characters, octets only ({@link HeaderValidator#validateValue}). */
  USER_AGENT(TextRule::userAgent),
  /** A URL path like {@code /metrics}. */
  URL_PATH(s -> s.startsWith("/") && s.length() > 1 && s.chars().noneMatch(c -> c <= 0x20 || c == '?' || c == '#')
      ? null
      : "must be a path like /metrics, got '" + s + "'");

  private final Function<String, String> check;

  TextRule(Function<String, String> check) {
    this.check = check;
  }

  /** The problem with {@code value}, without the key; null when it is fine. */
  String problem(String value) {
    return check.apply(value);
  }

  private static String problem(Runnable parse) {
    try {
      parse.run();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String token(String s) {
    if (s.isBlank()) {
      return "must not be blank";
    }
    return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f) ? "must not contain spaces or control characters" : null;
  }

  private static String readableFile(String s) {
    try {
      Path p = Path.of(s);
      return Files.isRegularFile(p) && Files.isReadable(p) ? null : "cannot read file '" + s + "'";
    } catch (InvalidPathException e) {
      return "not a file path: '" + s + "'";
    }
  }

  private static String userAgent(String s) {
    if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "must not contain control characters";
    }
    try {
      HeaderValidator.validateValue("User-Agent", s);
      return null;
    } catch (HeaderSyntaxException e) {
      return e.getMessage();
    }
  }
}
