//! Newsletter and registration boxes inside articles: a pitch ("Get daily news in your
//! inbox"), an email field, a button and a consent line. The form goes with the form tags,
//! but the pitch and the consent line around it would stay and read as lines of the story.
//! A visible `<input type=email>` marks the box wherever its markup comes from and
//! whatever its classes are called ("c-inlineSignup", "nl-box", …).

use super::super::dom::TextStats;
use super::super::tuning::{SIGNUP_MAX_CHARS, SIGNUP_MAX_PROSE};
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::Node;

/// The email fields met on a walk of the page.
#[derive(Default)]
pub(super) struct EmailFields<'a>(Vec<NodeRef<'a, Node>>);

impl<'a> EmailFields<'a> {
    /// Notes the node if it is a visible email input. Called on every element of the
    /// removal walk, so that the page is not walked again for signup boxes.
    pub(super) fn note(&mut self, node: NodeRef<'a, Node>, e: &scraper::node::Element) {
        if e.name() == "input"
            && e.attr("hidden").is_none()
            && e.attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("email"))
        {
            self.0.push(node);
        }
    }

    /// The signup boxes: for each field, its largest ancestor below `<body>` with at most
    /// [`SIGNUP_MAX_CHARS`] of text and [`SIGNUP_MAX_PROSE`] of paragraph text (a story,
    /// however short, with a field inside it is still a story).
    pub(super) fn boxes(&self, stats: &FxHashMap<NodeId, TextStats>) -> Vec<NodeRef<'a, Node>> {
        self.0
            .iter()
            .filter_map(|field| pitch_box(*field, stats, SIGNUP_MAX_CHARS))
            .collect()
    }
}

/// The largest ancestor of `mark` below `<body>` with at most `max_chars` of text and
/// [`SIGNUP_MAX_PROSE`] of paragraph text: the box of a pitch around a field or a link.
pub(super) fn pitch_box<'a>(
    mark: NodeRef<'a, Node>,
    stats: &FxHashMap<NodeId, TextStats>,
    max_chars: u32,
) -> Option<NodeRef<'a, Node>> {
    let stat = |n: NodeRef<'_, Node>| stats.get(&n.id()).copied().unwrap_or_default();
    mark.ancestors()
        .take_while(|a| match a.value() {
            Node::Element(e) => {
                let s = stat(*a);
                !matches!(e.name(), "body" | "html")
                    && s.chars <= max_chars
                    && s.prose <= SIGNUP_MAX_PROSE
            }
            _ => false,
        })
        .last()
}

#[cfg(test)]
mod tests {
    use super::super::widget_tests::STORY;
    use super::*;

    fn boxes(html: &str) -> Vec<String> {
        super::super::widget_tests::box_ids(html, |elements, stats| {
            let mut fields = EmailFields::default();
            elements.for_each(|(n, e)| fields.note(n, e));
            fields.boxes(stats)
        })
    }

    #[test]
    fn the_pitch_and_consent_around_an_email_field_are_one_box() {
        let html = format!(
            "<div id=story>{STORY}<div id=signup><div id=inner><h2>La lettre du matin</h2>\
             <p>L’essentiel de l’actualité chaque matin dans votre boîte.</p><form>\
             <input type=email placeholder=Email><button>S’inscrire</button></form>\
             <p>En vous inscrivant, vous acceptez nos conditions.</p></div></div>{STORY}</div>"
        );
        assert_eq!(boxes(&html), vec!["signup"]);
    }

    #[test]
    fn a_story_holding_a_field_and_hidden_fields_are_not_boxes() {
        // The whole article is shorter than a box may be, but it is paragraphs of prose.
        let html = format!(
            "<div id=story>{STORY}<form><input type=email></form>{STORY}</div>\
             <div id=other><input type=email hidden></div>"
        );
        assert!(boxes(&html).is_empty(), "{:?}", boxes(&html));
    }
}
