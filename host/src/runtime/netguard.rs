//! Which network addresses plugin HTTP may reach: public unicast only, unless the operator
//! names an internal host.
//!
//! A binding's allow-list is set through the admin API, so a merchant (or whoever holds a write
//! token) chooses it. Without this guard a carrier binding pointed at `127.0.0.1:5432`,
//! `169.254.169.254` or a name resolving to either would send the binding's credentials there and
//! read back the answer. So the address a request will connect to is checked *after* name
//! resolution, and the connection is pinned to the checked address (see `http.rs`), so a second
//! resolution cannot swap it (DNS rebinding).
//!
//! Refused: IPv4 "this network", private (RFC 1918), shared (CGNAT), loopback, link-local,
//! IETF protocol assignments, documentation, benchmarking, multicast, reserved and broadcast;
//! IPv6 unspecified, loopback, IPv4-compatible, discard-only, unique-local, link-local,
//! site-local, multicast, documentation, local-use NAT64, the IETF protocol block (Teredo,
//! ORCHID, benchmarking) and anything outside global unicast `2000::/3`. Addresses that embed
//! an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are
//! judged by the embedded address.
//!
//! The operator may let named hosts through (`--allow-internal-host`, for the carrier sandbox
//! on `127.0.0.1:8091`); by default nothing internal is reachable.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The operator's exceptions to the address guard: `host` or `host:port` entries, compared
/// case-insensitively with the URL's host (a bare host allows every port).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InternalHosts {
    entries: Vec<String>,
}

impl InternalHosts {
    pub fn new(entries: &[String]) -> Self {
        Self { entries: entries.iter().map(|e| e.trim().to_ascii_lowercase()).filter(|e| !e.is_empty()).collect() }
    }

    /// Whether the URL host `host` (as `url` normalises it: IPv6 in brackets) on `port` may
    /// reach internal addresses.
    pub fn allows(&self, host: &str, port: u16) -> bool {
        let host = host.to_ascii_lowercase();
        let with_port = format!("{host}:{port}");
        self.entries.iter().any(|e| *e == host || *e == with_port)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Why `ip` must not be reached by plugin HTTP, or `None` for a public unicast address.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "an unspecified (\"this network\") address"),
        ([10, 0, 0, 0], 8, "a private address"),
        ([100, 64, 0, 0], 10, "a shared (carrier-grade NAT) address"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        ([169, 254, 0, 0], 16, "a link-local address"),
        ([172, 16, 0, 0], 12, "a private address"),
        ([192, 0, 0, 0], 24, "an IETF protocol assignment"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 88, 99, 0], 24, "a 6to4 relay anycast address"),
        ([192, 168, 0, 0], 16, "a private address"),
        ([198, 18, 0, 0], 15, "a benchmarking address"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        ([240, 0, 0, 0], 4, "a reserved or broadcast address"),
    ];
    RANGES.iter().find(|(net, prefix, _)| in_v4(ip, *net, *prefix)).map(|(_, _, why)| *why)
}

fn in_v6(ip: Ipv6Addr, net: Ipv6Addr, prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
    (u128::from(ip) & mask) == (u128::from(net) & mask)
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(ip);
    let v6 = |s: &str| s.parse::<Ipv6Addr>().unwrap_or(Ipv6Addr::UNSPECIFIED);
    // Forms that carry an IPv4 address are judged by it.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refusal_v4(v4);
    }
    if in_v6(ip, v6("64:ff9b::"), 96) {
        return refusal_v4(Ipv4Addr::from(bits as u32));
    }
    if in_v6(ip, v6("2002::"), 16) {
        return refusal_v4(Ipv4Addr::from((bits >> 80) as u32));
    }
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    const RANGES: &[(&str, u32, &str)] = &[
        ("::", 96, "an IPv4-compatible address (deprecated)"),
        ("64:ff9b:1::", 48, "a local-use NAT64 address"),
        ("100::", 64, "a discard-only address"),
        ("2001::", 23, "an IETF protocol assignment (Teredo, ORCHID, benchmarking)"),
        ("2001:db8::", 32, "a documentation address"),
        ("3fff::", 20, "a documentation address"),
        ("5f00::", 16, "a segment-routing address"),
        ("fc00::", 7, "a unique-local (private) address"),
        ("fe80::", 10, "a link-local address"),
        ("fec0::", 10, "a site-local address"),
        ("ff00::", 8, "a multicast address"),
    ];
    if let Some((_, _, why)) = RANGES.iter().find(|(net, prefix, _)| in_v6(ip, v6(net), *prefix)) {
        return Some(why);
    }
    if !in_v6(ip, v6("2000::"), 3) {
        return Some("outside IPv6 global unicast (2000::/3)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Option<&'static str> {
        refusal(text.parse().unwrap_or_else(|e| panic!("{text}: {e}")))
    }

    #[test]
    fn internal_ipv4_ranges_are_refused() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(refused(ip).is_some(), "{ip} must be refused");
        }
    }

    #[test]
    fn public_ipv4_addresses_pass() {
        for ip in ["1.1.1.1", "8.8.8.8", "23.45.67.89", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0"]
        {
            assert_eq!(refused(ip), None, "{ip} is public");
        }
    }

    #[test]
    fn internal_ipv6_ranges_are_refused() {
        for ip in [
            "::",
            "::1",
            "::127.0.0.1",
            "100::1",
            "2001::1",
            "2001:db8::1",
            "3fff::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "64:ff9b:1::1",
            "4000::1",
            "::2:3:4:5",
        ] {
            assert!(refused(ip).is_some(), "{ip} must be refused");
        }
    }

    #[test]
    fn ipv6_forms_embedding_an_internal_ipv4_are_refused() {
        for ip in [
            "::ffff:127.0.0.1",
            "::ffff:7f00:1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:0001::1",
            "2002:a9fe:a9fe::1",
            "2002:c0a8:0101::",
        ] {
            assert!(refused(ip).is_some(), "{ip} must be refused");
        }
        assert_eq!(refused("::ffff:8.8.8.8"), None);
        assert_eq!(refused("64:ff9b::8.8.8.8"), None);
        assert_eq!(refused("2002:0808:0808::1"), None);
    }

    #[test]
    fn public_ipv6_addresses_pass() {
        for ip in ["2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "2001:4860:4860::8888"] {
            assert_eq!(refused(ip), None, "{ip} is public");
        }
    }

    #[test]
    fn internal_hosts_match_host_or_host_and_port() {
        let hosts = InternalHosts::new(&["127.0.0.1:8091".into(), "Sandbox.Local".into()]);
        assert!(hosts.allows("127.0.0.1", 8091));
        assert!(!hosts.allows("127.0.0.1", 5432));
        assert!(hosts.allows("sandbox.local", 1));
        assert!(hosts.allows("SANDBOX.local", 443));
        assert!(!InternalHosts::default().allows("127.0.0.1", 8091));
    }
}
