//! Cases: intake with a case number, the staff list with scope filters and totals, the public tracking view.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::cases::{
    Case, CaseId, CaseKind, CaseNo, CaseStatus, Channel, NewCase, PublicCaseView, TimelineEntry,
};
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::{CasePlace, Scope, UnitId, UserId};

use crate::{BindExt, Actor, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id, req_id, sql};

const CASE_COLUMNS: &str = "id, case_no, kind, channel, status, title, description, address, lat, lon, resident_name, \
    phone, street_id, community_id, accountable_unit_id, agent_id, received_at, created_at";

fn case_from_row(row: &AnyRow) -> Result<Case> {
    let lat: Option<f64> = row.try_get("lat")?;
    let lon: Option<f64> = row.try_get("lon")?;
    Ok(Case {
        id: req_id(row, "id", CaseId::parse)?,
        case_no: CaseNo::parse(&row.try_get::<String, _>("case_no")?).ok_or_else(|| decode_err("cases.case_no"))?,
        kind: CaseKind::parse(&row.try_get::<String, _>("kind")?).ok_or_else(|| decode_err("cases.kind"))?,
        channel: Channel::parse(&row.try_get::<String, _>("channel")?).ok_or_else(|| decode_err("cases.channel"))?,
        status: CaseStatus::parse(&row.try_get::<String, _>("status")?).ok_or_else(|| decode_err("cases.status"))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        address: row.try_get("address")?,
        point: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        resident_name: row.try_get("resident_name")?,
        phone: row.try_get("phone")?,
        street_id: opt_id(row, "street_id", UnitId::parse)?,
        community_id: opt_id(row, "community_id", UnitId::parse)?,
        accountable_unit_id: opt_id(row, "accountable_unit_id", UnitId::parse)?,
        agent_id: opt_id(row, "agent_id", UserId::parse)?,
        received_at: row.try_get("received_at")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What the staff list can filter on; the scope is always applied.
#[derive(Debug, Clone)]
pub struct CaseFilter {
    pub scope: Scope,
    pub kind: Option<CaseKind>,
}

/// Appends the scope's SQL condition, binding its unit id as the next argument.
fn scope_clause(scope: Scope, clauses: &mut Vec<String>, args: &mut Vec<String>) {
    let mut bind = |id: UnitId| {
        args.push(id.to_string());
        args.len()
    };
    match scope {
        Scope::District => {}
        Scope::Street(s) => {
            let n = bind(s);
            clauses.push(format!("(street_id = ${n} OR accountable_unit_id = ${n})"));
        }
        Scope::Community(c) => {
            let n = bind(c);
            clauses.push(format!("(community_id = ${n} OR accountable_unit_id = ${n})"));
        }
        Scope::Unit(u) => {
            let n = bind(u);
            clauses.push(format!("accountable_unit_id = ${n}"));
        }
        Scope::Nothing => clauses.push("1 = 0".into()),
    }
}

impl Store {
    /// Registers a case: takes the day's next case number, stores the case and its first timeline entry, and audits
    /// it, in one transaction. The audit entry names the case number and kind, never the resident's details.
    pub async fn insert_case(&self, actor: &Actor, case: &NewCase, place: CasePlace, received_at: i64) -> Result<Case> {
        let id = CaseId::new();
        let day = gongzhi_domain::local_yyyymmdd(received_at);
        let mut tx = self.write.begin().await?;
        let seq: i64 = sqlx::query(
            "INSERT INTO counters (name, value) VALUES ($1, 1) \
             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
        )
        .bind(format!("case_no:{day}"))
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let case_no = CaseNo::new(day, seq as u32);
        sqlx::query(
            "INSERT INTO cases (id, case_no, kind, channel, status, title, description, address, lat, lon, \
             resident_name, phone, phone_last4, street_id, community_id, accountable_unit_id, agent_id, received_at, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, NULL, $17, $18, $18)",
        )
        .bind(id.to_string())
        .bind(case_no.as_str())
        .bind(case.kind.code())
        .bind(case.channel.code())
        .bind(CaseStatus::Received.code())
        .bind(&case.title)
        .bind(&case.description)
        .bind(&case.address)
        .bind_f64_opt(case.point.map(|p| p.lat))
        .bind_f64_opt(case.point.map(|p| p.lon))
        .bind(&case.resident_name)
        .bind(case.phone.expose())
        .bind(case.phone.last4())
        .bind(place.street_id.map(|u| u.to_string()))
        .bind(place.community_id.map(|u| u.to_string()))
        .bind(place.accountable_unit_id.map(|u| u.to_string()))
        .bind(received_at)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO case_events (id, case_id, at, event, public, actor_id, note) VALUES ($1, $2, $3, 'submitted', 1, $4, '')",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(actor.at)
        .bind(actor.user_id.map(|u| u.to_string()))
        .execute(&mut *tx)
        .await?;
        let detail = json!({
            "case_no": case_no.as_str(),
            "kind": case.kind.code(),
            "channel": case.channel.code(),
            "street_id": place.street_id.map(|u| u.to_string()),
            "community_id": place.community_id.map(|u| u.to_string()),
        });
        audit::append(&mut tx, actor, "case.create", "case", &id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(Case {
            id,
            case_no,
            kind: case.kind,
            channel: case.channel,
            status: CaseStatus::Received,
            title: case.title.clone(),
            description: case.description.clone(),
            address: case.address.clone(),
            point: case.point,
            resident_name: case.resident_name.clone(),
            phone: case.phone.expose().to_owned(),
            street_id: place.street_id,
            community_id: place.community_id,
            accountable_unit_id: place.accountable_unit_id,
            agent_id: None,
            received_at,
            created_at: actor.at,
        })
    }

    pub async fn get_case_by_no(&self, case_no: &CaseNo) -> Result<Case> {
        let row = sqlx::query(sql(format!("SELECT {CASE_COLUMNS} FROM cases WHERE case_no = $1")))
            .bind(case_no.as_str())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        case_from_row(&row)
    }

    /// One page of cases visible in `filter.scope`, newest first, with the total.
    pub async fn list_cases(&self, filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>> {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut args = Vec::new();
        scope_clause(filter.scope, &mut clauses, &mut args);
        if let Some(kind) = filter.kind {
            args.push(kind.code().to_owned());
            clauses.push(format!("kind = ${}", args.len()));
        }
        let where_sql = clauses.join(" AND ");
        let mut count = sqlx::query(sql(format!("SELECT COUNT(*) FROM cases WHERE {where_sql}")));
        for a in &args {
            count = count.bind(a.clone());
        }
        let total: i64 = count.fetch_one(&self.read).await?.try_get(0)?;
        let mut q = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE {where_sql} ORDER BY created_at DESC, case_no DESC LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = q.fetch_all(&self.read).await?;
        let items = rows.iter().map(case_from_row).collect::<Result<_>>()?;
        Ok(Page { items, total, page: page.page, per_page: page.per_page })
    }

    /// A case's timeline, oldest first; `public_only` leaves out what residents must not see.
    pub async fn case_timeline(&self, case_id: CaseId, public_only: bool) -> Result<Vec<TimelineEntry>> {
        let rows = sqlx::query(
            "SELECT e.at, e.event, e.public, e.note, u.display_name FROM case_events e \
             LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 AND (e.public = 1 OR $2 = 0) \
             ORDER BY e.at, e.id",
        )
        .bind(case_id.to_string())
        .bind(public_only as i64)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TimelineEntry {
                    at: r.try_get("at")?,
                    event: r.try_get("event")?,
                    public: r.try_get::<i64, _>("public")? != 0,
                    actor: r.try_get("display_name")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// The public view of a case, only when the case number and the phone's last four digits match. A wrong
    /// combination and a missing case both answer `None`, so case numbers cannot be probed.
    pub async fn track_case(&self, case_no: &CaseNo, phone_last4: &str) -> Result<Option<PublicCaseView>> {
        let row = sqlx::query(sql(format!("SELECT {CASE_COLUMNS} FROM cases WHERE case_no = $1 AND phone_last4 = $2")))
            .bind(case_no.as_str())
            .bind(phone_last4)
            .fetch_optional(&self.read)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let case = case_from_row(&row)?;
        let timeline = self.case_timeline(case.id, true).await?;
        Ok(Some(PublicCaseView {
            case_no: case.case_no,
            kind: case.kind,
            status: case.status,
            title: case.title,
            received_at: case.received_at,
            timeline,
        }))
    }
}
