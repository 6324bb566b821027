//! Elderly care: the census of elders and their surveyed needs, census imports (progress and error report kept in
//! the database, so any app server can show them), pilot versions of the disability bands, and assessments from the
//! assessors' record to the conclusion in force. A census batch is one transaction: elders created or updated by ID
//! number, their needs for the round replaced, the import's progress and one audit entry (counts only, no names).

use std::collections::{BTreeMap, HashMap};

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::Millis;
use gongzhi_domain::care::{
    AssessStatus, BandVersion, CensusRow, Economic, Living, Need, Reason, Residence, Sex,
};
use gongzhi_domain::org::{UnitId, UserId};

use crate::sql::{Conditions, Value, bind_all};
use crate::{
    Actor, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id, req_id, sql,
};

pub mod services;

/// An elder as stored, with the needs of their latest survey round.
#[derive(Debug, Clone)]
pub struct ElderRecord {
    pub id: String,
    /// Full ID number: the web layer masks it for those who need not see it.
    pub id_number: String,
    pub name: String,
    pub sex: Sex,
    pub birth_ymd: i64,
    pub street_id: UnitId,
    pub community_id: UnitId,
    pub living: Living,
    pub economic: Economic,
    /// 户籍 or 常住; none when no census said.
    pub residence: Option<Residence>,
    pub phone: Option<String>,
    pub guardian_name: String,
    pub guardian_phone: Option<String>,
    pub consent: bool,
    pub survey_round: String,
    pub care_level: Option<u8>,
    pub level_until: Option<i64>,
    pub updated_at: Millis,
    pub version: i64,
    pub needs: Vec<Need>,
}

const ELDER_COLUMNS: &str = "id, id_number, name, sex, birth_ymd, street_id, community_id, living, economic, residence, phone, guardian_name, \
    guardian_phone, consent, survey_round, care_level, level_until, updated_at, version";

pub(crate) fn coded<T>(r: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let raw: String = r.try_get(col)?;
    parse(&raw).ok_or_else(|| decode_err(col))
}

fn elder_from_row(r: &AnyRow) -> Result<ElderRecord> {
    Ok(ElderRecord {
        id: r.try_get("id")?,
        id_number: r.try_get("id_number")?,
        name: r.try_get("name")?,
        sex: coded(r, "sex", Sex::parse)?,
        birth_ymd: r.try_get("birth_ymd")?,
        street_id: req_id(r, "street_id", UnitId::parse)?,
        community_id: req_id(r, "community_id", UnitId::parse)?,
        living: coded(r, "living", Living::parse)?,
        economic: coded(r, "economic", Economic::parse)?,
        residence: Residence::parse(&r.try_get::<String, _>("residence")?),
        phone: r.try_get("phone")?,
        guardian_name: r.try_get("guardian_name")?,
        guardian_phone: r.try_get("guardian_phone")?,
        consent: r.try_get::<i64, _>("consent")? != 0,
        survey_round: r.try_get("survey_round")?,
        care_level: r.try_get::<Option<i64>, _>("care_level")?.map(|l| l as u8),
        level_until: r.try_get("level_until")?,
        updated_at: r.try_get("updated_at")?,
        version: r.try_get("version")?,
        needs: Vec::new(),
    })
}

/// A good census row with its street and community resolved.
#[derive(Debug, Clone)]
pub struct CensusEntry {
    pub row: CensusRow,
    pub street_id: UnitId,
    pub community_id: UnitId,
}

/// A census import: where it stands, its counts and its error report.
#[derive(Debug, Clone)]
pub struct CensusImport {
    pub id: String,
    pub file_name: String,
    pub survey_round: String,
    pub status: String,
    pub total_rows: i64,
    pub done_rows: i64,
    pub created: i64,
    pub updated: i64,
    pub bad: i64,
    pub message: String,
    pub report: String,
    pub started_by: Option<UserId>,
    pub started_at: Millis,
    pub finished_at: Option<Millis>,
    /// The census's reference date (YYYYMMDD) on which ages are counted; none for imports made before it was kept.
    pub reference_ymd: Option<i64>,
}

