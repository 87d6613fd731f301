package io.fetchd.client;

/** What a fetch keeps of the response body. The byte count and SHA-256 are kept in every mode. */
public enum BodyMode {
  /** Keep no body: count bytes and compute the SHA-256 only. */
  NONE,
  /** Keep the body, to be read as text (decoded with the response charset, UTF-8 by default). */
  TEXT,
  /** Keep the raw body bytes. */
  BYTES
}
