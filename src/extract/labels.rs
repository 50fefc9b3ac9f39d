//! The vocabulary of boilerplate lines: ad labels, "read also" links, comment-form and
//! captcha messages, share prompts. Kept as data so that a new phrase is one line here,
//! and matched on a folded form (lower case, no accents, single spaces) so that
//! "A LIRE AUSSI", "À lire aussi" and "- Publicité -" are all caught.

use std::sync::LazyLock;

/// Lines that are dropped when they are the whole block (after folding).
const EXACT: &[&str] = &[
    "publicite",
    "pub",
    "advertisement",
    "advertising",
    "advertisements",
    "sponsored content",
    "publicidade",
    "pubblicita",
    "annonce",
    "annonces",
    "sponsored",
    "sponsorise",
    "contenu sponsorise",
    "anzeige",
    "werbung",
    "reklama",
    "publicidad",
    "spot_img",
    "leave a reply",
    "leave a comment",
    "laisser un commentaire",
    "laissez un commentaire",
    "poster un commentaire",
    "annuler la reponse",
    "cancel reply",
    "repondre",
    "reply",
    "commentaires",
    "comments",
    "commentaire",
    "0 commentaire",
    "aucun commentaire",
    "no comments",
    "discussion a propos de ce post",
    "quitter la version mobile",
    "exit mobile version",
    "partager",
    "partager :",
    "partager cet article",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "imprimer",
    "print",
    "email",
    "e-mail",
    "whatsapp",
    "facebook",
    "twitter",
    "linkedin",
    "telegram",
    "pinterest",
    "lire la suite",
    "read more",
    "en savoir plus",
    "voir aussi",
    "articles similaires",
    "articles lies",
    "sur le meme sujet",
    "a lire aussi",
    "lire aussi",
    "a lire egalement",
    "lire egalement",
    "a voir aussi",
    "related",
    "related posts",
    "related articles",
    "you may also like",
    "vous aimerez aussi",
    "recommande pour vous",
    "plus d'articles",
    "a la une",
    "publie",
    "on",
    "par",
    "by",
    "mis a jour",
    "accueil",
    "home",
    "ce contenu est reserve aux abonnes",
    "captcha verification failed!",
    "tags",
    "mots-cles",
    "etiquettes",
    "sources",
    "source",
    "+ de la semaine derniere",
    "les plus lus",
    "most read",
    "newsletter",
    "abonnez-vous",
    "subscribe",
    "inscrivez-vous a notre newsletter",
    // German
    "mehr zum thema",
    "mehr zu diesem thema",
    "lesen sie auch",
    "lesen sie dazu",
    "lesen sie mehr",
    "auch interessant",
    "das konnte sie auch interessieren",
    "das konnte dich auch interessieren",
    "das konnte sie interessieren",
    "das konnte dich interessieren",
    "das thema konnte dich auch interessieren",
    "weitere artikel",
    "weitere beitrage",
    "weitere themen",
    "weitere nachrichten",
    "verwandte beitrage",
    "verwandte artikel",
    "ahnliche beitrage",
    "ahnliche artikel",
    "empfohlene beitrage",
    "weiterlesen",
    "mehr lesen",
    "mehr erfahren",
    "uber den autor",
    "uber die autorin",
    "zur person",
    "autor",
    "autorin",
    "autoren",
    "inhaltsverzeichnis",
    "inhalt",
    "seite teilen",
    "artikel teilen",
    "beitrag teilen",
    "teilen",
    "drucken",
    "kommentieren",
    "kommentare",
    "kommentar schreiben",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "antworten",
    "themen",
    "themen im artikel",
    "schlagworte",
    "schlagwörter",
    "stichworte",
    "zuruck",
    "nach oben",
    "zum newsletter anmelden",
    "newsletter abonnieren",
    "jetzt abonnieren",
    "meistgelesen",
    "meistgelesene artikel",
    "top-artikel",
    // English
    "related stories",
    "related content",
    "related news",
    "more stories",
    "more news",
    "more on this story",
    "more on this topic",
    "read next",
    "read more",
    "see also",
    "also read",
    "recommended",
    "recommended for you",
    "about the author",
    "table of contents",
    "contents",
    "share this post",
    "share this story",
    "share this page",
    "like it? share it!",
    "trending",
    "popular posts",
    "latest news",
    "most popular",
    "comment",
    "post a comment",
    // Spanish, Italian, Portuguese, Polish, Dutch
    "noticias relacionadas",
    "te puede interesar",
    "tambien te puede interesar",
    "lee tambien",
    "leer mas",
    "ver mas",
    "articulos relacionados",
    "compartir",
    "comentarios",
    "leggi anche",
    "potrebbe interessarti",
    "articoli correlati",
    "condividi",
    "leia tambem",
    "veja tambem",
    "saiba mais",
    "compartilhe",
    "czytaj takze",
    "czytaj rowniez",
    "zobacz takze",
    "zobacz rowniez",
    "polecamy",
    "udostepnij",
    "komentarze",
    "lees ook",
    "gerelateerde artikelen",
    "delen",
    "articles les plus lus",
    "les plus lus",
    "a decouvrir aussi",
    "dans la meme rubrique",
    "weitere informationen",
    "weiterfuhrende links",
    "weiterfuhrender link",
    "weiterfuhrende informationen",
    "verwandte themen",
    "verwandte themenbereiche",
    "noch mehr infos fur dich",
    "mehr themen",
    "diese seite teilen",
    "jetzt teilen",
    "jetzt teilen!",
    "war der artikel nutzlich?",
    "war dieser artikel hilfreich?",
    "mochten sie den artikel teilen?",
    "dieser artikel gefallt ihnen?",
    "sie sind aktuell nicht eingeloggt.",
    "quellen ausblenden",
    "quellen anzeigen",
    "permalink",
    "permalien",
    "kontakt",
    "kontakt:",
    "pressekontakt",
    "temas relacionados",
    "contenido relacionado",
    "was this article helpful?",
    "did you find this article helpful?",
    "further information",
    "further reading",
    "more information",
    "useful links",
    "related links",
    "related topics",
    "plus d'infos",
    "pour aller plus loin",
];