const IMPORT_COLUMNS: &str = "id, file_name, survey_round, status, total_rows, done_rows, created, updated, bad, message, report, started_by, started_at, finished_at, reference_ymd";

fn import_from_row(r: &AnyRow) -> Result<CensusImport> {
    Ok(CensusImport {
        id: r.try_get("id")?,
        file_name: r.try_get("file_name")?,
        survey_round: r.try_get("survey_round")?,
        status: r.try_get("status")?,
        total_rows: r.try_get("total_rows")?,
        done_rows: r.try_get("done_rows")?,
        created: r.try_get("created")?,
        updated: r.try_get("updated")?,
        bad: r.try_get("bad")?,
        message: r.try_get("message")?,
        report: r.try_get("report")?,
        started_by: opt_id(r, "started_by", UserId::parse)?,
        started_at: r.try_get("started_at")?,
        finished_at: r.try_get("finished_at")?,
        reference_ymd: r.try_get("reference_ymd")?,
    })
}

/// How an import ended.
#[derive(Debug, Clone, Copy)]
pub struct ImportEnd<'a> {
    pub status: &'a str,
    pub done_rows: i64,
    pub bad: i64,
    pub message: &'a str,
    /// The error report (CSV).
    pub report: &'a str,
}

/// Filters of the elder list.
#[derive(Debug, Clone, Default)]
pub struct ElderFilter {
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub living: Option<Living>,
    pub economic: Option<Economic>,
    /// Elders who asked for this service in their latest round.
    pub need: Option<Need>,
    /// The level in force (`Some(None)`: no level).
    pub level: Option<Option<u8>>,
    /// Born on or before this day (YYYYMMDD): an age filter.
    pub born_by: Option<i64>,
    /// Name prefix.
    pub name: Option<String>,
    /// An exact ID number.
    pub id_number: Option<String>,
}

/// A disability assessment as stored.
#[derive(Debug, Clone)]
pub struct AssessmentRecord {
    pub id: String,
    pub elder_id: String,
    pub reason: Reason,
    pub status: AssessStatus,
    pub band_version: String,
    pub items: BTreeMap<String, i64>,
    pub daily_living: i64,
    pub cognition: i64,
    pub perception: i64,
    pub computed_level: u8,
    pub assessor_level: u8,
    pub assessor1: UserId,
    pub assessor2: UserId,
    pub assessed_at: Millis,
    pub note: String,
    pub reviewer_id: Option<UserId>,
    pub reviewer_level: Option<u8>,
    pub final_level: Option<u8>,
    pub reviewed_at: Option<Millis>,
    pub publicity_until: Option<Millis>,
    pub appeal_note: String,
    pub appealed_at: Option<Millis>,
    pub concluded_at: Option<Millis>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
    pub version: i64,
    /// When the second assessor confirmed the scores under their own account.
    pub assessor2_confirmed_at: Option<Millis>,
    /// Why the reviewer returned it for a re-assessment.
    pub return_reason: String,
}

const ASSESS_COLUMNS: &str = "id, elder_id, reason, status, band_version, items, daily_living, cognition, perception, computed_level, \
    assessor_level, assessor1, assessor2, assessed_at, note, reviewer_id, reviewer_level, final_level, reviewed_at, publicity_until, \
    appeal_note, appealed_at, concluded_at, valid_from, valid_until, version, assessor2_confirmed_at, return_reason";

fn level(r: &AnyRow, col: &str) -> Result<Option<u8>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(|l| l as u8))
}

