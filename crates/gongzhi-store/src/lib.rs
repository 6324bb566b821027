//! gongzhi's persistence: one query logic over SQLite (the embedded default) and PostgreSQL (the scale-out backend),
//! chosen by the URL's scheme, with embedded migrations applied at start-up.
//!
//! Design:
//! - Every query is written once, in the SQL both backends accept, and run through sqlx's `Any` driver. Values cross
//!   the boundary as the few types `Any` decodes everywhere: `i64` (instants as epoch milliseconds, booleans 0/1),
//!   `f64`, `String` (ids, JSON). The backend differences are named in [`Backend`] and kept in this crate.
//! - Writes go through `write`, reads through `read`. On SQLite `write` is a single connection: SQLite has one writer
//!   anyway, and funnelling writes through one connection means no transaction ever waits on a lock upgrade or gets
//!   `SQLITE_BUSY`. On PostgreSQL both are the same pool.
//! - Every state change appends to the audit chain in the same transaction ([`audit`]), as the transaction's last
//!   write, so the chain head is locked for as short a time as possible and lock order is always the same.
//! - Intake on SQLite is group-committed: concurrent intakes share one transaction and one disk flush, each in its
//!   own savepoint, and each caller is answered after that commit (`group_commit`).
//! - Durability: SQLite runs in WAL mode with `synchronous=FULL`, PostgreSQL with its default synchronous commit, so a
//!   committed write is on disk before the caller is answered.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Row};

pub mod accounts;
pub mod assessment;
pub mod audit;
#[cfg(feature = "bench")]
mod bench;
pub mod calendar;
pub mod care;
pub mod cases;
pub mod catalogue;
pub mod dispute;
pub mod enforcement;
pub mod gazetteer;
mod group_commit;
pub mod import;
pub mod inbox;
pub mod kb;
pub mod map;
mod migrate;
pub mod notify;
pub mod open311;
pub mod org;
pub mod powers;
mod reads;
pub mod replies;
pub mod search;
mod sql;
pub mod suggest;
pub mod sweep;
pub mod whistle;

pub use gongzhi_domain::Millis;
pub use reads::Reads;
use sql::{BindExt, sql};

/// Which database runs underneath. Only this crate ever branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from a URL's scheme; anything else is refused rather than guessed.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            let scheme = url.split(':').next().unwrap_or("").to_owned();
            Err(StoreError::UnknownScheme(scheme))
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// What can go wrong in the store, in the three shapes callers act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or reference rule refused the write; `constraint` names it where the backend says.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("unsupported database URL scheme `{0}` (use sqlite: or postgres://)")]
    UnknownScheme(String),
    #[error("migration {version} was changed after it was applied (checksum mismatch)")]
    MigrationChanged { version: i64 },
    #[error(transparent)]
    Other(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db)
                if db.is_unique_violation() || db.is_foreign_key_violation() =>
            {
                StoreError::Conflict {
                    constraint: db.constraint().unwrap_or(db.message()).to_owned(),
                }
            }
            _ => StoreError::Other(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who is making a change, from where, and when; every write method takes one and records it in the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<gongzhi_domain::org::UserId>,
    /// A username, `resident` or `system`; never a resident's name.
    pub label: String,
    /// The client address, or `-`.
    pub address: String,
    pub at: Millis,
}

impl Actor {
    pub fn system(at: Millis) -> Actor {
        Actor {
            user_id: None,
            label: "system".into(),
            address: "-".into(),
            at,
        }
    }
    pub fn resident(address: impl Into<String>, at: Millis) -> Actor {
        Actor {
            user_id: None,
            label: "resident".into(),
            address: address.into(),
            at,
        }
    }
    pub fn staff(
        user_id: gongzhi_domain::org::UserId,
        username: &str,
        address: impl Into<String>,
        at: Millis,
    ) -> Actor {
        Actor {
            user_id: Some(user_id),
            label: username.into(),
            address: address.into(),
            at,
        }
    }
}

/// A page request: 1-based page number and page size (capped at 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub fn new(page: u32, per_page: u32) -> PageRequest {
        PageRequest {
            page: page.max(1),
            per_page: per_page.clamp(1, 200),
        }
    }
    fn offset(self) -> i64 {
        (self.page as i64 - 1) * self.per_page as i64
    }
}

/// One page of results and the total across all pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        ((self.total.max(0) as u64).div_ceil(self.per_page.max(1) as u64)).max(1) as u32
    }
}

