//! The publisher's own names, and the lines that end a body by naming it: "Follow
//! Metro.co.uk on Twitter …", "Der BR24 Newsletter informiert Sie …", "Subscribe to
//! Nature Briefing …", "Permalink https://p.dw.com/…". A story seldom closes on the name
//! of the site that publishes it; the publisher's sign-off, newsletter box, app promotion,
//! disclaimer and permalink do, and they sit in the article's own box where the markup
//! does not tell them from its last paragraphs.
//!
//! The names are cross-checked, not trusted: the host's own label ("metro" of
//! metro.co.uk), and the `og:site_name` or JSON-LD publisher only when it agrees with
//! that label, so that a generic site name ("News") on an unrelated host names nothing.

use super::tuning::PUBLISHER_NAME_MIN_CHARS;

/// Second-level labels under which a country's sites register (metro.co.uk, abc.net.au).
const GENERIC_SECOND_LEVELS: &[&str] = &[
    "co", "com", "org", "net", "gov", "ac", "or", "ne", "go", "edu",
];

/// The publisher's names, each as its words in lower case between spaces (" daily star ").
#[derive(Debug, Default, Clone)]
pub(crate) struct PublisherNames(Vec<String>);

impl PublisherNames {
    /// The names from the page's metadata: its site name and its canonical URL.
    pub(crate) fn new(site_name: Option<&str>, canonical_url: Option<&str>) -> Self {
        let Some(label) = canonical_url.and_then(host_label) else {
            return Self::default();
        };
        let mut names = Vec::new();
        if label.chars().count() >= PUBLISHER_NAME_MIN_CHARS {
            names.push(words(&label));
        }
        if let Some(site) = site_name {
            let squashed: String = site
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            let agrees = squashed.contains(&label) || label.contains(&squashed);
            if agrees && squashed.chars().count() >= PUBLISHER_NAME_MIN_CHARS {
                names.push(words(site));
            }
        }
        names.dedup();
        Self(names)
    }

    /// Whether the line names the publisher (one of its names, as whole words).
    pub(crate) fn named_in(&self, line: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let line = words(line);
        self.0.iter().any(|n| line.contains(n.as_str()))
    }
}

/// The label a site registers its host under: "metro" for www.metro.co.uk, "20min" for
/// www.20min.ch; none for an IP address or a one-label host.
fn host_label(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let host = url.host_str()?;
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    if n < 2 {
        return None;
    }
    let mut i = n - 2;
    if i > 0 && GENERIC_SECOND_LEVELS.contains(&labels[i]) {
        i -= 1;
    }
    Some(labels[i].to_lowercase())
}

/// The text's words (letters and digits) in lower case, each between single spaces.
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_label_and_an_agreeing_site_name_are_the_names() {
        let p = PublisherNames::new(Some("20 Minuten"), Some("https://www.20min.ch/story/x"));
        assert!(p.named_in("Abonniere den Whatsapp-Kanal von 20 Minuten!"));
        assert!(!p.named_in("Der Zug fährt alle zwanzig Minuten."));
        let p = PublisherNames::new(Some("Metro"), Some("https://metro.co.uk/2024/07/17/x"));
        assert!(p.named_in("Follow Metro.co.uk on Twitter and Facebook."));
        assert!(!p.named_in("The metronome kept time."));
    }

    #[test]
    fn a_site_name_the_host_does_not_confirm_names_nothing() {
        let p = PublisherNames::new(Some("News"), Some("https://www.example.org/a"));
        assert!(!p.named_in("For the latest news, read on."));
        assert!(p.named_in("Contact example.org for reprints."));
        // Too short a label to be told from a word; no URL, no names.
        let p = PublisherNames::new(Some("BR24"), Some("https://www.br.de/nachrichten/x"));
        assert!(p.named_in("Der BR24 Newsletter informiert Sie."));
        assert!(!p.named_in("Die BR-Reporterin berichtet."));
        assert!(!PublisherNames::new(Some("Metro"), None).named_in("Follow Metro"));
    }
}
