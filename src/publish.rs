//! The publisher: the claim → write → mark protocol that makes every article appear
//! exactly once, across killed runs and across workers. The content hash is claimed in
//! the store first (a constraint decides between racing workers), then the file and
//! the manifest line are written, then the claim is marked written. A run killed in
//! between is repaired by [`Publisher::recover`] at the next start.

use crate::dedup;
use crate::model::{ManifestRecord, Outcome};
use crate::output::{relative_path, Output};
use crate::page::PageArticle;
use crate::store::{Claim, Store, StoreError};
use std::sync::Arc;
use url::Url;

/// Failures that stop the run: the state or the output can no longer be trusted.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write output in {dir}: {source}")]
    Output { dir: String, source: std::io::Error },
}

/// Where one article came from.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub site: &'a str,
    /// The frontier URL the page was fetched as.
    pub url: &'a str,
    /// The URL of record: the page's canonical link when it is on the site, else the
    /// URL fetched.
    pub canonical: &'a Url,
    /// The WARC record of the response, when the run keeps a capture.
    pub archived: Option<&'a crate::archive::WarcLocation>,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub outcome: Outcome,
    /// The manifest line, when the article was written now.
    pub record: Option<ManifestRecord>,
    /// The earlier article this one nearly duplicates, when it was written now.
    pub near_duplicate_of: Option<String>,
}

/// Owns the output and the article side of the store for one run.
#[derive(Debug, Clone)]
pub struct Publisher {
    store: Arc<dyn Store>,
    output: Arc<tokio::sync::Mutex<Output>>,
    worker: String,
}

impl Publisher {
    #[must_use]
    pub fn new(store: Arc<dyn Store>, output: Output, worker: String) -> Self {
        Self {
            store,
            output: Arc::new(tokio::sync::Mutex::new(output)),
            worker,
        }
    }

    /// Claims, writes and records one article; a duplicate's text is not written.
    pub async fn publish(
        &self,
        origin: Origin<'_>,
        page: &PageArticle,
    ) -> Result<Published, PublishError> {
        let near = self
            .store
            .near_duplicate(page.simhash, &page.sha256, dedup::NEAR_DUPLICATE_BITS)
            .await?;
        let article = &page.article;
        // A new text at a URL already written is a new version of that article.
        let previous = self
            .store
            .latest_version(origin.url)
            .await?
            .filter(|sha| *sha != page.sha256);
        // The previous version is the same story: not a near-duplicate to flag.
        let near = near.filter(|n| previous.as_ref() != Some(n));
        let rec = ManifestRecord {
            url: origin.url.to_owned(),
            canonical_url: origin.canonical.to_string(),
            site: origin.site.to_owned(),
            title: article.title.clone(),
            authors: article.authors.clone(),
            published: article.published,
            language: article.language.clone(),
            sha256: page.sha256.clone(),
            path: relative_path(origin.site, &page.sha256),
            fetched_at: chrono::Utc::now(),
            words: article.words(),
            near_duplicate_of: near.clone(),
            updated: false,
            supersedes: None,
            warc: origin.archived.cloned(),
        }
        .with_supersedes(previous);
        let not_now = |outcome| Published {
            outcome,
            record: None,
            near_duplicate_of: None,
        };
        match self
            .store
            .claim_article(&rec, page.simhash, &self.worker)
            .await?
        {
            Claim::Duplicate { first_url } => return Ok(not_now(Outcome::DuplicateOf(first_url))),
            Claim::AlreadyWritten => return Ok(not_now(Outcome::WrittenBefore)),
            Claim::New | Claim::Resume => {}
        }
        {
            let mut out = self.output.lock().await;
            let dir = out.dir().display().to_string();
            let io = |source| PublishError::Output {
                dir: dir.clone(),
                source,
            };
            out.write_article(&rec.path, article).map_err(io)?;
            out.append_manifest(&rec).map_err(io)?;
        }
        self.store.mark_written(&rec.sha256).await?;
        Ok(Published {
            outcome: Outcome::Written,
            record: Some(rec),
            near_duplicate_of: near,
        })
    }

