//! Metadata on small inputs: bylines, site names and `<title>` reduction.

use super::authors::split_authors;
use super::title::{choose_title, title_from_document_title};
use super::*;

#[test]
fn junk_bylines_are_rejected() {
    assert!(!is_plausible_author("Par La Rédaction"));
    assert!(!is_plausible_author("La rédaction"));
    assert!(!is_plausible_author("Partager"));
    assert!(!is_plausible_author("https://facebook.com/x"));
    assert!(is_plausible_author("Cédric Kaboré"));
}

#[test]
fn split_author_strips_par() {
    assert_eq!(
        split_authors("Par Awa Ouédraogo et Ali Diallo"),
        vec!["Awa Ouédraogo", "Ali Diallo"]
    );
}

#[test]
fn known_site_name_is_stripped_from_og_title() {
    let t = choose_title(
        Some("Lutte contre le paludisme : la campagne démarre - Faso Matin".into()),
        None,
        &["Lutte contre le paludisme : la campagne démarre".into()],
        &[],
        Some("Faso Matin"),
    );
    assert_eq!(
        t.as_deref(),
        Some("Lutte contre le paludisme : la campagne démarre")
    );
}

#[test]
fn document_title_loses_its_site_part() {
    assert_eq!(
        title_from_document_title("Le budget 2024 adopté à l'Assemblée | Sidwaya", &[], &[]),
        "Le budget 2024 adopté à l'Assemblée"
    );
    // Too few words left: the whole title stays.
    assert_eq!(
        title_from_document_title("Accueil | Sidwaya", &[], &[]),
        "Accueil | Sidwaya"
    );
    assert_eq!(
        title_from_document_title("Sidwaya: Le budget 2024 adopté par les députés", &[], &[]),
        "Le budget 2024 adopté par les députés"
    );
}
