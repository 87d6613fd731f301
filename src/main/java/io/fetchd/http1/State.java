package io.fetchd.http1;

/**
 * Where {@link Http1Checker} is in the stream: each group belongs to one of the rule classes
 * ({@link StartLine}, {@link HeaderFields}, {@link ChunkedBody}); the body states are the
 * driver's own. Thread rule: that of the checker.
 */
enum State {
  // start line (StartLine)
  LEADING, LEADING_LF, METHOD, TARGET, REQ_VERSION,
  RES_VERSION, STATUS, REASON,
  START_LF,
  // header and trailer fields (HeaderFields)
  FIELD_START, NAME, VALUE, FIELD_LF, HEAD_END_LF,
  // a body the caller skips (Http1Checker)
  FIXED_BODY, UNTIL_CLOSE, CHUNK_DATA,
  // chunk lines and the CRLF after chunk data (ChunkedBody)
  CHUNK_SIZE, EXT_NAME_START, EXT_NAME, EXT_VALUE_START, EXT_TOKEN, EXT_QUOTED, EXT_QUOTED_ESCAPE,
  EXT_AFTER_QUOTED, CHUNK_LINE_LF, CHUNK_DATA_CR, CHUNK_DATA_LF,
  FAILED
}
