//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database created on the server named by
//! `GONGZHI_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) and dropped when the test
//! finishes — by `finish`, or when the `TestDb` is dropped without it (a test that forgot, or one that failed and is
//! unwinding). No test shares data with another, and none leaves its database behind.
//!
//! PostgreSQL tests fail when the server cannot be reached, so a missing server is noticed rather than skipped;
//! `GONGZHI_TEST_POSTGRES=skip` is the explicit way out on a machine without one.

use crate::{Backend, Store};

/// A store on a database made for one test.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
    Done,
}

impl Cleanup {
    /// Removes the database now: the file (and its WAL), or the PostgreSQL database with its connections ended.
    async fn run(self) {
        match self {
            Cleanup::Done => {}
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                use sqlx::Connection;
                if let Ok(mut admin) = sqlx::AnyConnection::connect(&admin_url).await {
                    let _ = sqlx::raw_sql(crate::sql(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut admin)
                    .await;
                    let _ = admin.close().await;
                }
            }
        }
    }
}

impl Drop for TestDb {
    /// A test that did not call `finish` (it forgot, or it panicked) still removes its database: on a thread of its
    /// own with a runtime of its own, since `drop` cannot wait on the test's.
    fn drop(&mut self) {
        let cleanup = std::mem::replace(&mut self.cleanup, Cleanup::Done);
        if matches!(cleanup, Cleanup::Done) {
            return;
        }
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(cleanup.run());
            }
        })
        .join();
    }
}

/// Runs a story on a fresh database of `backend` and removes the database after (a skipped PostgreSQL says so): the
/// one runner of the store's and the demo's story tests.
pub async fn run_story<F, Fut>(backend: Backend, story: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    if backend == Backend::Postgres && postgres_skipped() {
        eprintln!("PostgreSQL skipped by GONGZHI_TEST_POSTGRES=skip");
        return;
    }
    let db = TestDb::new(backend).await;
    story(db.store.clone()).await;
    db.finish().await;
}

/// Whether PostgreSQL tests were switched off for this run.
pub fn postgres_skipped() -> bool {
    std::env::var("GONGZHI_TEST_POSTGRES").is_ok_and(|v| v == "skip")
}

fn admin_url() -> String {
    std::env::var("GONGZHI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => TestDb::sqlite().await,
            Backend::Postgres => TestDb::postgres().await,
        }
    }

    pub async fn sqlite() -> TestDb {
        let path =
            std::env::temp_dir().join(format!("gongzhi-test-{}.db", uuid::Uuid::now_v7().simple()));
        let url = format!("sqlite:{}?mode=rwc", path.display());
        let store = Store::connect(&url)
            .await
            .expect("open a test SQLite database");
        TestDb {
            store,
            url,
            cleanup: Cleanup::File(path),
        }
    }

    pub async fn postgres() -> TestDb {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let admin_url = admin_url();
        let name = format!("gongzhi_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::AnyConnection::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!("PostgreSQL is needed for this test at {admin_url} ({e}); set GONGZHI_TEST_POSTGRES=skip to skip")
        });
        sqlx::raw_sql(crate::sql(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create test database");
        admin.close().await.ok();
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        let url = format!("{base}/{name}");
        let store = Store::connect(&url)
            .await
            .expect("open the test PostgreSQL database");
        TestDb {
            store,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        }
    }

    /// Closes the store and removes the database.
    pub async fn finish(mut self) {
        self.store.close().await;
        std::mem::replace(&mut self.cleanup, Cleanup::Done)
            .run()
            .await;
    }
}

impl Store {
    /// How many PostgreSQL databases of the server have this name (for the test that the tests clean up).
    pub async fn test_databases_named(&self, name: &str) -> i64 {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM pg_database WHERE datname = $1")
            .bind(name)
            .fetch_one(&self.read)
            .await
            .and_then(|r| r.try_get::<i64, _>("n"))
            .unwrap_or(-1)
    }

    /// Runs a fixed statement on the writer connection: for tests that play an intruder with direct database access.
    pub async fn execute_raw_for_tests(&self, statement: impl Into<String>) -> crate::Result<()> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.into()))
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
