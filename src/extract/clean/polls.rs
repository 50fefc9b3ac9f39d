//! Polls and quizzes inside articles: a question and its answers, each answer a radio
//! button's label. The inputs go with the form tags, but the labels' and the question's
//! text would stay and read as short lines of the story. A radio group (two or more
//! `<input type=radio>` sharing a `name`) marks the widget wherever its markup comes from.

use super::super::dom::{common_ancestor, TextStats};
use super::super::tuning::{POLL_MAX_CHARS, POLL_QUESTION_MAX_CHARS};
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::Node;

/// The radio groups met on a walk of the page, by input name.
#[derive(Default)]
pub(super) struct RadioGroups<'a>(FxHashMap<&'a str, Vec<NodeRef<'a, Node>>>);

impl<'a> RadioGroups<'a> {
    /// Notes the node if it is a visible radio input with a name. Called on every element
    /// of the removal walk, so that the page is not walked again for polls.
    pub(super) fn note(&mut self, node: NodeRef<'a, Node>, e: &'a scraper::node::Element) {
        if e.name() != "input" {
            return;
        }
        // A hidden radio is a CSS toggle (a burger menu's sections), not an answer.
        let radio = e
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("radio"));
        if radio && e.attr("hidden").is_none() {
            if let Some(name) = e.attr("name").filter(|n| !n.is_empty()) {
                self.0.entry(name).or_default().push(node);
            }
        }
    }

    /// The boxes of the page's polls: the smallest element holding a whole radio group,
    /// widened by one level when the parent adds no more than a question to it; a box
    /// with more text than a poll has is a form or a page, and is left alone.
    pub(super) fn poll_boxes(
        &self,
        stats: &FxHashMap<NodeId, TextStats>,
    ) -> Vec<NodeRef<'a, Node>> {
        let chars = |n: NodeRef<'_, Node>| stats.get(&n.id()).map_or(0, |s| s.chars);
        self.0
            .values()
            .filter(|inputs| inputs.len() >= 2)
            .filter_map(|inputs| {
                let group = common_ancestor(inputs)?;
                let parent = group.parent().filter(|p| p.value().is_element());
                let widened = parent.filter(|p| {
                    chars(*p).saturating_sub(chars(group)) <= POLL_QUESTION_MAX_CHARS
                        && !matches!(p.value(), Node::Element(e) if matches!(e.name(), "body" | "html"))
                });
                let poll = widened.unwrap_or(group);
                (chars(poll) <= POLL_MAX_CHARS).then_some(poll)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(html: &str) -> Vec<String> {
        super::super::widget_tests::box_ids(html, |elements, stats| {
            let mut groups = RadioGroups::default();
            elements.for_each(|(n, e)| groups.note(n, e));
            groups.poll_boxes(stats)
        })
    }

    #[test]
    fn a_radio_group_and_its_question_are_one_poll() {
        let html = "<div id=story><p>Le conseil municipal a voté le budget.</p>\
            <div id=poll><p>Faut-il un audit des marchés ?</p><div id=answers>\
            <label><input type=radio name=q1> Oui</label>\
            <label><input type=radio name=q1> Non</label></div></div>\
            <p>Le maire a promis de publier les comptes.</p></div>";
        assert_eq!(boxes(html), vec!["poll"]);
    }

    #[test]
    fn hidden_radio_toggles_and_page_wide_groups_are_not_polls() {
        let long = "<p>Le conseil municipal a voté le budget, après un long débat.</p>".repeat(40);
        let html = format!(
            "<div id=page><nav id=menu><input type=radio name=item hidden> Accueil\
             <input type=radio name=item hidden> Sport</nav>\
             <div id=wrap><input type=radio name=v> A {long}<input type=radio name=v> B</div></div>"
        );
        assert!(boxes(&html).is_empty());
    }

    #[test]
    fn checkboxes_and_lone_radios_are_not_polls() {
        // A recipe's ingredients to tick off, and a single consent radio.
        let html = "<div id=recipe><ul id=ingredients>\
            <li><label><input type=checkbox name=i> 200 g de farine</label></li>\
            <li><label><input type=checkbox name=i> 3 œufs</label></li></ul>\
            <div id=consent><input type=radio name=c> J’accepte</div></div>";
        assert!(boxes(html).is_empty());
    }
}
