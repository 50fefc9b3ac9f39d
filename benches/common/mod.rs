//! Shared by the crawl benchmarks: deterministic, distinct French prose, and settings read
//! from the environment.

const WORDS: &[&str] = &[
    "le",
    "conseil",
    "municipal",
    "a",
    "adopté",
    "mardi",
    "un",
    "budget",
    "pour",
    "les",
    "écoles",
    "de",
    "la",
    "commune",
    "producteurs",
    "coton",
    "saison",
    "pluies",
    "route",
    "bitumée",
    "région",
    "santé",
    "campagne",
    "vaccination",
    "enfants",
    "marché",
    "céréales",
    "prix",
    "hausse",
    "baisse",
    "ministre",
    "annoncé",
    "projet",
    "forage",
    "village",
];

/// `count` paragraphs of 75 words drawn from `seed`, each ending with `(tag).`.
pub fn paragraphs(seed: u64, count: usize, tag: &str) -> String {
    let mut seed = seed.max(1);
    let mut out = String::new();
    for _ in 0..count {
        let mut p = String::new();
        for w in 0..75 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if w > 0 {
                p.push(' ');
            }
            p.push_str(WORDS[(seed % WORDS.len() as u64) as usize]);
        }
        out.push_str(&format!("<p>{p} ({tag}).</p>\n"));
    }
    out
}

/// A comma-separated list of numbers from the environment variable `key`, else `default`.
pub fn env_list(key: &str, default: &str) -> Vec<usize> {
    std::env::var(key)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}
