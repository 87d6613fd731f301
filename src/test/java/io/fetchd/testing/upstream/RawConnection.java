package io.fetchd.testing.upstream;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A blocking loopback client for testing the upstreams byte for byte: a plain {@link Socket} with
 * a bounded read timeout, and readers for a response head, an exact byte count, everything up to
 * EOF, and a chunked body. Test thread only.
 */
final class RawConnection implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;

    RawConnection(int port) throws IOException {
        this(port, READ_TIMEOUT_MILLIS);
    }

    RawConnection(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.setSoTimeout(readTimeoutMillis);
        socket.connect(new InetSocketAddress("127.0.0.1", port), readTimeoutMillis);
        in = socket.getInputStream();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: upstream.test\r\n\r\n";
    }

    RawConnection send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    Socket socket() {
        return socket;
    }

    InputStream in() {
        return in;
    }

    /** Reads up to and including CRLFCRLF; returns the head without the final blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("EOF inside response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("wanted " + n + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    byte[] readToEof() throws IOException {
        return in.readAllBytes();
    }

    /** Reads a head plus a Content-Length body; returns the body as text. */
    String readResponseBody() throws IOException {
        int length = Integer.parseInt(header(readHead(), "content-length"));
        return new String(readExactly(length), StandardCharsets.UTF_8);
    }

    /** The value of header {@code name} in {@code head}, or null. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A stream over the de-chunked body that follows a chunked head; EOF at the last chunk. */
    InputStream chunkedBody() {
        return new InputStream() {
            private long left;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (done) {
                    return -1;
                }
                if (left == 0) {
                    left = Long.parseLong(line().split(";")[0].trim(), 16);
                    if (left == 0) {
                        line(); // empty trailer section
                        done = true;
                        return -1;
                    }
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new EOFException("EOF inside chunk");
                }
                left -= n;
                if (left == 0 && !line().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
                return n;
            }

            private String line() throws IOException {
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        throw new EOFException("EOF inside chunk framing");
                    }
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                return line.toString();
            }
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
