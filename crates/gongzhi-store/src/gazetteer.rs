//! The district's gazetteer (地名库): names of estates, roads and landmarks and the community each lies in.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::gazetteer::{Entry, NewEntry, PlaceKind};
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::UnitId;

use crate::{Actor, Result, Store, StoreError, audit, decode_err, req_id};

/// A gazetteer name with its community's name, for the administrators' list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedEntry {
    pub entry: Entry,
    pub community_name: String,
    pub street_id: Option<UnitId>,
}

impl Store {
    /// Every name, by community then name.
    pub async fn gazetteer(&self) -> Result<Vec<ListedEntry>> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, g.kind, g.community_id, g.lat, g.lon, u.name AS community_name, u.street_id FROM gazetteer g \
             JOIN units u ON u.id = g.community_id ORDER BY u.code, g.name",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let lat: Option<f64> = r.try_get("lat")?;
                let lon: Option<f64> = r.try_get("lon")?;
                Ok(ListedEntry {
                    entry: Entry {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        kind: PlaceKind::parse(&r.try_get::<String, _>("kind")?)
                            .ok_or_else(|| decode_err("kind"))?,
                        community_id: req_id(r, "community_id", UnitId::parse)?,
                        point: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
                    },
                    community_name: r.try_get("community_name")?,
                    street_id: crate::opt_id(r, "street_id", UnitId::parse)?,
                })
            })
            .collect()
    }

    /// Adds a name; a name already listed is a conflict (`gazetteer_name`).
    pub async fn add_gazetteer(&self, actor: &Actor, e: &NewEntry) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        insert_entry(&mut tx, &id, e)
            .await
            .map_err(|err| match err {
                StoreError::Conflict { .. } => StoreError::Conflict {
                    constraint: "gazetteer_name".into(),
                },
                other => other,
            })?;
        audit::append(&mut tx, actor, "gazetteer.add", "gazetteer", &id, json!({ "name": e.name, "kind": e.kind.code(), "community_id": e.community_id.to_string() })).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes a name.
    pub async fn delete_gazetteer(&self, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("DELETE FROM gazetteer WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            actor,
            "gazetteer.delete",
            "gazetteer",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) async fn insert_entry(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    e: &NewEntry,
) -> Result<()> {
    sqlx::query("INSERT INTO gazetteer (id, name, kind, community_id) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(&e.name)
        .bind(e.kind.code())
        .bind(e.community_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
