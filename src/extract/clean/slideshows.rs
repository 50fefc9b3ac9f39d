//! Slideshows inside articles: a list of pictures whose captions count "1/50", "2/50", …
//! The captions are often long (a paragraph per picture) and outweigh the story, so the
//! class vocabulary and the text-share limits cannot tell them from it; the counter can.

use super::super::tuning::SLIDESHOW_MIN_ITEMS;
use ego_tree::NodeRef;
use scraper::Node;

/// Nodes of an item read for its opening counter (the item, a heading, a span, the text).
const COUNTER_SCAN_NODES: usize = 8;

/// Whether the element is a slideshow: its element children (at least
/// [`SLIDESHOW_MIN_ITEMS`]) each open with the counter of their own place, "k/N" with one
/// N for all. Checked on each element of the removal walk, so that the page is not walked
/// again for it.
pub(super) fn is_slideshow(node: NodeRef<'_, Node>) -> bool {
    let elements = || node.children().filter(|c| c.value().is_element());
    if elements().nth(SLIDESHOW_MIN_ITEMS - 1).is_none() {
        return false;
    }
    let mut total = None;
    let mut items = 0;
    for (i, child) in node
        .children()
        .filter(|c| c.value().is_element())
        .enumerate()
    {
        let Some((k, n)) = leading_counter(child) else {
            return false;
        };
        if k != i + 1 || *total.get_or_insert(n) != n {
            return false;
        }
        items += 1;
    }
    items >= SLIDESHOW_MIN_ITEMS && total.is_some_and(|n| n >= items)
}

/// The "k/N" that opens an element's text, if it does.
fn leading_counter(node: NodeRef<'_, Node>) -> Option<(usize, usize)> {
    // The counter opens the item: only its first few nodes are read.
    let first = node
        .descendants()
        .take(COUNTER_SCAN_NODES)
        .find_map(|d| match d.value() {
            Node::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        })?;
    let (k, rest) = first.split_once('/')?;
    let n: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((k.trim().parse().ok()?, n.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn boxes(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let sel = Selector::parse("[id]").unwrap();
        doc.select(&sel)
            .filter(|e| is_slideshow(**e))
            .filter_map(|e| e.value().attr("id").map(str::to_owned))
            .collect()
    }

    fn item(k: usize, n: usize) -> String {
        format!(
            "<li><h2><span class=counter>{k}/{n}</span> Photo {k}</h2>\
             <p>Une longue légende, avec des virgules, qui décrit la photo numéro {k}.</p></li>"
        )
    }

    #[test]
    fn a_list_of_counted_pictures_is_a_slideshow() {
        let items: String = (1..=4).map(|k| item(k, 50)).collect();
        let html = format!("<div id=story><p>Le texte.</p><ul id=legends>{items}</ul></div>");
        assert_eq!(boxes(&html), vec!["legends"]);
    }

    #[test]
    fn counters_out_of_place_or_too_few_are_not_a_slideshow() {
        let skipped: String = [1, 3, 4].iter().map(|k| item(*k, 50)).collect();
        let two: String = (1..=2).map(|k| item(k, 2)).collect();
        // Dates and scores open lines too: "24/7", "1/2 cup".
        let html = format!(
            "<div><ul id=a>{skipped}</ul><ul id=b>{two}</ul>\
             <ul id=c><li>1/2 tasse de farine</li><li>2/3 de lait</li><li>3/4 de sucre</li></ul></div>"
        );
        assert!(boxes(&html).is_empty());
    }
}
