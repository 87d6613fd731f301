import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchd.client.FetchException;
import io.fetchd.client.url.FetchUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs public URL conformance data (WPT urltestdata.json, toascii.json, IdnaTestV2.json) through
 * FetchUrl.parse and prints pass/fail counts per suite and per class. Not a test and not part of
 * the build: bench/conformance/url_conformance.sh runs it with the Java source launcher against
 * the built classes. Reads the data from the directory given as the first argument.
 *
 * <p>In scope: every absolute http(s) input. urltestdata entries are in scope when the input
 * (after the WHATWG's own leading/trailing C0-and-space strip) starts with http: or https: and
 * either has no base, or a base of another scheme, or two slashes after the scheme (then the
 * base cannot matter). Everything else (relative, base-dependent, other schemes) is counted as
 * out of scope. toascii and IdnaTestV2 cases are run as {@code https://<input>/x}, as WPT's own
 * runners do (IdnaTestV2 percent-encodes : / ? # \ in the input first, as WPT does).
 *
 * <p>A case WHATWG accepts and fetchd refuses counts as "stricter by design" only when the input
 * shows one of the deliberate refusals the README lists (controls or whitespace, port 0, empty
 * labels) and, where the input can be repaired, the repaired input then gives WHATWG's host,
 * port, path and query. Every other difference is a failure.
 */
public final class UrlConformance {

  /** One class of comparison: pass, fail and stricter-by-design counts, failures kept to print. */
  static final class Tally {
    int pass;
    int fail;
    int stricter;
    final Map<String, Integer> stricterByReason = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    final List<String> stricterCases = new ArrayList<>();

    void pass() {
      pass++;
    }

    void fail(String why) {
      fail++;
      failures.add(why);
    }

    void stricter(String reason, String label) {
      stricterCases.add(label + " (" + reason + ")");
      stricter++;
      stricterByReason.merge(reason, 1, Integer::sum);
    }

    int total() {
      return pass + fail + stricter;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static boolean verbose;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("../shared/conformance-data");
    for (String a : args) {
      if (a.equals("-v") || a.equals("--verbose")) {
        verbose = true;
      } else {
        dir = Path.of(a);
      }
    }
    int failed = 0;
    failed += urlTestData(dir.resolve("urltestdata.json"));
    failed += idna("toascii.json", dir.resolve("toascii.json"), false);
    failed += idna("IdnaTestV2.json", dir.resolve("IdnaTestV2.json"), true);
    System.out.println();
    System.out.println(failed == 0 ? "no failures" : failed + " failures in all");
  }

  // ---- urltestdata.json ----

  private static int urlTestData(Path file) throws Exception {
    JsonNode root = JSON.readTree(Files.readString(file));
    Map<String, Tally> classes = new LinkedHashMap<>();
    Tally cases = new Tally();
    classes.put("host", new Tally());
    classes.put("path", new Tally());
    classes.put("query", new Tally());
    classes.put("userinfo", new Tally());
    int outOfScope = 0;
    for (JsonNode t : root) {
      if (!t.isObject()) {
        continue;
      }
      String input = t.get("input").asText();
      String base = t.hasNonNull("base") ? t.get("base").asText() : null;
      if (!inScope(input, base)) {
        outOfScope++;
        continue;
      }
      boolean expectFailure = t.path("failure").asBoolean(false);
      FetchUrl url;
      String error;
      try {
        url = FetchUrl.parse(input);
        error = null;
      } catch (FetchException e) {
        url = null;
        error = e.type() + ": " + e.getMessage();
      }
      String label = show(input);
      if (expectFailure) {
        if (url == null) {
          classes.get("host").pass();
          cases.pass();
        } else {
          // A failure case is about the host or the port in every in-scope entry of the data.
          classes.get("host").fail(label + " accepted as " + show(url.toString()) + ", WHATWG refuses it");
          cases.fail(label);
        }
        continue;
      }
      if (url == null) {
        String reason = stricterReason(input, t);
        if (reason != null) {
          for (Tally c : classes.values()) {
            if (applies(c, classes, t, input)) {
              c.stricter(reason, label);
            }
          }
          cases.stricter(reason, label);
        } else {
          classes.get("host").fail(label + " refused (" + error + "), WHATWG gives " + show(t.get("href").asText()));
          cases.fail(label);
        }
        continue;
      }
      boolean all = true;
      String expectHost = t.get("hostname").asText();
      String expectPort = t.get("port").asText();
      String gotPort = url.isDefaultPort() ? "" : Integer.toString(url.port());
      if (expectHost.equals(url.host().toUrlString()) && expectPort.equals(gotPort)) {
        classes.get("host").pass();
      } else {
        classes.get("host").fail(label + " host " + show(url.host().toUrlString()) + ":" + gotPort
            + ", WHATWG " + show(expectHost) + ":" + expectPort);
        all = false;
      }
      if (hasPath(t)) {
        String expect = t.get("pathname").asText();
        if (expect.equals(url.path())) {
          classes.get("path").pass();
        } else {
          classes.get("path").fail(label + " path " + show(url.path()) + ", WHATWG " + show(expect));
          all = false;
        }
      } else if (!url.path().equals("/")) {
        classes.get("path").fail(label + " path " + show(url.path()) + ", WHATWG /");
        all = false;
      }
      String expectSearch = t.get("search").asText();
      String gotSearch = url.query().map(q -> q.isEmpty() ? "" : "?" + q).orElse("");
      if (hasQuery(t, input)) {
        if (expectSearch.equals(gotSearch)) {
          classes.get("query").pass();
        } else {
          classes.get("query").fail(label + " query " + show(gotSearch) + ", WHATWG " + show(expectSearch));
          all = false;
        }
      }
      String expectUser = t.get("username").asText();
      String expectPassword = t.get("password").asText();
      String expectInfo = expectUser.isEmpty() && expectPassword.isEmpty() ? ""
          : expectPassword.isEmpty() ? expectUser : expectUser + ":" + expectPassword;
      String gotInfo = url.userInfo().orElse("");
      if (!expectInfo.isEmpty() || !gotInfo.isEmpty()) {
        if (expectInfo.equals(gotInfo)) {
          classes.get("userinfo").pass();
        } else {
          classes.get("userinfo").fail(label + " userinfo " + show(gotInfo) + ", WHATWG " + show(expectInfo));
          all = false;
        }
      }
      if (all) {
        cases.pass();
      } else {
        cases.fail(label);
      }
    }
    System.out.println("urltestdata.json: absolute http(s) inputs " + summary(cases)
        + "; out of scope (relative, base-dependent or another scheme): " + outOfScope);
    for (Map.Entry<String, Tally> e : classes.entrySet()) {
      System.out.println("  " + e.getKey() + ": " + summary(e.getValue()));
      printDetails(e.getValue());
    }
    return cases.fail;
  }

  /** Whether a class counts a case that fetchd refused: host always, the others when they apply. */
  private static boolean applies(Tally c, Map<String, Tally> classes, JsonNode t, String input) {
    if (c == classes.get("host")) {
      return true;
    }
    if (c == classes.get("path")) {
      return hasPath(t);
    }
    if (c == classes.get("query")) {
      return hasQuery(t, input);
    }
    return !t.get("username").asText().isEmpty() || !t.get("password").asText().isEmpty();
  }

  private static boolean hasPath(JsonNode t) {
    return !t.get("pathname").asText().equals("/");
  }

  private static boolean hasQuery(JsonNode t, String input) {
    String beforeHash = input.indexOf('#') < 0 ? input : input.substring(0, input.indexOf('#'));
    return !t.get("search").asText().isEmpty() || beforeHash.indexOf('?') >= 0;
  }

  /** Absolute http(s), with no base or a base that cannot matter (see the class comment). */
  static boolean inScope(String input, String base) {
    String s = stripC0AndSpace(input).replaceAll("[\t\n\r]", "");
    String lower = s.toLowerCase(Locale.ROOT);
    String scheme;
    if (lower.startsWith("http:")) {
      scheme = "http";
    } else if (lower.startsWith("https:")) {
      scheme = "https";
    } else {
      return false;
    }
    if (base == null) {
      return true;
    }
    String baseLower = base.toLowerCase(Locale.ROOT);
    if (!baseLower.startsWith(scheme + ":")) {
      return true;
    }
    String rest = s.substring(scheme.length() + 1);
    return rest.length() >= 2 && isSlash(rest.charAt(0)) && isSlash(rest.charAt(1));
  }

  private static boolean isSlash(char c) {
    return c == '/' || c == '\\';
  }

  private static String stripC0AndSpace(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) <= 0x20) {
      from++;
    }
    while (to > from && s.charAt(to - 1) <= 0x20) {
      to--;
    }
    return s.substring(from, to);
  }

  /**
   * The documented reason fetchd refuses an input WHATWG accepts, or null if there is none. The
   * repairable reasons (controls and whitespace) count only if the repaired input then matches
   * WHATWG's host, path and query.
   */
  private static String stricterReason(String input, JsonNode t) {
    String host = t.get("hostname").asText();
    if (t.get("port").asText().equals("0")) {
      return "port 0";
    }
    String body = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!host.startsWith("[") && (body.isEmpty() || body.startsWith(".") || body.endsWith(".") || body.contains(".."))) {
      return "empty label";
    }
    boolean controls = false;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c <= 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        controls = true;
        break;
      }
    }
    if (!controls) {
      return null;
    }
    // WHATWG strips leading/trailing C0 and space and removes tab, LF and CR everywhere; what
    // is left it percent-encodes. fetchd refuses the first two, and the third in path or query.
    String repaired = stripC0AndSpace(input).replaceAll("[\t\n\r]", "");
    if (!repaired.equals(input)) {
      try {
        FetchUrl url = FetchUrl.parse(repaired);
        if (repairedMatches(url, t)) {
          return "tab/newline or leading/trailing C0-or-space, which WHATWG strips";
        }
      } catch (FetchException e) {
        // fall through: maybe also a space or control inside, which WHATWG percent-encodes
      }
    }
    StringBuilder encoded = new StringBuilder(repaired.length() + 16);
    repaired.codePoints().forEach(cp -> {
      if (cp <= 0x20 || (cp >= 0x7f && cp <= 0x9f) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          encoded.append(String.format("%%%02X", b & 0xff));
        }
      } else {
        encoded.appendCodePoint(cp);
      }
    });
    try {
      FetchUrl url = FetchUrl.parse(encoded.toString());
      if (repairedMatches(url, t)) {
        return "space or control inside the path, query, userinfo or fragment, which WHATWG percent-encodes";
      }
    } catch (FetchException e) {
      // not that either: a real failure
    }
    return null;
  }

  /** Whether a repaired input gives WHATWG's host, port, path and query for the original. */
  private static boolean repairedMatches(FetchUrl url, JsonNode t) {
    String port = url.isDefaultPort() ? "" : Integer.toString(url.port());
    String search = url.query().map(q -> q.isEmpty() ? "" : "?" + q).orElse("");
    return url.host().toUrlString().equals(t.get("hostname").asText())
        && port.equals(t.get("port").asText())
        && url.path().equals(t.get("pathname").asText())
        && search.equals(t.get("search").asText());
  }

  // ---- toascii.json and IdnaTestV2.json ----

  private static int idna(String name, Path file, boolean encodeHostEnding) throws Exception {
    JsonNode root = JSON.readTree(Files.readString(file));
    Tally valid = new Tally();
    Tally invalid = new Tally();
    int outOfScope = 0;
    for (JsonNode t : root) {
      if (!t.isObject()) {
        continue;
      }
      String input = t.get("input").asText();
      if (input.isEmpty()) {
        outOfScope++; // no URL has an empty host; WPT skips it too
        continue;
      }
      String expect = t.get("output").isNull() ? null : t.get("output").asText();
      String hostText = encodeHostEnding ? encodeHostEnding(input) : input;
      String label = show(input) + (t.has("comment") ? " [" + t.get("comment").asText() + "]" : "");
      FetchUrl url;
      String error;
      try {
        url = FetchUrl.parse("https://" + hostText + "/x");
        error = null;
      } catch (FetchException e) {
        url = null;
        error = e.type() + ": " + e.getMessage();
      }
      if (expect == null) {
        if (url == null) {
          invalid.pass();
        } else {
          invalid.fail(label + " accepted as " + show(url.hostString()) + ", should fail" + newerUnicode(input));
        }
      } else if (url == null) {
        String body = expect.endsWith(".") ? expect.substring(0, expect.length() - 1) : expect;
        if (body.isEmpty() || body.startsWith(".") || body.endsWith(".") || body.contains("..")) {
          valid.stricter("empty label", label);
        } else {
          valid.fail(label + " refused (" + error + "), should be " + show(expect));
        }
      } else if (expect.equals(url.hostString()) && url.path().equals("/x")) {
        valid.pass();
      } else {
        valid.fail(label + " gave " + show(url.hostString()) + url.path() + ", should be " + show(expect) + "/x");
      }
    }
    Tally all = new Tally();
    all.pass = valid.pass + invalid.pass;
    all.fail = valid.fail + invalid.fail;
    all.stricter = valid.stricter + invalid.stricter;
    all.stricterByReason.putAll(valid.stricterByReason);
    System.out.println(name + ": " + summary(all) + "; out of scope (empty input): " + outOfScope);
    System.out.println("  valid hosts: " + summary(valid));
    printDetails(valid);
    System.out.println("  invalid hosts: " + summary(invalid));
    printDetails(invalid);
    return all.fail;
  }

  /**
   * A note naming the code points of the input that the newest Unicode version ICU carries
   * assigned, which data made from older tables marks disallowed; empty if there are none.
   */
  private static String newerUnicode(String input) {
    com.ibm.icu.util.VersionInfo newest = com.ibm.icu.lang.UCharacter.getUnicodeVersion();
    StringBuilder note = new StringBuilder();
    input.codePoints().distinct().forEach(cp -> {
      com.ibm.icu.util.VersionInfo age = com.ibm.icu.lang.UCharacter.getAge(cp);
      if (age.getMajor() == newest.getMajor() && age.getMinor() == newest.getMinor()) {
        note.append(String.format(" U+%04X", cp));
      }
    });
    return note.length() == 0 ? ""
        : " (but" + note + " is new in Unicode " + newest.getMajor() + "." + newest.getMinor()
            + ", the version ICU carries; the data predates it)";
  }

  /** WPT's IdnaTestV2 runner percent-encodes these so they reach the host parser. */
  private static String encodeHostEnding(String input) {
    StringBuilder out = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      switch (c) {
        case ':' -> out.append("%3A");
        case '/' -> out.append("%2F");
        case '?' -> out.append("%3F");
        case '#' -> out.append("%23");
        case '\\' -> out.append("%5C");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  // ---- output ----

  private static String summary(Tally t) {
    String s = t.pass + "/" + t.total() + " pass";
    if (t.stricter > 0) {
      s += ", " + t.stricter + " stricter by design " + t.stricterByReason;
    }
    if (t.fail > 0) {
      s += ", " + t.fail + " FAIL";
    }
    return s;
  }

  private static void printDetails(Tally t) {
    int limit = verbose ? Integer.MAX_VALUE : 10;
    for (int i = 0; i < t.failures.size() && i < limit; i++) {
      System.out.println("      FAIL " + t.failures.get(i));
    }
    if (t.failures.size() > limit) {
      System.out.println("      ... " + (t.failures.size() - limit) + " more (-v lists them all)");
    }
    if (verbose) {
      for (String c : t.stricterCases) {
        System.out.println("      STRICTER " + c);
      }
    }
  }

  /** The text with controls and non-ASCII escaped, so the output stays one line per case. */
  private static String show(String s) {
    StringBuilder out = new StringBuilder("'");
    s.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || Character.isWhitespace(cp)
          || Character.getType(cp) == Character.FORMAT || Character.isSpaceChar(cp)) {
        out.append(String.format("\\u{%X}", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.append('\'').toString();
  }
}
