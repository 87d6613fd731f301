package io.fetchd.metrics;

import java.math.BigInteger;
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
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What blackbox reports of a TLS connection, read from the handshake's session. Pure; any thread. */
final class ProbeTls {
  /** Go's zero time in unix seconds: blackbox's chain expiry when no chain was verified. */
  static final long GO_ZERO_TIME = -62135596800L;

  private ProbeTls() {}

  /**
   * The chain the server presented and the version negotiated.
   *
   * @param version blackbox's label: {@code TLS 1.3}, {@code TLS 1.2}, ..., {@code unknown}
   * @param earliestExpiry the earliest {@code notAfter} in the presented chain, unix seconds
   * @param lastChainExpiry the earliest {@code notAfter} of the verified chain: the presented one
   *     (fetchd does not see the trust anchor the JDK chose); {@link #GO_ZERO_TIME} when nothing
   *     was verified ({@code insecure_skip_verify}), as blackbox reports it
   * @param fingerprintSha256 the leaf's SHA-256, lower-case hex
   * @param subject the leaf's subject (RFC 2253)
   * @param issuer the leaf's issuer (RFC 2253)
   * @param subjectAlternative the leaf's DNS names, comma-separated
   * @param serialNumber the leaf's serial number, lower-case hex of its bytes
   */
  record Chain(String version, long earliestExpiry, long lastChainExpiry, String fingerprintSha256,
      String subject, String issuer, String subjectAlternative, String serialNumber) {

    static Chain of(SSLSession session, boolean unverified) {
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
      long earliest = GO_ZERO_TIME;
      for (X509Certificate c : certs) {
        long t = c.getNotAfter().toInstant().getEpochSecond();
        if (earliest == GO_ZERO_TIME || t < earliest) {
          earliest = t;
        }
      }
      if (certs.isEmpty()) {
        return new Chain(ProbeTls.version(session.getProtocol()), GO_ZERO_TIME, GO_ZERO_TIME, "", "", "", "", "");
      }
      X509Certificate leaf = certs.get(0);
      return new Chain(
          ProbeTls.version(session.getProtocol()),
          earliest,
          unverified ? GO_ZERO_TIME : earliest,
          fingerprint(leaf),
          leaf.getSubjectX500Principal().getName(),
          leaf.getIssuerX500Principal().getName(),
          String.join(",", dnsNames(leaf)),
          serial(leaf.getSerialNumber()));
    }
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

  /** Go's {@code fmt.Sprintf("%x", serial.Bytes())}: the magnitude's bytes, no sign byte. */
  static String serial(BigInteger n) {
    byte[] b = n.abs().toByteArray();
    int from = b.length > 1 && b[0] == 0 ? 1 : 0;
    if (n.signum() == 0) {
      return "";
    }
    return HexFormat.of().formatHex(b, from, b.length).toLowerCase(Locale.ROOT);
  }
}
