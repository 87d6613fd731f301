package io.fetchd.bench.contenders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP/1.1 request (a POST, or a GET) over a plain socket whose whole response body is read
 * into memory, de-chunked, before anything parses it. The bench client uses it so that, while a
 * batch is being timed, it spends CPU only on reading bytes: the client shares two cores with the
 * service and nginx, and a client busy parsing JSON (or running the JDK HttpClient's threads: a
 * heap sample through it cost the client about 3 ms) would slow the service it measures. The
 * caller parses {@link Response#body()} after the clock has stopped.
 *
 * <p>Supports what fetchd's API answers with: {@code Content-Length} or {@code chunked} framing,
 * no trailers. Completion is decided by the framing, not by the connection closing. The read
 * fails with an {@link IOException} on a malformed head, a connection closed early, or no
 * complete response within {@code timeoutMillis}.
 *
 * <p>The timed part does as little as it can: the buffers are a {@link Target} made before the
 * clock starts and sized for the expected body (so the read neither grows nor zeroes arrays), and
 * the socket has no read timeout (a timed read is a {@code poll} and a {@code read} per call; a
 * deadline thread closes the socket instead).
 *
 * <p>Thread rule: one thread per call (plus a short-lived writer and deadline thread per call); no
 * shared state.
 */
final class RawHttp {
  /** A response: status code, and the body with chunk framing removed. */
  record Response(int status, byte[] body, int length) {
    String text(int max) {
      return new String(body, 0, Math.min(length, max), StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  /**
   * The buffers one response is read into. Make it before the clock starts: its arrays are
   * allocated (and zeroed) here, not while the response streams in. One per call.
   */
  static final class Target {
    /** The socket's bytes, discarded from the front once de-chunked past {@link #RAW_KEEP}. */
    final Buffer raw;
    /** The de-chunked body. */
    final Buffer body;

    /** @param expectedBodyBytes the body's likely size; a larger body still fits (the array grows) */
    Target(int expectedBodyBytes) {
      body = new Buffer(Math.max(1 << 16, expectedBodyBytes));
      raw = new Buffer((int) Math.min(2L * RAW_KEEP, (long) body.bytes.length + (1 << 16)));
    }

    /** Empties both buffers (keeping their arrays) for another call. */
    void reset() {
      raw.length = 0;
      body.length = 0;
    }
  }

  /** Bytes of already de-chunked input kept in {@link Target#raw} before they are discarded. */
  private static final int RAW_KEEP = 1 << 20;

  static Response post(URI uri, String contentType, String accept, byte[] body, int timeoutMillis,
      Target into) throws IOException {
    String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Accept: " + accept + "\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Connection: close\r\n\r\n";
    return exchange(uri.getHost(), uri.getPort(), head, body, timeoutMillis, into);
  }

  /** A GET of {@code pathAndQuery} (sent as given) from {@code host:port}. */
  static Response get(String host, int port, String pathAndQuery, int timeoutMillis, Target into)
      throws IOException {
    String head = "GET " + pathAndQuery + " HTTP/1.1\r\n"
        + "Host: " + host + ":" + port + "\r\n"
        + "Connection: close\r\n\r\n";
    return exchange(host, port, head, new byte[0], timeoutMillis, into);
  }

  private static Response exchange(String host, int port, String head, byte[] body, int timeoutMillis,
      Target into) throws IOException {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      // The body is written by another thread while this one reads: a server that answers
      // early (413, 503) and stops reading must not leave this client blocked in a write.
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        } catch (IOException e) {
          // the response (read below) says why; closing the socket ends this write
        }
      }, "raw-http-writer");
      writer.setDaemon(true);
      AtomicBoolean late = new AtomicBoolean();
      Thread deadline = new Thread(() -> {
        try {
          Thread.sleep(timeoutMillis);
          late.set(true);
          s.close(); // the blocked read fails, and so does the write
        } catch (InterruptedException | IOException e) {
          // the response came in time (interrupted), or the socket is already closed
        }
      }, "raw-http-deadline");
      deadline.setDaemon(true);
      writer.start();
      deadline.start();
      try {
        return read(s.getInputStream(), into);
      } catch (IOException e) {
        if (late.get()) {
          throw new IOException("no complete response within " + timeoutMillis + " ms", e);
        }
        throw e;
      } finally {
        deadline.interrupt();
        s.close();
        joinQuietly(writer, timeoutMillis);
      }
    }
  }

  private static void joinQuietly(Thread t, int millis) {
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads one response from {@code in} into {@code into}'s buffers. */
  static Response read(InputStream in, Target into) throws IOException {
    Buffer raw = into.raw;
    int headEnd;
    while ((headEnd = indexOf(raw.bytes, raw.length, "\r\n\r\n")) < 0) {
      if (!raw.fill(in)) {
        throw new IOException("connection closed before the response head was complete");
      }
    }
    String head = new String(raw.bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
    int status = status(head);
    int pos = headEnd + 4;
    long contentLength = -1;
    boolean chunked = false;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      Buffer body = dechunk(raw, pos, in, into.body);
      return new Response(status, body.bytes, body.length);
    }
    if (contentLength < 0) {
      throw new IOException("response has neither Content-Length nor chunked framing: " + head);
    }
    while (raw.length - pos < contentLength) {
      if (!raw.fill(in)) {
        throw new IOException("connection closed after " + (raw.length - pos) + " of " + contentLength + " body bytes");
      }
    }
    byte[] out = Arrays.copyOfRange(raw.bytes, pos, pos + (int) contentLength);
    return new Response(status, out, out.length);
  }

  /** Copies chunk data out of {@code raw} (refilled from {@code in}) until the last chunk. */
  private static Buffer dechunk(Buffer raw, int pos, InputStream in, Buffer body) throws IOException {
    while (true) {
      int lineEnd;
      while ((lineEnd = indexOf(raw.bytes, raw.length, pos, "\r\n")) < 0) {
        if (!raw.fill(in)) {
          throw new IOException("connection closed inside a chunk-size line");
        }
      }
      String sizeText = new String(raw.bytes, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int semi = sizeText.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
      pos = lineEnd + 2;
      while (raw.length - pos < size + 2) {
        if (!raw.fill(in)) {
          throw new IOException("connection closed inside a chunk");
        }
      }
      if (size == 0) {
        return body;
      }
      body.append(raw.bytes, pos, size);
      pos += size + 2;
      if (pos > RAW_KEEP) {
        raw.discard(pos);
        pos = 0;
      }
    }
  }

  private static int status(String head) throws IOException {
    String[] parts = head.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + head.lines().findFirst().orElse(""));
    }
    return Integer.parseInt(parts[1]);
  }

  private static int indexOf(byte[] b, int length, String needle) {
    return indexOf(b, length, 0, needle);
  }

  private static int indexOf(byte[] b, int length, int from, String needle) {
    outer:
    for (int i = from; i + needle.length() <= length; i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (b[i + j] != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A growable byte array. */
  static final class Buffer {
    byte[] bytes;
    int length;

    Buffer(int capacity) {
      bytes = new byte[capacity];
    }

    /** Reads what is available (at least one byte); false at end of stream. */
    boolean fill(InputStream in) throws IOException {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      int n = in.read(bytes, length, bytes.length - length);
      if (n < 0) {
        return false;
      }
      length += n;
      return true;
    }

    void append(byte[] src, int from, int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
      System.arraycopy(src, from, bytes, length, n);
      length += n;
    }

    /** Drops the first {@code n} bytes. */
    void discard(int n) {
      System.arraycopy(bytes, n, bytes, 0, length - n);
      length -= n;
    }
  }
}
