import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timeouts;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.reactor.Reactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs fetchd against nodejs/llhttp's markdown test corpus (test/response/*.md and
 * test/request/*.md) and prints N of M. Outside the build: it reads the corpus from the directory
 * given, never from the project.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp target/fetchd.jar bench/conformance/LlhttpConformance.java responses ../shared/conformance-data/llhttp
 * java -cp target/fetchd.jar bench/conformance/LlhttpConformance.java requests ../shared/conformance-data/llhttp target/fetchd.jar
 * </pre>
 *
 * <p><b>responses</b>: every case whose type is {@code response} or {@code response-finish}
 * (llhttp's strict mode; the {@code response-lenient-*} cases test lenient flags and are counted
 * out of scope). A loopback server answers fetchd's GET (HEAD for {@code skipBody}) with exactly the
 * case's bytes and then closes, so the expectation is llhttp's outcome followed by EOF: the first
 * final (non-1xx) message's status and body, or an error. fetchd's fetcher must give the same status
 * and body, or fail with {@code ProtocolError}.
 *
 * <p><b>requests</b>: every case of type {@code request} or {@code request-finish}, sent to a
 * {@code fetchd serve} started from the given jar. llhttp's log gives how many messages it
 * completed and whether it then failed. fetchd passes when it answers that many requests without a
 * protocol refusal and then (if llhttp failed) refuses with 400/4xx/5xx JSON and closes. fetchd
 * requires Host on HTTP/1.1 (RFC 9112 3.2) where llhttp, a parser, does not: cases without one
 * are run a second time with {@code Host: x} inserted after each request line, and that run is the
 * framing score. Every status line that is not {@code HTTP/1.1}, and every error status (but a
 * HEAD's) without the JSON error body, is counted and fails the run.
 */
public final class LlhttpConformance {
  private LlhttpConformance() {}

  // ---------------------------------------------------------------- corpus

  record Case(String file, int line, String name, String type, boolean skipBody, byte[] input, List<Msg> log) {
    String id() {
      return file + ":" + line + " " + name;
    }
  }

  /** One message as llhttp's log tells it. */
  static final class Msg {
    int begin;
    Integer status; // response
    int method = -1; // request: llhttp's method number
    boolean request;
    String version; // "1/1"
    int flags;
    boolean headersComplete;
    int headersEnd;
    boolean complete;
    int completeAt = -1;
    String error;
    int errorAt;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> headerNames = new ArrayList<>();
  }

  private static final Pattern HEADING = Pattern.compile("^#+\\s+(.*)$");
  private static final Pattern META = Pattern.compile("<!--\\s*meta=(\\{.*\\})\\s*-->");
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern SKIP_BODY = Pattern.compile("\"skipBody\"\\s*:\\s*true");
  private static final Pattern EVENT = Pattern.compile("^off=(\\d+) (.*)$");
  private static final Pattern SPAN = Pattern.compile("^len=(\\d+) span\\[([a-z_]+)\\]=");
  private static final Pattern HEADERS = Pattern.compile(
      "^headers complete (?:status=(\\d+)|method=(\\d+)) v=(\\d+)/(\\d+) flags=([0-9a-f]+) content_length=(\\d+)");
  private static final Pattern ERROR = Pattern.compile("^error code=(\\d+) reason=\"(.*)\"$");

