//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database created on the server named by
//! `GONGZHI_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) and dropped when the test
//! finishes. No test shares data with another.
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
    pub async fn finish(self) {
        self.store.close().await;
        match self.cleanup {
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
                }
            }
        }
    }
}

impl Store {
    /// Runs a fixed statement on the writer connection: for tests that play an intruder with direct database access.
    pub async fn execute_raw_for_tests(&self, statement: impl Into<String>) -> crate::Result<()> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.into()))
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
