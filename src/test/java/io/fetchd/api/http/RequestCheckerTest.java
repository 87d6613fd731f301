package io.fetchd.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request side of the server's strictness, one row per class of input that llhttp's request
 * corpus exercises (methods, versions, start-line whitespace, line endings, header-name bytes,
 * obs-fold, Content-Length and Transfer-Encoding combinations, chunk lines, Host and Expect),
 * through {@link RequestChecker}, Netty's codec and {@link RequestGate} as the server chains them.
 * Each row says how many requests pass through whole and which refusal (status and error type)
 * follows, if any; every refusal must be HTTP/1.1, carry the JSON error body and
 * {@code Connection: close}, and close the channel.
 */
class RequestCheckerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code passed} requests go through whole; then {@code status} with {@code type}, or nothing (0). */
  record Row(String name, String input, int passed, int status, String type) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row ok(String name, String input, int passed) {
    return new Row(name, input, passed, 0, null);
  }

  private static Row bad(String name, String input, int passed) {
    return new Row(name, input, passed, 400, "BadRequest");
  }

  private static Row refused(String name, String input, int passed, int status, String type) {
    return new Row(name, input, passed, status, type);
  }

  private static final String H = "Host: x\r\n";

  static Stream<Row> rows() {
    return Stream.of(startLineRows(), fieldRows(), framingRows(), hostAndExpectRows()).flatMap(r -> r);
  }

  /** The start line: methods, whitespace, versions, line endings. */
  private static Stream<Row> startLineRows() {
    return Stream.of(
        // methods: any token (RFC 9110 9.1); a non-token byte or a missing method is refused
        ok("GET", "GET / HTTP/1.1\r\n" + H + "\r\n", 1),
        ok("an extension method token", "M-SEARCH * HTTP/1.1\r\n" + H + "\r\n", 1),
        ok("a method llhttp ties to RTSP, over HTTP", "ANNOUNCE / HTTP/1.1\r\n" + H + "\r\n", 1),
        bad("a method with a non-token byte", "G@T / HTTP/1.1\r\n" + H + "\r\n", 0),
        bad("a space before the method", " GET / HTTP/1.1\r\n" + H + "\r\n", 0),
        // start-line whitespace
        bad("two spaces after the method", "GET  / HTTP/1.1\r\n" + H + "\r\n", 0),
        bad("a tab after the method", "GET\t/ HTTP/1.1\r\n" + H + "\r\n", 0),
        bad("a space after the version", "GET / HTTP/1.1 \r\n" + H + "\r\n", 0),
        bad("a space inside the target", "GET /a b HTTP/1.1\r\n" + H + "\r\n", 0),
        bad("a control byte in the target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n", 0),
        bad("no version (HTTP/0.9)", "GET /\r\n\r\n", 0),
        // versions: HTTP/1.0 and 1.1 only; any other token is 505
        ok("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 1),
        refused("HTTP/1.2", "GET / HTTP/1.2\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("HTTP/2.0", "GET / HTTP/2.0\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("HTTP/3.0", "GET / HTTP/3.0\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("HTTP/2 prior knowledge", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0, 505, "VersionNotSupported"),
        refused("HTTP/1.10", "GET / HTTP/1.10\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("lower-case http/1.1", "GET / http/1.1\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("a garbage version", "GET / HTTP/x.y\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("RTSP/1.0", "OPTIONS * RTSP/1.0\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        refused("a long garbage version", "GET / HTTP/1.1.1.1.1\r\n" + H + "\r\n", 0, 505, "VersionNotSupported"),
        // line endings
        ok("empty lines before the request", "\r\n\r\nGET / HTTP/1.1\r\n" + H + "\r\n", 1),
        bad("bare LF line endings", "GET / HTTP/1.1\n" + H.replace("\r", "") + "\n", 0),
        bad("a bare CR inside a header line", "GET / HTTP/1.1\r\n" + H + "X-A: a\rb\r\n\r\n", 0),
        bad("headers separated by CR only", "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n", 0));
  }

  /** Header fields: names, values, obs-fold. */
  private static Stream<Row> fieldRows() {
    return Stream.of(
        // header names: tokens only, no whitespace before the colon
        ok("a token name with every token symbol", "GET / HTTP/1.1\r\n" + H + "!#$%&'*+-.^_`|~09az: v\r\n\r\n", 1),
        bad("a space inside a header name", "GET / HTTP/1.1\r\n" + H + "Foo Bar: x\r\n\r\n", 0),
        bad("a space before the colon", "GET / HTTP/1.1\r\n" + H + "Content-Length : 0\r\n\r\n", 0),
        bad("a tab before the colon", "GET / HTTP/1.1\r\n" + H + "X-A\t: x\r\n\r\n", 0),
        bad("an empty header name", "GET / HTTP/1.1\r\n" + H + ": x\r\n\r\n", 0),
        bad("a quote in a header name", "GET / HTTP/1.1\r\n" + H + "X\"A: x\r\n\r\n", 0),
        bad("DEL in a header name", "GET / HTTP/1.1\r\n" + H + "X\u007fA: x\r\n\r\n", 0),
        bad("a non-ASCII byte in a header name", "GET / HTTP/1.1\r\n" + H + "X\u00e9: x\r\n\r\n", 0),
        bad("a header line without a colon", "GET / HTTP/1.1\r\n" + H + "X-A\r\n\r\n", 0),
        // header values
        ok("obs-text in a value", "GET / HTTP/1.1\r\n" + H + "X-A: caf\u00e9\r\n\r\n", 1),
        bad("a NUL in a value", "GET / HTTP/1.1\r\n" + H + "X-A: a\u0000b\r\n\r\n", 0),
        // obs-fold is refused in a request (RFC 9112 5.2 allows either)
        bad("obs-fold with a space", "GET / HTTP/1.1\r\n" + H + "X-A: a\r\n b\r\n\r\n", 0),
        bad("obs-fold with a tab", "GET / HTTP/1.1\r\n" + H + "X-A: a\r\n\tb\r\n\r\n", 0),
        bad("whitespace before the first header", "GET / HTTP/1.1\r\n " + H + "\r\n", 0));
  }

  /** Body framing: Content-Length, Transfer-Encoding, chunk lines. */
  private static Stream<Row> framingRows() {
    return Stream.of(
        // Content-Length
        ok("a Content-Length body", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello", 1),
        ok("pipelined after a body", "POST / HTTP/1.1\r\n" + H + "Content-Length: 2\r\n\r\nhi"
            + "GET / HTTP/1.1\r\n" + H + "\r\n", 2),
        bad("Content-Length twice", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1\r\nContent-Length: 1\r\n\r\na", 0),
        bad("Content-Length with a sign", "POST / HTTP/1.1\r\n" + H + "Content-Length: +1\r\n\r\na", 0),
        bad("Content-Length negative", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", 0),
        bad("Content-Length a list", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1, 1\r\n\r\na", 0),
        bad("Content-Length of 19 digits", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1000000000000000000\r\n\r\n", 0),
        // Transfer-Encoding and its combinations
        ok("chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 1),
        ok("Chunked in capitals", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n", 1),
        ok("a chunk extension", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n1;a=b;c=\"d\"\r\nx\r\n0\r\n\r\n", 1),
        ok("trailer fields", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\n", 1),
        bad("Transfer-Encoding with Content-Length (smuggling)",
            "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0),
        bad("Content-Length after Transfer-Encoding (smuggling)",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 0),
        bad("a 16-digit chunk size over 2^63 - 1 (overflowed to a negative length)",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nx", 0),
        bad("a chunk size of 8000000000000000",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n8000000000000000\r\nx", 0),
        bad("Transfer-Encoding on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0),
        refused("a coding before chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            0, 501, "UnsupportedTransferEncoding"),
        refused("a coding before chunked, two fields",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            0, 501, "UnsupportedTransferEncoding"),
        bad("chunked not final", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 0),
        bad("identity only", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: identity\r\n\r\n", 0),
        bad("chunked twice", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0),
        bad("chunkedchunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunkedchunked\r\n\r\n0\r\n\r\n", 0),
        bad("an empty Transfer-Encoding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: \r\n\r\n", 0),
        bad("a space in the Transfer-Encoding name",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding x: chunked\r\n\r\n0\r\n\r\n", 0),
        // chunk lines
        bad("a chunk size that is not hex", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 0),
        bad("a space after the chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", 0),
        bad("a chunk size of 17 digits", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
            + "1".repeat(17) + "\r\n", 0),
        bad("chunk data longer than its size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n", 0),
        bad("a chunk extension without a name", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n1;=b\r\nx\r\n0\r\n\r\n", 0),
        bad("obs-fold in a trailer", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n 2\r\n\r\n", 0));
  }

  /** Host, Expect, and pipelining up to a refusal. */
  private static Stream<Row> hostAndExpectRows() {
    return Stream.of(
        // Host (RFC 9112 3.2)
        bad("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 0),
        bad("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 0),
        bad("HTTP/1.0 with two Host headers", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 0),
        bad("a Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 0),
        bad("a Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 0),
        bad("a Host with a letter in the port", "GET / HTTP/1.1\r\nHost: a:8o\r\n\r\n", 0),
        bad("a Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 0),
        ok("a Host with a port", "GET / HTTP/1.1\r\nHost: example.org:8080\r\n\r\n", 1),
        ok("an IPv6 Host", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 1),
        ok("an empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 1),
        ok("an absolute-form target with its Host", "GET http://x/healthz HTTP/1.1\r\n" + H + "\r\n", 1),
        // Expect (RFC 9110 10.1.1)
        ok("Expect: 100-continue", "POST / HTTP/1.1\r\n" + H + "Expect: 100-continue\r\nContent-Length: 1\r\n\r\na", 1),
        refused("Expect: bogus", "GET / HTTP/1.1\r\n" + H + "Expect: bogus\r\n\r\n", 0, 417, "ExpectationFailed"),
        refused("two expectations", "GET / HTTP/1.1\r\n" + H + "Expect: 100-continue\r\nExpect: x\r\n\r\n", 0, 417,
            "ExpectationFailed"),
        ok("an HTTP/1.0 expectation is ignored", "GET / HTTP/1.0\r\nExpect: bogus\r\n\r\n", 1),
        // pipelining: what came before the broken request is served
        refused("a good request, then HTTP/2.0", "GET / HTTP/1.1\r\n" + H + "\r\nGET / HTTP/2.0\r\n" + H + "\r\n",
            1, 505, "VersionNotSupported"),
        bad("a good request, then smuggling", "GET / HTTP/1.1\r\n" + H + "\r\n"
            + "POST / HTTP/1.1\r\n" + H + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 1),
        bad("a good request, then no Host", "GET / HTTP/1.1\r\n" + H + "\r\nGET / HTTP/1.1\r\n\r\n", 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void eachClassOfRequest(Row row) throws Exception {
    Refusals refusals = new Refusals(p -> p, new GuardedObserver(ApiObserver.NONE));
    EmbeddedChannel ch =
        new EmbeddedChannel(new RequestChecker(), new HttpServerCodec(), new RequestGate(1 << 20, refusals));
    try {
      // byte by byte as well as whole would double the rows; half and half exercises a split read
      byte[] in = row.input().getBytes(StandardCharsets.ISO_8859_1);
      int half = in.length / 2;
      ch.writeInbound(Unpooled.wrappedBuffer(in, 0, half));
      if (ch.isOpen()) {
        ch.writeInbound(Unpooled.wrappedBuffer(in, half, in.length - half));
      }
      ch.runPendingTasks();
      int heads = 0;
      int whole = 0;
      Object m;
      while ((m = ch.readInbound()) != null) {
        if (m instanceof HttpObject o) {
          assertFalse(o.decoderResult().isFailure(), row + ": a failed message passed the gate");
        }
        if (m instanceof HttpRequest) {
          heads++;
        }
        if (m instanceof LastHttpContent) {
          whole++;
        }
        ReferenceCountUtil.release(m);
      }
      String out = outbound(ch);
      assertEquals(row.passed(), whole, row + ": requests passed whole; answered " + out);
      if (row.status() == 0) {
        assertEquals(row.passed(), heads, row + ": heads passed");
        assertEquals("", out, row + ": nothing is answered here");
        assertTrue(ch.isOpen(), row + ": the connection stays open");
        return;
      }
      String[] parts = out.split("\r\n\r\n", 2);
      assertTrue(parts[0].startsWith("HTTP/1.1 " + row.status() + " "), row + ": " + out);
      assertTrue(parts[0].toLowerCase(Locale.ROOT).contains("\r\nconnection: close"), row + ": " + out);
      assertTrue(parts[0].toLowerCase(Locale.ROOT).contains("\r\ncontent-type: application/json"), row + ": " + out);
      JsonNode body = JSON.readTree(parts[1]);
      assertEquals(row.type(), body.at("/error/type").asText(), row + ": " + out);
      assertTrue(body.at("/error/message").asText().length() > 10, row + ": " + out);
      assertFalse(ch.isOpen(), row + ": the connection is closed after the refusal");
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  private static String outbound(EmbeddedChannel ch) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Object m;
    while ((m = ch.readOutbound()) != null) {
      if (m instanceof ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        b.writeBytes(bytes);
      }
      ReferenceCountUtil.release(m);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
