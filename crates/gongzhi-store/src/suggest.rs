//! Category suggestions' data (`gongzhi_domain::suggest` is the model): the closed cases a model learns from, and the
//! trained models, newest version first.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::Millis;
use gongzhi_domain::org::UnitId;

use crate::{Actor, Result, Store, audit, opt_id};

/// A closed case as the model learns from it: its id (which decides whether it is held back), texts, street, and the
/// category it was finally routed to.
#[derive(Debug, Clone)]
pub struct TrainingCase {
    pub id: String,
    pub title: String,
    pub description: String,
    pub street: Option<UnitId>,
    pub category: String,
}

/// A stored model's figures (without the model itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInfo {
    pub version: i64,
    pub trained_at: Millis,
    pub cases: i64,
    pub held_cases: i64,
    pub top1: f64,
    pub top3: f64,
    pub temperature: f64,
}

/// Models kept; older ones are deleted when a new one is saved.
const KEEP: i64 = 3;

impl Store {
    /// The most recently closed cases that were routed to a category (merged duplicates left out), at most `limit`.
    pub async fn suggest_training_cases(&self, limit: i64) -> Result<Vec<TrainingCase>> {
        let rows = sqlx::query(
            "SELECT id, title, description, street_id, category_code FROM cases \
             WHERE status = 'closed' AND category_code IS NOT NULL AND merged_into IS NULL ORDER BY closed_at DESC, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TrainingCase {
                    id: r.try_get(0)?,
                    title: r.try_get(1)?,
                    description: r.try_get(2)?,
                    street: opt_id(r, "street_id", UnitId::parse)?,
                    category: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Saves a trained model as the next version (one audit entry) and deletes all but the last few; answers the
    /// version. Two servers saving at once get consecutive versions.
    pub async fn save_suggest_model(
        &self,
        actor: &Actor,
        info: &ModelInfo,
        model: &str,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let version: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 FROM suggest_models")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        sqlx::query(
            "INSERT INTO suggest_models (version, trained_at, cases, held_cases, top1, top3, temperature, model) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(version)
        .bind(info.trained_at)
        .bind(info.cases)
        .bind(info.held_cases)
        .bind(info.top1)
        .bind(info.top3)
        .bind(info.temperature)
        .bind(model)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM suggest_models WHERE version <= $1")
            .bind(version - KEEP)
            .execute(&mut *tx)
            .await?;
        let details = json!({ "cases": info.cases, "held_cases": info.held_cases, "top1": info.top1, "top3": info.top3 });
        audit::append(
            &mut tx,
            actor,
            "suggest.train",
            "suggest_model",
            &version.to_string(),
            details,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The newest model's figures, if any model was trained.
    pub async fn suggest_model_info(&self) -> Result<Option<ModelInfo>> {
        let row = sqlx::query(
            "SELECT version, trained_at, cases, held_cases, top1, top3, temperature FROM suggest_models ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(ModelInfo {
                version: r.try_get(0)?,
                trained_at: r.try_get(1)?,
                cases: r.try_get(2)?,
                held_cases: r.try_get(3)?,
                top1: r.try_get(4)?,
                top3: r.try_get(5)?,
                temperature: r.try_get(6)?,
            })
        })
        .transpose()
    }

    /// A stored model's JSON.
    pub async fn suggest_model(&self, version: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT model FROM suggest_models WHERE version = $1")
            .bind(version)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }
}
