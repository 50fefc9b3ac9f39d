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
async fn gzip_and_brotli_bombs_and_huge_pages_are_cut_at_the_size_limit() {
    // 64 MiB of zeros, sent gzip-compressed (~64 KiB on the wire).
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &vec![b' '; 64 << 20]).unwrap();
    let bomb = Arc::new(gz.finish().unwrap());
    // The same 64 MiB as a brotli stream (~a few KiB on the wire).
    let mut br = brotli::CompressorWriter::new(Vec::new(), 1 << 16, 9, 22);
    for _ in 0..64 {
        std::io::Write::write_all(&mut br, &[b' '; 1 << 20]).unwrap();
    }
    let br = Arc::new(br.into_inner());
    assert!(
        br.len() < (1 << 20),
        "a bomb: {} bytes on the wire",
        br.len()
    );
    let router = axum::Router::new()
        .route(
            "/2024/05/01/une-bombe-brotli-ici/",
            get(move || {
                let br = br.clone();
                async move {
                    Response::builder()
                        .header(header::CONTENT_TYPE, "text/html")
                        .header(header::CONTENT_ENCODING, "br")
                        .body(Body::from((*br).clone()))
                        .unwrap()
                }
            }),
        )
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
            "/2024/05/01/une-bombe-brotli-ici/",
            "/2024/05/01/une-page-de-dix-megaoctets/",
        ],
        Some(ROBOTS),
        "",
    )
    .await;
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("too_large=3"), "{stdout}");
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

