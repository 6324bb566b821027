//! The dispatch catalogue, versioned: every edit writes a whole new version (the catalogue is a hundred rows), so a
//! case's `catalogue_version` always finds the rules it was routed by.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::catalogue::{Accountable, Category};

use crate::{Actor, Result, Store, StoreError, audit, decode_err};

const COLUMNS: &str = "code, theme, name, accountable, contact_hours, handle_days, urgency, escalate_after_days, notice";

fn category_from_row(r: &AnyRow) -> Result<Category> {
    Ok(Category {
        code: r.try_get("code")?,
        theme: r.try_get("theme")?,
        name: r.try_get("name")?,
        accountable: Accountable::parse(&r.try_get::<String, _>("accountable")?)
            .ok_or_else(|| decode_err("accountable"))?,
        contact_hours: r.try_get::<i64, _>("contact_hours")? as u32,
        handle_days: r.try_get::<i64, _>("handle_days")? as u32,
        urgency: gongzhi_domain::catalogue::Urgency::parse(&r.try_get::<String, _>("urgency")?)
            .ok_or_else(|| decode_err("urgency"))?,
        escalate_after_days: r
            .try_get::<Option<i64>, _>("escalate_after_days")?
            .map(|d| d as u32),
        notice: r.try_get("notice")?,
    })
}

/// A catalogue version's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueVersion {
    pub version: i64,
    pub created_at: i64,
    pub created_by: String,
    pub note: String,
    pub categories: i64,
}

impl Store {
    /// The newest version number, or 0 when there is no catalogue yet.
    pub async fn catalogue_version(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM catalogue_versions")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// The categories of a version, in catalogue order.
    pub async fn catalogue(&self, version: i64) -> Result<Vec<Category>> {
        let rows = sqlx::query(crate::sql(format!(
            "SELECT {COLUMNS} FROM catalogue_categories WHERE version = $1 ORDER BY position"
        )))
        .bind(version)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(category_from_row).collect()
    }

    pub async fn get_category(&self, version: i64, code: &str) -> Result<Category> {
        let row = sqlx::query(crate::sql(format!(
            "SELECT {COLUMNS} FROM catalogue_categories WHERE version = $1 AND code = $2"
        )))
        .bind(version)
        .bind(code)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        category_from_row(&row)
    }

    pub async fn catalogue_versions(&self) -> Result<Vec<CatalogueVersion>> {
        let rows = sqlx::query(
            "SELECT v.version, v.created_at, v.created_by, v.note, \
             (SELECT COUNT(*) FROM catalogue_categories c WHERE c.version = v.version) AS n \
             FROM catalogue_versions v ORDER BY v.version DESC",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CatalogueVersion {
                    version: r.try_get(0)?,
                    created_at: r.try_get(1)?,
                    created_by: r.try_get(2)?,
                    note: r.try_get(3)?,
                    categories: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Writes `categories` as a new version (the next number) and returns it. Codes must be unique.
    pub async fn save_catalogue(
        &self,
        actor: &Actor,
        categories: &[Category],
        note: &str,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let version: i64 =
            sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 FROM catalogue_versions")
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        sqlx::query("INSERT INTO catalogue_versions (version, created_at, created_by, note) VALUES ($1, $2, $3, $4)")
            .bind(version)
            .bind(actor.at)
            .bind(&actor.label)
            .bind(note)
            .execute(&mut *tx)
            .await?;
        for (i, c) in categories.iter().enumerate() {
            sqlx::query(
                "INSERT INTO catalogue_categories (version, code, position, theme, name, accountable, contact_hours, \
                 handle_days, escalate_after_days, notice, urgency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(version)
            .bind(&c.code)
            .bind(i as i64)
            .bind(&c.theme)
            .bind(&c.name)
            .bind(c.accountable.code())
            .bind(c.contact_hours as i64)
            .bind(c.handle_days as i64)
            .bind(c.escalate_after_days.map(|d| d as i64))
            .bind(&c.notice)
            .bind(c.urgency.code())
            .execute(&mut *tx)
            .await?;
        }
        let detail = json!({ "version": version, "categories": categories.len(), "note": note });
        audit::append(
            &mut tx,
            actor,
            "catalogue.version",
            "catalogue",
            &version.to_string(),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }
}
