//! The embedded migrator: one folder of SQL files per dialect, the same names in each, applied in order and recorded
//! with a checksum so an edited migration is caught rather than silently diverging. On PostgreSQL an advisory lock
//! lets several app servers start at once; on SQLite the single writer connection serialises them.

use sqlx::Row;

use crate::{Backend, Result, Store, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "case_spine",
        sqlite: include_str!("../migrations/sqlite/0002_case_spine.sql"),
        postgres: include_str!("../migrations/postgres/0002_case_spine.sql"),
    },
    Migration {
        version: 3,
        name: "list_indexes",
        sqlite: include_str!("../migrations/sqlite/0003_list_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0003_list_indexes.sql"),
    },
    Migration {
        version: 4,
        name: "hardening",
        sqlite: include_str!("../migrations/sqlite/0004_hardening.sql"),
        postgres: include_str!("../migrations/postgres/0004_hardening.sql"),
    },
    Migration {
        version: 5,
        name: "escalation_requests",
        sqlite: include_str!("../migrations/sqlite/0005_escalation_requests.sql"),
        postgres: include_str!("../migrations/postgres/0005_escalation_requests.sql"),
    },
    Migration {
        version: 6,
        name: "daily_chasing",
        sqlite: include_str!("../migrations/sqlite/0006_daily_chasing.sql"),
        postgres: include_str!("../migrations/postgres/0006_daily_chasing.sql"),
    },
    Migration {
        version: 7,
        name: "confidential",
        sqlite: include_str!("../migrations/sqlite/0007_confidential.sql"),
        postgres: include_str!("../migrations/postgres/0007_confidential.sql"),
    },
    Migration {
        version: 8,
        name: "supervision",
        sqlite: include_str!("../migrations/sqlite/0008_supervision.sql"),
        postgres: include_str!("../migrations/postgres/0008_supervision.sql"),
    },
    Migration {
        version: 9,
        name: "leaders_in_charge",
        sqlite: include_str!("../migrations/sqlite/0009_leaders_in_charge.sql"),
        postgres: include_str!("../migrations/postgres/0009_leaders_in_charge.sql"),
    },
    Migration {
        version: 10,
        name: "spine_fidelity",
        sqlite: include_str!("../migrations/sqlite/0010_spine_fidelity.sql"),
        postgres: include_str!("../migrations/postgres/0010_spine_fidelity.sql"),
    },
    Migration {
        version: 11,
        name: "whistles",
        sqlite: include_str!("../migrations/sqlite/0011_whistles.sql"),
        postgres: include_str!("../migrations/postgres/0011_whistles.sql"),
    },
    Migration {
        version: 12,
        name: "disputes",
        sqlite: include_str!("../migrations/sqlite/0012_disputes.sql"),
        postgres: include_str!("../migrations/postgres/0012_disputes.sql"),
    },
    Migration {
        version: 13,
        name: "care",
        sqlite: include_str!("../migrations/sqlite/0013_care.sql"),
        postgres: include_str!("../migrations/postgres/0013_care.sql"),
    },
    Migration {
        version: 14,
        name: "care_services",
        sqlite: include_str!("../migrations/sqlite/0014_care_services.sql"),
        postgres: include_str!("../migrations/postgres/0014_care_services.sql"),
    },
    Migration {
        version: 15,
        name: "assessment",
        sqlite: include_str!("../migrations/sqlite/0015_assessment.sql"),
        postgres: include_str!("../migrations/postgres/0015_assessment.sql"),
    },
    Migration {
        version: 16,
        name: "search",
        sqlite: include_str!("../migrations/sqlite/0016_search.sql"),
        postgres: include_str!("../migrations/postgres/0016_search.sql"),
    },
    Migration {
        version: 17,
        name: "suggest",
        sqlite: include_str!("../migrations/sqlite/0017_suggest.sql"),
        postgres: include_str!("../migrations/postgres/0017_suggest.sql"),
    },
    Migration {
        version: 18,
        name: "open311",
        sqlite: include_str!("../migrations/sqlite/0018_open311.sql"),
        postgres: include_str!("../migrations/postgres/0018_open311.sql"),
    },
    Migration {
        version: 19,
        name: "kb_search",
        sqlite: include_str!("../migrations/sqlite/0019_kb_search.sql"),
        postgres: include_str!("../migrations/postgres/0019_kb_search.sql"),
    },
    Migration {
        version: 20,
        name: "phone_lookup",
        sqlite: include_str!("../migrations/sqlite/0020_phone_lookup.sql"),
        postgres: include_str!("../migrations/postgres/0020_phone_lookup.sql"),
    },
    Migration {
        version: 21,
        name: "notify",
        sqlite: include_str!("../migrations/sqlite/0021_notify.sql"),
        postgres: include_str!("../migrations/postgres/0021_notify.sql"),
    },
    Migration {
        version: 22,
        name: "replies",
        sqlite: include_str!("../migrations/sqlite/0022_replies.sql"),
        postgres: include_str!("../migrations/postgres/0022_replies.sql"),
    },
    Migration {
        version: 23,
        name: "map",
        sqlite: include_str!("../migrations/sqlite/0023_map.sql"),
        postgres: include_str!("../migrations/postgres/0023_map.sql"),
    },
    Migration {
        version: 24,
        name: "checks_and_imports",
        sqlite: include_str!("../migrations/sqlite/0024_checks_and_imports.sql"),
        postgres: include_str!("../migrations/postgres/0024_checks_and_imports.sql"),
    },
    Migration {
        version: 25,
        name: "category_received",
        sqlite: include_str!("../migrations/sqlite/0025_category_received.sql"),
        postgres: include_str!("../migrations/postgres/0025_category_received.sql"),
    },
    Migration {
        version: 26,
        name: "penalty_procedure",
        sqlite: include_str!("../migrations/sqlite/0026_penalty_procedure.sql"),
        postgres: include_str!("../migrations/postgres/0026_penalty_procedure.sql"),
    },
    Migration {
        version: 27,
        name: "whistle_reporting",
        sqlite: include_str!("../migrations/sqlite/0027_whistle_reporting.sql"),
        postgres: include_str!("../migrations/postgres/0027_whistle_reporting.sql"),
    },
    Migration {
        version: 28,
        name: "compulsion_and_publication",
        sqlite: include_str!("../migrations/sqlite/0028_compulsion_and_publication.sql"),
        postgres: include_str!("../migrations/postgres/0028_compulsion_and_publication.sql"),
    },
    Migration {
        version: 29,
        name: "discretion_standard",
        sqlite: include_str!("../migrations/sqlite/0029_discretion_standard.sql"),
        postgres: include_str!("../migrations/postgres/0029_discretion_standard.sql"),
    },
    Migration {
        version: 30,
        name: "agreement_signatures",
        sqlite: include_str!("../migrations/sqlite/0030_agreement_signatures.sql"),
        postgres: include_str!("../migrations/postgres/0030_agreement_signatures.sql"),
    },
    Migration {
        version: 31,
        name: "assessment_confirmation",
        sqlite: include_str!("../migrations/sqlite/0031_assessment_confirmation.sql"),
        postgres: include_str!("../migrations/postgres/0031_assessment_confirmation.sql"),
    },
    Migration {
        version: 32,
        name: "ltc_services",
        sqlite: include_str!("../migrations/sqlite/0032_ltc_services.sql"),
        postgres: include_str!("../migrations/postgres/0032_ltc_services.sql"),
    },
    Migration {
        version: 33,
        name: "contribution_rules",
        sqlite: include_str!("../migrations/sqlite/0033_contribution_rules.sql"),
        postgres: include_str!("../migrations/postgres/0033_contribution_rules.sql"),
    },
    Migration {
        version: 34,
        name: "subsidy_groups",
        sqlite: include_str!("../migrations/sqlite/0034_subsidy_groups.sql"),
        postgres: include_str!("../migrations/postgres/0034_subsidy_groups.sql"),
    },
    Migration {
        version: 35,
        name: "library_publication",
        sqlite: include_str!("../migrations/sqlite/0035_library_publication.sql"),
        postgres: include_str!("../migrations/postgres/0035_library_publication.sql"),
    },
    Migration {
        version: 36,
        name: "census_reference",
        sqlite: include_str!("../migrations/sqlite/0036_census_reference.sql"),
        postgres: include_str!("../migrations/postgres/0036_census_reference.sql"),
    },
    Migration {
        version: 37,
        name: "assessment_schemes",
        sqlite: include_str!("../migrations/sqlite/0037_assessment_schemes.sql"),
        postgres: include_str!("../migrations/postgres/0037_assessment_schemes.sql"),
    },
    Migration {
        version: 38,
        name: "yearly_topics",
        sqlite: include_str!("../migrations/sqlite/0038_yearly_topics.sql"),
        postgres: include_str!("../migrations/postgres/0038_yearly_topics.sql"),
    },
];

/// An arbitrary constant identifying gongzhi's migration lock among PostgreSQL advisory locks.
const PG_LOCK_KEY: i64 = 0x67_6f_6e_67_7a_68_69;

/// FNV-1a is enough to notice an edited file; this is not a security boundary.
fn checksum(sql: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sql.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub(crate) async fn run(store: &Store) -> Result<Vec<i64>> {
    let mut conn = store.write.acquire().await?;
    if store.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(PG_LOCK_KEY)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply_all(store.backend, &mut conn).await;
    if store.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(PG_LOCK_KEY)
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply_all(backend: Backend, conn: &mut sqlx::AnyConnection) -> Result<Vec<i64>> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS gongzhi_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, \
         checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let mut applied_now = Vec::new();
    for m in MIGRATIONS {
        let sql = match backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        let sum = checksum(sql);
        let existing = sqlx::query("SELECT checksum FROM gongzhi_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(row) = existing {
            if row.get::<String, _>(0) != sum {
                return Err(StoreError::MigrationChanged { version: m.version });
            }
            continue;
        }
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO gongzhi_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
            .bind(m.version)
            .bind(m.name)
            .bind(&sum)
            .bind(crate::now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        applied_now.push(m.version);
    }
    Ok(applied_now)
}