fn crawl_toml_path(cfg: &std::path::Path) -> std::path::PathBuf {
    cfg.join("sites/t.toml")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_sent_but_never_logged_or_written() {
    let router = axum::Router::new().route(
        "/2024/05/01/reserve-aux-abonnes-ici/",
        get(|headers: axum::http::HeaderMap| async move {
            if headers.get(header::COOKIE).and_then(|v| v.to_str().ok())
                == Some("session=hunter2-secret")
            {
                html(good_article().replace("bonne nouvelle", "nouvelle réservée"))
            } else {
                Response::builder()
                    .status(StatusCode::FORBIDDEN)
                    .body(Body::from("forbidden"))
                    .unwrap()
            }
        }),
    );
    let (tmp, cfg, _, _) = serve(
        router,
        &["/2024/05/01/reserve-aux-abonnes-ici/"],
        Some(ROBOTS),
        "",
    )
    .await;
    let mut site = std::fs::read_to_string(crawl_toml_path(&cfg)).unwrap();
    site.push_str("[headers]\nCookie = \"session=hunter2-secret\"\n");
    std::fs::write(crawl_toml_path(&cfg), site).unwrap();
    for args in [
        &["-vvv"][..],
        &["-vvv", "--log-format", "json"][..],
        &["sites"][..],
    ] {
        let (code, stdout, stderr) = run_crawl(&cfg, args).await;
        assert!(code == 0, "{stderr}");
        assert!(
            !stdout.contains("hunter2") && !stderr.contains("hunter2"),
            "secret leaked with {args:?}"
        );
    }
    let manifest = std::fs::read_to_string(tmp.path().join("out/articles.jsonl")).unwrap();
    assert!(!manifest.contains("hunter2"));
    assert!(
        written_texts(&tmp.path().join("out"))
            .keys()
            .any(|t| t.contains("nouvelle réservée")),
        "the cookie was not sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_robots_with_bom_and_crlf_is_read_up_to_the_cap_and_obeyed() {
    // A UTF-8 BOM, CRLF line ends, 900 KB: the first 512 KiB are parsed (RFC 9309 allows
    // a crawler to stop there) and the group right after the BOM still binds.
    let mut big = String::from("\u{feff}User-agent: *\r\nDisallow: /private/\r\n");
    while big.len() < 900 * 1024 {
        big.push_str("# commentaire de remplissage pour un fichier robots.txt démesuré\r\n");
    }
    let big = Arc::new(big);
    let router = axum::Router::new()
        .route(
            "/robots.txt",
            get(move || {
                let b = big.clone();
                async move { (*b).clone() }
            }),
        )
        .route(
            "/private/2024/05/01/une-page-interdite-ici/",
            get(|| async { html(good_article()) }),
        );
    let (tmp, cfg, _, log) = serve(
        router,
        &["/private/2024/05/01/une-page-interdite-ici/"],
        None,
        "",
    )
    .await;
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}");
    assert!(good_written(&tmp));
    assert!(!log
        .lock()
        .unwrap()
        .iter()
        .any(|(p, _)| p.starts_with("/private/")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_that_times_out_means_nothing_is_fetched() {
    let router = axum::Router::new().route(
        "/robots.txt",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            "User-agent: *\n"
        }),
    );
    let (tmp, cfg, _, log) = serve(router, &[], None, "").await;
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("FAILED: robots.txt unreachable"),
        "{stdout}"
    );
    assert_eq!(log.lock().unwrap().len(), 1);
    assert!(!good_written(&tmp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_charset_declaration_does_not_produce_mojibake() {
    let page = "<html><head><title>Réforme de l'éducation : les écoles rouvrent</title></head><body><article><h1>Réforme de l'éducation : les écoles rouvrent</h1>\
        <p>Le ministère a annoncé mardi que la réforme de l'éducation entrera en vigueur à la rentrée, après une année de concertation avec les syndicats d'enseignants.</p>\
        <p>Les élèves des régions du Centre-Nord et du Sahel, où des écoles étaient fermées, reprendront les cours dès le mois d'octobre, selon le ministère.</p></article></body></html>";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    let bytes = latin1.into_owned();
    let router = axum::Router::new().route(
        "/2024/05/01/reforme-de-l-education-ici/",
        get(move || {
            let b = bytes.clone();
            async move {
                Response::builder()
                    .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                    .body(Body::from(b))
                    .unwrap()
            }
        }),
    );
    let (tmp, cfg, _, _) = serve(
        router,
        &["/2024/05/01/reforme-de-l-education-ici/"],
        Some(ROBOTS),
        "",
    )
    .await;
    assert_eq!(run_crawl(&cfg, &[]).await.0, 0);
    let texts = written_texts(&tmp.path().join("out"));
    let text = texts
        .keys()
        .find(|t| t.starts_with("Réforme"))
        .expect("article written with its accents");
    assert!(
        text.contains("élèves des régions") && !text.contains('\u{FFFD}'),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_pagination_and_session_ids_are_bounded() {
    let router = axum::Router::new().route("/category/actu/page/{n}/", get(|axum::extract::Path(n): axum::extract::Path<u32>| async move {
        html(format!("<html><body><a href=\"/category/actu/page/{}/\">suivant</a><a href=\"/2024/05/02/une-bonne-nouvelle-pour-les-producteurs/?PHPSESSID=s{n}\">a</a></body></html>", n + 1))
    }));
    let (tmp, cfg, _, log) = serve(
        router,
        &[
            "/category/actu/page/2/",
            "/2024/05/02/une-bonne-nouvelle-pour-les-producteurs/?PHPSESSID=home",
        ],
        Some(ROBOTS),
        "max_depth = 3",
    )
    .await;
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0);
    assert!(stdout.contains("depth_limit=1"), "{stdout}");
    let log = log.lock().unwrap();
    assert_eq!(
        log.iter()
            .filter(|(p, _)| p.starts_with("/category/"))
            .count(),
        3,
        "{log:?}"
    );
    assert_eq!(
        log.iter().filter(|(p, _)| p.starts_with(GOOD_PATH)).count(),
        1,
        "session-id variants fetched: {log:?}"
    );
    assert!(good_written(&tmp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dns_failure_fails_one_site_and_leaves_the_others_alone() {
    let (tmp, cfg, _, _) = serve(axum::Router::new(), &[], Some(ROBOTS), "").await;
    std::fs::write(
        cfg.join("sites/dead.toml"),
        "name = \"dead\"\nstart_urls = [\"http://no-such-host.invalid/\"]\ndelay = \"10ms\"\n",
    )
    .unwrap();
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("dead") && l.contains("FAILED")),
        "{stdout}"
    );
    assert!(good_written(&tmp), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tcp_reset_is_retried_then_recorded() {
    // A hand-written server: robots and home answer, the article's connection is dropped.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let resets = Arc::new(Mutex::new(0u32));
    let r2 = resets.clone();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                break;
            };
            let resets = r2.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]).into_owned();
                let path = req.split_whitespace().nth(1).unwrap_or("/").to_owned();
                if path == "/sitemap.xml" {
                    let _ = sock.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
                    return;
                }
                let body = match path.as_str() {
                    "/robots.txt" => "User-agent: *\n".to_owned(),
                    "/" => "<html><body><a href=\"/2024/05/01/une-connexion-coupee-net/\">x</a></body></html>".to_owned(),
                    _ => {
                        *resets.lock().unwrap() += 1;
                        let _ = sock.set_zero_linger();
                        return; // dropped with SO_LINGER 0: a TCP reset
                    }
                };
                let resp = format!("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    std::fs::write(cfg.join("crawl.toml"), format!("out = {:?}\nstate = \"sqlite://{}\"\nbackoff_base = \"20ms\"\nbackoff_max = \"50ms\"\nretries = 2\n", tmp.path().join("out").display().to_string(), tmp.path().join("s.db").display())).unwrap();
    std::fs::write(
        cfg.join("sites/r.toml"),
        format!("name = \"r\"\nstart_urls = [\"{base}/\"]\ndelay = \"10ms\"\n"),
    )
    .unwrap();
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(*resets.lock().unwrap(), 3, "1 try + 2 retries");
    assert!(
        stdout.contains("errors: transfer=1") || stdout.contains("errors: connect=1"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unwritable_output_stops_the_run_and_claims_nothing() {
    let (tmp, cfg, _, _) = serve(axum::Router::new(), &[], Some(ROBOTS), "").await;
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A file where the site's directory must go: every article write fails.
    std::fs::write(out.join("t"), b"in the way").unwrap();
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    // An output failure mid-run is not a usage error (2): it exits 4.
    assert_eq!(code, 4, "{stdout}");
    assert!(stderr.contains("cannot write output in"), "{stderr}");
    let (_, exported, _) = run_crawl(&cfg, &["export"]).await;
    assert_eq!(
        exported.lines().count(),
        0,
        "the state claims an article that was not written"
    );
    // Once the disk is fixed, the next run writes the article.
    std::fs::remove_file(out.join("t")).unwrap();
    assert_eq!(run_crawl(&cfg, &[]).await.0, 0);
    assert!(good_written(&tmp));
    let (_, exported, _) = run_crawl(&cfg, &["export"]).await;
    assert_eq!(exported.lines().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitemap_bomb_is_capped_and_the_budget_holds() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE b [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<urlset><url><loc>&b;</loc></url>");
    for i in 0..50_010 {
        xml.push_str(&format!("<url><loc>BASE/2024/05/01/article-numero-{i}-ici/</loc><lastmod>pas une date</lastmod></url>"));
    }
    xml.push_str("</urlset>");
    let xml = Arc::new(xml);
    let router = axum::Router::new().route(
        "/sitemap.xml",
        get(move |headers: axum::http::HeaderMap| {
            let xml = xml.clone();
            async move {
                let host = headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                Response::builder()
                    .header(header::CONTENT_TYPE, "application/xml")
                    .body(Body::from(xml.replace("BASE", &format!("http://{host}"))))
                    .unwrap()
            }
        }),
    );
    let robots: &'static str = "User-agent: *\nSitemap: /sitemap.xml\n";
    let (_tmp, cfg, _, log) = serve(router, &[], Some(robots), "page_budget = 6").await;
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stderr}");
    let discovered: u64 = stdout
        .lines()
        .find(|l| l.starts_with("t "))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap();
    assert!(
        discovered <= 50_000 + 3,
        "more than the protocol's 50 000 entries admitted: {discovered}"
    );
    assert!(discovered >= 50_000, "{stdout}");
    assert!(stdout.contains("left for next run"), "{stdout}");
    assert_eq!(log.lock().unwrap().len(), 7, "robots + 6 budgeted requests");
}
