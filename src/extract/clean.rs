//! Generic cleaning: removes what is never article text on any site — scripts, forms,
//! navigation, headers and footers of the page, asides, hidden elements, and elements
//! whose class or id names them as ads, share bars, comments, related lists, newsletter
//! or cookie boxes, breadcrumbs or widgets. Works in any language because it reads the
//! markup's vocabulary, not the text.

use super::dom::TextStats;
use super::Removal;
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Elements removed wherever they are.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "link",
    "meta",
    "map",
    "video",
    "audio",
    "dialog",
    "menu",
    "img",
    "picture",
    "source",
    "track",
    "head",
    "figure",
    "figcaption",
    "rt",
    "rp",
];

/// Class/id words (after splitting on `-` and `_`) that mark an element as boilerplate.
const NOISE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "pub",
    "pubs",
    "publicite",
    "sponsor",
    "sponsored",
    "banner",
    "share",
    "sharing",
    "sharer",
    "social",
    "socials",
    "related",
    "comment",
    "comments",
    "commentaires",
    "respond",
    "reply",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "ariane",
    "sidebar",
    "popup",
    "modal",
    "overlay",
    "pagination",
    "pager",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "footer",
    "masthead",
    "toolbar",
    "tags",
    "tagcloud",
    "keywords",
    "outbrain",
    "taboola",
    "disqus",
    "promo",
    "recommended",
    "recommendations",
    "trending",
    "popular",
    "mostread",
    "print",
    "login",
    "byline",
    "meta",
    "author",
    "aussi",
    "also",
    "readmore",
    "more",
    "rating",
    "donate",
    "paywall",
    "jp",
    "sharedaddy",
    "addtoany",
    "a2a",
    "addthis",
    "prev",
    "next",
    "postnav",
    "tooltip",
    "caption",
    "credit",
    "credits",
    "copyright",
    "toc",
    "lightbox",
    "cta",
];

/// Substrings of a class/id token that mark boilerplate even inside a longer word.
const NOISE_STEMS: &[&str] = &[
    "share",
    "social",
    "comment",
    "related",
    "newsletter",
    "cookie",
    "breadcrumb",
    "sidebar",
    "sponsor",
    "advert",
    "adsbygoogle",
    "banner",
    "popup",
    "subscribe",
    "pagination",
    "outbrain",
    "taboola",
    "disqus",
    "recommend",
    "relatedposts",
    "caption",
    "copyright",
    "readalso",
    "lireaussi",
    "seealso",
];

/// Words that mark a container of the article itself: such an element is kept when it
/// holds a large part of the page's text even if it also carries a noise word.
const CONTENT_WORDS: &[&str] = &[
    "content", "article", "entry", "post", "body", "text", "story", "main", "texte", "corps",
];

/// ARIA roles of page chrome.
const NOISE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alert",
    "menu",
    "menubar",
];

static STEMS: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(NOISE_STEMS).expect("static patterns"));
static WORDS: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| NOISE_WORDS.iter().copied().collect());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    Neutral,
    Noise,
    NoiseInContent,
}

