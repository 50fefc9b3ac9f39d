//! Unit tests of `SqlStore` that need its private pool: query plans, read-only opens.

use super::*;

/// The next-URL query must read the frontier index in order: a sort step would cost
/// O(n log n) per page on a large frontier.
#[tokio::test]
async fn next_url_reads_the_frontier_index_without_sorting() {
    let store = SqlStore::open(&StateUrl::Memory, OpenMode::Create)
        .await
        .unwrap();
    let select = q::NEXT_URL_SQLITE
        .split_once("(SELECT ")
        .and_then(|(_, rest)| rest.rsplit_once(')'))
        .map(|(inner, _)| format!("SELECT {inner}"))
        .unwrap()
        .replace("$3", "$1")
        .replace("$4", "$2");
    let plan: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(&format!("EXPLAIN QUERY PLAN {select}"))
            .bind("site")
            .bind(0_i64)
            .fetch_all(&store.pool)
            .await
            .unwrap();
    let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
    assert!(
        steps.iter().any(|s| s.contains("urls_frontier")),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.contains("TEMP B-TREE")),
        "{steps:?}"
    );
}

#[tokio::test]
async fn a_missing_database_is_not_created_by_a_read_only_open() {
    let dir = tempfile::tempdir().unwrap();
    let url = StateUrl::Sqlite {
        path: dir.path().join("typo/x.db"),
    };
    let err = SqlStore::open(&url, OpenMode::Existing).await.unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    assert!(!dir.path().join("typo").exists());
}
