//! The client's address, as sign-in attempts are counted by it. Directly connected, it is the peer's. Behind a
//! reverse proxy every request comes from the proxy, so one client's guesses would lock everyone out: a deployment
//! names the proxies it trusts (`trusted_proxies`), and from those the nearest untrusted address in
//! `X-Forwarded-For` is taken. The header is read only from a trusted peer, so a client cannot choose its own.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The networks of the reverse proxies the deployment puts in front of Homeward.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(std::sync::Arc<[ipnet::IpNet]>);

impl TrustedProxies {
    /// Parses each network (`10.0.0.0/8`, `::1/128`) or single address (`127.0.0.1`).
    pub fn parse(networks: &[String]) -> Result<Self, String> {
        let parsed = networks
            .iter()
            .map(|text| {
                let text = text.trim();
                text.parse::<ipnet::IpNet>()
                    .or_else(|_| text.parse::<IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| format!("{text:?} is not an IP address or network (such as 10.0.0.0/8)"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(parsed.into()))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|network| network.contains(&ip))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy, then the last address in
    /// `X-Forwarded-For` that is not itself a trusted proxy. A header that cannot be read stops the walk at the hop
    /// that added it.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        // Each hop on its own, from the raw bytes: a client's unreadable entry on the left must not spoil the
        // entries the proxies appended on the right.
        let forwarded: Vec<&[u8]> = headers
            .get_all("x-forwarded-for")
            .iter()
            .flat_map(|value| value.as_bytes().split(|b| *b == b','))
            .collect();
        for hop in forwarded.iter().rev() {
            let Some(hop) = std::str::from_utf8(hop).ok().and_then(|hop| hop.trim().parse::<IpAddr>().ok()) else {
                break;
            };
            client = canonical(hop);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address carried in IPv6 (`::ffff:192.0.2.1`, as a dual-stack listener sees IPv4 clients) as itself.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).expect("a header"));
        }
        headers
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("127.0.0.1"), &forwarded(&["203.0.113.9"])), ip("127.0.0.1"));
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted = TrustedProxies::parse(&["127.0.0.1".into(), "10.0.0.0/8".into()]).expect("valid");
        let headers = forwarded(&["198.51.100.1, 203.0.113.9", "10.1.2.3"]);
        assert_eq!(trusted.client(ip("127.0.0.1"), &headers), ip("203.0.113.9"), "a spoofed leftmost entry is ignored");
        assert_eq!(trusted.client(ip("::ffff:127.0.0.1"), &headers), ip("203.0.113.9"), "a mapped peer is trusted");
        assert_eq!(trusted.client(ip("192.0.2.1"), &headers), ip("192.0.2.1"), "an untrusted peer's header is ignored");
        assert_eq!(trusted.client(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"), "no header: the proxy");
        let garbled = forwarded(&["203.0.113.9, not-an-address"]);
        assert_eq!(trusted.client(ip("127.0.0.1"), &garbled), ip("127.0.0.1"), "the walk stops at what cannot be read");
        let mut spoiled = HeaderMap::new();
        let bytes = HeaderValue::from_bytes(b"\xff\xfe, 203.0.113.9").expect("an opaque header value");
        spoiled.append("x-forwarded-for", bytes);
        assert_eq!(trusted.client(ip("127.0.0.1"), &spoiled), ip("203.0.113.9"), "a client's bad bytes spoil nothing");
    }

    #[test]
    fn a_setting_that_is_not_an_address_is_refused() {
        let refused = TrustedProxies::parse(&["10.0.0.0/33".into()]).expect_err("not a network");
        assert!(refused.contains("10.0.0.0/33"), "{refused}");
    }
}
