//! Whistles (吹哨报到): the whistle with its summoned units, reports, progress, closing and ratings, the lists of the
//! street's board, a unit's "summoned to" and the district view, and what the sweeper claims. Every change is one
//! transaction with its timeline entry, its notices and its audit entry.

use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{CaseId, CaseNo};
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::{UnitId, UserId};
use gongzhi_domain::whistle::{
    NewWhistle, Rating, Reason, Summons, Whistle, WhistleNo, WhistleStatus,
};

use crate::{
    Actor, BindExt, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id,
    req_id, sql,
};

const WHISTLE_COLUMNS: &str = "id, whistle_no, street_id, blown_unit_id, blown_by, reason, title, description, address, lat, lon, \
    report_minutes, blown_at, status, outcome, close_reason, closed_at, version";

fn whistle_from_row(r: &AnyRow) -> Result<Whistle> {
    let lat: Option<f64> = r.try_get("lat")?;
    let lon: Option<f64> = r.try_get("lon")?;
    Ok(Whistle {
        id: r.try_get("id")?,
        whistle_no: WhistleNo::parse(&r.try_get::<String, _>("whistle_no")?)
            .ok_or_else(|| decode_err("whistle_no"))?,
        street_id: req_id(r, "street_id", UnitId::parse)?,
        blown_unit_id: req_id(r, "blown_unit_id", UnitId::parse)?,
        blown_by: opt_id(r, "blown_by", UserId::parse)?,
        reason: r.try_get("reason")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        address: r.try_get("address")?,
        point: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        report_minutes: r.try_get::<i64, _>("report_minutes")? as u32,
        blown_at: r.try_get("blown_at")?,
        status: WhistleStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| decode_err("status"))?,
        outcome: r.try_get("outcome")?,
        close_reason: r.try_get("close_reason")?,
        closed_at: r.try_get("closed_at")?,
        version: r.try_get("version")?,
    })
}

/// A whistle to store: the validated fields, where it came from, the units summoned and the cases linked.
#[derive(Debug, Clone)]
pub struct WhistleToStore {
    pub street_id: UnitId,
    pub blown_unit_id: UnitId,
    pub new: NewWhistle,
    pub report_minutes: u32,
    pub units: Vec<UnitId>,
    pub cases: Vec<CaseId>,
    /// Who is told at once: every active member of each summoned unit.
    pub notify: Vec<UserId>,
}

/// One entry of a whistle's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct WhistleEvent {
    pub at: Millis,
    pub event: String,
    pub unit_name: Option<String>,
    pub actor: Option<String>,
    pub note: String,
}

/// A whistle as listed, with its summoned units' report counts at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct WhistleRow {
    pub whistle: Whistle,
    pub street_name: String,
    pub summoned: i64,
    pub reported: i64,
    pub overdue: i64,
    /// For a unit's "summoned to" list: its own deadline and report.
    pub own_due_at: Option<Millis>,
    pub own_reported_at: Option<Millis>,
}

/// What the lists filter on.
#[derive(Debug, Clone, Default)]
pub struct WhistleFilter {
    pub street: Option<UnitId>,
    /// Whistles this unit was summoned to.
    pub summoned_unit: Option<UnitId>,
    pub status: Option<WhistleStatus>,
    pub blown_from: Option<Millis>,
    pub blown_to: Option<Millis>,
    /// Only open whistles with a report overdue at `now`.
    pub overdue_at: Option<Millis>,
}

/// A file a unit attached to its report or progress.
#[derive(Debug, Clone)]
pub struct WhistleFile {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Per street and per unit over a period: counts and report times (the district view).
#[derive(Debug, Clone, PartialEq)]
pub struct WhistleStats {
    pub streets: Vec<StreetWhistles>,
    pub units: Vec<UnitReports>,
}

/// A street's whistles over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetWhistles {
    pub street: String,
    pub whistles: i64,
    pub open: i64,
    pub summons: i64,
    /// Reports overdue now.
    pub missing: i64,
}