/// Lines dropped when they are short (under [`SHORT_LINE_CHARS`]) and start with one of
/// these: "Mehr über TV", "More from our network", "Inne artykuły autora".
const SHORT_PREFIXES: &[&str] = &[
    "mehr uber ",
    "mehr zu ",
    "mehr von ",
    "mehr aus ",
    "mehr zum thema ",
    "weitere artikel",
    "weitere beitrage",
    "weitere inhalte",
    "weitere news",
    "andere artikel",
    "noch mehr ",
    "more from ",
    "more about ",
    "more on ",
    "other articles",
    "inne artykuly",
    "wiecej ",
    "mas sobre ",
    "mas noticias",
    "plus de ",
    "autres articles",
    "altri articoli",
];

/// Lines shorter than this (characters, folded) are checked against [`SHORT_PREFIXES`].
const SHORT_LINE_CHARS: usize = 60;

/// Headings that open a list of other articles: the lines after them are dropped while
/// they look like teasers (links, short lines, list items).
const RELATED: &[&str] = &[
    "a lire aussi",
    "lire aussi",
    "a lire egalement",
    "voir aussi",
    "articles similaires",
    "articles lies",
    "sur le meme sujet",
    "dans la meme rubrique",
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related content",
    "more stories",
    "more news",
    "read next",
    "read more",
    "see also",
    "also read",
    "you may also like",
    "recommended",
    "recommended for you",
    "most read",
    "most popular",
    "popular posts",
    "latest news",
    "mehr zum thema",
    "mehr zu diesem thema",
    "lesen sie auch",
    "auch interessant",
    "weitere artikel",
    "weitere beitrage",
    "weitere themen",
    "weitere nachrichten",
    "verwandte beitrage",
    "verwandte artikel",
    "ahnliche beitrage",
    "ahnliche artikel",
    "empfohlene beitrage",
    "meistgelesen",
    "noticias relacionadas",
    "te puede interesar",
    "articulos relacionados",
    "leggi anche",
    "articoli correlati",
    "leia tambem",
    "veja tambem",
    "czytaj takze",
    "zobacz takze",
    "polecamy",
    "lees ook",
    "les plus lus",
    "articles les plus lus",
    "plus d'articles",
];