  static List<Case> load(Path dir, boolean requests) throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        boolean isRequestFile = f.getFileName().toString().startsWith("request-");
        if (isRequestFile == requests) {
          parse(f, out);
        }
      }
    }
    return out;
  }

  private static void parse(Path f, List<Case> out) throws IOException {
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    String heading = "";
    String meta = null;
    int metaLine = 0;
    String http = null;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      Matcher h = HEADING.matcher(l);
      if (h.matches()) {
        heading = h.group(1).trim();
        continue;
      }
      Matcher m = META.matcher(l);
      if (m.find()) {
        meta = m.group(1);
        metaLine = i + 1;
        continue;
      }
      if (l.startsWith("```http") || l.startsWith("```log")) {
        StringBuilder block = new StringBuilder();
        int j = i + 1;
        for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
          block.append(lines.get(j)).append('\n');
        }
        i = j;
        if (l.startsWith("```http")) {
          http = block.toString();
        } else if (meta != null && http != null) {
          Matcher t = TYPE.matcher(meta);
          String type = t.find() ? t.group(1) : "?";
          byte[] input = transform(http);
          List<Msg> log;
          try {
            log = parseLog(block.toString(), input);
          } catch (RuntimeException e) {
            throw new IllegalStateException(f.getFileName() + ":" + metaLine + " " + heading + ": " + e, e);
          }
          out.add(new Case(f.getFileName().toString(), metaLine, heading, type, SKIP_BODY.matcher(meta).find(), input, log));
          meta = null;
          http = null;
        }
      }
    }
  }

  /** llhttp's test/md-test.ts input rules. */
  static byte[] transform(String s) {
    s = s.replaceAll("\\n\\z", "");
    s = s.replaceAll("\\\\(\\r\\n|\\r|\\n)", "");
    s = s.replaceAll("\\r\\n|\\r|\\n", "\r\n");
    s = s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\f", "\f");
    s = replaceAll(s, Pattern.compile("\\\\x([0-9a-fA-F]+)"), m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
    s = replaceAll(s, Pattern.compile("\\\\([0-7]{1,3})"), m -> String.valueOf((char) Integer.parseInt(m.group(1), 8)));
    // The markdown is UTF-8; chars above 0xFF (non-ASCII paths) go out as UTF-8, \xNN escapes as bytes.
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x100) {
        b.write(c);
      } else {
        b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return b.toByteArray();
  }

  private static String replaceAll(String s, Pattern p, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static List<Msg> parseLog(String log, byte[] input) {
    List<Msg> msgs = new ArrayList<>();
    Msg cur = null;
    for (String line : log.split("\n")) {
      Matcher e = EVENT.matcher(line);
      if (!e.matches()) {
        continue;
      }
      int off = Integer.parseInt(e.group(1));
      String ev = e.group(2);
      if (ev.equals("message begin")) {
        cur = new Msg();
        cur.begin = off;
        msgs.add(cur);
        continue;
      }
      if (cur == null) {
        cur = new Msg();
        msgs.add(cur);
      }
      Matcher s = SPAN.matcher(ev);
      Matcher hc = HEADERS.matcher(ev);
      Matcher er = ERROR.matcher(ev);
      if (s.find()) {
        int len = Integer.parseInt(s.group(1));
        int end = Math.min(input.length, off + len);
        if (s.group(2).equals("body")) {
          cur.body.write(input, off, end - off);
        } else if (s.group(2).equals("header_field")) {
          cur.headerNames.add(new String(input, off, end - off, StandardCharsets.ISO_8859_1));
        }
      } else if (hc.find()) {
        cur.headersComplete = true;
        cur.headersEnd = off;
        if (hc.group(1) != null) {
          cur.status = Integer.parseInt(hc.group(1));
        } else {
          cur.request = true;
          cur.method = Integer.parseInt(hc.group(2));
        }
        cur.version = hc.group(3) + "/" + hc.group(4);
        cur.flags = Integer.parseInt(hc.group(5), 16);
      } else if (ev.equals("message complete")) {
        cur.complete = true;
        cur.completeAt = off;
      } else if (er.find()) {
        cur.error = er.group(2);
        cur.errorAt = off;
      }
    }
    return msgs;
  }

  static final int F_CHUNKED = 0x8;
  static final int F_CONTENT_LENGTH = 0x20;

  // ---------------------------------------------------------------- responses

  record Expect(boolean error, int status, byte[] body, boolean trailing, String why) {}

  /** llhttp's outcome for the bytes followed by EOF, as fetchd would see it (1xx skipped). */
  static Expect expectResponse(Case c) {
    for (Msg m : c.log()) {
      if (m.error != null && (!m.complete)) {
        return new Expect(true, 0, null, false, "llhttp: " + m.error);
      }
      if (!m.headersComplete) {
        return new Expect(true, 0, null, false, "llhttp: incomplete head");
      }
      if (m.status >= 100 && m.status < 200 && m.status != 101 && m.complete) {
        continue;
      }
      if (m.complete) {
        boolean trailing = m.completeAt < c.input().length && !onlyCrlf(c.input(), m.completeAt);
        return new Expect(false, m.status, m.body.toByteArray(), trailing, "llhttp: complete");
      }
      boolean framed = (m.flags & (F_CHUNKED | F_CONTENT_LENGTH)) != 0 && !c.skipBody();
      if (framed) {
        return new Expect(true, 0, null, false, "llhttp: body incomplete at EOF");
      }
      return new Expect(false, m.status, m.body.toByteArray(), false, "llhttp: body until EOF");
    }
    return new Expect(true, 0, null, false, "llhttp: no message");
  }

  private static boolean onlyCrlf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != '\r' && b[i] != '\n') {
        return false;
      }
    }
    return true;
  }

  static int responses(Path dir) throws Exception {
    List<Case> all = load(dir, false);
    List<Case> cases = all.stream().filter(c -> c.type().equals("response") || c.type().equals("response-finish")).toList();
    Reactor reactor = new Reactor();
    FetcherConfig config =
        FetcherConfig.DEFAULTS.withAddressPolicy(AddressPolicy.builder().allow("127.0.0.0/8").build());
    HttpFetcher fetcher = reactor.callOnLoopValue(() -> new HttpFetcher(reactor, config)).get(10, TimeUnit.SECONDS);
    RequestOptions base =
        RequestOptions.DEFAULTS
            .withFollowRedirects(false)
            .withBody(BodyMode.BYTES)
            .withTimeouts(Timeouts.DEFAULTS.withFirstByte(Duration.ofSeconds(5))
                .withIdleRead(Duration.ofSeconds(5)).withDeadline(Duration.ofSeconds(10)));
    int pass = 0;
    int differ = 0;
    List<String> report = new ArrayList<>();
    Map<String, Integer> categories = new LinkedHashMap<>();
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      for (Case c : cases) {
        Expect exp = expectResponse(c);
        Thread server = new Thread(() -> serveOnce(ss, c.input()));
        server.start();
        RequestOptions o = c.skipBody() ? base.withMethod(FetchMethod.HEAD) : base;
        String url = "http://127.0.0.1:" + ss.getLocalPort() + "/case";
        FetchResult r = null;
        FetchException err = null;
        try {
          r = fetcher.fetchFromAnyThread(new FetchRequest(url, o)).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof HttpStatusException hs) {
            r = hs.result();
          } else if (e.getCause() instanceof FetchException fe) {
            err = fe;
          } else {
            throw e;
          }
        }
        server.join(10_000);
        String got = r != null ? "status " + r.status() + " body " + show(r.body()) : err.type() + ": " + err.getMessage();
        String verdict;
        String category = null;
        if (exp.error()) {
          verdict = err != null && err.type().equals("ProtocolError") ? "pass" : "FAIL";
        } else if (r != null && r.status() == exp.status() && Arrays.equals(nz(r.body()), exp.body())) {
          verdict = "pass";
        } else {
          verdict = "FAIL";
        }
        if (verdict.equals("FAIL") && err != null && err.type().equals("ProtocolError")) {
          category = responseDifference(c, exp, err);
          if (category != null) {
            verdict = "differs";
          }
        }
        if (verdict.equals("pass")) {
          pass++;
        } else if (verdict.equals("differs")) {
          differ++;
          categories.merge(category, 1, Integer::sum);
        }
        report.add(String.format("%-7s %s%n        expected: %s%n        fetchd:   %s%s", verdict, c.id(),
            exp.error() ? "error (" + exp.why() + ")" : "status " + exp.status() + " body " + show(exp.body()) + (exp.trailing() ? " + trailing bytes" : ""),
            got, category == null ? "" : "\n        documented difference: " + category));
      }
    } finally {
      reactor.callOnLoopValue(() -> {
        fetcher.close();
        return null;
      }).get(10, TimeUnit.SECONDS);
      reactor.close();
    }
    report.forEach(System.out::println);
    System.out.println();
    System.out.printf("llhttp response corpus: %d of %d in scope pass; %d differ deliberately (README: Protocol strictness); %d fail; %d lenient-mode cases out of scope%n",
        pass, cases.size(), differ, cases.size() - pass - differ, all.size() - cases.size());
    categories.forEach((k, v) -> System.out.printf("  %3d  %s%n", v, k));
    return cases.size() - pass - differ;
  }

  /** The deliberate differences, recognised by the shape of the case; null when none applies. */
  static String responseDifference(Case c, Expect exp, FetchException err) {
    String text = new String(c.input(), StandardCharsets.ISO_8859_1);
    String head = text.split("\r\n\r\n", 2)[0].toLowerCase(Locale.ROOT);
    if (!exp.error() && exp.status() == 101) {
      return "101 Switching Protocols: fetchd never asks for an upgrade";
    }
    if (!exp.error() && exp.trailing()) {
      return "bytes after the response: fetchd asked for one response, so more is a framing error";
    }
    if (!exp.error() && !text.startsWith("HTTP/")) {
      return "not HTTP (RTSP/ICE): fetchd is an HTTP client";
    }
    if (!exp.error() && Pattern.compile("(?m)^transfer-encoding:").matcher(head).find()) {
      return "Transfer-Encoding whose final coding is not chunked: refused, not read until close";
    }
    if (!exp.error() && head.startsWith("http/0.9")) {
      return "HTTP/0.9 status line: fetchd speaks HTTP/1.0 and 1.1 only";
    }
    if (!exp.error() && exp.status() == 101) {
      return "101 Switching Protocols: fetchd never asks for an upgrade";
    }
    return null;
  }

  private static byte[] nz(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  private static String show(byte[] b) {
    if (b == null) {
      return "(none)";
    }
    String s = new String(b, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\" (" + b.length + ")";
  }

  private static void serveOnce(ServerSocket ss, byte[] bytes) {
    try (Socket s = ss.accept()) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      readHead(in);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      s.shutdownOutput();
      byte[] buf = new byte[4096];
      try {
        while (in.read(buf) >= 0) {
          // until fetchd closes its side
        }
      } catch (IOException ignored) {
        // reset by the client: done
      }
    } catch (IOException e) {
      System.err.println("server: " + e);
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
  }

  // ---------------------------------------------------------------- requests

  /** How fetchd's server answered one connection. */
  record Answer(List<Integer> statuses, List<String> types, boolean closed, String note) {}

  static int requests(Path dir, Path jar) throws Exception {
    List<Case> all = load(dir, true);
    // skipBody is an embedder's callback (skip this body), not something a peer can ask a server for.
    List<Case> cases = all.stream()
        .filter(c -> (c.type().equals("request") || c.type().equals("request-finish")) && !c.skipBody())
        .toList();
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString(), "serve")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.PIPE);
    pb.environment().put("FETCHD_SERVER_PORT", "0");
    pb.environment().put("FETCHD_SERVER_HOST", "127.0.0.1");
    Process p = pb.start();
    int port = -1;
    try {
      port = awaitPort(p);
      int asIsPass = 0;
      int hostPass = 0;
      int hostAdded = 0;
      int differ = 0;
      List<String> report = new ArrayList<>();
      Map<String, Integer> categories = new LinkedHashMap<>();
      for (Case c : cases) {
        String exp = expectRequest(c);
        Answer a = send(port, c.input(), c.log());
        if (a.statuses().isEmpty() && !a.closed() && headCutShort(c)) {
          // llhttp refuses a header line at once; a server answers once the head is complete.
          byte[] in = c.input();
          boolean crlf = in.length >= 2 && in[in.length - 2] == '\r' && in[in.length - 1] == '\n';
          byte[] ended = java.util.Arrays.copyOf(in, in.length + (crlf ? 2 : 4));
          System.arraycopy((crlf ? "\r\n" : "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 0, ended, in.length, crlf ? 2 : 4);
          Answer ended1 = send(port, ended, c.log());
          a = new Answer(ended1.statuses(), ended1.types(), ended1.closed(),
              "head ended with CRLF by the harness" + (ended1.note() == null ? "" : "; " + ended1.note()));
        }
        boolean ok = judge(c.log(), a);
        if (ok) {
          asIsPass++;
        }
        String line = String.format("%-7s %s%n        expected: %s%n        fetchd:   %s", ok ? "pass" : "FAIL", c.id(), exp, show(a));
        boolean needsHost = needsHost(c);
        boolean finalOk = ok;
        if (!ok && needsHost) {
          hostAdded++;
          byte[] withHost = addHost(c.input(), c.log());
          Answer b = send(port, withHost, c.log());
          finalOk = judge(c.log(), b);
          line = String.format("%-7s %s%n        expected: %s%n        fetchd:   %s (as is: no Host, HTTP/1.1 requires one)%n        with Host added: %s",
              finalOk ? "pass" : "FAIL", c.id(), exp, show(a), show(b));
        }
        String category = null;
        if (!finalOk) {
          category = requestDifference(c, a);
          if (category != null) {
            differ++;
            categories.merge(category, 1, Integer::sum);
            line = line.replaceFirst("^FAIL   ", "differs") + "\n        documented difference: " + category;
          }
        }
        if (finalOk) {
          hostPass++;
        }
        report.add(line);
      }
      report.forEach(System.out::println);
      System.out.println();
      System.out.printf("llhttp request corpus: %d of %d in scope pass (%d of them after adding the Host that HTTP/1.1 requires; %d pass as is); %d differ deliberately; %d fail; %d lenient-mode cases out of scope%n",
          hostPass, cases.size(), hostPass - asIsPass, asIsPass, differ, cases.size() - hostPass - differ, all.size() - cases.size());
      categories.forEach((k, v) -> System.out.printf("  %3d  %s%n", v, k));
      System.out.printf("answers read: %d; status line other than HTTP/1.1: %d; error status without the JSON error body: %d%n",
          answers, wrongVersion, bareErrors);
      return cases.size() - hostPass - differ + wrongVersion + bareErrors;
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** True when llhttp failed inside a head that the input never ends. */
  static boolean headCutShort(Case c) {
    for (Msg m : c.log()) {
      if (m.error != null && !m.headersComplete) {
        String rest = new String(c.input(), m.begin, c.input().length - m.begin, StandardCharsets.ISO_8859_1);
        return !rest.contains("\r\n\r\n");
      }
    }
    return false;
  }

  /** The deliberate differences, recognised by the shape of the case; null when none applies. */
  static String requestDifference(Case c, Answer a) {
    String text = new String(c.input(), StandardCharsets.ISO_8859_1);
    String firstLine = text.strip().split("\r\n", 2)[0];
    String err = c.log().stream().filter(m -> m.error != null).map(m -> m.error).findFirst().orElse("");
    boolean refused = !a.statuses().isEmpty() && isRefusal(a.statuses().get(a.statuses().size() - 1), a.types().get(a.types().size() - 1));
    if (refused && firstLine.matches("\\S+ \\S+")) {
      return "HTTP/0.9 request line (no version): refused with 400";
    }
    if (refused && firstLine.matches(".* (RTSP|ICE)/\\d\\.\\d")) {
      return "RTSP or ICE request: fetchd is an HTTP/1.x server, 505 VersionNotSupported";
    }
    if (!refused && err.startsWith("Invalid method for")) {
      return "any method token is accepted (RFC 9110 9.1) and answered 404/405; llhttp ties methods to protocols";
    }
    if (refused && Pattern.compile("(?im)^transfer-encoding:.*[a-z],|^transfer-encoding: *(?!chunked\\s*$)[a-z]")
        .matcher(text.split("\r\n\r\n", 2)[0]).find()) {
      return "a transfer coding before the final chunked (deflate, gzip): 501 UnsupportedTransferEncoding, fetchd decodes chunked only";
    }
    if (refused && Pattern.compile("\\r\\n[ \\t]").matcher(text.split("\r\n\r\n", 2)[0]).find()) {
      return "obs-fold (a header line starting with whitespace) refused with 400 (RFC 9112 5.2 allows either)";
    }
    return null;
  }

  static String expectRequest(Case c) {
    long done = c.log().stream().filter(m -> m.complete).count();
    String err = c.log().stream().filter(m -> m.error != null).map(m -> m.error).findFirst().orElse(null);
    return done + " request(s) complete" + (err == null ? "" : ", then error: " + err);
  }

  enum Kind { NORMAL, STOP, CLOSE, REFUSE }

  /** What llhttp's log asks of a server: how many answers, and what comes after them. */
  record Want(int done, Kind kind) {}

  static Want want(List<Msg> log) {
    int done = (int) log.stream().filter(m -> m.complete).count();
    String err = log.stream().filter(m -> m.error != null).map(m -> m.error).findFirst().orElse(null);
    if (err == null) {
      return new Want(done, Kind.NORMAL);
    }
    if (err.startsWith("Pause on CONNECT/Upgrade")) {
      return new Want(done, Kind.STOP); // llhttp hands the rest to the embedder: not HTTP any more
    }
    if (err.startsWith("Data after `Connection: close`")) {
      return new Want(done, Kind.CLOSE);
    }
    return new Want(done, Kind.REFUSE); // "Pause on PRI/Upgrade" included: HTTP/2 prior knowledge
  }

  /** True when fetchd answered llhttp's complete messages normally and then did what the log asks. */
  static boolean judge(List<Msg> log, Answer a) {
    Want w = want(log);
    int done = w.done();
    if (a.statuses().size() < done) {
      return false;
    }
    for (int i = 0; i < done; i++) {
      if (isRefusal(a.statuses().get(i), a.types().get(i))) {
        return false;
      }
    }
    int n = a.statuses().size();
    return switch (w.kind()) {
      case NORMAL -> n == done;
      case STOP -> true;
      case CLOSE -> n == done && a.closed();
      case REFUSE -> n == done + 1 && isRefusal(a.statuses().get(done), a.types().get(done)) && a.closed();
    };
  }

  /** A refusal of the message itself, as opposed to an answer about its route or body. */
  static boolean isRefusal(int status, String type) {
    return switch (status) {
      case 400 -> type == null || type.equals("BadRequest");
      case 411, 413, 414, 417, 431, 501, 505 -> true;
      default -> false;
    };
  }

  static boolean needsHost(Case c) {
    for (Msg m : c.log()) {
      if (m.request && "1/1".equals(m.version)
          && m.headerNames.stream().filter(n -> n.equalsIgnoreCase("host")).count() != 1) {
        return true;
      }
    }
    return false;
  }

  /** The input with {@code Host: x} after the request line of each HTTP/1.1 message that has none. */
  static byte[] addHost(byte[] in, List<Msg> log) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (Msg m : log) {
      if (!m.request || !"1/1".equals(m.version) || m.headerNames.stream().anyMatch(n -> n.equalsIgnoreCase("host"))) {
        continue;
      }
      int i = m.begin;
      while (i < in.length && (in[i] == '\r' || in[i] == '\n')) {
        i++;
      }
      while (i < in.length && in[i] != '\n') {
        i++;
      }
      if (i >= in.length) {
        continue;
      }
      out.write(in, from, i + 1 - from);
      out.writeBytes("Host: x\r\n".getBytes(StandardCharsets.US_ASCII));
      from = i + 1;
    }
    out.write(in, from, in.length - from);
    return out.toByteArray();
  }

  private static String show(Answer a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.statuses().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(a.statuses().get(i));
      if (a.types().get(i) != null) {
        sb.append(' ').append(a.types().get(i));
      }
    }
    if (a.statuses().isEmpty()) {
      sb.append("no answer");
    }
    sb.append(a.closed() ? ", closed" : ", kept open");
    if (a.note() != null) {
      sb.append(" (").append(a.note()).append(')');
    }
    return sb.toString();
  }

  /** Every answer read in requests mode, those whose status line was not HTTP/1.1, and error statuses without the JSON body. */
  static int answers;
  static int wrongVersion;
  static int bareErrors;

  private static final Pattern TYPE_FIELD = Pattern.compile("\"type\"\\s*:\\s*\"([A-Za-z]+)\"");

  /**
   * Sends {@code bytes} and reads answers until the server closes, the expected count (plus one)
   * arrived, or two seconds pass without a byte.
   */
  static Answer send(int port, byte[] bytes, List<Msg> log) throws IOException {
    Want w = want(log);
    int expected = w.kind() == Kind.REFUSE ? w.done() + 1 : w.done();
    List<Integer> statuses = new ArrayList<>();
    List<String> types = new ArrayList<>();
    boolean closed = false;
    String note = null;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      s.setSoTimeout(expected == 0 ? 300 : 3000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        note = "write: " + e.getMessage();
      }
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      try {
        while (true) {
          if (statuses.size() > expected || (w.kind() == Kind.STOP && statuses.size() >= expected)) {
            break;
          }
          String statusLine = readLine(in);
          if (statusLine == null) {
            closed = true;
            break;
          }
          String[] parts = statusLine.split(" ", 3);
          int status = Integer.parseInt(parts[1]);
          if (!parts[0].equals("HTTP/1.1")) {
            note = "answered as " + parts[0];
            wrongVersion++;
          }
          long len = -1;
          boolean chunked = false;
          boolean closeAfter = false;
          String line;
          while ((line = readLine(in)) != null && !line.isEmpty()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
              len = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
              chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
              closeAfter = true;
            }
          }
          String method = methodOf(log, statuses.size());
          byte[] body = "HEAD".equals(method) ? new byte[0] : chunked ? readChunked(in) : in.readNBytes((int) Math.max(0, len));
          Matcher t = TYPE_FIELD.matcher(new String(body, StandardCharsets.UTF_8));
          statuses.add(status);
          types.add(status >= 400 && t.find() ? t.group(1) : null);
          answers++;
          if (status >= 400 && !"HEAD".equals(method) && !t.reset().find()) {
            bareErrors++;
            note = "error status without the JSON error body";
          }
          if (closeAfter) {
            closed = in.read() < 0;
            break;
          }
          if (statuses.size() >= expected) {
            // read a little more: an extra answer, or the close, tells how fetchd framed the rest
            s.setSoTimeout(300);
          }
        }
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true;
      } catch (RuntimeException e) {
        note = "unparseable answer: " + e;
      }
    }
    return new Answer(statuses, types, closed, note);
  }

  /** The method of the {@code n}th message in llhttp's log (method=2 is HEAD), or null. */
  private static String methodOf(List<Msg> log, int n) {
    return n < log.size() && log.get(n).method == 2 ? "HEAD" : null;
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return b.toByteArray();
      }
      b.writeBytes(in.readNBytes(n));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static int awaitPort(Process p) throws IOException {
    Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
    java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // keep the pipe from filling
            }
          } catch (IOException ignored) {
            // process gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IOException("fetchd serve did not print its port");
  }

  /** Prints the input bytes of each case whose name contains {@code what}, escaped. */
  static int dump(Path dir, String what) throws IOException {
    List<Case> all = new ArrayList<>(load(dir, false));
    all.addAll(load(dir, true));
    for (Case c : all) {
      if (c.id().contains(what)) {
        System.out.println(c.id() + " [" + c.type() + "]\n  " + show(c.input()).replace("\t", "\\t"));
        System.out.println("  expect: " + (c.type().startsWith("request") ? expectRequest(c) : expectResponse(c)));
      }
    }
    return 0;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: LlhttpConformance responses DIR | requests DIR JAR");
      System.exit(2);
    }
    int failed =
        switch (args[0]) {
          case "responses" -> responses(Path.of(args[1]));
          case "dump" -> dump(Path.of(args[1]), args[2]);
          case "requests" -> requests(Path.of(args[1]), Path.of(args.length > 2 ? args[2] : "target/fetchd.jar"));
          default -> throw new IllegalArgumentException(args[0]);
        };
    System.exit(failed == 0 ? 0 : 1);
  }
}