fn assessment_from_row(r: &AnyRow) -> Result<AssessmentRecord> {
    let items: String = r.try_get("items")?;
    Ok(AssessmentRecord {
        id: r.try_get("id")?,
        elder_id: r.try_get("elder_id")?,
        reason: coded(r, "reason", Reason::parse)?,
        status: coded(r, "status", AssessStatus::parse)?,
        band_version: r.try_get("band_version")?,
        items: serde_json::from_str(&items).map_err(|_| decode_err("items"))?,
        daily_living: r.try_get("daily_living")?,
        cognition: r.try_get("cognition")?,
        perception: r.try_get("perception")?,
        computed_level: level(r, "computed_level")?.ok_or_else(|| decode_err("computed_level"))?,
        assessor_level: level(r, "assessor_level")?.ok_or_else(|| decode_err("assessor_level"))?,
        assessor1: req_id(r, "assessor1", UserId::parse)?,
        assessor2: req_id(r, "assessor2", UserId::parse)?,
        assessed_at: r.try_get("assessed_at")?,
        note: r.try_get("note")?,
        reviewer_id: opt_id(r, "reviewer_id", UserId::parse)?,
        reviewer_level: level(r, "reviewer_level")?,
        final_level: level(r, "final_level")?,
        reviewed_at: r.try_get("reviewed_at")?,
        publicity_until: r.try_get("publicity_until")?,
        appeal_note: r.try_get("appeal_note")?,
        appealed_at: r.try_get("appealed_at")?,
        concluded_at: r.try_get("concluded_at")?,
        valid_from: r.try_get("valid_from")?,
        valid_until: r.try_get("valid_until")?,
        version: r.try_get("version")?,
        assessor2_confirmed_at: r.try_get("assessor2_confirmed_at")?,
        return_reason: r.try_get("return_reason")?,
    })
}

/// Rows per multi-row `INSERT` (16 values each: well under both databases' parameter limits).
const INSERT_CHUNK: usize = 100;

impl Store {
    /// The one row `text` selects by `$1 = id`, read by `read`; `NotFound` when there is none.
    pub(crate) async fn one_by_id<T>(
        &self,
        text: String,
        id: &str,
        read: fn(&AnyRow) -> Result<T>,
    ) -> Result<T> {
        let row = sqlx::query(sql(text))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        read(&row)
    }

