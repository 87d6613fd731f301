package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 response bytes, written by hand so nothing normalises them. Any thread. */
final class Wire {

    static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");

    private Wire() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + "\r\n";
    }

    /** A response head: status line, {@code headers} in order, the blank line. */
    static byte[] head(int status, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(statusLine(status));
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return ascii(head.append("\r\n").toString());
    }

    static boolean hasHeader(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(key -> key.toLowerCase(Locale.ROOT).equals(name));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code length} bytes of filler, cycling through the lowercase alphabet. */
    static byte[] filler(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** One chunk of a chunked body: size line, {@code data[0, length)}, CRLF; length must be > 0. */
    static ByteBuf chunk(ByteBufAllocator alloc, byte[] data, int length) {
        byte[] sizeLine = ascii(Integer.toHexString(length) + "\r\n");
        ByteBuf buf = alloc.buffer(sizeLine.length + length + 2);
        buf.writeBytes(sizeLine).writeBytes(data, 0, length).writeByte('\r').writeByte('\n');
        return buf;
    }
}
