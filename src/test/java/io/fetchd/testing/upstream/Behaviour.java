package io.fetchd.testing.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * What a {@link HostileHttpServer} route does with a request. Implementations write raw bytes
 * through the {@link Exchange} and end it (complete, close, reset) or deliberately never do.
 * One instance may serve many connections, so per-response state lives in locals, not fields.
 *
 * <p>{@link #respond} is called on the server's event loop and must not block. The factories are
 * callable from any thread.
 */
@FunctionalInterface
public interface Behaviour {

    /** Answers (or refuses to answer) one request. Event loop only; must not block. */
    void respond(Exchange exchange);

    /** 200, {@code text/plain}, Content-Length, keep-alive. */
    static Behaviour ok(String body) {
        return ok(200, Map.of("Content-Type", "text/plain; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A well-framed keep-alive response. Content-Length is added unless {@code headers} has one
     * (so a lying Content-Length is possible) or the status is 1xx/204/304 with an empty body;
     * {@code Connection: keep-alive} is added unless {@code headers} has a Connection header.
     */
    static Behaviour ok(int status, Map<String, String> headers, byte[] body) {
        return new FixedResponse(status, headers, body.clone(), FixedResponse.After.KEEP_ALIVE, Duration.ZERO);
    }

    /** 200 with {@code Connection: close}, then a clean FIN once written. */
    static Behaviour closeAfterResponse() {
        return new FixedResponse(200, Map.of("Content-Type", "text/plain; charset=utf-8"),
                Wire.ascii("closing"), FixedResponse.After.CLOSE, Duration.ZERO);
    }

    /**
     * 200 with keep-alive, then closes the connection silently after 50 ms without a new request:
     * the pooled connection a client reuses just after the server dropped it.
     */
    static Behaviour okThenCloseIdle() {
        return okThenCloseIdle(Duration.ofMillis(50));
    }

    /** As {@link #okThenCloseIdle()}, with the idle time given. */
    static Behaviour okThenCloseIdle(Duration idle) {
        return new FixedResponse(200, Map.of("Content-Type", "text/plain; charset=utf-8"),
                Wire.ascii("idle-close"), FixedResponse.After.CLOSE_WHEN_IDLE, idle);
    }

    /**
     * Writes exactly {@code bytes}, whatever they are (a malformed status line, a body on a 204,
     * bytes after a complete response), then closes (FIN) if {@code closeAfter}, otherwise keeps
     * the connection and serves its next request.
     */
    static Behaviour raw(byte[] bytes, boolean closeAfter) {
        byte[] copy = bytes.clone();
        return exchange -> exchange.write(copy).addListener(written -> {
            if (!written.isSuccess()) {
                return;
            }
            if (closeAfter) {
                exchange.close();
            } else {
                exchange.complete();
            }
        });
    }

    /** As {@link #raw(byte[], boolean)}, with the bytes given as ISO-8859-1 text. */
    static Behaviour raw(String bytes, boolean closeAfter) {
        return raw(Wire.ascii(bytes), closeAfter);
    }

    /**
     * A 200 whose body never ends, in 64 KiB pieces with write back-pressure, until the client
     * closes. Chunked, or close-delimited (no Content-Length) when {@code chunked} is false.
     */
    static EndlessBody endlessBody(boolean chunked) {
        return new EndlessBody(chunked);
    }

    /** A chunked, gzip-encoded body that inflates to {@code decompressedSize} zero bytes. */
    static GzipBomb gzipBomb(long decompressedSize) {
        return new GzipBomb(decompressedSize);
    }

    /**
     * A gzip body cut just before its 8-byte trailer, with a Content-Length equal to the bytes
     * sent: the HTTP framing is complete, the gzip stream is not. Keep-alive.
     */
    static Behaviour truncatedGzip() {
        byte[] whole = gzip(Wire.ascii("fetchd truncated gzip body\n".repeat(2048)));
        byte[] cut = Arrays.copyOf(whole, whole.length - 8);
        return ok(200, Map.of("Content-Type", "text/plain", "Content-Encoding", "gzip"), cut);
    }

    /** Reads the request and never answers; the connection stays open. */
    static Behaviour silent() {
        return exchange -> {
        };
    }

    /** Headers with Content-Length 1000 and 10 body bytes, then nothing, forever. */
    static Behaviour silentAfterHeaders() {
        byte[] bytes = Wire.concat(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"), Wire.filler(10));
        return exchange -> exchange.write(bytes);
    }

    /** Answers {@code ok("slow")} only after {@code delay}. */
    static Behaviour slowFirstByte(Duration delay) {
        return delayed(delay, ok("slow"));
    }

    /** Runs {@code then} after {@code delay} (scheduled on the loop), if the connection is still open. */
    static Behaviour delayed(Duration delay, Behaviour then) {
        return exchange -> exchange.schedule(delay, () -> {
            if (exchange.isOpen()) {
                then.respond(exchange);
            }
        });
    }

    /** Headers with Content-Length 100000 and 1000 body bytes, then RST (SO_LINGER 0). */
    static Behaviour resetMidBody() {
        byte[] bytes = Wire.concat(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), Wire.filler(1000));
        return exchange -> exchange.write(bytes).addListener(written -> exchange.reset());
    }

    /** Reads the request, then RST without a byte of response. */
    static Behaviour resetBeforeResponse() {
        return Exchange::reset;
    }

    /** Headers with Content-Length 1000 and 10 body bytes, then a clean FIN. */
    static Behaviour closeBeforeContentLength() {
        byte[] bytes = Wire.concat(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"), Wire.filler(10));
        return exchange -> exchange.write(bytes).addListener(written -> exchange.close());
    }

    /** {@code count} "100 Continue" interim responses, then {@code ok("after " + count + " interim")}. */
    static Behaviour informationalFlood(int count) {
        byte[] interim = Wire.ascii("HTTP/1.1 100 Continue\r\n\r\n".repeat(count));
        Behaviour last = ok("after " + count + " interim");
        return exchange -> {
            exchange.write(interim);
            last.respond(exchange);
        };
    }

    /**
     * Holds each request for {@code holdFor} before answering 200 {@code body}, tracking how many
     * are in flight at once across connections.
     */
    static CountingConcurrency countingConcurrency(Duration holdFor, String body) {
        return new CountingConcurrency(holdFor, body);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