    /// After a crash: claims whose file and manifest line exist are completed; the
    /// others are released, so their URL (still pending) is fetched again.
    pub async fn recover(&self) -> Result<usize, PublishError> {
        let pending = self.store.unwritten(&self.worker).await?;
        if pending.is_empty() {
            return Ok(0);
        }
        let out = self.output.lock().await;
        let in_manifest = out
            .manifest_hashes()
            .map_err(|source| PublishError::Output {
                dir: out.dir().display().to_string(),
                source,
            })?;
        for rec in &pending {
            if out.has_file(&rec.path) && in_manifest.contains(&rec.sha256) {
                self.store.mark_written(&rec.sha256).await?;
            } else {
                self.store.release_claim(&rec.sha256).await?;
            }
            tracing::info!(sha256 = %rec.sha256, url = %rec.url, "recovered an article claim from an interrupted run");
        }
        Ok(pending.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Block, BlockKind};
    use crate::store::StateUrl;

    fn page(title: &str) -> PageArticle {
        let article = Article {
            title: title.into(),
            authors: vec!["Awa Ouédraogo".into()],
            published: None,
            language: Some("fr".into()),
            canonical_url: None,
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: "Le conseil des ministres s'est tenu ce mercredi à Ouagadougou.".into(),
            }],
        };
        PageArticle {
            sha256: dedup::content_hash(&article),
            simhash: dedup::simhash(&article),
            canonical: None,
            article,
        }
    }

    async fn publisher(dir: &std::path::Path) -> (Publisher, Arc<dyn Store>) {
        let store: Arc<dyn Store> = Arc::new(crate::store::open(&StateUrl::Memory).await.unwrap());
        let output = Output::open(dir, "articles.jsonl", true).unwrap();
        (Publisher::new(store.clone(), output, "local".into()), store)
    }

    fn origin<'a>(url: &'a str, canonical: &'a Url) -> Origin<'a> {
        Origin {
            site: "lefaso",
            url,
            canonical,
            archived: None,
        }
    }

    #[tokio::test]
    async fn the_same_text_is_written_once_and_then_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let (p, store) = publisher(dir.path()).await;
        let a = Url::parse("https://lefaso.net/a").unwrap();
        let b = Url::parse("https://aib.media/b").unwrap();
        let first = p
            .publish(origin(a.as_str(), &a), &page("Titre"))
            .await
            .unwrap();
        assert_eq!(first.outcome, Outcome::Written);
        let rec = first.record.unwrap();
        assert!(dir.path().join(&rec.path).is_file());
        let again = p
            .publish(origin(b.as_str(), &b), &page("Titre"))
            .await
            .unwrap();
        assert_eq!(again.outcome, Outcome::DuplicateOf(a.to_string()));
        let manifest = std::fs::read_to_string(dir.path().join("articles.jsonl")).unwrap();
        assert_eq!(manifest.lines().count(), 1);
        assert_eq!(store.export(None, &[], false).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_page_published_twice_from_its_own_url_is_not_written_twice() {
        let dir = tempfile::tempdir().unwrap();
        let (p, _) = publisher(dir.path()).await;
        let a = Url::parse("https://lefaso.net/a").unwrap();
        p.publish(origin(a.as_str(), &a), &page("Titre"))
            .await
            .unwrap();
        let again = p
            .publish(origin(a.as_str(), &a), &page("Titre"))
            .await
            .unwrap();
        assert_eq!(again.outcome, Outcome::WrittenBefore);
        assert!(again.record.is_none());
        let manifest = std::fs::read_to_string(dir.path().join("articles.jsonl")).unwrap();
        assert_eq!(manifest.lines().count(), 1);
    }

    #[tokio::test]
    async fn recovery_completes_written_claims_and_releases_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let (p, store) = publisher(dir.path()).await;
        let a = Url::parse("https://lefaso.net/a").unwrap();
        // A claim whose file was never written: a run killed right after claiming.
        let lost = page("Perdu");
        let rec = ManifestRecord {
            url: a.to_string(),
            canonical_url: a.to_string(),
            site: "lefaso".into(),
            title: lost.article.title.clone(),
            authors: vec![],
            published: None,
            language: None,
            sha256: lost.sha256.clone(),
            path: relative_path("lefaso", &lost.sha256),
            fetched_at: chrono::Utc::now(),
            words: 3,
            near_duplicate_of: None,
            updated: false,
            supersedes: None,
            warc: None,
        };
        assert_eq!(
            store
                .claim_article(&rec, lost.simhash, "local")
                .await
                .unwrap(),
            Claim::New
        );
        assert_eq!(p.recover().await.unwrap(), 1);
        assert!(store.unwritten("local").await.unwrap().is_empty());
        // Released: the next fetch of the URL writes it.
        let again = p.publish(origin(a.as_str(), &a), &lost).await.unwrap();
        assert_eq!(again.outcome, Outcome::Written);
        assert!(again.record.is_some());
    }
}
