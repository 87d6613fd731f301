package io.fetchd.metrics;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What blackbox reports of a TLS connection, read from the handshake's session. Pure; any thread. */
final class ProbeTls {
  /** Go's zero time in unix seconds: blackbox's chain expiry when no chain was verified. */
  static final long GO_ZERO_TIME = -62135596800L;

  private ProbeTls() {}

  /**
   * The trust anchors a probe fetcher verifies against: the certificates of {@code caFile} (a PEM
   * file, as {@code tls_config: ca_file} or {@code fetcher.trustedCaFile} name one), or the JDK's
   * default trusted CAs when it is null.
   *
   * @throws IllegalArgumentException when the file cannot be read
   */
  static List<X509Certificate> anchors(java.nio.file.Path caFile) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      if (caFile != null) {
        try (var in = java.nio.file.Files.newInputStream(caFile)) {
          for (Certificate c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            if (c instanceof X509Certificate x) {
              out.add(x);
            }
          }
        }
        return out;
      }
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((java.security.KeyStore) null);
      for (javax.net.ssl.TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof javax.net.ssl.X509TrustManager x) {
          out.addAll(List.of(x.getAcceptedIssuers()));
        }
      }
      return out;
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the CA certificates of " + caFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The chain the server presented and the version negotiated.
   *
   * @param version blackbox's label: {@code TLS 1.3}, {@code TLS 1.2}, ..., {@code unknown}
   * @param earliestExpiry the earliest {@code notAfter} in the presented chain, unix seconds
   *     (blackbox reads {@code PeerCertificates})
   * @param lastChainExpiry the earliest {@code notAfter} of the verified chain: the presented
   *     certificates that lead from the leaf to a trust anchor, and the anchor; {@link
   *     #GO_ZERO_TIME} when nothing was verified ({@code insecure_skip_verify}), as blackbox
   *     reports it
   * @param fingerprintSha256 the leaf's SHA-256, lower-case hex
   * @param subject the leaf's subject, as Go prints a name
   * @param issuer the leaf's issuer, as Go prints a name
   * @param subjectAlternative the leaf's DNS names, comma-separated
   */
  record Chain(String version, long earliestExpiry, long lastChainExpiry, String fingerprintSha256,
      String subject, String issuer, String subjectAlternative) {

    /**
     * Reads {@code session}; {@code anchors} are the certificates the handshake trusted (empty
     * when it verified nothing).
     */
    static Chain of(SSLSession session, List<X509Certificate> anchors, boolean unverified) {
      List<X509Certificate> certs = new ArrayList<>();
      try {
        for (Certificate c : session.getPeerCertificates()) {
          if (c instanceof X509Certificate x) {
            certs.add(x);
          }
        }
      } catch (SSLPeerUnverifiedException e) {
        // no certificates: the values below stay empty
      }
      String version = ProbeTls.version(session.getProtocol());
      if (certs.isEmpty()) {
        return new Chain(version, GO_ZERO_TIME, GO_ZERO_TIME, "", "", "", "");
      }
      X509Certificate leaf = certs.get(0);
      return new Chain(
          version,
          earliest(certs),
          unverified ? GO_ZERO_TIME : earliest(verifiedChain(certs, anchors)),
          fingerprint(leaf),
          GoNames.of(leaf.getSubjectX500Principal()),
          GoNames.of(leaf.getIssuerX500Principal()),
          String.join(",", dnsNames(leaf)));
    }
  }

  private static long earliest(List<X509Certificate> certs) {
    long earliest = GO_ZERO_TIME;
    for (X509Certificate c : certs) {
      long t = c.getNotAfter().toInstant().getEpochSecond();
      if (earliest == GO_ZERO_TIME || t < earliest) {
        earliest = t;
      }
    }
    return earliest;
  }

  /**
   * The chain Go's verifier would build: from the leaf, each next certificate is the one that
   * signed the last (a trust anchor ends the chain; otherwise a presented certificate); the
   * presented chain when no anchor is reached.
   */
  static List<X509Certificate> verifiedChain(List<X509Certificate> presented, List<X509Certificate> anchors) {
    List<X509Certificate> chain = new ArrayList<>();
    X509Certificate at = presented.get(0);
    chain.add(at);
    for (int steps = 0; steps <= presented.size(); steps++) {
      X509Certificate anchor = issuerAmong(at, anchors);
      if (anchor != null) {
        if (!anchor.equals(at)) {
          chain.add(anchor);
        }
        return chain;
      }
      X509Certificate next = issuerAmong(at, presented);
      if (next == null || chain.contains(next)) {
        break;
      }
      chain.add(next);
      at = next;
    }
    return presented;
  }

  private static X509Certificate issuerAmong(X509Certificate c, List<X509Certificate> candidates) {
    for (X509Certificate x : candidates) {
      if (x.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        try {
          c.verify(x.getPublicKey());
          return x;
        } catch (GeneralSecurityException e) {
          // not this one
        }
      }
    }
    return null;
  }

  /** {@code TLSv1.3} as blackbox names it: {@code TLS 1.3}. */
  static String version(String protocol) {
    return switch (protocol == null ? "" : protocol) {
      case "TLSv1" -> "TLS 1.0";
      case "TLSv1.1" -> "TLS 1.1";
      case "TLSv1.2" -> "TLS 1.2";
      case "TLSv1.3" -> "TLS 1.3";
      default -> "unknown";
    };
  }

  private static String fingerprint(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      return "";
    }
  }

  private static List<String> dnsNames(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
            out.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no names
    }
    return out;
  }
}
