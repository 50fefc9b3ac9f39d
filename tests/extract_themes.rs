//! One realistic page per built-in theme (hand-written fixtures under
//! `tests/fixtures/themes/`): the theme must be recognised, the article must come out
//! whole and in order, and none of the noise lines listed in `shared/seeds/README.md`
//! (ad labels, "A LIRE AUSSI", comment forms, captcha messages, badges, mobile-theme
//! switch, related headlines, breadcrumbs, share buttons) may appear. The same pages are
//! also run with no theme rules at all, so that the generic cleaning is tested on them too.

use crawl::decode::decode_html;
use crawl::extract::{themes, Extractor, SiteRules};

/// Lines (or parts of lines) that must never reach an output file.
const NOISE: &[&str] = &[
    "Publicité",
    "Advertisement",
    "spot_img",
    "logo",
    "A LIRE AUSSI",
    "Read also",
    "LAISSER UN COMMENTAIRE",
    "Laisser un commentaire",
    "S'il vous plaît",
    "Captcha",
    "captcha",
    "Leave a Reply",
    "Cancel reply",
    "Annuler la réponse",
    "You must be logged in",
    "Discussion à propos de ce post",
    "+ DE LA SEMAINE DERNIÈRE",
    "Quitter la version mobile",
    "Exit mobile version",
    "A La Une",
    "Accueil",
    "Partager",
    "Share",
    "Tweet",
    "Facebook",
    "ARTICLES SIMILAIRES",
    "Articles similaires",
    "Related",
    "Tags",
    "Mots-clés",
    "cookies",
    "Tous droits réservés",
    "Copyright",
    "Article précédent",
    "Plan du site",
    "Se connecter",
    "Messages",
    "Portfolio",
    "Lire aussi",
    "Rédaction",
    "News Desk",
];

/// Headlines of other articles that appear in related boxes and sidebars of the fixtures.
const OTHER_HEADLINES: &[&str] = &[
    "Tenkodogo",
    "Pouytenga",
    "Zorgho",
    "Bogandé",
    "Fada N’Gourma",
    "Gorom-Gorom",
    "Arbinda",
    "Sebba",
    "Djibo",
    "Bolgatanga",
    "Yendi",
    "Dosso",
    "Zinder",
    "Tahoua",
    "Agadez",
    "Maradi",
    "Adum",
    "Ejisu",
    "Suame",
    "Houndé",
    "Banfora",
    "Bonne initiative",
];

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/themes/{name}.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("fixture");
    decode_html(&bytes, None, Some("example")).text
}

fn check(name: &str, theme: &str, expected: &[&str]) {
    let html = fixture(name);
    for (label, extractor) in [
        ("theme rules", Extractor::new(themes::builtin())),
        ("generic only", Extractor::new(Vec::new())),
    ] {
        let (result, explanation) = extractor.explain(&html, &SiteRules::default());
        if label == "theme rules" {
            assert_eq!(explanation.theme.as_deref(), Some(theme), "{name}: theme");
        }
        let article = result
            .unwrap_or_else(|r| panic!("{name} ({label}): rejected: {r}"))
            .article;
        let text = article.to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], expected[0], "{name} ({label}): title");
        if label == "theme rules" {
            assert_eq!(lines, expected, "{name} ({label}): whole output");
        } else {
            // The generic path must find every paragraph, in order, and no noise.
            let mut at = 0;
            for want in expected {
                let found = lines[at..].iter().position(|l| l == want);
                assert!(
                    found.is_some(),
                    "{name} ({label}): missing {want:?}\n{text}"
                );
                at += found.unwrap_or(0) + 1;
            }
        }
        for line in &lines[1..] {
            for noise in NOISE.iter().chain(OTHER_HEADLINES) {
                assert!(
                    !line.contains(noise),
                    "{name} ({label}): noise {noise:?} in line {line:?}"
                );
            }
        }
    }
}

#[test]
fn tagdiv_newspaper() {
    check(
        "tagdiv-newspaper",
        "tagdiv-newspaper",
        &[
            "Koupéla : la nouvelle adduction d’eau dessert trois quartiers",
            "La commune de Koupéla a mis en service lundi une nouvelle adduction d’eau potable qui dessert désormais les quartiers de Zaogo, Tanghin et Sankaré, soit près de neuf mille habitants.",
            "Le réseau, long de quatorze kilomètres, est alimenté par deux forages équipés de pompes solaires et par un château d’eau de cent cinquante mètres cubes construit à l’entrée de la ville.",
            "Un tarif social pour les ménages modestes",
            "Selon le maire, les ménages les plus modestes paieront le mètre cube au tarif social pendant les deux premières années, le temps que le service trouve son équilibre financier.",
            "Les travaux ont coûté un peu plus de 600 millions de francs CFA, financés par l’État et par un partenaire technique, a précisé le directeur régional de l’eau.",
        ],
    );
}