/// Lines dropped when they start with one of these (after folding).
const PREFIXES: &[&str] = &[
    "a lire aussi",
    "a lire egalement",
    "lire aussi",
    "lire egalement",
    "a voir aussi",
    "voir aussi :",
    "read also",
    "read more:",
    "see also:",
    "related:",
    "also read",
    "you must be logged in",
    "vous devez etre connecte",
    "s'il vous plait entrez",
    "s'il vous plait, entrez",
    "votre adresse e-mail ne sera pas publiee",
    "votre adresse de messagerie ne sera pas publiee",
    "your email address will not be published",
    "le score de l'utilisateur captcha",
    "captcha",
    "enregistrer mon nom",
    "save my name, email",
    "ce site utilise akismet",
    "this site uses akismet",
    "nous utilisons des cookies",
    "we use cookies",
    "ce site utilise des cookies",
    "this website uses cookies",
    "partager sur ",
    "share on ",
    "suivez-nous sur",
    "follow us on",
    "abonnez-vous a notre",
    "inscrivez-vous a notre newsletter",
    "sign up for our newsletter",
    "tags :",
    "tags:",
    "mots-cles :",
    "mots cles :",
    "etiquettes :",
    "copyright ©",
    "© copyright",
    "tous droits reserves",
    "all rights reserved",
    "cliquez ici pour",
    "click here to",
    "publicite -",
    "- publicite",
    "mehr zum thema:",
    "lesen sie auch:",
    "lesen sie dazu:",
    "auch interessant:",
    "weiterlesen:",
    "das konnte sie auch interessieren",
    "das konnte dich auch interessieren",
    "subscribe now",
    "subscribe to our",
    "sign up for",
    "follow us",
    "click here",
    "klicken sie hier",
    "hier klicken",
    "jetzt abonnieren",
    "melden sie sich fur",
    "abonnieren sie",
    "te puede interesar:",
    "lea tambien",
    "lea mas:",
    "lea:",
    "vea tambien",
    "ver tambien:",
    "mira tambien",
    "leia mais:",
    "leggi anche",
    "przeczytaj tez",
    "czytaj tez",
    "lees ook:",
    "lees meer:",
    "lee tambien:",
    "leer mas:",
    "leggi anche:",
    "leia tambem:",
    "czytaj takze:",
    "zobacz takze:",
    "foto:",
    "fotos:",
    "bild:",
    "photo:",
    "image:",
    "credit:",
    "credits:",
    "crédit photo",
    "credit photo",
    "credits photos",
    "bildquelle:",
    "quelle:",
    "copyright:",
    "zrodlo:",
    "this entry was posted in",
    "this entry was posted on",
    "der beitrag wurde am",
    "dieser beitrag wurde am",
    "dieser eintrag wurde",
    "folgen sie uns",
    "folge uns",
    "siguenos en",
    "seguinos en",
    "suivez-nous",
    "follow the ",
    "ansprechpartner",
    "ansprechpartnerin",
    "posted in ",
    "filed under",
    "bookmark the permalink",
];

/// The prefixes as one anchored automaton: one pass over a line's start tests them all.
static PREFIX_AUTOMATON: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .start_kind(aho_corasick::StartKind::Anchored)
        .build(PREFIXES)
        .expect("static patterns")
});

static EXACT_SET: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| EXACT.iter().copied().collect());

fn has_prefix(text: &str) -> bool {
    PREFIX_AUTOMATON
        .find(aho_corasick::Input::new(text).anchored(aho_corasick::Anchored::Yes))
        .is_some()
}

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

/// How much of a block's start is enough to match every label and prefix.
const LABEL_HEAD_CHARS: usize = 100;

