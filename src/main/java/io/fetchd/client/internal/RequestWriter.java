package io.fetchd.client.internal;

import io.fetchd.client.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the fetcher's requests (GET or HEAD without a body; a probe's other methods, with an
 * optional body and its {@code Content-Length}) straight into one buffer: the request
 * line, {@code Host} first, the caller's headers, then {@code User-Agent}, {@code Accept} and
 * {@code Accept-Encoding}, and the empty line. The bytes are what Netty's {@code
 * HttpRequestEncoder} writes for the same request, without building a request object and a header
 * map for every fetch; the fetcher's channels carry no request encoder.
 *
 * <p>Header rules (the fetcher's, unchanged): the caller's {@code Host}, {@code Accept-Encoding},
 * {@code Content-Length}, {@code Transfer-Encoding} and {@code Connection} are dropped (the fetcher
 * sets or owns them); {@code Authorization} and {@code Cookie} are dropped after a cross-origin
 * redirect; the caller's {@code User-Agent} and {@code Accept} replace the defaults. Names and
 * values were validated when the request was made ({@code HeaderValidator}: no CR, LF or other
 * controls, no character above 0xFF), so each character is written as one byte (ISO-8859-1).
 *
 * <p>Immutable; any thread. The buffer returned belongs to the caller.
 */
final class RequestWriter {
  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEAD = "HEAD ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION_HOST = " HTTP/1.1\r\nHost: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COLON_SPACE = {':', ' '};
  private static final byte[] USER_AGENT = "User-Agent: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ACCEPT_ANY = "Accept: */*\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ACCEPT_ENCODING_END =
      "Accept-Encoding: gzip, deflate\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** User-Agent, Accept and Accept-Encoding lines and the empty line: the usual end of a head. */
  private final byte[] defaultTail;
  private final String userAgent;

  RequestWriter(String userAgent) {
    this.userAgent = userAgent;
    this.defaultTail = concat(
        USER_AGENT, userAgent.getBytes(StandardCharsets.ISO_8859_1), CRLF, ACCEPT_ANY, ACCEPT_ENCODING_END);
  }

  /**
   * The request head for {@code target} (origin-form: path and query) on {@code host} (the Host
   * header's value), with {@code headers} filtered as described above.
   */
  ByteBuf write(ByteBufAllocator alloc, boolean head, String target, String host, List<Header> headers,
      boolean dropCredentials) {
    return write(alloc, head ? "HEAD" : "GET", target, host, headers, dropCredentials, null, false);
  }

  /**
   * As above for any {@code method}, followed by {@code body} (with its {@code Content-Length})
   * when it is not null. With {@code callerEncoding}, the caller's {@code Accept-Encoding} is
   * written as given and the fetcher adds none (the response is not decoded).
   */
  ByteBuf write(ByteBufAllocator alloc, String method, String target, String host, List<Header> headers,
      boolean dropCredentials, byte[] body, boolean callerEncoding) {
    int size = 40 + target.length() + host.length() + defaultTail.length + (body == null ? 0 : body.length);
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      size += h.name().length() + h.value().length() + 4;
    }
    ByteBuf buf = alloc.buffer(size);
    if (method.equals("GET")) {
      buf.writeBytes(GET);
    } else if (method.equals("HEAD")) {
      buf.writeBytes(HEAD);
    } else {
      ByteBufUtil.writeAscii(buf, method);
      buf.writeByte(' ');
    }
    ByteBufUtil.writeAscii(buf, target);
    buf.writeBytes(VERSION_HOST);
    ByteBufUtil.writeAscii(buf, host);
    buf.writeBytes(CRLF);
    boolean ownUserAgent = false;
    boolean ownAccept = false;
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      boolean passes = callerEncoding && h.is("accept-encoding");
      if ((isOwnedByFetcher(h) && !passes) || (dropCredentials && (h.is("authorization") || h.is("cookie")))) {
        continue;
      }
      ownUserAgent |= h.is("user-agent");
      ownAccept |= h.is("accept");
      ByteBufUtil.writeAscii(buf, h.name());
      buf.writeBytes(COLON_SPACE);
      ByteBufUtil.writeAscii(buf, h.value());
      buf.writeBytes(CRLF);
    }
    if (body != null) {
      buf.writeBytes(CONTENT_LENGTH);
      ByteBufUtil.writeAscii(buf, Integer.toString(body.length));
      buf.writeBytes(CRLF);
    }
    if (!ownUserAgent && !ownAccept && !callerEncoding) {
      buf.writeBytes(defaultTail);
      return withBody(buf, body);
    }
    if (!ownUserAgent) {
      buf.writeBytes(USER_AGENT);
      ByteBufUtil.writeAscii(buf, userAgent);
      buf.writeBytes(CRLF);
    }
    if (!ownAccept) {
      buf.writeBytes(ACCEPT_ANY);
    }
    buf.writeBytes(callerEncoding ? CRLF : ACCEPT_ENCODING_END);
    return withBody(buf, body);
  }

  private static ByteBuf withBody(ByteBuf buf, byte[] body) {
    if (body != null) {
      buf.writeBytes(body);
    }
    return buf;
  }

  private static boolean isOwnedByFetcher(Header h) {
    return h.is("host") || h.is("accept-encoding") || h.is("content-length") || h.is("transfer-encoding")
        || h.is("connection");
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
