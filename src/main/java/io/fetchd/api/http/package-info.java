/**
 * The REST server's plumbing: the listener and each connection's pipeline, one stage a class
 * (outbound budget, lingering close, body deadline, RFC 9112 request checker, codec, request gate,
 * body budget, aggregator, {@link io.fetchd.api.http.ConnectionDispatcher}), the {@link
 * io.fetchd.api.http.Responder} and the API's error types. Depends on {@code io.fetchd.api.json}
 * only among the API's packages; the route table is seen through {@link
 * io.fetchd.api.http.RequestHandler}.
 */
package io.fetchd.api.http;