/// A summoned unit's reports over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitReports {
    pub unit: String,
    pub summoned: i64,
    pub in_time: i64,
    pub late: i64,
    pub missing: i64,
    /// Answered by telephone without coming: guidance, counted apart from reporting.
    pub by_phone: i64,
    /// Minutes from summons to an on-site report.
    pub median_minutes: Option<f64>,
    pub mean_rating: Option<f64>,
}

#[allow(clippy::too_many_arguments)]
async fn event(
    conn: &mut AnyConnection,
    whistle_id: &str,
    at: Millis,
    name: &str,
    unit: Option<UnitId>,
    actor: Option<UserId>,
    note: &str,
    data: serde_json::Value,
) -> Result<()> {
    sqlx::query("INSERT INTO whistle_events (id, whistle_id, at, event, unit_id, actor_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(whistle_id)
        .bind(at)
        .bind(name)
        .bind(unit.map(|u| u.to_string()))
        .bind(actor.map(|u| u.to_string()))
        .bind(note)
        .bind(data.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn notify(
    conn: &mut AnyConnection,
    whistle_id: &str,
    users: &[UserId],
    kind: &str,
    at: Millis,
    key: &str,
) -> Result<()> {
    for user in users {
        sqlx::query(
            "INSERT INTO notices (id, user_id, case_id, whistle_id, kind, created_at, dedupe_key) VALUES ($1, $2, NULL, $3, $4, $5, $6) \
             ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(user.to_string())
        .bind(whistle_id)
        .bind(kind)
        .bind(at)
        .bind(format!("whistle:{kind}:{whistle_id}:{key}:{user}"))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn summon(
    conn: &mut AnyConnection,
    w: (&str, UnitId, Millis),
    unit: UnitId,
    at: Millis,
    due: Millis,
) -> Result<()> {
    sqlx::query("INSERT INTO whistle_units (whistle_id, unit_id, street_id, blown_at, summoned_at, due_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(w.0)
        .bind(unit.to_string())
        .bind(w.1.to_string())
        .bind(w.2)
        .bind(at)
        .bind(due)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn store_files(
    conn: &mut AnyConnection,
    actor: &Actor,
    whistle_id: &str,
    unit: UnitId,
    files: &[WhistleFile],
) -> Result<()> {
    for f in files {
        sqlx::query(
            "INSERT INTO whistle_files (id, whistle_id, unit_id, filename, content_type, size, data, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(whistle_id)
        .bind(unit.to_string())
        .bind(&f.filename)
        .bind(&f.content_type)
        .bind(f.data.len() as i64)
        .bind(f.data.clone())
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Refuses when the whistle changed since it was read (another officer closed it, say).
async fn bump(conn: &mut AnyConnection, w: &Whistle, at: Millis, open_only: bool) -> Result<()> {
    let guard = if open_only {
        " AND status = 'open'"
    } else {
        ""
    };
    let n = sqlx::query(sql(format!("UPDATE whistles SET version = version + 1 WHERE id = $1 AND version = $2 AND $3 = $3{guard}")))
        .bind(&w.id)
        .bind(w.version)
        .bind(at)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 0 {
        Err(StoreError::Conflict {
            constraint: "stale_version".into(),
        })
    } else {
        Ok(())
    }
}

/// The median of values given as (value, count) pairs.
pub(crate) fn median_of_histogram(mut h: Vec<(i64, i64)>) -> Option<f64> {
    h.sort_unstable();
    let n: i64 = h.iter().map(|(_, c)| c).sum();
    if n == 0 {
        return None;
    }
    // The value at a 0-based position of the sorted values.
    let at = |pos: i64| {
        let mut seen = 0;
        for (v, c) in &h {
            seen += c;
            if pos < seen {
                return *v;
            }
        }
        h.last().map(|x| x.0).unwrap_or(0)
    };
    Some(if n % 2 == 1 {
        at(n / 2) as f64
    } else {
        (at(n / 2 - 1) + at(n / 2)) as f64 / 2.0
    })
}

impl Store {
    /// The reasons, in their order.
    pub async fn whistle_reasons(&self) -> Result<Vec<Reason>> {
        let rows = sqlx::query(
            "SELECT code, name, report_minutes FROM whistle_reasons ORDER BY position, code",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Reason {
                    code: r.try_get(0)?,
                    name: r.try_get(1)?,
                    report_minutes: r.try_get::<i64, _>(2)? as u32,
                })
            })
            .collect()
    }

    /// Changes a reason's default deadline.
    pub async fn set_whistle_reason_minutes(
        &self,
        actor: &Actor,
        code: &str,
        minutes: u32,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE whistle_reasons SET report_minutes = $1 WHERE code = $2")
            .bind(minutes as i64)
            .bind(code)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            actor,
            "whistle.reason",
            "whistle_reason",
            code,
            json!({ "report_minutes": minutes }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Blows a whistle: its number, the whistle, each summoned unit with the deadline, the linked cases, the first
    /// timeline entry, the notices to the summoned units' people and the audit entry, in one transaction.
    pub async fn insert_whistle(&self, actor: &Actor, w: &WhistleToStore) -> Result<Whistle> {
        let mut tx = self.write.begin().await?;
        let day = gongzhi_domain::local_yyyymmdd(actor.at);
        let seq: i64 = sqlx::query(
            "INSERT INTO counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
        )
        .bind(format!("whistle_no:{day}"))
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let no = WhistleNo::new(day, seq as u32);
        let id = uuid::Uuid::now_v7().to_string();
        let due = actor.at + w.report_minutes as Millis * 60_000;
        sqlx::query(
            "INSERT INTO whistles (id, whistle_no, street_id, blown_unit_id, blown_by, reason, title, description, address, lat, lon, \
             report_minutes, blown_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open')",
        )
        .bind(&id)
        .bind(no.as_str())
        .bind(w.street_id.to_string())
        .bind(w.blown_unit_id.to_string())
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&w.new.reason)
        .bind(&w.new.title)
        .bind(&w.new.description)
        .bind(&w.new.address)
        .bind_f64_opt(w.new.point.map(|p| p.lat))
        .bind_f64_opt(w.new.point.map(|p| p.lon))
        .bind(w.report_minutes as i64)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        for unit in &w.units {
            summon(&mut tx, (&id, w.street_id, actor.at), *unit, actor.at, due).await?;
        }
        for case in &w.cases {
            sqlx::query("INSERT INTO whistle_cases (whistle_id, case_id) VALUES ($1, $2) ON CONFLICT (whistle_id, case_id) DO NOTHING")
                .bind(&id)
                .bind(case.to_string())
                .execute(&mut *tx)
                .await?;
        }
        event(
            &mut tx,
            &id,
            actor.at,
            "blown",
            None,
            actor.user_id,
            "",
            json!({ "reason": w.new.reason, "units": w.units.len(), "report_due_at": due }),
        )
        .await?;
        notify(&mut tx, &id, &w.notify, "summoned", actor.at, "0").await?;
        let detail = json!({ "whistle_no": no.as_str(), "reason": w.new.reason, "units": w.units.iter().map(|u| u.to_string()).collect::<Vec<_>>(), "cases": w.cases.len() });
        audit::append(&mut tx, actor, "whistle.blow", "whistle", &id, detail).await?;
        tx.commit().await?;
        self.get_whistle_by_no(&no).await
    }

    pub async fn get_whistle_by_no(&self, no: &WhistleNo) -> Result<Whistle> {
        let row = sqlx::query(sql(format!(
            "SELECT {WHISTLE_COLUMNS} FROM whistles WHERE whistle_no = $1"
        )))
        .bind(no.as_str())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        whistle_from_row(&row)
    }

    /// The summoned units of a whistle, in the order they were summoned.
    pub async fn whistle_summons(&self, whistle_id: &str) -> Result<Vec<Summons>> {
        let rows = sqlx::query(
            "SELECT w.unit_id, u.name, u.code, w.summoned_at, w.due_at, w.reported_at, w.on_site, w.people, w.action, w.timeliness, \
             w.attitude, w.result, w.rating_comment, w.rated_at, h.closed_at FROM whistle_units w JOIN units u ON u.id = w.unit_id \
             JOIN whistles h ON h.id = w.whistle_id WHERE w.whistle_id = $1 ORDER BY w.summoned_at, u.code",
        )
        .bind(whistle_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let rated_at: Option<Millis> = r.try_get("rated_at")?;
                let rating = match rated_at {
                    Some(at) => Some(Rating {
                        timeliness: r.try_get::<Option<i64>, _>("timeliness")?.unwrap_or(0) as u8,
                        attitude: r.try_get::<Option<i64>, _>("attitude")?.unwrap_or(0) as u8,
                        result: r.try_get::<Option<i64>, _>("result")?.unwrap_or(0) as u8,
                        comment: r.try_get("rating_comment")?,
                        rated_at: at,
                    }),
                    None => None,
                };
                Ok(Summons {
                    unit_id: req_id(r, "unit_id", UnitId::parse)?,
                    unit_code: r.try_get("code")?,
                    unit_name: r.try_get(1)?,
                    summoned_at: r.try_get("summoned_at")?,
                    due_at: r.try_get("due_at")?,
                    reported_at: r.try_get("reported_at")?,
                    on_site: r.try_get::<Option<i64>, _>("on_site")?.map(|v| v != 0),
                    people: serde_json::from_str(&r.try_get::<String, _>("people")?)
                        .unwrap_or_default(),
                    action: r.try_get("action")?,
                    rating,
                    closed_at: r.try_get("closed_at")?,
                })
            })
            .collect()
    }

    /// The case numbers linked to a whistle.
    pub async fn whistle_case_nos(&self, whistle_id: &str) -> Result<Vec<CaseNo>> {
        let rows = sqlx::query("SELECT c.case_no FROM whistle_cases w JOIN cases c ON c.id = w.case_id WHERE w.whistle_id = $1 ORDER BY c.case_no")
            .bind(whistle_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                CaseNo::parse(&r.try_get::<String, _>(0)?).ok_or_else(|| decode_err("case_no"))
            })
            .collect()
    }

    /// The whistle's timeline, oldest first.
    pub async fn whistle_timeline(&self, whistle_id: &str) -> Result<Vec<WhistleEvent>> {
        let rows = sqlx::query(
            "SELECT e.at, e.event, u.name AS unit_name, p.display_name AS actor, e.note FROM whistle_events e \
             LEFT JOIN units u ON u.id = e.unit_id LEFT JOIN users p ON p.id = e.actor_id WHERE e.whistle_id = $1 ORDER BY e.at, e.id",
        )
        .bind(whistle_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(WhistleEvent {
                    at: r.try_get(0)?,
                    event: r.try_get(1)?,
                    unit_name: r.try_get(2)?,
                    actor: r.try_get(3)?,
                    note: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// A summoned unit's report (报到), once, while the whistle is open.
    #[allow(clippy::too_many_arguments)]
    pub async fn report_whistle(
        &self,
        actor: &Actor,
        w: &Whistle,
        unit: UnitId,
        on_site: bool,
        people: &[String],
        action: &str,
        files: &[WhistleFile],
        late: bool,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        bump(&mut tx, w, actor.at, true).await?;
        let n = sqlx::query(
            "UPDATE whistle_units SET reported_at = $1, reported_by = $2, on_site = $3, people = $4, action = $5 \
             WHERE whistle_id = $6 AND unit_id = $7 AND reported_at IS NULL",
        )
        .bind(actor.at)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(on_site as i64)
        .bind(serde_json::to_string(people).unwrap_or_else(|_| "[]".into()))
        .bind(action)
        .bind(&w.id)
        .bind(unit.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "already_reported".into(),
            });
        }
        store_files(&mut tx, actor, &w.id, unit, files).await?;
        event(
            &mut tx,
            &w.id,
            actor.at,
            if late { "reported_late" } else { "reported" },
            Some(unit),
            actor.user_id,
            action,
            json!({ "on_site": on_site, "people": people.len(), "files": files.len() }),
        )
        .await?;
        if let Some(blower) = w.blown_by {
            notify(
                &mut tx,
                &w.id,
                &[blower],
                "whistle_reported",
                actor.at,
                &unit.to_string(),
            )
            .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "whistle.report",
            "whistle",
            &w.id,
            json!({ "whistle_no": w.whistle_no.as_str(), "unit": unit.to_string(), "late": late }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A progress entry by a summoned unit that has reported.
    pub async fn whistle_progress(
        &self,
        actor: &Actor,
        w: &Whistle,
        unit: UnitId,
        note: &str,
        files: &[WhistleFile],
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        bump(&mut tx, w, actor.at, true).await?;
        store_files(&mut tx, actor, &w.id, unit, files).await?;
        event(
            &mut tx,
            &w.id,
            actor.at,
            "progress",
            Some(unit),
            actor.user_id,
            note,
            json!({ "files": files.len() }),
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "whistle.progress",
            "whistle",
            &w.id,
            json!({ "whistle_no": w.whistle_no.as_str(), "unit": unit.to_string() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The street summons more units to its open whistle, with a fresh deadline from now.
    pub async fn summon_more(
        &self,
        actor: &Actor,
        w: &Whistle,
        units: &[UnitId],
        due: Millis,
        notify_users: &[UserId],
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        bump(&mut tx, w, actor.at, true).await?;
        for unit in units {
            summon(
                &mut tx,
                (&w.id, w.street_id, w.blown_at),
                *unit,
                actor.at,
                due,
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict { .. } => StoreError::Conflict {
                    constraint: "already_summoned".into(),
                },
                other => other,
            })?;
            event(
                &mut tx,
                &w.id,
                actor.at,
                "summoned",
                Some(*unit),
                actor.user_id,
                "",
                json!({ "report_due_at": due }),
            )
            .await?;
        }
        notify(
            &mut tx,
            &w.id,
            notify_users,
            "summoned",
            actor.at,
            &actor.at.to_string(),
        )
        .await?;
        audit::append(&mut tx, actor, "whistle.summon", "whistle", &w.id, json!({ "whistle_no": w.whistle_no.as_str(), "units": units.iter().map(|u| u.to_string()).collect::<Vec<_>>() })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The street closes its whistle with the outcome (and the reason, when a unit never reported).
    pub async fn close_whistle(
        &self,
        actor: &Actor,
        w: &Whistle,
        outcome: &str,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE whistles SET status = 'closed', outcome = $1, close_reason = $2, closed_at = $3, closed_by = $4, version = version + 1 \
             WHERE id = $5 AND version = $6 AND status = 'open'",
        )
        .bind(outcome)
        .bind(reason)
        .bind(actor.at)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&w.id)
        .bind(w.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "stale_version".into(),
            });
        }
        // Summons still due when the street closes are cut off: neither late nor missing.
        sqlx::query("UPDATE whistle_units SET cut_off = 1 WHERE whistle_id = $1 AND reported_at IS NULL AND due_at >= $2")
            .bind(&w.id)
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
        event(
            &mut tx,
            &w.id,
            actor.at,
            "closed",
            None,
            actor.user_id,
            outcome,
            json!({ "reason": reason }),
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "whistle.close",
            "whistle",
            &w.id,
            json!({ "whistle_no": w.whistle_no.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The street's rating of one unit (or its change within seven days).
    pub async fn rate_whistle_unit(
        &self,
        actor: &Actor,
        w: &Whistle,
        unit: UnitId,
        rating: &Rating,
        change: bool,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        // A first rating is written only where none is; a change only where one is (the lock is the caller's rule).
        let guard = if change {
            "rated_at IS NOT NULL"
        } else {
            "rated_at IS NULL"
        };
        let n = sqlx::query(sql(format!(
            "UPDATE whistle_units SET timeliness = $1, attitude = $2, result = $3, rating_comment = $4, rated_at = $5, rated_by = $6 \
             WHERE whistle_id = $7 AND unit_id = $8 AND {guard}"
        )))
        .bind(rating.timeliness as i64)
        .bind(rating.attitude as i64)
        .bind(rating.result as i64)
        .bind(&rating.comment)
        .bind(if change { rating.rated_at } else { actor.at })
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&w.id)
        .bind(unit.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "already_rated".into(),
            });
        }
        let detail = json!({ "timeliness": rating.timeliness, "attitude": rating.attitude, "result": rating.result, "changed": change });
        event(
            &mut tx,
            &w.id,
            actor.at,
            if change { "rating_changed" } else { "rated" },
            Some(unit),
            actor.user_id,
            &rating.comment,
            detail.clone(),
        )
        .await?;
        audit::append(&mut tx, actor, "whistle.rate", "whistle", &w.id, json!({ "whistle_no": w.whistle_no.as_str(), "unit": unit.to_string(), "rating": detail })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whistles newest first, with counts at `now`.
    pub async fn list_whistles(
        &self,
        f: &WhistleFilter,
        now: Millis,
        page: PageRequest,
    ) -> Result<Page<WhistleRow>> {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut args: Vec<String> = Vec::new();
        let mut ints: Vec<(usize, i64)> = Vec::new();
        let push_text = |clauses: &mut Vec<String>,
                         template: &str,
                         v: String,
                         args: &mut Vec<String>,
                         n: usize| {
            args.push(v);
            clauses.push(template.replace("?", &format!("${}", n + args.len())));
        };
        // $1 is always now.
        if let Some(s) = f.street {
            push_text(&mut clauses, "w.street_id = ?", s.to_string(), &mut args, 1);
        }
        // A unit's list is driven by its own summons (`o`, through its (unit, time) index).
        if let Some(u) = f.summoned_unit {
            push_text(&mut clauses, "o.unit_id = ?", u.to_string(), &mut args, 1);
        }
        if let Some(st) = f.status {
            push_text(
                &mut clauses,
                "w.status = ?",
                st.code().to_owned(),
                &mut args,
                1,
            );
        }
        let base = 1 + args.len();
        for (i, (col, v)) in [
            ("w.blown_at >= ", f.blown_from),
            ("w.blown_at <= ", f.blown_to),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(v) = v {
                ints.push((i, v));
                clauses.push(format!("{col}${}", base + ints.len()));
            }
        }
        if f.overdue_at.is_some() {
            clauses.push("w.status = 'open' AND EXISTS (SELECT 1 FROM whistle_units x WHERE x.whistle_id = w.id AND x.reported_at IS NULL AND x.due_at < $1)".into());
        }
        let where_sql = clauses.join(" AND ");
        let (own, from_sql, order) = match f.summoned_unit {
            Some(_) => (
                "o.due_at AS own_due, o.reported_at AS own_reported",
                "whistles w JOIN whistle_units o ON o.whistle_id = w.id",
                "o.summoned_at DESC, w.id DESC",
            ),
            None => (
                "NULL AS own_due, NULL AS own_reported",
                "whistles w",
                "w.blown_at DESC, w.id DESC",
            ),
        };
        let bind_all = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
            let mut q = q.bind(now);
            for a in &args {
                q = q.bind(a.clone());
            }
            for (_, v) in &ints {
                q = q.bind(*v);
            }
            q
        };
        let total: i64 = bind_all(sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM {from_sql} WHERE $1 = $1 AND {where_sql}"
        ))))
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let columns: Vec<String> = WHISTLE_COLUMNS
            .split(',')
            .map(|c| format!("w.{}", c.trim()))
            .collect();
        let rows = bind_all(sqlx::query(sql(format!(
            "SELECT {}, s.name AS street_name, \
             (SELECT COUNT(*) FROM whistle_units x WHERE x.whistle_id = w.id) AS summoned, \
             (SELECT COUNT(*) FROM whistle_units x WHERE x.whistle_id = w.id AND x.reported_at IS NOT NULL) AS reported, \
             (SELECT COUNT(*) FROM whistle_units x WHERE x.whistle_id = w.id AND x.reported_at IS NULL AND x.due_at < $1) AS overdue, {own} \
             FROM {from_sql} JOIN units s ON s.id = w.street_id WHERE {where_sql} ORDER BY {order} LIMIT {} OFFSET {}",
            columns.join(", "),
            page.per_page,
            page.offset()
        ))))
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(WhistleRow {
                    whistle: whistle_from_row(r)?,
                    street_name: r.try_get("street_name")?,
                    summoned: r.try_get("summoned")?,
                    reported: r.try_get("reported")?,
                    overdue: r.try_get("overdue")?,
                    own_due_at: r.try_get("own_due")?,
                    own_reported_at: r.try_get("own_reported")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// The district view over whistles blown in `[from, to)`: per street and per summoned unit, with the median
    /// minutes from summons to report and the mean of the streets' ratings.
    pub async fn whistle_stats(
        &self,
        from: Millis,
        to: Millis,
        now: Millis,
    ) -> Result<WhistleStats> {
        // Whistles per street from `whistles`; summons per street from `whistle_units` alone (its copied street and time).
        let whistles = sqlx::query(
            "SELECT street_id, COUNT(*), CAST(COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM whistles \
             WHERE blown_at >= $1 AND blown_at < $2 GROUP BY street_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        let summons = sqlx::query(
            "SELECT street_id, COUNT(*), CAST(COALESCE(SUM(CASE WHEN reported_at IS NULL AND due_at < $3 AND cut_off = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM whistle_units WHERE blown_at >= $1 AND blown_at < $2 GROUP BY street_id",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(&self.read)
        .await?;
        let mut per_street: std::collections::HashMap<String, (i64, i64, i64, i64)> =
            Default::default();
        for r in &whistles {
            let e = per_street.entry(r.try_get(0)?).or_default();
            (e.0, e.1) = (r.try_get(1)?, r.try_get(2)?);
        }
        for r in &summons {
            let e = per_street.entry(r.try_get(0)?).or_default();
            (e.2, e.3) = (r.try_get(1)?, r.try_get(2)?);
        }
        let mut streets = Vec::new();
        for u in self
            .list_units()
            .await?
            .into_iter()
            .filter(|u| u.unit.kind == gongzhi_domain::org::UnitKind::Street)
        {
            if let Some((whistles, open, summons, missing)) =
                per_street.remove(&u.unit.id.to_string())
            {
                streets.push(StreetWhistles {
                    street: u.unit.name,
                    whistles,
                    open,
                    summons,
                    missing,
                });
            }
        }
        // Counts and mean ratings per unit in SQL; the median from a histogram of whole minutes per unit (no portable
        // MEDIAN in SQL, and a few thousand histogram rows instead of every report).
        let counted = sqlx::query(
            "SELECT x.unit_id, u.name, COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN x.on_site = 1 AND x.reported_at <= x.due_at THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN x.on_site = 1 AND x.reported_at > x.due_at THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN x.reported_at IS NULL AND x.due_at < $3 AND x.cut_off = 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(AVG((x.timeliness + x.attitude + x.result) / 3.0) AS DOUBLE PRECISION), \
             CAST(COALESCE(SUM(CASE WHEN x.reported_at IS NOT NULL AND x.on_site = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM whistle_units x JOIN units u ON u.id = x.unit_id \
             WHERE x.blown_at >= $1 AND x.blown_at < $2 GROUP BY x.unit_id, u.name, u.code ORDER BY u.code",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(&self.read)
        .await?;
        let histogram = sqlx::query(
            "SELECT x.unit_id, (x.reported_at - x.summoned_at) / 60000 AS m, COUNT(*) FROM whistle_units x \
             WHERE x.blown_at >= $1 AND x.blown_at < $2 AND x.reported_at IS NOT NULL AND x.on_site = 1 GROUP BY x.unit_id, (x.reported_at - x.summoned_at) / 60000",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        let mut minutes: std::collections::HashMap<String, Vec<(i64, i64)>> = Default::default();
        for r in &histogram {
            minutes
                .entry(r.try_get(0)?)
                .or_default()
                .push((r.try_get(1)?, r.try_get(2)?));
        }
        let units = counted
            .iter()
            .map(|r| {
                let unit: String = r.try_get(0)?;
                let median = minutes.remove(&unit).and_then(median_of_histogram);
                Ok(UnitReports {
                    unit: r.try_get(1)?,
                    summoned: r.try_get(2)?,
                    in_time: r.try_get(3)?,
                    late: r.try_get(4)?,
                    missing: r.try_get(5)?,
                    by_phone: r.try_get(7)?,
                    median_minutes: median,
                    mean_rating: r.try_get(6)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(WhistleStats { streets, units })
    }

    /// Summoned units whose report is overdue and not yet chased: (whistle, unit).
    pub async fn sweep_whistle_overdue(
        &self,
        now: Millis,
        limit: i64,
    ) -> Result<Vec<(Whistle, UnitId)>> {
        let columns: Vec<String> = WHISTLE_COLUMNS
            .split(',')
            .map(|c| format!("w.{}", c.trim()))
            .collect();
        let rows = sqlx::query(sql(format!(
            "SELECT {}, x.unit_id AS late_unit FROM whistle_units x JOIN whistles w ON w.id = x.whistle_id \
             WHERE x.reported_at IS NULL AND x.chased = 0 AND x.due_at < $1 AND w.status = 'open' ORDER BY x.due_at LIMIT {limit}",
            columns.join(", ")
        )))
        .bind(now)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((whistle_from_row(r)?, req_id(r, "late_unit", UnitId::parse)?)))
            .collect()
    }

    /// Claims the chase of one overdue report and tells `to` (the unit's heads and the whistle's officer), once.
    pub async fn claim_whistle_chase(
        &self,
        actor: &Actor,
        w: &Whistle,
        unit: UnitId,
        to: &[UserId],
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE whistle_units SET chased = 1 WHERE whistle_id = $1 AND unit_id = $2 AND chased = 0 AND reported_at IS NULL")
            .bind(&w.id)
            .bind(unit.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        notify(
            &mut tx,
            &w.id,
            to,
            "whistle_overdue",
            actor.at,
            &unit.to_string(),
        )
        .await?;
        event(
            &mut tx,
            &w.id,
            actor.at,
            "report_overdue",
            Some(unit),
            None,
            "",
            json!({}),
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "whistle.sweep_overdue",
            "whistle",
            &w.id,
            json!({ "whistle_no": w.whistle_no.as_str(), "unit": unit.to_string() }),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A whistle's files: (id, unit name, file name, size).
    pub async fn whistle_files(
        &self,
        whistle_id: &str,
    ) -> Result<Vec<(String, Option<String>, String, i64)>> {
        let rows = sqlx::query("SELECT f.id, u.name, f.filename, f.size FROM whistle_files f LEFT JOIN units u ON u.id = f.unit_id WHERE f.whistle_id = $1 ORDER BY f.uploaded_at, f.id")
            .bind(whistle_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
            .collect()
    }

    /// One file: its whistle id, name, type and bytes.
    pub async fn whistle_file(&self, id: &str) -> Result<(String, String, String, Vec<u8>)> {
        let r = sqlx::query(
            "SELECT whistle_id, filename, content_type, data FROM whistle_files WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
    }

    /// The whistle a file or notice belongs to, by id.
    pub async fn get_whistle(&self, id: &str) -> Result<Whistle> {
        let row = sqlx::query(sql(format!(
            "SELECT {WHISTLE_COLUMNS} FROM whistles WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        whistle_from_row(&row)
    }

    /// The active people of a unit (everyone is told when their unit is summoned).
    pub async fn unit_members(&self, unit: UnitId) -> Result<Vec<(UserId, String)>> {
        let rows = sqlx::query("SELECT id, display_name FROM users WHERE unit_id = $1 AND active = 1 ORDER BY username").bind(unit.to_string()).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| Ok((req_id(r, "id", UserId::parse)?, r.try_get(1)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_median_of_a_histogram_is_the_median_of_its_values() {
        assert_eq!(super::median_of_histogram(vec![]), None);
        assert_eq!(
            super::median_of_histogram(vec![(30, 1), (10, 1), (20, 1)]),
            Some(20.0)
        );
        assert_eq!(
            super::median_of_histogram(vec![(10, 2), (40, 2)]),
            Some(25.0)
        );
        assert_eq!(
            super::median_of_histogram(vec![(5, 3), (100, 1)]),
            Some(5.0)
        );
    }
}
