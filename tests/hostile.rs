//! The hostile web, one server per test on 127.0.0.1: bombs, endless and stalled bodies,
//! redirect loops and escapes, 429 storms, robots.txt failures, binary and block pages.
//! Each time the bad page is skipped or recorded with its reason and the run goes on.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::routing::get;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

type Log = Arc<Mutex<Vec<(String, Instant)>>>;

const ROBOTS: &str = "User-agent: *\nDisallow: /private/\n";
const GOOD_PATH: &str = "/2024/05/02/une-bonne-nouvelle-pour-les-producteurs/";

fn good_article() -> String {
    let p = "Les producteurs de la région ont salué l'arrivée des nouvelles semences, distribuées dans vingt communes avant le début de la saison des pluies, selon la direction régionale de l'agriculture.";
    format!("<html><head><title>Une bonne nouvelle pour les producteurs</title></head><body><article><h1>Une bonne nouvelle pour les producteurs</h1><p>{p}</p><p>{p} Les stocks sont suffisants.</p></article></body></html>")
}

fn html(body: String) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(body))
        .unwrap()
}

/// Serves `router` (plus a home page linking `links`, the good article and `robots`) and writes a
/// config for it; returns the config dir, the server base and the request log.
async fn serve(
    router: axum::Router,
    links: &[&str],
    robots: Option<&'static str>,
    extra: &str,
) -> (tempfile::TempDir, std::path::PathBuf, String, Log) {
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let mut anchors: String = links
        .iter()
        .map(|l| format!("<a href=\"{l}\">x</a>"))
        .collect();
    anchors.push_str(&format!("<a href=\"{GOOD_PATH}\">good</a>"));
    let home = format!("<html><body>{anchors}</body></html>");
    let mut router = router
        .route("/", get(move || async move { html(home) }))
        .route(GOOD_PATH, get(|| async { html(good_article()) }));
    // `None`: the caller's router answers /robots.txt itself.
    if let Some(body) = robots {
        router = router.route("/robots.txt", get(move || async move { body }));
    }
    let router = router.layer(axum::middleware::from_fn_with_state(log.clone(), record));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    std::fs::write(
        cfg.join("crawl.toml"),
        format!(
            "out = {:?}\nstate = \"sqlite://{}\"\nbackoff_base = \"50ms\"\nbackoff_max = \"100ms\"\nretries = 2\nread_timeout = \"500ms\"\nconnect_timeout = \"1s\"\ntimeout = \"3s\"\nmax_page_bytes = 1048576\n{extra}\n",
            tmp.path().join("out").display().to_string(),
            tmp.path().join("state.db").display()
        ),
    )
    .unwrap();
    std::fs::write(
        cfg.join("sites/t.toml"),
        format!("name = \"t\"\nstart_urls = [\"{base}/\"]\ndelay = \"20ms\"\n"),
    )
    .unwrap();
    (tmp, cfg, base, log)
}

async fn record(
    axum::extract::State(log): axum::extract::State<Log>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    log.lock()
        .unwrap()
        .push((req.uri().to_string(), Instant::now()));
    next.run(req).await
}

