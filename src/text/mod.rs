//! Text helpers shared by extraction, deduplication, discovery and configuration: the
//! folded form that matching uses ([`fold`]), whitespace collapsing ([`collapse_ws`]) and
//! date parsing ([`date`]). They live apart from `extract` so that a module that only
//! compares or cleans text does not depend on the extraction cascade (and `config`, which
//! `extract` is configured by, does not depend on `extract` for them).

pub mod date;

/// Lower-cases, strips accents from Latin letters, folds dashes and whitespace; used only
/// for matching, never for output.
#[must_use]
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ř' => 'r',
            'ś' | 'š' => 's',
            'ù' | 'ú' | 'û' | 'ü' | 'ů' => 'u',
            'ÿ' | 'ý' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            '’' | '‘' | '`' => '\'',
            '–' | '—' | '‑' => '-',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Folds runs of whitespace (including no-break spaces) into one space and trims.
#[must_use]
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_accents_and_case() {
        assert_eq!(fold("  À LIRE   Aussi "), "a lire aussi");
    }
}
