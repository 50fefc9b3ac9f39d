//! RSS 0.9x/1.0/2.0, Atom and JSON feeds through feed-rs; we need each entry's link and
//! when it last changed.

use chrono::{DateTime, Utc};

/// One entry: its link, and its update time (else its publication time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub link: String,
    pub modified: Option<DateTime<Utc>>,
}

/// The entries of a feed that have a link, in feed order. An unparseable feed yields an
/// error.
pub fn entries(body: &[u8]) -> Result<Vec<Entry>, String> {
    let feed = feed_rs::parser::parse(body).map_err(|e| e.to_string())?;
    Ok(feed
        .entries
        .iter()
        .filter_map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())
                .map(|l| l.href.clone())
                .or_else(|| {
                    (e.id.starts_with("http://") || e.id.starts_with("https://"))
                        .then(|| e.id.clone())
                })?;
            Some(Entry {
                link,
                modified: e.updated.or(e.published),
            })
        })
        .collect())
}

/// Article links of a feed, in feed order.
pub fn entry_links(body: &[u8]) -> Result<Vec<String>, String> {
    Ok(entries(body)?.into_iter().map(|e| e.link).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss2_atom_and_rss1() {
        let rss2 = br#"<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://x.bf/a/</link></item></channel></rss>"#;
        assert_eq!(entry_links(rss2).unwrap(), vec!["https://x.bf/a/"]);
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2024-03-12T08:00:00Z</updated>
<entry><title>b</title><id>urn:1</id><updated>2024-03-12T08:00:00Z</updated><link rel="alternate" href="https://x.bf/spip.php?article1"/></entry></feed>"#;
        assert_eq!(
            entry_links(atom).unwrap(),
            vec!["https://x.bf/spip.php?article1"]
        );
        let rss1 = br#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://x.bf/"><title>t</title><link>https://x.bf/</link></channel>
<item rdf:about="https://x.bf/c/"><title>c</title><link>https://x.bf/c/</link></item></rdf:RDF>"#;
        assert_eq!(entry_links(rss1).unwrap(), vec!["https://x.bf/c/"]);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(entry_links(b"\x00\x01 not xml").is_err());
    }
}