/// True when a whole block is a boilerplate label ("Publicité", "A LIRE AUSSI : …").
#[must_use]
pub fn is_label_line(text: &str) -> bool {
    // Labels and prefixes are short: a long block is judged on its start only.
    let head = match text.char_indices().nth(LABEL_HEAD_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let long = head.len() < text.len();
    let folded = fold(head);
    let core = folded.trim_matches(|c: char| {
        c == '-' || c == ' ' || c == '|' || c == '»' || c == '«' || c == ':' || c == '>' || c == '•'
    });
    if !long && (core.is_empty() || EXACT_SET.contains(core)) {
        return true;
    }
    if !long
        && core.chars().count() < SHORT_LINE_CHARS
        && SHORT_PREFIXES.iter().any(|p| core.starts_with(p))
    {
        return true;
    }
    has_prefix(core) || has_prefix(&folded)
}

/// True when a line is the heading of a "related articles" or "read also" list.
#[must_use]
pub fn is_related_heading(text: &str) -> bool {
    if text.len() > 80 {
        return false;
    }
    let folded = fold(text);
    let core = folded.trim_matches(|c: char| {
        c == '-' || c == ' ' || c == '|' || c == '»' || c == '«' || c == ':' || c == '>' || c == '•'
    });
    RELATED.contains(&core)
}

/// Extra label lines configured by a site (`drop_labels`), compared folded.
#[must_use]
pub fn matches_any(text: &str, labels: &[String]) -> bool {
    if labels.is_empty() {
        return false;
    }
    let folded = fold(text);
    labels.iter().any(|l| folded.starts_with(l.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_noise_lines_are_labels() {
        for line in [
            "Publicité",
            "- Publicité-",
            "- Publicité -",
            "A LIRE AUSSI : Sahel : Les Forces combattantes éliminent plusieurs terroristes",
            "À lire aussi: le budget 2024",
            "LAISSER UN COMMENTAIRE",
            "S'il vous plaît entrez votre commentaire!",
            "S'il vous plaît entrez votre nom ici",
            "Captcha verification failed!",
            "Le score de l'utilisateur captcha a échoué. Contactez nous s'il vous plait!",
            "You must be logged in to post a comment Login",
            "Leave a Reply",
            "Annuler la réponse",
            "+ DE LA SEMAINE DERNIÈRE",
            "Quitter la version mobile",
            "Discussion à propos de ce post",
            "spot_img",
            "A La Une",
            "Publié",
            "on",
        ] {
            assert!(is_label_line(line), "{line:?} should be a label");
        }
    }

    #[test]
    fn article_sentences_are_not_labels() {
        for line in [
            "Publicité mensongère : le ministère sanctionne trois entreprises de télécoms.",
            "Les deux parties « ont discuté des moyens de renforcer la coopération »",
            "On ne sait pas encore quand les travaux reprendront.",
            "Par ailleurs, le gouvernement a annoncé une hausse du budget.",
        ] {
            assert!(!is_label_line(line), "{line:?} is article text");
        }
    }

    #[test]
    fn boilerplate_lines_in_other_languages() {
        for line in [
            "Lesen Sie auch:",
            "Mehr zum Thema",
            "Das könnte Sie auch interessieren",
            "Weiterführende Links",
            "Diese Seite teilen",
            "War der Artikel nützlich?",
            "Te puede interesar",
            "Leggi anche: un altro articolo",
            "Czytaj także",
            "Related Posts",
            "Advertisements",
            "This entry was posted in News. Bookmark the permalink.",
            "Mehr über TV",
            "Inne artykuły autora",
        ] {
            assert!(is_label_line(line), "{line:?} should be a label");
        }
        for line in [
            "Mehr über die Hintergründe des Streits erfahren die Leser erst im zweiten Teil des Berichts, der morgen erscheint.",
            "Weitere Informationen hat die Polizei nicht veröffentlicht, die Ermittlungen dauern an.",
        ] {
            assert!(!is_label_line(line), "{line:?} is article text");
        }
    }

    #[test]
    fn related_headings() {
        for h in [
            "Lesen Sie auch",
            "À lire aussi :",
            "Related articles",
            "Noticias relacionadas",
        ] {
            assert!(is_related_heading(h), "{h:?}");
        }
        assert!(!is_related_heading(
            "Un tarif social pour les ménages modestes"
        ));
    }

    #[test]
    fn fold_strips_accents_and_case() {
        assert_eq!(fold("  À LIRE   Aussi "), "a lire aussi");
    }
}
