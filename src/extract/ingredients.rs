//! A recipe's ingredient list, found by what the page's metadata says it holds. Recipe
//! pages set the ingredients and the preparation in two boxes side by side (a table of
//! quantities, then the steps); content scoring picks the steps, which are prose, and the
//! list of short cells is left out. JSON-LD `recipeIngredient` names what the list holds:
//! the box whose cells say most of those ingredients is added to the body, in page order.

use super::dom::{common_ancestor, TextStats};
use super::tuning::{
    INGREDIENTS_BOX_MAX_CHARS, INGREDIENTS_FOUND, INGREDIENTS_MAX, INGREDIENTS_MIN,
};
use crate::text::fold;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

/// A text node longer than this is a sentence of the steps, not a cell of the list.
const CELL_MAX_CHARS: usize = 120;

/// The page's ingredients, folded ("125 g mehl").
#[derive(Debug, Default, Clone)]
pub(crate) struct Ingredients(Vec<String>);

impl Ingredients {
    /// The ingredients of the metadata, when there are enough to recognise a list by.
    pub(crate) fn new(list: &[String]) -> Self {
        if list.len() < INGREDIENTS_MIN {
            return Self::default();
        }
        // A list longer than a recipe's is not searched for whole: the first ones tell.
        Self(list.iter().take(INGREDIENTS_MAX).map(|i| fold(i)).collect())
    }

    /// The smallest element holding the text of most ingredients
    /// ([`INGREDIENTS_FOUND`] of them), if it is a list's size.
    pub(crate) fn find_box(
        &self,
        doc: &Html,
        stats: &FxHashMap<NodeId, TextStats>,
    ) -> Option<NodeId> {
        if self.0.is_empty() {
            return None;
        }
        let mut found = vec![None; self.0.len()];
        for node in doc.tree.root().descendants() {
            let Node::Text(t) = node.value() else {
                continue;
            };
            let text = t.trim();
            if text.is_empty() || text.len() > CELL_MAX_CHARS {
                continue;
            }
            let cell = fold(text);
            for (slot, ingredient) in found.iter_mut().zip(&self.0) {
                if slot.is_none() && says(&cell, ingredient) {
                    *slot = Some(node);
                }
            }
        }
        let cells: Vec<NodeRef<'_, Node>> = found.into_iter().flatten().collect();
        if !INGREDIENTS_FOUND.reached_by(cells.len(), self.0.len()) {
            return None;
        }
        let list = common_ancestor(&cells)?;
        let chars = stats.get(&list.id()).map_or(u32::MAX, |s| s.chars);
        (chars <= INGREDIENTS_BOX_MAX_CHARS).then_some(list.id())
    }
}

/// A cell says an ingredient when it is the ingredient, its name after the quantity
/// ("mehl" of "125 g mehl"), or the ingredient with a few characters around it.
fn says(cell: &str, ingredient: &str) -> bool {
    if cell.chars().count() < 3 {
        return false;
    }
    cell == ingredient
        || ingredient
            .strip_suffix(cell)
            .is_some_and(|head| head.ends_with(' '))
        || (cell.contains(ingredient) && cell.len() <= ingredient.len() + 16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::text_stats;

    fn list(items: &[&str]) -> Ingredients {
        Ingredients::new(&items.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>())
    }

    fn found_id(html: &str, ingredients: &Ingredients) -> Option<String> {
        let doc = Html::parse_document(html);
        let stats = text_stats(&doc);
        let id = ingredients.find_box(&doc, &stats)?;
        // The nearest element with an id: the parser puts a `<tbody>` in a bare table.
        let node = doc.tree.get(id)?;
        std::iter::once(node)
            .chain(node.ancestors())
            .find_map(|n| n.value().as_element()?.attr("id").map(str::to_owned))
    }

    const STEPS: &str = "<div id=steps><p>Den Pudding kochen und abkühlen lassen, dabei \
        Folie auf die Oberfläche legen.</p><p>Für den Boden das Mehl, den Zucker und die \
        Butter zusammenkneten und in die Form drücken.</p></div>";

    #[test]
    fn the_table_whose_cells_name_the_ingredients_is_the_list() {
        let html = format!(
            "<body><main><article id=ingredients><h2>Zutaten</h2><table id=table>\
             <tr><td>125 g</td><td>Mehl</td></tr><tr><td>65 g</td><td>Zucker</td></tr>\
             <tr><td>65 g</td><td>Margarine oder Butter</td></tr>\
             <tr><td>1 Pck.</td><td>Puddingpulver</td></tr></table></article>{STEPS}</main></body>"
        );
        let ingredients = list(&[
            "125 g Mehl",
            "65 g Zucker",
            "65 g Margarine oder Butter",
            "1 Pck. Puddingpulver",
        ]);
        assert_eq!(found_id(&html, &ingredients).as_deref(), Some("table"));
    }

    #[test]
    fn too_few_ingredients_or_too_few_found_make_no_list() {
        let html =
            format!("<body><ul id=list><li>2 Eier</li><li>100 g Zucker</li></ul>{STEPS}</body>");
        // Two ingredients are not enough to recognise a list by.
        assert_eq!(found_id(&html, &list(&["2 Eier", "100 g Zucker"])), None);
        // Four, of which the page shows two.
        let four = list(&["2 Eier", "100 g Zucker", "1 Prise Salz", "200 ml Milch"]);
        assert_eq!(found_id(&html, &four), None);
        let shown = format!(
            "<body><ul id=list><li>2 Eier</li><li>100 g Zucker</li><li>1 Prise Salz</li>\
             <li>200 ml Milch</li></ul>{STEPS}</body>"
        );
        assert_eq!(found_id(&shown, &four).as_deref(), Some("list"));
    }
}
