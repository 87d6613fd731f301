package io.fetchd.bench.contenders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compiles the posting client's own read path ({@link RawHttp} and the JDK's socket reads) before
 * the clock starts. The service's warm-up answers are too few reads for the JIT, so without this
 * the client's C1 compiled them inside the measured window, on the cores the service is measured
 * on. An in-process loopback server answers each GET with a chunked body shaped like the
 * service's (16 KiB chunks); the service itself is not involved.
 *
 * <p>Thread rule: {@link #run} on one thread; it starts and ends its own server thread. Bounded:
 * {@code rounds} requests, each with RawHttp's deadline.
 */
final class ReadPathWarmup {
  private static final int CHUNK = 16 * 1024;

  private ReadPathWarmup() {}

  /** Reads {@code rounds} answers of {@code bodyBytes} each; fails if one is not what was sent. */
  static void run(int rounds, int bodyBytes) throws IOException {
    byte[] chunk = new byte[CHUNK];
    Arrays.fill(chunk, (byte) 'x');
    try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serve(server, rounds, bodyBytes, chunk), "read-path-warmup");
      serving.setDaemon(true);
      serving.start();
      RawHttp.Target into = new RawHttp.Target(bodyBytes);
      for (int i = 0; i < rounds; i++) {
        into.reset();
        RawHttp.Response r = RawHttp.get("127.0.0.1", server.getLocalPort(), "/", 10_000, into);
        if (r.status() != 200 || r.length() != bodyBytes) {
          throw new IOException("read-path warm-up got status " + r.status() + " and " + r.length() + " bytes");
        }
      }
    }
  }

  private static void serve(ServerSocket server, int rounds, int bodyBytes, byte[] chunk) {
    byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < rounds; i++) {
      try (Socket s = server.accept()) {
        skipHead(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write(head);
        for (int left = bodyBytes; left > 0; left -= CHUNK) {
          int n = Math.min(CHUNK, left);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk, 0, n);
          out.write(new byte[] {'\r', '\n'});
          out.flush();
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        return; // the reader fails on its side and says why
      }
    }
  }

  /** Reads up to the blank line that ends a request head (the GET has no body). */
  private static void skipHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request head cut short");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }
}