fn good_written(tmp: &tempfile::TempDir) -> bool {
    written_texts(&tmp.path().join("out"))
        .keys()
        .any(|t| t.starts_with("Une bonne nouvelle pour les producteurs\n"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_bomb_and_huge_pages_are_cut_at_the_size_limit() {
    // 64 MiB of zeros, sent gzip-compressed (~64 KiB on the wire).
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &vec![b' '; 64 << 20]).unwrap();
    let bomb = Arc::new(gz.finish().unwrap());
    let router = axum::Router::new()
        .route(
            "/2024/05/01/une-bombe-compressee-ici/",
            get(move || {
                let bomb = bomb.clone();
                async move {
                    Response::builder()
                        .header(header::CONTENT_TYPE, "text/html")
                        .header(header::CONTENT_ENCODING, "gzip")
                        .body(Body::from((*bomb).clone()))
                        .unwrap()
                }
            }),
        )
        .route(
            "/2024/05/01/une-page-de-dix-megaoctets/",
            get(|| async {
                html(format!(
                    "<html><body><p>{}</p></body></html>",
                    "x".repeat(10 << 20)
                ))
            }),
        );
    let (tmp, cfg, _, _) = serve(
        router,
        &[
            "/2024/05/01/une-bombe-compressee-ici/",
            "/2024/05/01/une-page-de-dix-megaoctets/",
        ],
        Some(ROBOTS),
        "",
    )
    .await;
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("too_large=2"), "{stdout}");
    assert!(good_written(&tmp), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_and_stalled_bodies_are_cut_and_the_run_goes_on() {
    let router = axum::Router::new()
        .route(
            "/2024/05/01/un-flux-sans-fin-ici/",
            get(|| async {
                let stream = futures::stream::repeat_with(|| {
                    Ok::<_, std::io::Error>(axum::body::Bytes::from_static(&[b'a'; 8192]))
                });
                Response::builder()
                    .header(header::CONTENT_TYPE, "text/html")
                    .body(Body::from_stream(stream))
                    .unwrap()
            }),
        )
        .route(
            "/2024/05/01/un-serveur-qui-cale-ici/",
            get(|| async {
                let stream = futures::stream::once(async {
                    Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"<html><body><p>debut"))
                })
                .chain(futures::stream::once(async {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    Ok(axum::body::Bytes::new())
                }));
                Response::builder()
                    .header(header::CONTENT_TYPE, "text/html")
                    .body(Body::from_stream(stream))
                    .unwrap()
            }),
        );
    use futures::StreamExt;
    let (tmp, cfg, _, _) = serve(
        router,
        &[
            "/2024/05/01/un-flux-sans-fin-ici/",
            "/2024/05/01/un-serveur-qui-cale-ici/",
        ],
        Some(ROBOTS),
        "",
    )
    .await;
    let started = Instant::now();
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("too_large=1"), "{stdout}");
    assert!(stdout.contains("timeout=1"), "{stdout}");
    assert!(good_written(&tmp));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "a stalled body held the run"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_bounded_and_never_leave_the_site_or_robots() {
    let router = axum::Router::new()
        .route(
            "/2024/05/01/une-boucle-de-redirection/",
            get(|| async {
                Response::builder()
                    .status(StatusCode::FOUND)
                    .header(header::LOCATION, "/2024/05/01/une-boucle-de-redirection/")
                    .body(Body::empty())
                    .unwrap()
            }),
        )
        .route(
            "/2024/05/01/une-redirection-hors-du-site/",
            get(|| async {
                Response::builder()
                    .status(StatusCode::MOVED_PERMANENTLY)
                    .header(header::LOCATION, "http://169.254.169.254/latest/meta-data/")
                    .body(Body::empty())
                    .unwrap()
            }),
        )
        .route(
            "/2024/05/01/une-redirection-vers-ftp-ici/",
            get(|| async {
                Response::builder()
                    .status(StatusCode::FOUND)
                    .header(header::LOCATION, "ftp://example.org/x")
                    .body(Body::empty())
                    .unwrap()
            }),
        )
        .route(
            "/2024/05/01/une-redirection-vers-le-prive/",
            get(|| async {
                Response::builder()
                    .status(StatusCode::FOUND)
                    .header(header::LOCATION, "/private/secret-page-here/")
                    .body(Body::empty())
                    .unwrap()
            }),
        )
        .route(
            "/private/secret-page-here/",
            get(|| async { html(good_article()) }),
        );
    let links = [
        "/2024/05/01/une-boucle-de-redirection/",
        "/2024/05/01/une-redirection-hors-du-site/",
        "/2024/05/01/une-redirection-vers-ftp-ici/",
        "/2024/05/01/une-redirection-vers-le-prive/",
    ];
    let (tmp, cfg, _, log) = serve(router, &links, Some(ROBOTS), "").await;
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("redirect=3"), "{stdout}");
    assert!(stdout.contains("robots=1"), "{stdout}");
    let loops = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.contains("boucle"))
        .count();
    assert!(loops <= 6, "redirect loop followed {loops} times");
    assert!(
        !log.lock()
            .unwrap()
            .iter()
            .any(|(p, _)| p.starts_with("/private/")),
        "robots not checked on a redirect hop"
    );
    assert!(good_written(&tmp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_is_obeyed_then_the_page_is_fetched() {
    let hits = Arc::new(Mutex::new(0u32));
    let h = hits.clone();
    let router = axum::Router::new().route(
        "/2024/05/01/trop-de-requetes-pour-nous/",
        get(move || {
            let h = h.clone();
            async move {
                let mut n = h.lock().unwrap();
                *n += 1;
                if *n == 1 {
                    Response::builder()
                        .status(StatusCode::TOO_MANY_REQUESTS)
                        .header(header::RETRY_AFTER, "1")
                        .body(Body::empty())
                        .unwrap()
                } else {
                    html(good_article().replace("bonne nouvelle", "nouvelle attendue"))
                }
            }
        }),
    );
    let (tmp, cfg, _, log) = serve(
        router,
        &["/2024/05/01/trop-de-requetes-pour-nous/"],
        Some(ROBOTS),
        "",
    )
    .await;
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    let times: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.contains("trop-de-requetes"))
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(times.len(), 2, "{stdout}");
    assert!(
        times[1] - times[0] >= Duration::from_millis(950),
        "Retry-After not obeyed: {:?}",
        times[1] - times[0]
    );
    assert_eq!(written_texts(&tmp.path().join("out")).len(), 2, "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persistent_503_is_retried_a_bounded_number_of_times_then_recorded() {
    let router = axum::Router::new().route(
        "/2024/05/01/toujours-en-panne-ici/",
        get(|| async { StatusCode::SERVICE_UNAVAILABLE }),
    );
    let (tmp, cfg, _, log) = serve(
        router,
        &["/2024/05/01/toujours-en-panne-ici/"],
        Some(ROBOTS),
        "",
    )
    .await;
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0);
    assert!(stdout.contains("http_503=1"), "{stdout}");
    let tries = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.contains("en-panne"))
        .count();
    assert_eq!(tries, 3, "1 try + 2 retries");
    assert!(good_written(&tmp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_5xx_means_nothing_is_fetched_and_exit_1() {
    let router = axum::Router::new().route(
        "/robots.txt",
        get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
    );
    let (tmp, cfg, _, log) = serve(router, &[], None, "").await;
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("FAILED"), "{stdout}");
    assert_eq!(
        log.lock()
            .unwrap()
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>(),
        vec!["/robots.txt"]
    );
    assert!(!good_written(&tmp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_pdf_block_pages_and_broken_markup_are_not_articles() {
    let router = axum::Router::new()
        .route("/2024/05/01/un-binaire-deguise-en-html/", get(|| async { Response::builder().header(header::CONTENT_TYPE, "text/html").body(Body::from([0u8, 159, 146, 150, 0, 1, 2, 3].repeat(500))).unwrap() }))
        .route("/2024/05/01/un-document-pdf-ici/", get(|| async { Response::builder().header(header::CONTENT_TYPE, "application/pdf").body(Body::from("%PDF-1.4 ...")).unwrap() }))
        .route("/2024/05/01/acces-refuse-par-le-pare-feu/", get(|| async { html("<html><head><title>Access denied</title></head><body><h1>Access denied</h1><p>You do not have permission to access this server. Please complete the security check to continue.</p></body></html>".into()) }))
        .route("/2024/05/01/un-balisage-tres-profond/", get(|| async { html(format!("<html><body>{}<p>texte\u{0}</p>", "<div><span>".repeat(10_000))) }));
    let links = [
        "/2024/05/01/un-binaire-deguise-en-html/",
        "/2024/05/01/un-document-pdf-ici/",
        "/2024/05/01/acces-refuse-par-le-pare-feu/",
        "/2024/05/01/un-balisage-tres-profond/",
    ];
    let (tmp, cfg, _, _) = serve(router, &links, Some(ROBOTS), "").await;
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("not_html=2"), "{stdout}");
    assert!(stdout.contains("block_page=1"), "{stdout}");
    assert_eq!(written_texts(&tmp.path().join("out")).len(), 1, "{stdout}");
}
