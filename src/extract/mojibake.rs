//! Repairs mojibake: UTF-8 text that was decoded as windows-1252 somewhere upstream
//! ("Ã©" for "é", "â€™" for "’"), including the damaged form `Tà¼rkiye` seen in the
//! seed outputs, where the lead byte "Ã" itself was later mangled into "à".
//!
//! A repair is applied only where it makes the text more plausible: the candidate must
//! decode as strict UTF-8 and contain fewer characters typical of mojibake.

use encoding_rs::WINDOWS_1252;

/// Characters that start a two- or three-byte UTF-8 sequence when read as windows-1252.
fn is_lead(c: char) -> bool {
    matches!(
        c,
        'Ã' | 'Â'
            | 'â'
            | 'Å'
            | 'Ä'
            | 'Ð'
            | 'Ñ'
            | 'Î'
            | 'Ï'
            | 'Ø'
            | 'Ù'
            | 'Ú'
            | 'Û'
            | 'Ü'
            | 'Ý'
            | 'Þ'
            | 'ß'
            | 'Ê'
            | 'Ë'
            | 'Ì'
            | 'Í'
            | 'Æ'
            | 'Ç'
            | 'È'
            | 'É'
    )
}

/// The windows-1252 byte of a character, if it has one in the 0x80–0xFF range.
fn cp1252_high_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        0..=0x7F => return None,
        // Latin-1 letters and signs are their own windows-1252 byte.
        u @ 0xA0..=0xFF => return u8::try_from(u).ok(),
        _ => {}
    }
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let (bytes, _, unmappable) = WINDOWS_1252.encode(s);
    if unmappable || bytes.len() != 1 || bytes[0] < 0x80 {
        return None;
    }
    Some(bytes[0])
}

/// True when `c` read as windows-1252 is a UTF-8 continuation byte (0x80–0xBF).
fn is_continuation(c: char) -> bool {
    cp1252_high_byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b))
}

/// Quick test used to skip the repair entirely on clean text (the common case).
#[must_use]
pub fn looks_mojibaked(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev {
            if (is_lead(p) || p == 'à') && is_continuation(c) {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

/// Returns the repaired text, or the input unchanged when no repair is more plausible.
#[must_use]
pub fn repair(text: &str) -> String {
    if !looks_mojibaked(text) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((fixed, used)) = repair_at(&chars, i) {
            out.push_str(&fixed);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Tries to decode a mojibake sequence starting at `i`; returns the repaired text and
/// how many characters it replaces.
fn repair_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let lead = chars[i];
    // The "à¼" form: a lead byte 0xC3 that was later turned into "à" (0xE0). Only a
    // two-character sequence can be meant, and "à" directly followed by a character
    // such as "¼" or "©" never occurs in real French text.
    if lead == 'à' {
        let next = *chars.get(i + 1)?;
        let b = cp1252_high_byte(next).filter(|b| (0x80..=0xBF).contains(b))?;
        let fixed = std::str::from_utf8(&[0xC3, b]).ok()?.to_owned();
        let prev_is_letter = i > 0 && chars[i - 1].is_alphabetic();
        let next_is_letter = chars.get(i + 2).is_some_and(|c| c.is_alphabetic());
        return (prev_is_letter || next_is_letter).then_some((fixed, 2));
    }
    if !is_lead(lead) {
        return None;
    }
    let lead_byte = cp1252_high_byte(lead)?;
    let width = match lead_byte {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead_byte];
    for k in 1..width {
        let c = *chars.get(i + k)?;
        // "â€" + a space: the third byte 0x9D/0x81/0x8D/0x8F/0x90 has no windows-1252
        // character and often got lost as a space or dropped: no repair then.
        let b = cp1252_high_byte(c)?;
        bytes.push(b);
    }
    let fixed = std::str::from_utf8(&bytes).ok()?;
    // Repairs must produce a single non-control character.
    let mut it = fixed.chars();
    let c = it.next()?;
    if it.next().is_some() || c.is_control() {
        return None;
    }
    Some((fixed.to_owned(), width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_classic_double_encoding() {
        assert_eq!(
            repair("rÃ©forme de lâ€™Ã©ducation"),
            "réforme de l’éducation"
        );
    }

    #[test]
    fn repairs_seed_turkiye_form() {
        assert_eq!(
            repair("le Burkina explore les offres militaires de la Tà¼rkiye"),
            "le Burkina explore les offres militaires de la Türkiye"
        );
    }

    #[test]
    fn leaves_clean_french_alone() {
        let s = "À Ouagadougou, l’été a été chaud : « ça suffit », dit-il. Â peine.";
        assert_eq!(repair(s), s);
        assert!(!looks_mojibaked("Déjà là, à 20 h."));
    }

    #[test]
    fn leaves_fractions_after_words_alone_when_not_a_sequence() {
        // "Ã" followed by a space is not a sequence.
        assert_eq!(repair("Ã la"), "Ã la");
    }
}