/// The database handle shared by every request. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    /// SQLite only: intakes are group-committed (see `group_commit`).
    intake_queue: Option<group_commit::IntakeQueue>,
    /// How many times a connection was handed out by either pool (one per statement outside a transaction, one per
    /// transaction): what a page's reads cost, counted by the tests that check it does not grow with the page's rows.
    acquisitions: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// The current instant in epoch milliseconds.
pub fn now_ms() -> Millis {
    jiff::Timestamp::now().as_millisecond()
}

impl Store {
    /// Connects to `url` (`sqlite:PATH?mode=rwc` creates the file; `sqlite:PATH` requires it) and applies the
    /// embedded migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = Store::connect_without_migrating(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without touching the schema (for `gongzhi migrate`'s status and for tests of the migrator).
    pub async fn connect_without_migrating(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let options = AnyConnectOptions::from_str(url)?;
        let acquisitions = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        // An idle connection handed out passes `before_acquire`; a new one is counted when first handed out by
        // the runs of its `after_connect` (below), so a warm pool and a cold one count the same.
        let counted = |options: AnyPoolOptions| {
            let a = acquisitions.clone();
            options.before_acquire(move |_, _| {
                a.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Box::pin(async { Ok(true) })
            })
        };
        let store = match backend {
            Backend::Sqlite => {
                let pool = |max: u32| {
                    let fresh = acquisitions.clone();
                    counted(AnyPoolOptions::new())
                        .max_connections(max)
                        .min_connections(1)
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(move |conn, _meta| {
                            fresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            Box::pin(async move { sqlite_pragmas(conn).await })
                        })
                        .connect_with(options.clone())
                };
                // Open the writer first: it creates the file (mode=rwc) and switches it to WAL before readers open.
                let write = pool(1).await?;
                let read = pool(4).await?;
                let intake_queue = Some(group_commit::IntakeQueue::start(write.clone()));
                Store {
                    read,
                    write,
                    backend,
                    intake_queue,
                    acquisitions,
                }
            }
            Backend::Postgres => {
                let fresh = acquisitions.clone();
                let pool = counted(AnyPoolOptions::new())
                    .after_connect(move |_, _| {
                        fresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Box::pin(async { Ok(()) })
                    })
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?;
                Store {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    intake_queue: None,
                    acquisitions,
                }
            }
        };
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many times a connection has been handed out by the pools so far (see the field): a page that reads per
    /// row shows it here.
    pub fn acquisitions(&self) -> u64 {
        self.acquisitions.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Applies the embedded migrations that have not run yet.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        migrate::run(self).await
    }

    /// Answers whether the database responds (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.read).await.is_ok()
    }

    /// Refreshes the query planner's statistics (a full SQLite `ANALYZE`: a sampled one misjudged `status`; PostgreSQL's
    /// autovacuum does this by itself). Without them SQLite can pick an index that makes a filtered list scan the
    /// whole table. Run after bulk loads and periodically.
    pub async fn optimize(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::raw_sql("PRAGMA analysis_limit = 0; ANALYZE;")
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// Closes every connection; SQLite checkpoints its WAL on the last close.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// Reads a setting.
    pub async fn get_setting(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.get::<String, _>(0)))
    }

    /// Writes a setting, audited.
    pub async fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        self.set_settings(actor, &[(key, value.to_owned())]).await
    }

    /// Writes several settings in one transaction (all or nothing), each audited.
    pub async fn set_settings(&self, actor: &Actor, settings: &[(&str, String)]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for (key, value) in settings {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
            audit::append(
                &mut tx,
                actor,
                "setting.set",
                "setting",
                key,
                serde_json::json!({ "value": value }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// SQLite's per-connection settings: WAL for concurrent readers, FULL sync so a commit survives power loss, foreign
/// keys enforced, and a busy timeout so readers wait out a checkpoint instead of failing.
async fn sqlite_pragmas(conn: &mut AnyConnection) -> std::result::Result<(), sqlx::Error> {
    sqlx::raw_sql(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA busy_timeout = 10000;",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Reads an optional id column.
fn opt_id<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    let raw: Option<String> = row.try_get(col)?;
    Ok(raw.as_deref().and_then(parse))
}

/// Reads a required id column; a malformed id in the database is a bug, reported as such.
fn req_id<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let raw: String = row.try_get(col)?;
    parse(&raw).ok_or_else(|| {
        StoreError::Other(sqlx::Error::Decode(
            format!("bad id in column {col}").into(),
        ))
    })
}

pub(crate) fn decode_err(what: &str) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(
        format!("unexpected value in {what}").into(),
    ))
}

#[cfg(feature = "testing")]
pub mod testing;
