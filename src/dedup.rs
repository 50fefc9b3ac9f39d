//! Content identity: a SHA-256 of the normalised title and body (NFC, whitespace folded),
//! so that the same story at two URLs or on two sites is written once; and a 64-bit
//! simhash over word shingles, so that near-duplicates (a corrected typo, a changed
//! byline) are flagged in the manifest.

use crate::model::Article;
use crate::text::collapse_ws;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Hamming distance at or below which two simhashes are near-duplicates.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

/// The text that is hashed: title and blocks, one per line, normalised.
#[must_use]
pub fn normalised(article: &Article) -> String {
    let mut s = String::new();
    for line in std::iter::once(&article.title).chain(article.blocks.iter().map(|b| &b.text)) {
        s.push_str(&collapse_ws(line).nfc().collect::<String>());
        s.push('\n');
    }
    s
}

/// Hex SHA-256 of the normalised text.
#[must_use]
pub fn content_hash(article: &Article) -> String {
    hex::encode(Sha256::digest(normalised(article).as_bytes()))
}

fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Charikar simhash over lower-cased 3-word shingles of the body.
#[must_use]
pub fn simhash(article: &Article) -> u64 {
    let words: Vec<String> = article
        .blocks
        .iter()
        .flat_map(|b| b.text.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    let mut acc = [0i32; 64];
    let mut add = |h: u64| {
        for (i, a) in acc.iter_mut().enumerate() {
            if h >> i & 1 == 1 {
                *a += 1;
            } else {
                *a -= 1;
            }
        }
    };
    if words.len() < 3 {
        add(fnv1a(words.join(" ").as_bytes()));
    } else {
        for w in words.windows(3) {
            add(fnv1a(w.join(" ").as_bytes()));
        }
    }
    acc.iter()
        .enumerate()
        .fold(0u64, |h, (i, a)| if *a > 0 { h | 1 << i } else { h })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, body: &[&str]) -> Article {
        Article::of_paragraphs(title, body)
    }

    #[test]
    fn hash_ignores_whitespace_and_normalisation_form() {
        let a = article("Le café", &["Un  texte\u{a0}ici."]);
        let b = article("Le cafe\u{301}", &["Un texte ici."]);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(
            content_hash(&a),
            content_hash(&article("Le café", &["Un autre texte."]))
        );
    }

    #[test]
    fn simhash_is_close_for_small_edits_and_far_for_other_texts() {
        let body = "Le gouvernement a annoncé mardi un vaste programme de réhabilitation des pistes rurales dans les treize régions du pays, avec un budget de plusieurs milliards de francs CFA répartis entre les communes selon leur population et leur enclavement.";
        let edited = body.replace("mardi", "mercredi");
        let a = simhash(&article("t", &[body]));
        let b = simhash(&article("t", &[&edited]));
        let c = simhash(&article("t", &["Les Étalons ont remporté la finale régionale de football scolaire à Bobo-Dioulasso devant un public nombreux venu des quartiers voisins et des villages alentour."]));
        assert!((a ^ b).count_ones() < (a ^ c).count_ones());
        assert!((a ^ c).count_ones() > NEAR_DUPLICATE_BITS);
    }
}