fn classify(e: &scraper::node::Element) -> Vocabulary {
    let mut noise = false;
    let mut content = false;
    let class = e.attr("class").unwrap_or("");
    let id = e.attr("id").unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return Vocabulary::Neutral;
    }
    // Responsive utilities ("hidden-xs", "md:hidden", "d-none d-md-block") hide an element
    // on some screens only; they say nothing about what it holds.
    let responsive = class.split_whitespace().any(|t| {
        t.contains(':')
            || t.starts_with("visible-")
            || (t.starts_with("d-") && (t.ends_with("-block") || t.ends_with("-flex")))
    });
    for token in class
        .split_whitespace()
        .chain(std::iter::once(id).filter(|id| !is_heading_slug(id)))
        .filter(|t| !t.is_empty())
    {
        let mut token = token.to_ascii_lowercase();
        // A BEM modifier ("page--with-sidebar") describes the block's state, and layout
        // flags ("has-sidebar", "no-comments") describe the page: neither names the box.
        if let Some(i) = token.find("--") {
            token.truncate(i);
        }
        if ["has-", "with-", "no-", "without-", "show-"]
            .iter()
            .any(|p| token.starts_with(p))
        {
            continue;
        }
        if token.starts_with("hidden-")
            || token.starts_with("visible-")
            || token.contains(':')
            || matches!(
                token.as_str(),
                "__next" | "__nuxt" | "__layout" | "app" | "root"
            )
        {
            continue;
        }
        if !responsive
            && matches!(
                token.as_str(),
                "hidden" | "hide" | "is-hidden" | "u-hidden" | "js-hidden" | "d-none"
            )
        {
            noise = true;
        }
        // "commentary" is a genre of article (an opinion piece), not a comment thread.
        if STEMS.is_match(token.as_str()) && !token.contains("commentar") {
            noise = true;
        }
        // Compounds split by a dash ("pop-up", "side-bar", "news-letter").
        if token.contains(['-', '_']) && !token.contains("commentar") {
            let joined = token.replace(['-', '_'], "");
            if STEMS.is_match(joined.as_str()) {
                noise = true;
            }
        }
        // "widget_text", "widgets-area": a sidebar widget; "elementor-widget-text-editor"
        // is a page builder's box around anything, the article included.
        // "skip-link", "skip-to-content" (but not ReadSpeaker's "rs_skip" around text).
        if token.starts_with("widget") || token.starts_with("skip") {
            noise = true;
        }
        // The page's header ("header", "site-header", "header-top"), but not the article's
        // ("entry-header"), a table's ("table-header") or a card's ("header-content-align").
        if is_page_header_token(&token) {
            noise = true;
        }
        for word in token.split(['-', '_']) {
            if WORDS.contains(word) {
                noise = true;
            }
            if CONTENT_WORDS.contains(&word) {
                content = true;
            }
        }
        if matches!(
            token.as_str(),
            "sr-only" | "screen-reader-text" | "visually-hidden" | "invisible"
        ) {
            noise = true;
        }
    }
    match (noise, content) {
        (false, _) => Vocabulary::Neutral,
        (true, false) => Vocabulary::Noise,
        (true, true) => Vocabulary::NoiseInContent,
    }
}

/// An id made from a heading's words ("sharing-with-a-single-developer", as documentation
/// generators and Markdown renderers write them): it names the section's subject, not its
/// role, so its words say nothing about boilerplate. Four or more words, letters and digits.
fn is_heading_slug(id: &str) -> bool {
    let mut words = 0;
    for w in id.split('-') {
        if w.is_empty()
            || !w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return false;
        }
        words += 1;
    }
    words >= 4
}

fn is_page_header_token(token: &str) -> bool {
    let mut words = token.split(['-', '_']).filter(|w| !w.is_empty());
    match (words.next(), words.next()) {
        (Some("header"), None) => true,
        (Some("header"), Some(w)) => matches!(
            w,
            "top"
                | "wrapper"
                | "wrap"
                | "inner"
                | "main"
                | "bar"
                | "nav"
                | "menu"
                | "logo"
                | "area"
                | "container"
                | "section"
                | "bottom"
                | "mobile"
                | "desktop"
                | "sticky"
        ),
        (Some(w), Some("header")) => matches!(
            w,
            "site"
                | "page"
                | "main"
                | "global"
                | "top"
                | "mobile"
                | "sticky"
                | "fixed"
                | "masthead"
        ),
        _ => matches!(
            token,
            "headerbar" | "siteheader" | "pageheader" | "globalheader"
        ),
    }
}

fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = e
        .attr("style")
        .filter(|s| s.contains("none") || s.contains("hidden"))
    {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Decides which elements to remove. The page's text size and prose (paragraph text
/// outside links) are used so that a container holding most of the page is never removed
/// for its tag, role or class name alone (ASP.NET pages wrap everything in a `<form>`, page
/// builders call every box a "widget").
pub(crate) fn generic_removals(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    protected: &HashSet<NodeId>,
    relaxed: bool,
    explain: &mut Option<&mut Vec<Removal>>,
) -> Vec<NodeId> {
    let page = doc
        .tree
        .root()
        .children()
        .filter_map(|c| stats.get(&c.id()))
        .fold(TextStats::default(), |mut acc, s| {
            acc.chars += s.chars;
            acc.prose += s.prose;
            acc
        });
    let total = page.chars.max(1) as f32;
    let total_prose = page.prose.max(1) as f32;
    let mut out = Vec::new();
    let mut seen: FxHashMap<&str, Vocabulary> = FxHashMap::default();
    let mut skipping: Option<NodeId> = None;
    for edge in doc.tree.root().traverse() {
        let node = match edge {
            Edge::Open(node) => node,
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                }
                continue;
            }
        };
        if skipping.is_some() {
            continue;
        }
        let Node::Element(e) = node.value() else {
            continue;
        };
        let name = e.name();
        if matches!(name, "html" | "body") || protected.contains(&node.id()) {
            continue;
        }
        let s = stats.get(&node.id()).copied().unwrap_or_default();
        let share = s.chars as f32 / total;
        // Holds most of the page's prose: only removed when invisible or never text.
        let prose_heavy = s.prose as f32 / total_prose >= 0.5 && s.prose >= 200;
        let rule = if DROP_TAGS.contains(&name) && !(prose_heavy && is_container_tag(name)) {
            Some("tag")
        } else if name == "header" && !inside_article(node) && !prose_heavy {
            Some("page-header")
        } else if is_hidden(e)
            && (share < 0.5 || {
                // Most of the page hidden, but real prose is visible beside it.
                let visible = page.prose.saturating_sub(s.prose);
                visible >= 200 && visible as f32 >= 0.3 * total_prose
            })
        {
            Some("hidden")
        } else if prose_heavy || relaxed {
            None
        } else if e.attr("role").is_some_and(|r| NOISE_ROLES.contains(&r)) && share < 0.4 {
            Some("role")
        } else if e.attr("aria-hidden") == Some("true") && share < 0.1 {
            Some("aria-hidden")
        } else {
            // Menus and lists repeat the same class attribute hundreds of times.
            let vocabulary = match (e.attr("class"), e.attr("id")) {
                (None, None) => Vocabulary::Neutral,
                (Some(class), None) => *seen.entry(class).or_insert_with(|| classify(e)),
                _ => classify(e),
            };
            match vocabulary {
                Vocabulary::Neutral => None,
                Vocabulary::Noise if matches!(name, "main" | "article") && share > 0.2 => None,
                Vocabulary::Noise if share < 0.4 => Some("class"),
                Vocabulary::NoiseInContent if share < 0.25 => Some("class"),
                _ => None,
            }
        };
        if let Some(rule) = rule {
            if let Some(log) = explain.as_deref_mut() {
                if let Some(el) = ElementRef::wrap(node) {
                    log.push(Removal::new(rule, &el));
                }
            }
            out.push(node.id());
            skipping = Some(node.id());
        }
    }
    out
}

/// Tags that may wrap a whole page on some sites.
fn is_container_tag(name: &str) -> bool {
    matches!(
        name,
        "form" | "aside" | "nav" | "footer" | "menu" | "figure"
    )
}

fn inside_article(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|a| match a.value() {
        Node::Element(e) => {
            matches!(e.name(), "article" | "main") || e.attr("itemprop") == Some("articleBody")
        }
        _ => false,
    })
}

/// Ids of the elements matched by the given selectors (site or theme `remove` rules).
pub(crate) fn selector_removals(
    doc: &Html,
    selectors: &[Selector],
    rule: &str,
    explain: &mut Option<&mut Vec<Removal>>,
) -> Vec<NodeId> {
    let mut out = Vec::new();
    for s in selectors {
        for el in doc.select(s) {
            if let Some(log) = explain.as_deref_mut() {
                log.push(Removal::new(rule, &el));
            }
            out.push(el.id());
        }
    }
    out
}

/// Detaches the nodes from the tree; nested or repeated ids are harmless.
pub(crate) fn detach_all(doc: &mut Html, ids: &[NodeId]) {
    for id in ids {
        detach_safely(doc, *id);
    }
}

