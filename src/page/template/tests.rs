use super::*;
use crate::model::Article;

fn page(title: &str, lines: &[&str]) -> PageArticle {
    super::super::finish_with(Article::of_paragraphs(title, lines), None)
}

const BACKGROUND: &str = "Le barrage de Bagré, mis en service en 1992, alimente la plaine rizicole de la région du Centre-Est.";

/// A site of `n` dispatches, each with the toolbar (date and author vary), a body line
/// of its own and the comments box.
fn learned(n: usize) -> Template {
    let mut t = Template::default();
    for i in 0..n {
        let p = page(
            &format!("Dépêche numéro {i} du jour | Le Courrier"),
            &[
                &format!("Publié le {:02}/02/2025 à 18:0{} par Auteur{i} | Toutes les dépêches du jour | Imprimer | Taille du texte : A+ A-", i + 1, i % 10),
                &format!("Le texte propre à la dépêche {i}, qui ne se répète nulle part ailleurs sur le site."),
                "Réagir à cette dépêche",
                "Les commentaires sont modérés avant publication.",
            ],
        );
        t.observe(&page_keys(&p));
    }
    t
}

#[test]
fn digits_are_masked_so_dates_make_one_shape() {
    assert_eq!(
        line_key("Publié le 26/02/2025 à 18:03"),
        line_key("Publié le 9/1/2025 à 8:30")
    );
    assert_ne!(
        line_key("Publié le 26/02/2025"),
        line_key("Mis à jour le 26/02/2025")
    );
}

#[test]
fn the_toolbar_the_comments_box_and_the_title_suffix_are_removed() {
    let t = learned(10);
    let p = page(
        "Le barrage de Bagré rouvre ses vannes | Le Courrier",
        &[
            "Publié le 03/03/2025 par Awa Traoré | Toutes les dépêches du jour | Imprimer | Taille du texte : A+ A-",
            "Les autorités ont annoncé lundi l'ouverture progressive des vannes.",
            BACKGROUND,
            "Réagir à cette dépêche",
            "Les commentaires sont modérés avant publication.",
        ],
    );
    let before = p.sha256.clone();
    let (out, removed) = t.apply(p);
    let lines: Vec<&str> = out.article.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Les autorités ont annoncé lundi l'ouverture progressive des vannes.",
            BACKGROUND
        ]
    );
    assert_eq!(out.article.title, "Le barrage de Bagré rouvre ses vannes");
    assert_eq!(removed.len(), 4);
    assert!(
        removed
            .iter()
            .any(|r| r.rule == "site template: seen on 10 of 10 pages"),
        "{removed:?}"
    );
    assert_ne!(out.sha256, before, "the hash is that of the clean text");
    assert_eq!(out.sha256, crate::dedup::content_hash(&out.article));
}

#[test]
fn a_repeated_line_inside_the_body_or_seen_on_few_pages_stays() {
    let mut t = learned(10);
    // Two follow-up stories repeat a background paragraph: not template.
    for _ in 0..2 {
        t.observe(&page_keys(&page("Suite", &[BACKGROUND])));
    }
    let p = page(
        "Un titre d'article",
        &[
            "Un premier paragraphe.",
            "Réagir à cette dépêche",
            "Un dernier paragraphe.",
            BACKGROUND,
        ],
    );
    let (out, removed) = t.apply(p);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(out.article.blocks.len(), 4);
    // Below MIN_PAGES nothing is template, even on every page.
    let (_, removed) = learned(3).apply(page("T", &["Réagir à cette dépêche", "Texte."]));
    assert!(removed.is_empty());
}

#[test]
fn a_template_that_would_leave_nothing_is_not_applied() {
    let t = learned(10);
    let p = page("T", &["Réagir à cette dépêche"]);
    let (out, removed) = t.apply(p);
    assert!(removed.is_empty());
    assert_eq!(out.article.blocks.len(), 1);
}

#[test]
fn a_new_template_line_is_measured_from_when_it_appeared() {
    let mut t = learned(10);
    for i in 0..4 {
        let p = page(
            "T",
            &[
                &format!("Texte {i} sans rien de commun avec les autres"),
                "Nouveau : notre application mobile",
            ],
        );
        t.observe(&page_keys(&p));
    }
    assert_eq!(
        t.verdict(&line_key("Nouveau : notre application mobile")),
        Some((4, 4))
    );
}
