//! The delegated powers catalogue, versioned: every import or edit writes a whole new version, so an enforcement case
//! always finds the power (and its fine range) it was opened under.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::powers::{Penalty, Power};

use crate::{Actor, Result, Store, StoreError, audit};

fn power_from_row(r: &AnyRow) -> Result<Power> {
    Ok(Power {
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        basis: r.try_get("basis")?,
        source_unit: r.try_get("source_unit")?,
        level: r.try_get("level")?,
        effective_on: r.try_get("effective_on")?,
        penalties: r
            .try_get::<String, _>("penalties")?
            .split(',')
            .filter_map(Penalty::parse)
            .collect(),
        fine_min_fen: r.try_get("fine_min_fen")?,
        fine_max_fen: r.try_get("fine_max_fen")?,
        fines: gongzhi_domain::powers::parse_fines(&r.try_get::<String, _>("fines")?)
            .ok_or_else(|| crate::decode_err("fines"))?,
    })
}

const COLUMNS: &str = "code, name, basis, source_unit, level, effective_on, penalties, fine_min_fen, fine_max_fen, fines";

impl Store {
    /// The newest version, or 0 when none was loaded.
    pub async fn powers_version(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COALESCE(MAX(version), 0) FROM power_versions")
                .fetch_one(&self.read)
                .await?
                .try_get(0)?,
        )
    }

    /// The powers of a version, in their order.
    pub async fn powers(&self, version: i64) -> Result<Vec<Power>> {
        let rows = sqlx::query(crate::sql(format!(
            "SELECT {COLUMNS} FROM powers WHERE version = $1 ORDER BY position"
        )))
        .bind(version)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(power_from_row).collect()
    }

    pub async fn get_power(&self, version: i64, code: &str) -> Result<Power> {
        let row = sqlx::query(crate::sql(format!(
            "SELECT {COLUMNS} FROM powers WHERE version = $1 AND code = $2"
        )))
        .bind(version)
        .bind(code)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        power_from_row(&row)
    }

    /// Writes a whole new version; returns its number.
    pub async fn save_powers(&self, actor: &Actor, powers: &[Power], note: &str) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let version: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 FROM power_versions")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        sqlx::query("INSERT INTO power_versions (version, created_at, created_by, note) VALUES ($1, $2, $3, $4)")
            .bind(version)
            .bind(actor.at)
            .bind(&actor.label)
            .bind(note)
            .execute(&mut *tx)
            .await?;
        for (i, p) in powers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO powers (version, code, position, name, basis, source_unit, level, effective_on, penalties, fine_min_fen, fine_max_fen, fines) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(version)
            .bind(&p.code)
            .bind(i as i64)
            .bind(&p.name)
            .bind(&p.basis)
            .bind(&p.source_unit)
            .bind(&p.level)
            .bind(&p.effective_on)
            .bind(p.penalties.iter().map(|x| x.code()).collect::<Vec<_>>().join(","))
            .bind(p.fine_min_fen)
            .bind(p.fine_max_fen)
            .bind(gongzhi_domain::powers::format_fines(&p.fines))
            .execute(&mut *tx)
            .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "powers.version",
            "powers",
            &version.to_string(),
            json!({ "version": version, "powers": powers.len(), "note": note }),
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }
}
