//! Name resolution that never connects to link-local or cloud-metadata addresses.
//!
//! The URL check in `check_target` refuses such addresses written as literals; a hostile
//! page can also link to a name whose DNS record points at 169.254.169.254. Every name
//! the HTTP client resolves passes through [`GuardedResolver`], which drops those addresses
//! unless the name is one the user configured as a start host (a crawler run inside a
//! cloud network may legitimately be pointed at such a host on purpose).

use super::is_metadata_address;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

/// Resolves with the system resolver, then applies [`admit_addrs`].
#[derive(Debug, Clone, Default)]
pub struct GuardedResolver {
    trusted: Arc<HashSet<String>>,
}

impl GuardedResolver {
    /// `trusted`: host names (lower case, no port) that may resolve anywhere.
    #[must_use]
    pub fn new(trusted: HashSet<String>) -> Self {
        Self {
            trusted: Arc::new(trusted),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let trusted = self.trusted.clone();
        Box::pin(async move {
            let host = name.as_str().to_ascii_lowercase();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept = admit_addrs(&host, addrs, &trusted)?;
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// The addresses of `host` the crawler may connect to: all of them for a trusted host,
/// otherwise those that are not link-local or cloud-metadata; an error when none is left.
pub fn admit_addrs(
    host: &str,
    addrs: Vec<SocketAddr>,
    trusted: &HashSet<String>,
) -> Result<Vec<SocketAddr>, RefusedAddress> {
    if trusted.contains(host) {
        return Ok(addrs);
    }
    let total = addrs.len();
    let kept: Vec<SocketAddr> = addrs
        .into_iter()
        .filter(|a| !is_metadata_address(a.ip()))
        .collect();
    if kept.is_empty() && total > 0 {
        return Err(RefusedAddress(host.to_owned()));
    }
    Ok(kept)
}

/// A name that resolves only to link-local or cloud-metadata addresses.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to link-local or cloud-metadata addresses: refused")]
pub struct RefusedAddress(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    #[test]
    fn metadata_addresses_are_dropped_for_untrusted_names() {
        let trusted = HashSet::new();
        let err = admit_addrs(
            "evil.example",
            addrs(&["169.254.169.254:0", "[fd00:ec2::254]:0"]),
            &trusted,
        )
        .unwrap_err();
        assert!(err.to_string().contains("evil.example"), "{err}");
        let mixed = admit_addrs(
            "mixed.example",
            addrs(&["169.254.1.1:0", "203.0.113.7:0", "[fe80::1]:0"]),
            &trusted,
        )
        .unwrap();
        assert_eq!(mixed, addrs(&["203.0.113.7:0"]));
    }

    #[test]
    fn a_configured_host_may_resolve_to_link_local() {
        let trusted: HashSet<String> = ["intranet.example".to_owned()].into();
        let kept = admit_addrs("intranet.example", addrs(&["169.254.10.2:0"]), &trusted).unwrap();
        assert_eq!(kept, addrs(&["169.254.10.2:0"]));
    }

    #[test]
    fn ordinary_addresses_pass_untouched() {
        let kept = admit_addrs(
            "lefaso.net",
            addrs(&["127.0.0.1:0", "[::1]:0", "198.51.100.2:0"]),
            &HashSet::new(),
        )
        .unwrap();
        assert_eq!(kept.len(), 3);
    }

    #[tokio::test]
    async fn the_resolver_resolves_loopback_names() {
        let r = GuardedResolver::default();
        let got: Vec<SocketAddr> = r
            .resolve("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(got.iter().all(|a| a.ip().is_loopback()), "{got:?}");
    }
}
