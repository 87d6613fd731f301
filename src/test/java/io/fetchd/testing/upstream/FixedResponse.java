package io.fetchd.testing.upstream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete, well-framed response (with Content-Length) prepared once and written per request,
 * followed by keep-alive, a clean close, or a silent close after idleness. HEAD requests get the
 * head only. Shared across connections; event loop only.
 */
final class FixedResponse implements Behaviour {

    enum After { KEEP_ALIVE, CLOSE, CLOSE_WHEN_IDLE }

    private final byte[] head;
    private final byte[] full;
    private final After after;
    private final Duration idle;

    FixedResponse(int status, Map<String, String> headers, byte[] body, After after, Duration idle) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        boolean bodiless = status == 204 || status == 304 || (status >= 100 && status < 200);
        if (!Wire.hasHeader(all, "content-length") && !(bodiless && body.length == 0)) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        if (!Wire.hasHeader(all, "connection")) {
            all.put("Connection", after == After.CLOSE ? "close" : "keep-alive");
        }
        this.head = Wire.head(status, all);
        this.full = Wire.concat(head, body);
        this.after = after;
        this.idle = idle;
    }

    @Override
    public void respond(Exchange exchange) {
        byte[] bytes = "HEAD".equals(exchange.request().method()) ? head : full;
        exchange.write(bytes).addListener(written -> {
            if (!written.isSuccess()) {
                return; // Exchange.write already closed the connection
            }
            switch (after) {
                case KEEP_ALIVE -> exchange.complete();
                case CLOSE -> exchange.close();
                case CLOSE_WHEN_IDLE -> {
                    exchange.complete();
                    exchange.closeWhenIdleFor(idle);
                }
            }
        });
    }
}
