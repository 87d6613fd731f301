package io.fetchd.client.internal;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A complete response as an {@link Exchange} delivers it. The headers object is Netty's, read on
 * the reactor thread only. Nanosecond stamps are {@code System.nanoTime()} values.
 */
record Response(
    int status,
    HttpHeaders headers,
    long bytes,
    String sha256,
    byte[] body,
    long writeNanos,
    long firstByteNanos,
    long lastByteNanos) {}
