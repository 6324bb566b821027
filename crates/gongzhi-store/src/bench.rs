//! Helpers of the benchmarks (`gongzhi bench`), built only with the `bench` feature: the release server does not
//! carry them. They write through one transaction per batch with an audit entry each, like every other write.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::Millis;

use gongzhi_domain::org::UnitId;

use crate::{Actor, Result, Store, StoreError, audit, opt_id};

impl Store {
    /// Copies a dispute case `n` times under new ids and numbers (day `99991231`), received at the given instants in
    /// turn, for the benchmark's large district of disputes; answers the copies as the generator's references.
    pub async fn clone_dispute_cases_for_bench(
        &self,
        template: &str,
        received: &[Millis],
    ) -> Result<Vec<gongzhi_domain::import::DisputeCaseRef>> {
        let refs = self.dispute_case_refs_all(template).await?;
        let t = refs.into_iter().next().ok_or(StoreError::NotFound)?;
        let mut out = Vec::with_capacity(received.len());
        for (chunk_no, chunk) in received.chunks(2000).enumerate() {
            let mut tx = self.write.begin().await?;
            for (i, at) in chunk.iter().enumerate() {
                let id = uuid::Uuid::now_v7().to_string();
                let seq = chunk_no * 2000 + i;
                sqlx::query(
                    "INSERT INTO cases (id, case_no, kind, channel, status, title, description, address, lat, lon, resident_name, phone, phone_last4, \
                     street_id, community_id, accountable_unit_id, agent_id, received_at, created_at, updated_at, confidential, anonymous, place_guessed) \
                     SELECT $1, $2, kind, channel, status, title, description, address, lat, lon, resident_name, phone, phone_last4, street_id, community_id, \
                     accountable_unit_id, agent_id, $3, $3, $3, confidential, anonymous, place_guessed FROM cases WHERE id = $4",
                )
                .bind(&id)
                .bind(format!("9999{seq:010}"))
                .bind(*at)
                .bind(template)
                .execute(&mut *tx)
                .await?;
                out.push(gongzhi_domain::import::DisputeCaseRef {
                    case_id: id,
                    received_at: *at,
                    closed_at: None,
                    ..t.clone()
                });
            }
            audit::append(
                &mut tx,
                &Actor::system(crate::now_ms()),
                "bench.clone_disputes",
                "case",
                template,
                json!({ "copies": chunk.len() }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(out)
    }

    /// The ids of the demo's dispute cases that have a mediation record (the benchmark's templates).
    pub async fn dispute_case_refs_all_ids(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT case_id FROM disputes ORDER BY filed_at LIMIT 10")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// A case number of an open dispute with a known street (the benchmark's proposal target).
    pub async fn open_dispute_for_bench(&self) -> Result<Option<String>> {
        let row = sqlx::query("SELECT c.case_no FROM disputes d JOIN cases c ON c.id = d.case_id WHERE d.street_id IS NOT NULL AND c.case_no NOT LIKE '9999%' ORDER BY d.filed_at DESC LIMIT 1")
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| r.try_get(0)).transpose().map_err(Into::into)
    }

    async fn dispute_case_refs_all(
        &self,
        case_id: &str,
    ) -> Result<Vec<gongzhi_domain::import::DisputeCaseRef>> {
        let r = sqlx::query("SELECT id, category_code, received_at, closed_at, resolved, street_id, resident_name, phone, description FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(vec![gongzhi_domain::import::DisputeCaseRef {
            case_id: r.try_get(0)?,
            category: r.try_get(1)?,
            received_at: r.try_get(2)?,
            closed_at: r.try_get(3)?,
            resolved: r.try_get::<Option<i64>, _>(4)?.map(|v| v != 0),
            street_id: opt_id(&r, "street_id", UnitId::parse)?,
            resident_name: r.try_get(6)?,
            phone: r.try_get(7)?,
            description: r.try_get(8)?,
        }])
    }
}
