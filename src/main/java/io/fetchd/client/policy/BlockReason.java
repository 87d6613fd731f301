package io.fetchd.client.policy;

import java.util.Locale;

/**
 * Why the {@link AddressPolicy} refused a destination address. The constant names are stable:
 * the API and metrics use them. Thread-safe (an enum).
 */
public enum BlockReason {
  /** 127.0.0.0/8, ::1. */
  LOOPBACK,
  /** RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
  PRIVATE,
  /** RFC 6598 shared address space (carrier-grade NAT): 100.64.0.0/10. */
  CGNAT,
  /** 169.254.0.0/16, fe80::/10. */
  LINK_LOCAL,
  /**
   * Cloud instance-metadata endpoints: 169.254.169.254 (AWS, GCP, Azure, OCI), fd00:ec2::254 and
   * fd00:ec2::23 (AWS), 168.63.129.16 (Azure wire server), 100.100.100.200 (Alibaba).
   */
  CLOUD_METADATA,
  /** fc00::/7. */
  UNIQUE_LOCAL,
  /** 224.0.0.0/4, ff00::/8. */
  MULTICAST,
  /** 0.0.0.0/8 ("this network"), ::/128. */
  UNSPECIFIED,
  /** 255.255.255.255. */
  BROADCAST,
  /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20. */
  DOCUMENTATION,
  /**
   * Other ranges IANA marks not globally reachable: 240.0.0.0/4, 192.0.0.0/24, 198.18.0.0/15,
   * 192.88.99.0/24, 100::/64, 100:0:0:1::/64, 2001::/23 (outside Teredo), 64:ff9b:1::/48,
   * 5f00::/16, fec0::/10, and all IPv6 outside 2000::/3 not otherwise classified.
   */
  RESERVED,
  /** Matched an explicit deny rule of the policy. */
  DENY_LIST;

  /**
   * The lower_snake_case name used as a metric tag value, e.g. {@code cloud_metadata}.
   *
   * @return the metric name
   */
  public String metricName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
