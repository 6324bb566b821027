//! The district's map: its own GeoJSON when loaded, and the points of cases for the cases map.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::Millis;

use crate::cases::{CaseFilter, any_branch, filter_sql};
use crate::sql::bind_all;
use crate::{Actor, Result, Store, audit, sql};

/// A case on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub case_no: String,
    pub lat: f64,
    pub lon: f64,
    pub status: String,
    pub title: String,
    pub overdue: bool,
}

impl Store {
    /// The newest map the district loaded, with when.
    pub async fn district_map(&self) -> Result<Option<(String, Millis)>> {
        let row = sqlx::query(
            "SELECT geojson, loaded_at FROM district_maps ORDER BY loaded_at DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&self.read)
        .await?;
        Ok(match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
            None => None,
        })
    }

    /// When the district's own map was loaded, without reading it (`None`: the approximate shapes are in use).
    pub async fn district_map_loaded_at(&self) -> Result<Option<Millis>> {
        let row = sqlx::query("SELECT MAX(loaded_at) FROM district_maps")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// Loads the district's own map (checked by the caller), audited by its size, never its text.
    pub async fn save_district_map(
        &self,
        actor: &Actor,
        geojson: &str,
        features: usize,
    ) -> Result<()> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO district_maps (id, geojson, features, loaded_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(geojson)
        .bind(features as i64)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "map.load",
            "district_map",
            &id,
            json!({ "features": features, "bytes": geojson.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Cases with a map point that `filter` lets through, newest first, at most `limit`, and how many there are.
    pub async fn map_points(
        &self,
        filter: &CaseFilter,
        limit: u32,
    ) -> Result<(Vec<MapPoint>, i64)> {
        let (branches, rest, args) = filter_sql(filter);
        let any = any_branch(&branches);
        let cond = format!("({any}) AND {rest} AND lat IS NOT NULL AND lon IS NOT NULL");
        let total: i64 = bind_all(
            sqlx::query(sql(format!("SELECT COUNT(*) FROM cases WHERE {cond}"))),
            &args,
        )
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let rows = bind_all(
            sqlx::query(sql(format!(
                "SELECT case_no, lat, lon, status, title, handle_due_at FROM cases WHERE {cond} ORDER BY received_at DESC, case_no DESC LIMIT {limit}"
            ))),
            &args,
        )
        .fetch_all(&self.read)
        .await?;
        let points = rows
            .iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                let due: Option<i64> = r.try_get("handle_due_at")?;
                Ok(MapPoint {
                    case_no: r.try_get("case_no")?,
                    lat: r.try_get("lat")?,
                    lon: r.try_get("lon")?,
                    overdue: matches!(status.as_str(), "assigned" | "in_progress")
                        && due.is_some_and(|d| d < filter.now),
                    status,
                    title: r.try_get("title")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((points, total))
    }
}
