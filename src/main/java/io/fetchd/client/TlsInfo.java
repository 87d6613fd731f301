package io.fetchd.client;

import java.time.Instant;

/**
 * What a TLS connection negotiated.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param certificateNotAfter the leaf certificate's expiry, or null if the peer sent none
 * @param hopUrl the (redacted) URL of the hop this describes
 */
public record TlsInfo(String protocol, String cipherSuite, Instant certificateNotAfter, String hopUrl) {}
