package io.fetchd.testing.upstream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request head as a test upstream received it. Header names are lower-cased; a repeated
 * header keeps its last value. Immutable; any thread.
 *
 * @param method the request method, as sent
 * @param target the request target, as sent (path plus optional query)
 * @param version the protocol version, as sent (e.g. {@code HTTP/1.1})
 * @param headers lower-cased header names to their last value
 */
public record RecordedRequest(String method, String target, String version, Map<String, String> headers) {

    public RecordedRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The target without its query string; what routes match on. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The last value of header {@code name} (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** True if the client asked for the connection to end after this exchange. */
    public boolean wantsClose() {
        String connection = header("connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            return true;
        }
        if (isChunked()) {
            return true; // the head reader cannot frame a chunked request body, so it stops reading
        }
        return "HTTP/1.0".equals(version)
                && (connection == null || !connection.toLowerCase(Locale.ROOT).contains("keep-alive"));
    }

    /** Declared request body length; 0 when absent or unparseable. */
    long contentLength() {
        String value = header("content-length");
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    boolean isChunked() {
        String te = header("transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /**
     * Parses a request head (request line and header lines, without the final blank line).
     *
     * @return the request, or null if the request line is not {@code METHOD SP TARGET SP VERSION}
     */
    static RecordedRequest parse(String head) {
        String[] lines = head.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new RecordedRequest(requestLine[0], requestLine[1], requestLine[2], headers);
    }
}