#[test]
fn jnews() {
    check(
        "jnews",
        "jnews",
        &[
            "Dori : les éleveurs s’organisent pour la transhumance",
            "À l’approche de la saison sèche, les éleveurs de la région de Dori se sont réunis samedi pour préparer la transhumance vers le sud et éviter les conflits avec les agriculteurs.",
            "Les responsables des groupements ont retenu trois couloirs de passage balisés, avec des points d’eau aménagés tous les vingt kilomètres et des aires de repos pour les troupeaux.",
            "Des comités de veille dans chaque commune",
            "Chaque commune traversée désignera un comité de veille composé d’un éleveur, d’un agriculteur et d’un conseiller municipal, chargé de régler les litiges avant qu’ils ne s’enveniment.",
            "trois couloirs balisés de Dori à Kaya ;",
            "un numéro vert ouvert jour et nuit pour signaler les incidents.",
            "« Nous voulons que nos animaux passent sans que personne ne perde sa récolte », a résumé le président de l’union des éleveurs.",
        ],
    );
}

#[test]
fn zox_news() {
    check(
        "zox-news",
        "zox-news",
        &[
            "Tamale hospital opens a new maternity wing",
            "The Tamale Teaching Hospital on Monday opened a maternity wing with forty beds, two operating theatres and a neonatal unit, more than doubling its capacity for births.",
            "The hospital’s director said the old ward had been running at twice its capacity for years, with mothers sometimes sharing beds in the weeks before the rainy season.",
            "Midwives trained on site",
            "Twenty-four midwives completed a six-month training programme on the new equipment, which was funded by the regional health directorate and a private foundation.",
            "We can now keep premature babies here instead of sending them to Kumasi.",
        ],
    );
}

#[test]
fn jannah() {
    check(
        "jannah",
        "jannah",
        &[
            "Niamey : les taxis-motos devront porter un gilet numéroté",
            "La mairie de Niamey impose à partir du mois prochain un gilet numéroté à tous les conducteurs de taxis-motos, afin de mieux identifier les véhicules impliqués dans des accidents.",
            "Les gilets seront distribués gratuitement dans les cinq arrondissements communaux contre présentation du permis et de la carte grise de l’engin.",
            "Une période de tolérance d’un mois",
            "Les contrevenants disposeront d’un mois de tolérance, après quoi une amende de cinq mille francs CFA sera appliquée par la police municipale, selon l’arrêté publié vendredi.",
            "Le syndicat des conducteurs a salué une mesure « qui protège aussi les honnêtes travailleurs ».",
        ],
    );
}

#[test]
fn generatepress_jetpack() {
    check(
        "generatepress",
        "generatepress",
        &[
            "Kumasi traders move into the rebuilt Kejetia market",
            "More than two thousand traders moved into the second phase of the rebuilt Kejetia market in Kumasi this week, ending four years of trading from temporary stalls along the lorry station.",
            "The new hall has fire hydrants on every floor, a cold store for fish and meat sellers, and lifts for porters who used to carry goods up narrow stairways.",
            "Rents set for three years",
            "The metropolitan assembly said stall rents would stay unchanged for three years, a demand the traders’ association had made before agreeing to the move.",
            "ground floor: foodstuffs and fish;",
            "first floor: cloth and clothing.",
        ],
    );
}

#[test]
fn spip() {
    check(
        "spip",
        "spip",
        &[
            "Bobo-Dioulasso : la foire du coton attire les acheteurs",
            "La septième foire régionale du coton s’est ouverte lundi à Bobo-Dioulasso avec plus de deux cents exposants venus de tout l’Ouest du pays.",
            "Les égreneurs, les producteurs et les transporteurs se retrouvent jusqu’à samedi sur le site de la maison de la culture, où les acheteurs étrangers négocient les premiers contrats de la campagne.",
            "Des prix au producteur en hausse",
            "Le prix du kilogramme de coton graine a été fixé à trois cents francs CFA pour la première qualité, soit vingt francs de plus que la saison précédente, selon l’interprofession.",
            "200 exposants ;",
            "six pays représentés.",
            "La foire se termine samedi par la remise des prix aux meilleurs groupements de producteurs.",
        ],
    );
}