/// Detaches a node, or empties it when its parent link is stale. The HTML parser's
/// adoption agency (misnested formatting tags) moves children with ego-tree's
/// `reparent_from_id_append`, which re-points only the first and the last moved child:
/// the middle ones keep their old parent, and detaching one would corrupt the tree or
/// panic (found by the `extract` fuzz target).
fn detach_safely(doc: &mut Html, id: NodeId) {
    let Some(node) = doc.tree.get(id) else {
        return;
    };
    let Some(parent) = node.parent() else {
        return; // already detached
    };
    if parent.children().any(|c| c.id() == id) {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
        return;
    }
    let children: Vec<NodeId> = node.children().map(|c| c.id()).collect();
    for child in children {
        detach_safely(doc, child);
    }
    if let Some(mut n) = doc.tree.get_mut(id) {
        if let Node::Text(t) = n.value() {
            t.text = Default::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::text_stats;

    /// A page with `inner` between a long article and a footer line, so that shares of
    /// page text are realistic.
    fn page(inner: &str) -> String {
        let para = "<p>Le conseil municipal a voté mardi le budget de l’exercice, après un long \
                    débat sur la voirie, les écoles et la collecte des ordures ménagères.</p>";
        format!(
            "<html><body><div id=main-article>{}</div>{inner}<p>fin</p></body></html>",
            para.repeat(6)
        )
    }

    #[test]
    fn a_section_id_made_from_its_heading_is_not_vocabulary() {
        let section = "<div class=section id=sharing-with-a-single-developer><h2>Sharing with a \
                       single developer</h2><p>The simplest scenario is a single developer \
                       working across two computers, one of them a remote test server.</p></div>";
        assert!(!removed(&page(section), "sharing-with-a-single-developer"));
        assert!(removed(
            &page("<div id=share-bar-top><a href=/x>Partager</a></div>"),
            "share-bar-top"
        ));
        assert!(is_heading_slug("example-1-amend-a-shared-changeset"));
        assert!(!is_heading_slug("jp-relatedposts"));
        assert!(!is_heading_slug("comments_area-x-y-z"));
    }

    /// True when the element with `id` (or one of its ancestors) is removed.
    fn removed(html: &str, id: &str) -> bool {
        removed_with(html, id, false)
    }

    fn removed_with(html: &str, id: &str, relaxed: bool) -> bool {
        let doc = Html::parse_document(html);
        let stats = text_stats(&doc);
        let ids = generic_removals(&doc, &stats, &HashSet::new(), relaxed, &mut None);
        let sel = Selector::parse(&format!("#{id}")).unwrap();
        let el = doc.select(&sel).next().expect("element with that id");
        std::iter::once(el.id())
            .chain(el.ancestors().map(|a| a.id()))
            .any(|n| ids.contains(&n))
    }

    #[test]
    fn drops_by_tag() {
        for inner in [
            "<nav id=x><a href=/>Accueil</a></nav>",
            "<aside id=x><p>Les plus lus</p></aside>",
            "<footer id=x>Tous droits réservés</footer>",
            "<form id=x><input name=q></form>",
            "<figure id=x><img src=a.jpg><figcaption>Photo : AFP</figcaption></figure>",
            "<script id=x>var a = 1;</script>",
        ] {
            assert!(removed(&page(inner), "x"), "{inner}");
        }
    }

    #[test]
    fn a_form_wrapping_the_whole_page_is_kept() {
        // ASP.NET pages wrap everything in one <form>.
        let html = page("")
            .replace("<body>", "<body><form id=x>")
            .replace("</body>", "</form></body>");
        assert!(!removed(&html, "x"));
        assert!(!removed(&html, "main-article"));
    }

    #[test]
    fn page_header_is_dropped_but_not_an_article_header() {
        let html = page("<header id=x><a href=/>Logo</a> Le Journal</header>");
        assert!(removed(&html, "x"));
        let html = "<html><body><article><header id=x><h1>Titre</h1></header><p>Texte assez long \
                    pour compter comme un article entier, avec des virgules, et des phrases.</p>\
                    </article></body></html>";
        assert!(!removed(html, "x"));
    }

    #[test]
    fn a_commentary_is_an_article_not_a_comment_thread() {
        assert!(!removed(
            &page("<div id=x class=\"article commentary\"><p>Un éditorial.</p></div>"),
            "x"
        ));
        assert!(removed(
            &page("<div id=x class=comment-list><p>Un avis.</p></div>"),
            "x"
        ));
    }

    #[test]
    fn hidden_elements_are_dropped() {
        assert!(removed(
            &page("<div id=x style=\"display: none\">caché</div>"),
            "x"
        ));
        assert!(removed(&page("<div id=x hidden>caché</div>"), "x"));
        assert!(removed(
            &page("<span id=x class=sr-only>Aller au contenu</span>"),
            "x"
        ));
        assert!(removed(
            &page("<div id=x class=\"hidden\">caché</div>"),
            "x"
        ));
    }

    #[test]
    fn responsive_visibility_classes_are_not_hidden() {
        // Bootstrap 3, Tailwind, Bootstrap 4+ utilities hide on some screens only.
        for class in [
            "hidden-xs hidden-sm",
            "hidden md:block",
            "d-none d-md-block",
            "hidden-print",
        ] {
            let html = page(&format!(
                "<div id=x class=\"{class}\">Intertitre visible</div>"
            ));
            assert!(!removed(&html, "x"), "{class}");
        }
        // Drupal: the field's *label* is hidden, not the field.
        assert!(!removed(
            &page("<div id=x class=\"field field--label-hidden\">corps</div>"),
            "x"
        ));
    }

    #[test]
    fn aria_roles_of_page_chrome_are_dropped() {
        for role in [
            "navigation",
            "banner",
            "contentinfo",
            "complementary",
            "search",
            "dialog",
        ] {
            let html = page(&format!("<div id=x role={role}>Menu</div>"));
            assert!(removed(&html, "x"), "{role}");
        }
    }

    #[test]
    fn noise_vocabulary_in_class_or_id() {
        for attrs in [
            "class=share-buttons",
            "class=\"post-comments\"",
            "class=comment-respond",
            "class=related-posts",
            "class=jp-relatedposts",
            "class=newsletter-box",
            "class=breadcrumb",
            "class=\"ad-slot\"",
            "class=widget_recent_entries",
            "class=\"wp-caption-text\"",
            "class=outbrain-wrap",
            "class=cookie-notice",
            "class=\"ez-toc toc\"",
        ] {
            let html = page(&format!("<div id=x {attrs}>boilerplate</div>"));
            assert!(removed(&html, "x"), "{attrs}");
        }
    }

    #[test]
    fn layout_words_are_not_noise() {
        for attrs in [
            "class=\"elementor-widget-container\"",
            "class=\"iz-pagebody--wsidebar\"",
            "class=\"layout has-sidebar\"",
            "id=__next",
            "class=\"post-entry\"",
        ] {
            let html = page(&format!("<div id=x {attrs}>Un paragraphe ordinaire.</div>"));
            assert!(!removed(&html, "x"), "{attrs}");
        }
    }

    #[test]
    fn a_noise_class_holding_most_of_the_prose_is_kept() {
        // A page builder's or an ad plugin's wrapper around the whole article.
        let html = page("").replace(
            "<div id=main-article>",
            "<div id=x class=\"banners-contenido-nota\"><div id=main-article>",
        );
        let html = html.replace("</div><p>fin", "</div></div><p>fin");
        assert!(!removed(&html, "x"));
    }

    #[test]
    fn relaxed_mode_keeps_class_matches_but_drops_tags() {
        let html = page("<div id=x class=comment-body><p>Premier message du forum.</p></div><nav id=y>menu</nav>");
        assert!(removed(&html, "x"));
        assert!(!removed_with(&html, "x", true));
        assert!(removed_with(&html, "y", true));
    }

    #[test]
    fn selector_removals_and_detach() {
        let mut doc = Html::parse_document("<div class=pub>Publicité</div><p>Texte</p>");
        let ids = selector_removals(&doc, &[Selector::parse(".pub").unwrap()], "site", &mut None);
        assert_eq!(ids.len(), 1);
        detach_all(&mut doc, &ids);
        detach_all(&mut doc, &ids); // twice is harmless
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, "Texte");
    }
}
