package io.fetchd.bench;

import io.fetchd.http1.Http1Checker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the strict HTTP/1.1 framing check per message, on one reused checker as on a kept-alive
 * connection: {@link #responseChunked}, a typical response head (status line and 9 fields, about
 * 330 bytes) with a chunked body of four 1 KiB chunks, one with an extension, and a trailer field;
 * {@link #requestHead}, a typical API request (a {@code POST} with 6 fields and a 120-byte
 * {@code Content-Length} body). Body bytes are skipped in bulk, so the score is the cost of the
 * head and the chunk lines. Single-threaded, as on the reactor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Http1CheckerBenchmark {
  private final Http1Checker responses = new Http1Checker(Http1Checker.Side.RESPONSES, () -> false);
  private final Http1Checker requests = Http1Checker.requests();
  private byte[] response;
  private byte[] request;

  @Setup
  public void setUp() {
    StringBuilder r = new StringBuilder()
        .append("HTTP/1.1 200 OK\r\n")
        .append("Date: Mon, 07 Dec 2026 09:00:00 GMT\r\n")
        .append("Server: nginx/1.22.1\r\n")
        .append("Content-Type: application/json; charset=utf-8\r\n")
        .append("Transfer-Encoding: chunked\r\n")
        .append("Connection: keep-alive\r\n")
        .append("Cache-Control: no-cache, no-store, must-revalidate\r\n")
        .append("ETag: \"5f3c-1a2b3c4d5e6f\"\r\n")
        .append("Vary: Accept-Encoding\r\n")
        .append("X-Request-Id: 7d2c0b6e-4f1a-4c55-9a8e-3b1f2d6c9e01\r\n")
        .append("\r\n");
    String data = "x".repeat(1024);
    for (int i = 0; i < 4; i++) {
      r.append("400").append(i == 2 ? ";name=\"value\"" : "").append("\r\n").append(data).append("\r\n");
    }
    r.append("0\r\nServer-Timing: total;dur=12\r\n\r\n");
    response = r.toString().getBytes(StandardCharsets.ISO_8859_1);
    String body = "{\"urls\":[\"http://127.0.0.1:18280/small\",\"http://127.0.0.1:18280/large\"],\"mode\":\"sync\",\"x\":\"" + "y".repeat(20) + "\"}";
    if (body.length() != 120) {
      throw new IllegalStateException("body is " + body.length() + " bytes");
    }
    request = ("POST /v1/fetch HTTP/1.1\r\n"
        + "Host: 127.0.0.1:8080\r\n"
        + "User-Agent: curl/7.88.1\r\n"
        + "Accept: application/json\r\n"
        + "Content-Type: application/json\r\n"
        + "Authorization: Bearer 0123456789abcdef0123456789abcdef\r\n"
        + "Content-Length: 120\r\n"
        + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    // Each must pass as exactly one message, or the benchmark measures a refusal.
    expectOne(responses, response);
    expectOne(requests, request);
  }

  private static void expectOne(Http1Checker checker, byte[] message) {
    long before = checker.messagesComplete();
    int at = checker.check(message);
    if (at != -1 || checker.messagesComplete() != before + 1) {
      throw new IllegalStateException("refused at " + at + ": " + checker.error());
    }
  }

  @Benchmark
  public long responseChunked() {
    responses.check(response);
    return responses.messagesComplete();
  }

  @Benchmark
  public long requestHead() {
    requests.check(request);
    return requests.messagesComplete();
  }
}