    /// Opens a census import (status `running`, nothing imported yet).
    pub async fn start_census_import(
        &self,
        actor: &Actor,
        id: &str,
        file_name: &str,
        round: &str,
        reference_ymd: i64,
        total_rows: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO census_imports (id, file_name, survey_round, status, total_rows, started_by, started_at, heartbeat_at, reference_ymd) VALUES ($1, $2, $3, 'running', $4, $5, $6, $6, $7)",
        )
        .bind(id)
        .bind(file_name)
        .bind(round)
        .bind(total_rows)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .bind(reference_ymd)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "care.census.start",
            "census_import",
            id,
            json!({ "rows": total_rows, "round": round, "reference": reference_ymd }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Imports one batch of good rows: elders created or updated by ID number (never twice), their needs for the
    /// round replaced; `done_rows` and `bad` are the import's progress after this batch. Returns (created, updated).
    pub async fn import_census_batch(
        &self,
        actor: &Actor,
        import_id: &str,
        round: &str,
        entries: &[CensusEntry],
        done_rows: i64,
        bad: i64,
    ) -> Result<(i64, i64)> {
        let mut tx = self.write.begin().await?;
        // A file may repeat a person: the last row wins, as a re-import would.
        let mut last: HashMap<&str, &CensusEntry> = HashMap::new();
        for e in entries {
            last.insert(e.row.id_number.expose(), e);
        }
        let mut existing: HashMap<String, String> = HashMap::new();
        let numbers: Vec<&str> = last.keys().copied().collect();
        for chunk in numbers.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut q = sqlx::query(sql(format!(
                "SELECT id, id_number FROM elders WHERE id_number IN ({})",
                marks.join(", ")
            )));
            for n in chunk {
                q = q.bind(*n);
            }
            for r in q.fetch_all(&mut *tx).await? {
                existing.insert(r.try_get("id_number")?, r.try_get("id")?);
            }
        }
        let mut fresh: Vec<(String, &CensusEntry)> = Vec::new();
        let mut changed: Vec<(String, &CensusEntry)> = Vec::new();
        // Keep the file's order, so ids and audit follow it.
        let mut seen = std::collections::HashSet::new();
        for e in entries.iter().rev() {
            let n = e.row.id_number.expose();
            if !seen.insert(n) {
                continue;
            }
            match existing.get(n) {
                Some(id) => changed.push((id.clone(), e)),
                None => fresh.push((gongzhi_domain::care::new_id(), e)),
            }
        }
        fresh.reverse();
        changed.reverse();
        // One multi-row upsert for new and known elders alike: a known ID number keeps its id, creation time,
        // guardian and consent, and takes the census's other fields.
        let all: Vec<&(String, &CensusEntry)> = fresh.iter().chain(changed.iter()).collect();
        for chunk in all.chunks(INSERT_CHUNK) {
            let mut text = String::from(
                "INSERT INTO elders (id, id_number, name, sex, birth_ymd, street_id, community_id, living, economic, phone, consent, survey_round, created_at, updated_at, residence) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 15;
                if i > 0 {
                    text.push_str(", ");
                }
                text.push('(');
                text.push_str(
                    &(1..=15)
                        .map(|k| format!("${}", b + k))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                text.push(')');
            }
            text.push_str(
                " ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, sex = excluded.sex, birth_ymd = excluded.birth_ymd, \
                 street_id = excluded.street_id, community_id = excluded.community_id, living = excluded.living, economic = excluded.economic, \
                 phone = excluded.phone, survey_round = excluded.survey_round, updated_at = excluded.updated_at, \
                 residence = CASE WHEN excluded.residence = '' THEN elders.residence ELSE excluded.residence END, version = elders.version + 1",
            );
            let mut q = sqlx::query(sql(text));
            for (id, e) in chunk {
                let r = &e.row;
                q = q
                    .bind(id.as_str())
                    .bind(r.id_number.expose())
                    .bind(r.name.as_str())
                    .bind(r.sex.code())
                    .bind(gongzhi_domain::care::ymd(r.birth_date))
                    .bind(e.street_id.to_string())
                    .bind(e.community_id.to_string())
                    .bind(r.living.code())
                    .bind(r.economic.code())
                    .bind(r.phone.as_ref().map(|p| p.expose().to_owned()))
                    .bind(0i64)
                    .bind(round)
                    .bind(actor.at)
                    .bind(actor.at)
                    .bind(r.residence.map_or("", |x| x.code()));
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in changed.chunks(500) {
            let marks: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let mut q = sqlx::query(sql(format!(
                "DELETE FROM elder_needs WHERE survey_round = $1 AND elder_id IN ({})",
                marks.join(", ")
            )))
            .bind(round);
            for (id, _) in chunk {
                q = q.bind(id.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        let needs: Vec<(&str, Need)> = fresh
            .iter()
            .chain(changed.iter())
            .flat_map(|(id, e)| e.row.needs.iter().map(move |n| (id.as_str(), *n)))
            .collect();
        for chunk in needs.chunks(INSERT_CHUNK * 3) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
                .collect();
            let mut q = sqlx::query(sql(format!(
                "INSERT INTO elder_needs (elder_id, survey_round, need) VALUES {}",
                values.join(", ")
            )));
            for (id, n) in chunk {
                q = q.bind(*id).bind(round).bind(n.code());
            }
            q.execute(&mut *tx).await?;
        }
        let (created, updated) = (fresh.len() as i64, changed.len() as i64);
        // The batch's actor carries the batch's time: the import's sign of life.
        sqlx::query("UPDATE census_imports SET done_rows = $1, created = created + $2, updated = updated + $3, bad = $4, heartbeat_at = $5 WHERE id = $6")
            .bind(done_rows)
            .bind(created)
            .bind(updated)
            .bind(bad)
            .bind(actor.at)
            .bind(import_id)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "care.census.batch",
            "census_import",
            import_id,
            json!({ "created": created, "updated": updated }),
        )
        .await?;
        tx.commit().await?;
        Ok((created, updated))
    }

    /// Marks imports still `running` whose last batch is older than `silent_since` as `interrupted` (their process
    /// stopped): the rows written stay, and importing the same file again completes them. Answers how many.
    pub async fn interrupt_silent_imports(
        &self,
        actor: &Actor,
        silent_since: Millis,
    ) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE census_imports SET status = 'interrupted', finished_at = $1, \
             message = '导入中断：服务在导入过程中停止，已导入的批次保留；重新导入同一文件即可补全（不会重复）' \
             WHERE status = 'running' AND COALESCE(heartbeat_at, started_at) < $2",
        )
        .bind(actor.at)
        .bind(silent_since)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            audit::append(
                &mut tx,
                actor,
                "care.census.interrupted",
                "census_import",
                "-",
                json!({ "imports": n }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Elders with an assessment on record.
    pub async fn assessed_elders(&self) -> Result<std::collections::HashSet<String>> {
        let rows = sqlx::query("SELECT DISTINCT elder_id FROM care_assessments")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("elder_id")?)).collect()
    }

    /// Removes the care network's records — facilities and their prices, plans, deliveries, insurance, the roster
    /// and settlements — in one transaction, so the demo can write them again after an interruption. The rules
    /// (subsidies, levels) stay.
    pub async fn clear_care_network(&self, actor: &Actor) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for table in [
            "settlement_lines",
            "settlements",
            "service_records",
            "care_plans",
            "ltc_contributions",
            "ltc_insured",
            "accident_insurance",
            "facility_services",
            "care_facilities",
        ] {
            sqlx::query(sql(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "demo.care.restart",
            "care_network",
            "-",
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes an import: `done`, `rejected` (the file as a whole; nothing was imported) or `failed`.
    pub async fn finish_census_import(
        &self,
        actor: &Actor,
        id: &str,
        end: &ImportEnd<'_>,
    ) -> Result<()> {
        let ImportEnd {
            status,
            done_rows,
            bad,
            message,
            report,
        } = *end;
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE census_imports SET status = $1, done_rows = $2, bad = $3, message = $4, report = $5, finished_at = $6 WHERE id = $7 AND status = 'running'",
        )
        .bind(status)
        .bind(done_rows)
        .bind(bad)
        .bind(message)
        .bind(report)
        .bind(actor.at)
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
            "care.census.finish",
            "census_import",
            id,
            json!({ "status": status, "bad": bad }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn census_import(&self, id: &str) -> Result<CensusImport> {
        self.one_by_id(
            format!("SELECT {IMPORT_COLUMNS} FROM census_imports WHERE id = $1"),
            id,
            import_from_row,
        )
        .await
    }

    /// The latest imports, newest first (without their reports).
    pub async fn census_imports(&self, limit: i64) -> Result<Vec<CensusImport>> {
        let cols = IMPORT_COLUMNS.replace("report", "'' AS report");
        let rows = sqlx::query(sql(format!(
            "SELECT {cols} FROM census_imports ORDER BY started_at DESC, id DESC LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(import_from_row).collect()
    }

    /// Elders matching the filter, by street, community and name, with the total.
    pub async fn elders(
        &self,
        filter: &ElderFilter,
        page: PageRequest,
    ) -> Result<Page<ElderRecord>> {
        let mut c = Conditions::default();
        if let Some(s) = filter.street_id {
            c.push("street_id = ?", [Value::text(s.to_string())]);
        }
        if let Some(id) = filter.community_id {
            c.push("community_id = ?", [Value::text(id.to_string())]);
        }
        if let Some(l) = filter.living {
            c.push("living = ?", [Value::text(l.code())]);
        }
        if let Some(e) = filter.economic {
            c.push("economic = ?", [Value::text(e.code())]);
        }
        if let Some(n) = filter.need {
            c.push("EXISTS (SELECT 1 FROM elder_needs n WHERE n.elder_id = elders.id AND n.survey_round = elders.survey_round AND n.need = ?)", [Value::text(n.code())]);
        }
        match filter.level {
            Some(Some(l)) => c.push("care_level = ?", [Value::int(i64::from(l))]),
            Some(None) => c.push("care_level IS NULL", []),
            None => {}
        }
        if let Some(b) = filter.born_by {
            c.push("birth_ymd <= ?", [Value::int(b)]);
        }
        if let Some(name) = filter.name.as_deref().filter(|n| !n.is_empty()) {
            let escaped = name
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            c.push(
                "name LIKE ? ESCAPE '\\'",
                [Value::text(format!("{escaped}%"))],
            );
        }
        if let Some(id) = filter.id_number.as_deref() {
            c.push("id_number = ?", [Value::text(id.to_owned())]);
        }
        let where_ = c.sql();
        let count = bind_all(
            sqlx::query(sql(format!("SELECT COUNT(*) FROM elders WHERE {where_}"))),
            c.values(),
        );
        let total: i64 = count.fetch_one(&self.read).await?.try_get(0)?;
        let n = c.values().len();
        let q = bind_all(
            sqlx::query(sql(format!(
                "SELECT {ELDER_COLUMNS} FROM elders WHERE {where_} ORDER BY street_id, community_id, name, id LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2
            ))),
            c.values(),
        );
        let rows = q
            .bind(i64::from(page.per_page))
            .bind(page.offset())
            .fetch_all(&self.read)
            .await?;
        let mut items: Vec<ElderRecord> = rows.iter().map(elder_from_row).collect::<Result<_>>()?;
        self.fill_needs(&mut items).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    async fn fill_needs(&self, elders: &mut [ElderRecord]) -> Result<()> {
        if elders.is_empty() {
            return Ok(());
        }
        let marks: Vec<String> = (1..=elders.len()).map(|i| format!("${i}")).collect();
        let mut q = sqlx::query(sql(format!(
            "SELECT n.elder_id, n.need FROM elder_needs n JOIN elders e ON e.id = n.elder_id AND e.survey_round = n.survey_round WHERE n.elder_id IN ({}) ORDER BY n.need",
            marks.join(", ")
        )));
        for e in elders.iter() {
            q = q.bind(e.id.as_str());
        }
        let mut by: HashMap<String, Vec<Need>> = HashMap::new();
        for r in q.fetch_all(&self.read).await? {
            let need: String = r.try_get("need")?;
            by.entry(r.try_get("elder_id")?)
                .or_default()
                .push(Need::parse(&need).ok_or_else(|| decode_err("need"))?);
        }
        for e in elders.iter_mut() {
            let mut needs = by.remove(&e.id).unwrap_or_default();
            needs.sort_by_key(|n| Need::ALL.iter().position(|x| x == n));
            e.needs = needs;
        }
        Ok(())
    }

    /// The names of the given elders, in one query per 500 (unknown ids are left out).
    pub async fn elder_names(&self, ids: &[String]) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut q = sqlx::query(sql(format!(
                "SELECT id, name FROM elders WHERE id IN ({})",
                marks.join(", ")
            )));
            for id in chunk {
                q = q.bind(id.as_str());
            }
            for r in q.fetch_all(&self.read).await? {
                out.insert(r.try_get("id")?, r.try_get("name")?);
            }
        }
        Ok(out)
    }

    pub async fn elder(&self, id: &str) -> Result<ElderRecord> {
        let mut e = [self
            .one_by_id(
                format!("SELECT {ELDER_COLUMNS} FROM elders WHERE id = $1"),
                id,
                elder_from_row,
            )
            .await?];
        self.fill_needs(&mut e).await?;
        let [e] = e;
        Ok(e)
    }

    /// Records the guardian and the consent the elder or guardian gave.
    pub async fn set_elder_guardian(
        &self,
        actor: &Actor,
        id: &str,
        name: &str,
        phone: Option<&str>,
        consent: bool,
        version: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE elders SET guardian_name = $1, guardian_phone = $2, consent = $3, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(name)
        .bind(phone)
        .bind(i64::from(consent))
        .bind(actor.at)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "stale_version".into(),
            });
        }
        audit::append(
            &mut tx,
            actor,
            "care.elder.guardian",
            "elder",
            id,
            json!({ "consent": consent }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Elders per street and level in force (`None`: not assessed or expired), for the coverage view.
    pub async fn elders_by_street_and_level(&self) -> Result<Vec<(UnitId, Option<u8>, i64)>> {
        let rows = sqlx::query("SELECT street_id, care_level, COUNT(*) AS n FROM elders GROUP BY street_id, care_level").fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    req_id(r, "street_id", UnitId::parse)?,
                    level(r, "care_level")?,
                    r.try_get("n")?,
                ))
            })
            .collect()
    }

    /// Pilot versions of the bands (national-2021 is built in and not stored).
    pub async fn band_versions(&self) -> Result<Vec<BandVersion>> {
        let rows = sqlx::query("SELECT body FROM care_band_versions ORDER BY created_at, code")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                serde_json::from_str::<BandVersion>(&r.try_get::<String, _>("body")?)
                    .map_err(|_| decode_err("care_band_versions.body"))
            })
            .collect()
    }

    /// Stores a pilot version (validated by the caller); a code is never reused, so assessments keep meaning.
    pub async fn add_band_version(&self, actor: &Actor, v: &BandVersion) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("INSERT INTO care_band_versions (code, body, created_at, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING")
            .bind(v.code.as_str())
            .bind(serde_json::to_string(v).map_err(|_| decode_err("band version"))?)
            .bind(actor.at)
            .bind(actor.user_id.map(|u| u.to_string()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "band_version_exists".into(),
            });
        }
        audit::append(
            &mut tx,
            actor,
            "care.bands.add",
            "band_version",
            &v.code,
            serde_json::to_value(v).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn insert_assessment(&self, actor: &Actor, a: &AssessmentRecord) -> Result<()> {
        let mut tx = self.write.begin().await?;
        insert_assessment_in(&mut tx, a).await?;
        let detail = json!({ "elder": a.elder_id, "computed": a.computed_level, "assessor_level": a.assessor_level, "bands": a.band_version });
        audit::append(
            &mut tx,
            actor,
            "care.assessment.record",
            "assessment",
            &a.id,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn assessment(&self, id: &str) -> Result<AssessmentRecord> {
        self.one_by_id(
            format!("SELECT {ASSESS_COLUMNS} FROM care_assessments WHERE id = $1"),
            id,
            assessment_from_row,
        )
        .await
    }

    pub async fn assessments_of(&self, elder_id: &str) -> Result<Vec<AssessmentRecord>> {
        let rows = sqlx::query(sql(format!("SELECT {ASSESS_COLUMNS} FROM care_assessments WHERE elder_id = $1 ORDER BY assessed_at DESC, id DESC")))
            .bind(elder_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(assessment_from_row).collect()
    }

    /// Assessments in a status (all when `None`), newest first.
    pub async fn assessments(
        &self,
        status: Option<AssessStatus>,
        page: PageRequest,
    ) -> Result<Page<AssessmentRecord>> {
        // No status: every assessment.
        let code = status.map(|s| s.code()).unwrap_or("");
        let where_ = "WHERE status = $1 OR $1 = ''";
        let total: i64 = sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM care_assessments {where_}"
        )))
        .bind(code)
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(sql(format!("SELECT {ASSESS_COLUMNS} FROM care_assessments {where_} ORDER BY assessed_at DESC, id DESC LIMIT $2 OFFSET $3")))
            .bind(code)
            .bind(i64::from(page.per_page))
            .bind(page.offset())
            .fetch_all(&self.read)
            .await?;
        Ok(Page {
            items: rows
                .iter()
                .map(assessment_from_row)
                .collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// Writes a reviewed, appealed or concluded assessment under its version; a conclusion also sets the elder's level
    /// in force, and a new conclusion replaces the elder's previous one.
    pub async fn update_assessment(
        &self,
        actor: &Actor,
        a: &AssessmentRecord,
        action: &str,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE care_assessments SET status = $1, reviewer_id = $2, reviewer_level = $3, final_level = $4, reviewed_at = $5, publicity_until = $6, \
             appeal_note = $7, appealed_at = $8, concluded_at = $9, valid_from = $10, valid_until = $11, assessor2_confirmed_at = $12, \
             return_reason = $13, version = version + 1 WHERE id = $14 AND version = $15",
        )
        .bind(a.status.code())
        .bind(a.reviewer_id.map(|u| u.to_string()))
        .bind(a.reviewer_level.map(i64::from))
        .bind(a.final_level.map(i64::from))
        .bind(a.reviewed_at)
        .bind(a.publicity_until)
        .bind(a.appeal_note.as_str())
        .bind(a.appealed_at)
        .bind(a.concluded_at)
        .bind(a.valid_from)
        .bind(a.valid_until)
        .bind(a.assessor2_confirmed_at)
        .bind(a.return_reason.as_str())
        .bind(a.id.as_str())
        .bind(a.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "stale_version".into(),
            });
        }
        if a.status == AssessStatus::Concluded {
            sqlx::query("UPDATE elders SET care_level = $1, level_until = $2, updated_at = $3, version = version + 1 WHERE id = $4")
                .bind(a.final_level.map(i64::from))
                .bind(a.valid_until)
                .bind(actor.at)
                .bind(a.elder_id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let detail = json!({ "status": a.status.code(), "final": a.final_level, "reviewer_level": a.reviewer_level });
        audit::append(&mut tx, actor, action, "assessment", &a.id, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publicised assessments whose publicity period has ended by `now`: the sweeper concludes them.
    pub async fn assessments_to_conclude(&self, now: Millis, limit: i64) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT id FROM care_assessments WHERE status = 'publicised' AND publicity_until <= $1 ORDER BY publicity_until LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
    }

    /// Elders whose level is no longer in force on `today` (YYYYMMDD): the level is cleared, to be re-assessed.
    pub async fn expire_levels(&self, actor: &Actor, today: i64) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE elders SET care_level = NULL, updated_at = $1, version = version + 1 WHERE level_until IS NOT NULL AND level_until <= $2 AND care_level IS NOT NULL")
            .bind(actor.at)
            .bind(today)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n > 0 {
            audit::append(
                &mut tx,
                actor,
                "care.level.expire",
                "elder",
                "-",
                json!({ "elders": n, "day": today }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }
}

/// Writes an assessment with every column, inside the caller's transaction.
async fn insert_assessment_in(conn: &mut sqlx::AnyConnection, a: &AssessmentRecord) -> Result<()> {
    let marks: Vec<String> = (1..=28).map(|i| format!("${i}")).collect();
    sqlx::query(sql(format!(
        "INSERT INTO care_assessments ({ASSESS_COLUMNS}) VALUES ({})",
        marks.join(", ")
    )))
    .bind(a.id.as_str())
    .bind(a.elder_id.as_str())
    .bind(a.reason.code())
    .bind(a.status.code())
    .bind(a.band_version.as_str())
    .bind(serde_json::to_string(&a.items).unwrap_or_default())
    .bind(a.daily_living)
    .bind(a.cognition)
    .bind(a.perception)
    .bind(i64::from(a.computed_level))
    .bind(i64::from(a.assessor_level))
    .bind(a.assessor1.to_string())
    .bind(a.assessor2.to_string())
    .bind(a.assessed_at)
    .bind(a.note.as_str())
    .bind(a.reviewer_id.map(|u| u.to_string()))
    .bind(a.reviewer_level.map(i64::from))
    .bind(a.final_level.map(i64::from))
    .bind(a.reviewed_at)
    .bind(a.publicity_until)
    .bind(a.appeal_note.as_str())
    .bind(a.appealed_at)
    .bind(a.concluded_at)
    .bind(a.valid_from)
    .bind(a.valid_until)
    .bind(a.version)
    .bind(a.assessor2_confirmed_at)
    .bind(a.return_reason.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Every elder's id and birth day (YYYYMMDD), in ID-number order: for the demo's assessments.
    pub async fn elder_ids(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT id, birth_ymd FROM elders ORDER BY id_number")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("birth_ymd")?)))
            .collect()
    }

    /// Writes finished assessments as they are (the demo's history), and the level of those in force on `today`,
    /// 500 to a transaction with one audit entry each.
    pub async fn insert_assessment_history(
        &self,
        actor: &Actor,
        records: &[AssessmentRecord],
        today: i64,
    ) -> Result<()> {
        for chunk in records.chunks(500) {
            let mut tx = self.write.begin().await?;
            for a in chunk {
                insert_assessment_in(&mut tx, a).await?;
                if a.status == AssessStatus::Concluded && a.valid_until.is_some_and(|u| u > today) {
                    sqlx::query(
                        "UPDATE elders SET care_level = $1, level_until = $2 WHERE id = $3",
                    )
                    .bind(a.final_level.map(i64::from))
                    .bind(a.valid_until)
                    .bind(a.elder_id.as_str())
                    .execute(&mut *tx)
                    .await?;
                }
            }
            audit::append(
                &mut tx,
                actor,
                "import.assessments",
                "assessment",
                "-",
                json!({ "assessments": chunk.len() }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}
