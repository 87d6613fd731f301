package io.fetchd.api.route;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ErrorType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens. Tokens are compared
 * as SHA-256 digests with {@link MessageDigest#isEqual} (constant time), and every token is
 * compared, so timing says nothing about which prefix matched. Immutable; any thread.
 */
public final class BearerAuth {
  private final List<byte[]> digests = new ArrayList<>();

  public BearerAuth(List<String> tokens) {
    for (String t : tokens) {
      digests.add(sha256(t));
    }
  }

  boolean enabled() {
    return !digests.isEmpty();
  }

  /** Throws {@code Unauthorized} unless {@code authorization} carries an accepted token. */
  void check(String authorization) throws ApiException {
    if (!enabled()) {
      return;
    }
    boolean ok = false;
    if (authorization != null
        && authorization.length() > 7
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] presented = sha256(authorization.substring(7).trim());
      for (byte[] d : digests) {
        ok |= MessageDigest.isEqual(d, presented);
      }
    }
    if (!ok) {
      throw new ApiException(
              ErrorType.Unauthorized,
              authorization == null ? "a bearer token is required" : "the bearer token is not valid")
          .withHeader("WWW-Authenticate", "Bearer realm=\"fetchd\"");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
