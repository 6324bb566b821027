//! The assessment (区考核块、块考核条): a month's counts per unit summed from the closings (live, or as frozen when the
//! month was closed), the closings behind a figure, freezing a month and the differences since, the whistle counts
//! of the summoned units, the counts the hotspots and the dashboard need, cadre performance entries proposed from
//! events and reviewed, and the month's topic.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::Millis;
use gongzhi_domain::assessment::{
    CandidateFigures, EntryKind, EntryStatus, HIGH_RATING_TENTHS, Month, RankedKind, Scheme, Tally,
    Weights, WhistleTally,
};
use gongzhi_domain::cases::{CaseId, CaseKind, CaseNo, Satisfaction};
use gongzhi_domain::org::{UnitId, UserId};

use crate::{
    Actor, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id, req_id, sql,
};

/// Where a month's closings are read: as they stand, or as frozen when the month was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Live,
    Frozen(Month),
}

impl Source {
    /// The table and the condition on it (the month's bounds are `$1` and `$2`).
    fn from(self) -> (&'static str, String) {
        match self {
            Source::Live => ("case_closings", String::new()),
            Source::Frozen(m) => ("assessment_frozen", format!(" AND x.month = '{m}'")),
        }
    }
}

/// The counts of one unit's closings placed in one street (or in none) in a month.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStreetTally {
    pub unit_id: UnitId,
    pub street_id: Option<UnitId>,
    /// The kind of the cases counted (a class's scheme says which kinds count).
    pub kind: CaseKind,
    pub tally: Tally,
}

/// One closing behind a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosingRow {
    pub case_id: CaseId,
    pub case_no: CaseNo,
    pub title: String,
    pub round: i64,
    pub closed_at: Millis,
    pub unit_id: UnitId,
    pub street_id: Option<UnitId>,
    pub agent_name: Option<String>,
    pub contacted_in_time: bool,
    pub on_time: bool,
    pub resolved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
}

/// A closing that differs between the frozen month and the records now.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosingDifference {
    pub before: Option<ClosingRow>,
    pub after: Option<ClosingRow>,
}

/// Which closings a figure lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClosingFilter {
    pub units: Vec<UnitId>,
    /// Only the closings placed in this street.
    pub street: Option<UnitId>,
    /// Only rated closings (the denominator of resolution and satisfaction).
    pub rated_only: bool,
    /// Only closings of these kinds (the class's scheme); empty for every kind but petitions.
    pub kinds: Vec<CaseKind>,
}

/// A frozen month.
#[derive(Debug, Clone, PartialEq)]
pub struct Frozen {
    pub month: Month,
    pub frozen_at: Millis,
    pub frozen_by: Option<String>,
}

/// The counts of cases received per street and category (for the hotspots and the dashboard's grid).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCount {
    pub category_code: String,
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub count: i64,
}

/// A cadre performance entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub user_id: UserId,
    pub user_name: String,
    pub unit_id: Option<UnitId>,
    pub kind: EntryKind,
    pub at: Millis,
    pub evidence: String,
    pub evidence_id: String,
    pub label: String,
    pub status: EntryStatus,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<Millis>,
    pub reason: String,
}

/// Which entries to list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntryFilter {
    pub user: Option<UserId>,
    pub units: Option<Vec<UnitId>>,
    pub status: Option<EntryStatus>,
    pub from: Option<Millis>,
    pub until: Option<Millis>,
}

/// The baseline of a theme, fixed when it was chosen: the months before the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopicBaseline {
    /// Calls received over the baseline's months.
    pub cases: i64,
    pub months: i64,
    /// Verdicts on the closings of those months, resolved, and satisfaction points in tenths.
    pub rated: i64,
    pub resolved: i64,
    pub tenths: i64,
}

/// The targets of a theme, in percent (none where the district set none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopicTargets {
    /// Fewer calls a month than the baseline's monthly mean.
    pub reduction: Option<i64>,
    pub resolution: Option<i64>,
    pub satisfaction: Option<i64>,
}

/// One of a year's themes (每月一题).
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: String,
    pub year: i64,
    /// The month it was chosen in.
    pub month: Month,
    pub category_code: String,
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub title: String,
    pub lead_unit_id: UnitId,
    pub tasks: String,
    pub due_at: Millis,
    pub baseline: TopicBaseline,
    pub targets: TopicTargets,
    pub status: String,
    pub progress: String,
    pub adopted_at: Millis,
    pub updated_at: Millis,
    pub version: i64,
}

/// A theme as chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTopic {
    pub year: i64,
    pub month: Month,
    pub category_code: String,
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub title: String,
    pub lead_unit_id: UnitId,
    pub tasks: String,
    pub due_at: Millis,
    pub baseline: TopicBaseline,
    pub targets: TopicTargets,
}

/// A theme's month: calls received, and the verdicts on its closings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopicMonth {
    pub cases: i64,
    pub rated: i64,
    pub resolved: i64,
    pub tenths: i64,
}

/// Petitions (信访) are evaluated apart, never in the hotline's three rates: every read of the 三率 leaves them out.
const NOT_PETITION: &str = " AND x.kind <> 'petition'";

/// One unit's petition closed in a month, as its evaluation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PetitionClosing {
    pub unit_id: UnitId,
    pub petition: gongzhi_domain::assessment::AssessedPetition,
}

const TALLY_SUMS: &str = "COUNT(*), \
    CAST(COALESCE(SUM(x.contacted_in_time), 0) AS BIGINT), \
    CAST(COALESCE(SUM(x.on_time), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN x.round > 1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN x.satisfaction IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN x.satisfaction IS NULL THEN 0 ELSE x.resolved END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE x.satisfaction WHEN 'satisfied' THEN 10 WHEN 'basic' THEN 8 ELSE 0 END), 0) AS BIGINT)";

fn tally_at(r: &AnyRow, first: usize) -> Result<Tally> {
    Ok(Tally {
        cases: r.try_get(first)?,
        contacted_in_time: r.try_get(first + 1)?,
        on_time: r.try_get(first + 2)?,
        redone: r.try_get(first + 3)?,
        rated: r.try_get(first + 4)?,
        resolved: r.try_get(first + 5)?,
        satisfaction_tenths: r.try_get(first + 6)?,
    })
}

const CLOSING_COLUMNS: &str = "x.case_id, c.case_no, c.title, x.round, x.closed_at, x.unit_id, x.street_id, u.display_name AS agent_name, \
    x.contacted_in_time, x.on_time, x.resolved, x.satisfaction";

fn closing_from_row(r: &AnyRow) -> Result<ClosingRow> {
    let satisfaction: Option<String> = r.try_get("satisfaction")?;
    Ok(ClosingRow {
        case_id: req_id(r, "case_id", CaseId::parse)?,
        case_no: CaseNo::parse(&r.try_get::<String, _>("case_no")?)
            .ok_or_else(|| decode_err("case_no"))?,
        title: r.try_get("title")?,
        round: r.try_get("round")?,
        closed_at: r.try_get("closed_at")?,
        unit_id: req_id(r, "unit_id", UnitId::parse)?,
        street_id: opt_id(r, "street_id", UnitId::parse)?,
        agent_name: r.try_get("agent_name")?,
        contacted_in_time: r.try_get::<i64, _>("contacted_in_time")? != 0,
        on_time: r.try_get::<i64, _>("on_time")? != 0,
        resolved: r.try_get::<Option<i64>, _>("resolved")?.map(|v| v != 0),
        satisfaction: match satisfaction {
            Some(s) => Some(Satisfaction::parse(&s).ok_or_else(|| decode_err("satisfaction"))?),
            None => None,
        },
    })
}

const ENTRY_COLUMNS: &str = "e.id, e.user_id, p.display_name AS user_name, e.unit_id, e.kind, e.at, e.evidence, e.evidence_id, e.label, \
    e.status, r.display_name AS reviewer, e.reviewed_at, e.reason";

fn entry_from_row(r: &AnyRow) -> Result<Entry> {
    Ok(Entry {
        id: r.try_get("id")?,
        user_id: req_id(r, "user_id", UserId::parse)?,
        user_name: r.try_get("user_name")?,
        unit_id: opt_id(r, "unit_id", UnitId::parse)?,
        kind: EntryKind::parse(&r.try_get::<String, _>("kind")?)
            .ok_or_else(|| decode_err("kind"))?,
        at: r.try_get("at")?,
        evidence: r.try_get("evidence")?,
        evidence_id: r.try_get("evidence_id")?,
        label: r.try_get("label")?,
        status: EntryStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| decode_err("status"))?,
        reviewed_by: r.try_get("reviewer")?,
        reviewed_at: r.try_get("reviewed_at")?,
        reason: r.try_get("reason")?,
    })
}

const TOPIC_COLUMNS: &str = "id, year, month, category_code, street_id, community_id, title, lead_unit_id, tasks, due_at, baseline, \
    baseline_months, baseline_rated, baseline_resolved, baseline_tenths, target_reduction, target_resolution, target_satisfaction, \
    status, progress, adopted_at, updated_at, version";

fn topic_from_row(r: &AnyRow) -> Result<Topic> {
    Ok(Topic {
        id: r.try_get("id")?,
        year: r.try_get("year")?,
        month: Month::parse(&r.try_get::<String, _>("month")?)
            .ok_or_else(|| decode_err("month"))?,
        category_code: r.try_get("category_code")?,
        street_id: opt_id(r, "street_id", UnitId::parse)?,
        community_id: opt_id(r, "community_id", UnitId::parse)?,
        title: r.try_get("title")?,
        lead_unit_id: req_id(r, "lead_unit_id", UnitId::parse)?,
        tasks: r.try_get("tasks")?,
        due_at: r.try_get("due_at")?,
        baseline: TopicBaseline {
            cases: r.try_get("baseline")?,
            months: r.try_get("baseline_months")?,
            rated: r.try_get("baseline_rated")?,
            resolved: r.try_get("baseline_resolved")?,
            tenths: r.try_get("baseline_tenths")?,
        },
        targets: TopicTargets {
            reduction: r.try_get("target_reduction")?,
            resolution: r.try_get("target_resolution")?,
            satisfaction: r.try_get("target_satisfaction")?,
        },
        status: r.try_get("status")?,
        progress: r.try_get("progress")?,
        adopted_at: r.try_get("adopted_at")?,
        updated_at: r.try_get("updated_at")?,
        version: r.try_get("version")?,
    })
}

/// The proposals of entries, one `INSERT … SELECT` per kind, each taking its events with instants in `[$1, $2)`
/// (`$3` is now, `$4` when proposed). The id is the kind, the evidence and the person, so proposing twice (or on
/// two app servers at once) adds nothing.
fn proposals() -> Vec<(EntryKind, String)> {
    let insert = "INSERT INTO cadre_entries (id, user_id, unit_id, kind, positive, at, evidence, evidence_id, label, proposed_at) ";
    let tail = " ON CONFLICT (kind, evidence_id, user_id) DO NOTHING";
    let closing = |kind: EntryKind, condition: &str| {
        format!(
            "{insert}SELECT '{k}:' || x.case_id || ':' || x.round || ':' || x.agent_id, x.agent_id, x.unit_id, '{k}', {p}, x.closed_at, 'case', \
             x.case_id || ':' || x.round, c.case_no, $4 FROM case_closings x JOIN cases c ON c.id = x.case_id \
             WHERE x.closed_at >= $1 AND x.closed_at < $2 AND x.agent_id IS NOT NULL AND x.closed_at <= $3 AND {condition}{tail}",
            k = kind.code(),
            p = kind.positive() as i64,
        )
    };
    vec![
        (
            EntryKind::RedoSatisfied,
            closing(
                EntryKind::RedoSatisfied,
                "x.round > 1 AND x.satisfaction = 'satisfied'",
            ),
        ),
        (
            EntryKind::Overdue,
            closing(EntryKind::Overdue, "x.on_time = 0"),
        ),
        (
            EntryKind::LeaderCaseResolved,
            closing(
                EntryKind::LeaderCaseResolved,
                "x.resolved = 1 AND x.unit_id IN (SELECT id FROM units WHERE kind = 'leaders_office')",
            ),
        ),
        (
            EntryKind::SendBackApproved,
            format!(
                "{insert}SELECT 'send_back_approved:' || s.id || ':' || s.requested_by, s.requested_by, s.unit_id, 'send_back_approved', 0, s.decided_at, \
                 'case', s.id, c.case_no, $4 FROM send_backs s JOIN cases c ON c.id = s.case_id \
                 WHERE s.kind = 'send_back' AND s.approved = 1 AND s.requested_by IS NOT NULL AND s.decided_at >= $1 AND s.decided_at < $2 AND s.decided_at <= $3{tail}"
            ),
        ),
        (
            EntryKind::WhistleLate,
            format!(
                "{insert}SELECT 'whistle_late:' || s.whistle_id || ':' || s.unit_id || ':' || s.reported_by, s.reported_by, s.unit_id, 'whistle_late', 0, \
                 s.due_at, 'whistle', s.whistle_id || ':' || s.unit_id, w.whistle_no, $4 FROM whistle_units s JOIN whistles w ON w.id = s.whistle_id \
                 WHERE s.reported_at > s.due_at AND s.on_site = 1 AND s.reported_by IS NOT NULL AND s.due_at >= $1 AND s.due_at < $2 AND s.reported_at <= $3{tail}"
            ),
        ),
        (
            EntryKind::WhistleLate,
            // No report at all: the unit's heads answer for it.
            format!(
                "{insert}SELECT 'whistle_late:' || s.whistle_id || ':' || s.unit_id || ':' || h.id, h.id, s.unit_id, 'whistle_late', 0, \
                 s.due_at, 'whistle', s.whistle_id || ':' || s.unit_id, w.whistle_no, $4 FROM whistle_units s JOIN whistles w ON w.id = s.whistle_id \
                 JOIN users h ON h.unit_id = s.unit_id AND h.unit_head = 1 AND h.active = 1 \
                 WHERE s.reported_at IS NULL AND s.cut_off = 0 AND s.due_at < $3 AND s.due_at >= $1 AND s.due_at < $2{tail}"
            ),
        ),
        (
            EntryKind::HighStreetRating,
            format!(
                "{insert}SELECT 'high_street_rating:' || s.whistle_id || ':' || s.unit_id || ':' || s.reported_by, s.reported_by, s.unit_id, \
                 'high_street_rating', 1, s.rated_at, 'whistle', s.whistle_id || ':' || s.unit_id, w.whistle_no, $4 \
                 FROM whistle_units s JOIN whistles w ON w.id = s.whistle_id \
                 WHERE s.rated_at >= $1 AND s.rated_at < $2 AND s.reported_by IS NOT NULL AND s.on_site = 1 AND s.rated_at <= $3 \
                 AND (s.timeliness + s.attitude + s.result) * 10 >= {t}{tail}",
                t = 3 * HIGH_RATING_TENTHS
            ),
        ),
        (
            EntryKind::MediationSettled,
            format!(
                "{insert}SELECT 'mediation_settled:' || d.case_id || ':' || d.mediator_id, d.mediator_id, d.org_id, 'mediation_settled', 1, d.ended_at, \
                 'case', d.case_id, c.case_no, $4 FROM disputes d JOIN cases c ON c.id = d.case_id \
                 WHERE d.stage IN {SETTLED} AND d.mediator_id IS NOT NULL AND d.ended_at >= $1 AND d.ended_at < $2 AND d.ended_at <= $3{tail}"
            ),
        ),
    ]
}

/// The stages of a mediation that ended in agreement (and whatever the court then made of it).
const SETTLED: &str =
    "('agreed', 'confirmation_applied', 'confirmation_accepted', 'confirmed', 'not_confirmed')";

/// Cases of a category received in `[$2, $3)` in a street (`$4`, or '' for any) and community (`$5`, or '' for any);
/// merged duplicates left out.
const PLACE_CATEGORY: &str = "category_code = $1 AND received_at >= $2 AND received_at < $3 AND status <> 'merged' \
    AND ($4 = '' OR street_id = $4) AND ($5 = '' OR community_id = $5)";

impl Store {
    /// The counts of a month's closings per unit and street.
    pub async fn assessment_tallies(
        &self,
        month: Month,
        source: Source,
    ) -> Result<Vec<UnitStreetTally>> {
        let (start, end) = month.bounds();
        let (table, condition) = source.from();
        let rows = sqlx::query(sql(format!(
            "SELECT x.unit_id, x.street_id, x.kind, {TALLY_SUMS} FROM {table} x WHERE x.closed_at >= $1 AND x.closed_at < $2{condition}{NOT_PETITION} \
             GROUP BY x.unit_id, x.street_id, x.kind"
        )))
        .bind(start)
        .bind(end)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(UnitStreetTally {
                    unit_id: req_id(r, "unit_id", UnitId::parse)?,
                    street_id: opt_id(r, "street_id", UnitId::parse)?,
                    kind: CaseKind::parse(&kind).ok_or_else(|| decode_err("kind"))?,
                    tally: tally_at(r, 3)?,
                })
            })
            .collect()
    }

    /// The petitions closed in a month, per unit, for their own evaluation (受理 on time, 按期办结, satisfaction with
    /// the answer, 复查/复核).
    pub async fn petition_closings(
        &self,
        month: Month,
        source: Source,
    ) -> Result<Vec<PetitionClosing>> {
        let (start, end) = month.bounds();
        let (table, condition) = source.from();
        let rows = sqlx::query(sql(format!(
            "SELECT x.unit_id, c.received_at, c.petition_accepted_at, x.on_time, x.resolved, x.satisfaction, x.round, c.review_level \
             FROM {table} x JOIN cases c ON c.id = x.case_id \
             WHERE x.closed_at >= $1 AND x.closed_at < $2{condition} AND x.kind = 'petition' ORDER BY x.unit_id, x.closed_at"
        )))
        .bind(start)
        .bind(end)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let satisfaction: Option<String> = r.try_get("satisfaction")?;
                let verdict = match satisfaction.as_deref().map(Satisfaction::parse) {
                    Some(Some(s)) => Some((
                        r.try_get::<Option<i64>, _>("resolved")?.unwrap_or(0) != 0,
                        s,
                    )),
                    Some(None) => return Err(decode_err("satisfaction")),
                    None => None,
                };
                Ok(PetitionClosing {
                    unit_id: req_id(r, "unit_id", UnitId::parse)?,
                    petition: gongzhi_domain::assessment::AssessedPetition {
                        received_at: r.try_get("received_at")?,
                        accepted_at: r.try_get("petition_accepted_at")?,
                        answered_in_time: r.try_get::<i64, _>("on_time")? != 0,
                        verdict,
                        reviewed: r.try_get::<i64, _>("round")? > 1
                            || r.try_get::<i64, _>("review_level")? > 0,
                    },
                })
            })
            .collect()
    }

    /// The closings behind a figure, newest first, one page.
    pub async fn assessment_closings(
        &self,
        month: Month,
        source: Source,
        f: &ClosingFilter,
        page: PageRequest,
    ) -> Result<Page<ClosingRow>> {
        if f.units.is_empty() {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
                page: page.page,
                per_page: page.per_page,
            });
        }
        let (start, end) = month.bounds();
        let (table, condition) = source.from();
        let units: Vec<String> = f.units.iter().map(|u| format!("'{u}'")).collect();
        let mut filter = format!(
            "x.closed_at >= $1 AND x.closed_at < $2{condition}{NOT_PETITION} AND x.unit_id IN ({})",
            units.join(", ")
        );
        if let Some(street) = f.street {
            filter.push_str(&format!(" AND x.street_id = '{street}'"));
        }
        if f.rated_only {
            filter.push_str(" AND x.satisfaction IS NOT NULL");
        }
        if !f.kinds.is_empty() {
            let kinds: Vec<String> = f.kinds.iter().map(|k| format!("'{}'", k.code())).collect();
            filter.push_str(&format!(" AND x.kind IN ({})", kinds.join(", ")));
        }
        let total: i64 = sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM {table} x WHERE {filter}"
        )))
        .bind(start)
        .bind(end)
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(sql(format!(
            "SELECT {CLOSING_COLUMNS} FROM {table} x JOIN cases c ON c.id = x.case_id LEFT JOIN users u ON u.id = x.agent_id \
             WHERE {filter} ORDER BY x.closed_at DESC, x.case_id, x.round LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )))
        .bind(start)
        .bind(end)
        .fetch_all(&self.read)
        .await?;
        Ok(Page {
            items: rows.iter().map(closing_from_row).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// Every recorded version of every class's scheme (分级分类考评), oldest first.
    pub async fn assessment_schemes(&self) -> Result<Vec<Scheme>> {
        let rows = sqlx::query(
            "SELECT class, effective_from, response, resolution, satisfaction, street_share, kinds, source \
             FROM assessment_schemes ORDER BY class, effective_from",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let class: String = r.try_get("class")?;
                let from: String = r.try_get("effective_from")?;
                let kinds: String = r.try_get("kinds")?;
                let weight = |c: &str| -> Result<u32> {
                    u32::try_from(r.try_get::<i64, _>(c)?).map_err(|_| decode_err(c))
                };
                Ok(Scheme {
                    class: RankedKind::parse(&class).ok_or_else(|| decode_err("class"))?,
                    effective_from: Month::parse(&from)
                        .ok_or_else(|| decode_err("effective_from"))?,
                    weights: Weights {
                        response: weight("response")?,
                        resolution: weight("resolution")?,
                        satisfaction: weight("satisfaction")?,
                    },
                    street_share: weight("street_share")?,
                    kinds: kinds
                        .split(',')
                        .filter(|k| !k.is_empty())
                        .map(|k| CaseKind::parse(k).ok_or_else(|| decode_err("kinds")))
                        .collect::<Result<_>>()?,
                    source: r.try_get("source")?,
                })
            })
            .collect()
    }

    /// Records a class's scheme from a month, replacing a version recorded for the same month, with an audit entry.
    /// Refused (conflict) when a month at or after it is frozen: a frozen month keeps the scheme it was scored by.
    pub async fn save_scheme(&self, actor: &Actor, s: &Scheme) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let from = s.effective_from.to_string();
        let frozen: i64 = sqlx::query("SELECT COUNT(*) FROM assessment_months WHERE month >= $1")
            .bind(&from)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if frozen > 0 {
            return Err(StoreError::Conflict {
                constraint: "assessment_scheme_frozen".into(),
            });
        }
        let kinds: Vec<&str> = s.kinds.iter().map(|k| k.code()).collect();
        sqlx::query(
            "INSERT INTO assessment_schemes (class, effective_from, response, resolution, satisfaction, street_share, kinds, source, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (class, effective_from) DO UPDATE SET \
             response = excluded.response, resolution = excluded.resolution, satisfaction = excluded.satisfaction, \
             street_share = excluded.street_share, kinds = excluded.kinds, source = excluded.source, \
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        )
        .bind(s.class.code())
        .bind(&from)
        .bind(i64::from(s.weights.response))
        .bind(i64::from(s.weights.resolution))
        .bind(i64::from(s.weights.satisfaction))
        .bind(i64::from(s.street_share))
        .bind(kinds.join(","))
        .bind(&s.source)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "assessment.scheme",
            "assessment_scheme",
            &format!("{}:{from}", s.class.code()),
            json!({
                "weights": [s.weights.response, s.weights.resolution, s.weights.satisfaction],
                "street_share": s.street_share,
                "kinds": kinds,
                "source": s.source,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Freezes a month: its closings copied as they stand, with one audit entry. A month is frozen once.
    pub async fn freeze_month(&self, actor: &Actor, month: Month) -> Result<i64> {
        let (start, end) = month.bounds();
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO assessment_months (month, frozen_at, frozen_by) VALUES ($1, $2, $3)",
        )
        .bind(month.to_string())
        .bind(actor.at)
        .bind(actor.user_id.map(|u| u.to_string()))
        .execute(&mut *tx)
        .await?;
        let copied = sqlx::query(
            "INSERT INTO assessment_frozen (month, case_id, round, closed_at, unit_id, agent_id, street_id, category_code, kind, contacted_in_time, \
             on_time, resolved, satisfaction) SELECT $1, case_id, round, closed_at, unit_id, agent_id, street_id, category_code, kind, \
             contacted_in_time, on_time, resolved, satisfaction FROM case_closings WHERE closed_at >= $2 AND closed_at < $3",
        )
        .bind(month.to_string())
        .bind(start)
        .bind(end)
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
        audit::append(
            &mut tx,
            actor,
            "assessment.freeze",
            "assessment_month",
            &month.to_string(),
            json!({ "closings": copied }),
        )
        .await?;
        tx.commit().await?;
        Ok(copied)
    }

    /// Whether (and when, by whom) a month was frozen.
    pub async fn frozen_month(&self, month: Month) -> Result<Option<Frozen>> {
        let row = sqlx::query("SELECT m.frozen_at, u.display_name FROM assessment_months m LEFT JOIN users u ON u.id = m.frozen_by WHERE m.month = $1")
            .bind(month.to_string())
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| {
            Ok(Frozen {
                month,
                frozen_at: r.try_get(0)?,
                frozen_by: r.try_get(1)?,
            })
        })
        .transpose()
    }

    /// The closings of a frozen month that are not now as they were frozen: added, gone, or changed (a late verdict).
    pub async fn frozen_differences(
        &self,
        month: Month,
        units: Option<&[UnitId]>,
    ) -> Result<Vec<ClosingDifference>> {
        let (start, end) = month.bounds();
        let unit_filter = |alias: &str| match units {
            Some(us) => format!(
                " AND {alias}.unit_id IN ({})",
                us.iter()
                    .map(|u| format!("'{u}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => String::new(),
        };
        let frozen_at: i64 =
            match sqlx::query("SELECT frozen_at FROM assessment_months WHERE month = $1")
                .bind(month.to_string())
                .fetch_optional(&self.read)
                .await?
            {
                Some(r) => r.try_get(0)?,
                None => return Ok(Vec::new()),
            };
        // A closing's month never changes (a redo is a new round), so the differences are the month's rows written
        // after the freeze: a late verdict, or a closing recorded late. Read from the month index alone.
        let keys = sqlx::query(sql(format!(
            "SELECT l.case_id, l.round FROM case_closings l WHERE l.closed_at >= $1 AND l.closed_at < $2 AND l.updated_at > $3{ul}",
            ul = unit_filter("l"),
        )))
        .bind(start)
        .bind(end)
        .bind(frozen_at)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for k in keys.iter().take(500) {
            let case_id: String = k.try_get(0)?;
            let round: i64 = k.try_get(1)?;
            let one = |frozen: bool| {
                let case_id = case_id.clone();
                async move {
                    let (table, condition) = if frozen {
                        ("assessment_frozen", " AND x.month = $3")
                    } else {
                        ("case_closings", "")
                    };
                    let mut q = sqlx::query(sql(format!(
                        "SELECT {CLOSING_COLUMNS} FROM {table} x JOIN cases c ON c.id = x.case_id LEFT JOIN users u ON u.id = x.agent_id \
                         WHERE x.case_id = $1 AND x.round = $2{condition}"
                    )))
                    .bind(case_id)
                    .bind(round);
                    if frozen {
                        q = q.bind(month.to_string());
                    }
                    let row = q.fetch_optional(&self.read).await?;
                    row.as_ref().map(closing_from_row).transpose()
                }
            };
            let before = one(true).await?;
            let after = one(false)
                .await?
                .filter(|a| a.closed_at >= start && a.closed_at < end);
            if before != after {
                out.push(ClosingDifference { before, after });
            }
        }
        out.sort_by_key(|d| {
            std::cmp::Reverse(d.after.as_ref().or(d.before.as_ref()).map(|r| r.closed_at))
        });
        Ok(out)
    }

    /// How each summoned unit answered the whistles blown in a month, per street: summons whose report is in or
    /// overdue by `now`, reports in time, late or missing, ratings and their points.
    pub async fn assessment_whistles(
        &self,
        month: Month,
        now: Millis,
    ) -> Result<Vec<(UnitId, UnitId, WhistleTally)>> {
        let (start, end) = month.bounds();
        let rows = sqlx::query(
            "SELECT unit_id, street_id, \
             CAST(COALESCE(SUM(CASE WHEN reported_at IS NOT NULL OR (due_at < $3 AND cut_off = 0) THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN on_site = 1 AND reported_at <= due_at THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN (on_site = 1 AND reported_at > due_at) OR (reported_at IS NULL AND due_at < $3 AND cut_off = 0) THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN timeliness IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(COALESCE(timeliness + attitude + result, 0)), 0) AS BIGINT) \
             FROM whistle_units WHERE blown_at >= $1 AND blown_at < $2 GROUP BY unit_id, street_id",
        )
        .bind(start)
        .bind(end)
        .bind(now)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    req_id(r, "unit_id", UnitId::parse)?,
                    req_id(r, "street_id", UnitId::parse)?,
                    WhistleTally {
                        summoned: r.try_get(2)?,
                        reported_in_time: r.try_get(3)?,
                        late_or_missing: r.try_get(4)?,
                        rated: r.try_get(5)?,
                        rating_points: r.try_get(6)?,
                    },
                ))
            })
            .collect()
    }

    /// Send-backs the dispatcher approved in `[from, until)`, per unit that sent them back.
    pub async fn approved_send_backs(
        &self,
        from: Millis,
        until: Millis,
    ) -> Result<Vec<(UnitId, i64)>> {
        let rows = sqlx::query(
            "SELECT unit_id, COUNT(*) FROM send_backs WHERE kind = 'send_back' AND approved = 1 AND decided_at >= $1 AND decided_at < $2 GROUP BY unit_id",
        )
        .bind(from)
        .bind(until)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((req_id(r, "unit_id", UnitId::parse)?, r.try_get(1)?)))
            .collect()
    }

    /// Mediations of a month: ended in agreement, ended otherwise.
    pub async fn assessment_mediations(&self, month: Month) -> Result<(i64, i64)> {
        let (start, end) = month.bounds();
        let r = sqlx::query(
            sql(format!("SELECT CAST(COALESCE(SUM(CASE WHEN stage IN {SETTLED} THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN stage IN {SETTLED} THEN 0 ELSE 1 END), 0) AS BIGINT) FROM disputes WHERE ended_at >= $1 AND ended_at < $2")),
        )
        .bind(start)
        .bind(end)
        .fetch_one(&self.read)
        .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    /// Cases received in `[from, until)` per category and place (merged duplicates left out).
    pub async fn received_by_place(&self, from: Millis, until: Millis) -> Result<Vec<PlaceCount>> {
        let rows = sqlx::query(
            "SELECT category_code, street_id, community_id, COUNT(*) FROM cases WHERE received_at >= $1 AND received_at < $2 \
             AND category_code IS NOT NULL AND status <> 'merged' GROUP BY category_code, street_id, community_id",
        )
        .bind(from)
        .bind(until)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PlaceCount {
                    category_code: r.try_get(0)?,
                    street_id: opt_id(r, "street_id", UnitId::parse)?,
                    community_id: opt_id(r, "community_id", UnitId::parse)?,
                    count: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// Open cases past their handling deadline at `now`, per accountable unit.
    pub async fn overdue_by_unit(&self, now: Millis) -> Result<Vec<(UnitId, i64)>> {
        let rows = sqlx::query(
            "SELECT accountable_unit_id, COUNT(*) FROM cases WHERE status IN ('assigned', 'in_progress') AND handle_due_at < $1 \
             AND accountable_unit_id IS NOT NULL GROUP BY accountable_unit_id",
        )
        .bind(now)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    req_id(r, "accountable_unit_id", UnitId::parse)?,
                    r.try_get(1)?,
                ))
            })
            .collect()
    }

    /// Claims a periodic job for this app server: true when it last ran at least `every` ago (or never), in which
    /// case it is marked as run now; several app servers racing get one true.
    pub async fn claim_periodic(&self, name: &str, now: Millis, every: Millis) -> Result<bool> {
        let row = sqlx::query(
            "INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2 \
             WHERE counters.value <= $3 OR counters.value > $2 RETURNING value",
        )
        .bind(name)
        .bind(now)
        .bind(now - every)
        .fetch_optional(&self.write)
        .await?;
        Ok(row.is_some())
    }

    /// Proposes the entries of events with instants in `[from, until)`; answers how many were new.
    pub async fn propose_entries(&self, from: Millis, until: Millis, now: Millis) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let mut added = 0;
        for (_, q) in proposals() {
            added += sqlx::query(sql(q))
                .bind(from)
                .bind(until)
                .bind(now)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        if added > 0 {
            audit::append(
                &mut tx,
                &Actor::system(now),
                "assessment.propose_entries",
                "cadre_entries",
                "-",
                json!({ "added": added }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Entries, newest first, one page.
    pub async fn cadre_entries(&self, f: &EntryFilter, page: PageRequest) -> Result<Page<Entry>> {
        let mut filter = String::from("1 = 1");
        if let Some(u) = f.user {
            filter.push_str(&format!(" AND e.user_id = '{u}'"));
        }
        if let Some(units) = &f.units {
            if units.is_empty() {
                return Ok(Page {
                    items: Vec::new(),
                    total: 0,
                    page: page.page,
                    per_page: page.per_page,
                });
            }
            filter.push_str(&format!(
                " AND e.unit_id IN ({})",
                units
                    .iter()
                    .map(|u| format!("'{u}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(s) = f.status {
            filter.push_str(&format!(" AND e.status = '{}'", s.code()));
        }
        let from = f.from.unwrap_or(i64::MIN);
        let until = f.until.unwrap_or(i64::MAX);
        let total: i64 = sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM cadre_entries e WHERE {filter} AND e.at >= $1 AND e.at < $2"
        )))
        .bind(from)
        .bind(until)
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(sql(format!(
            "SELECT {ENTRY_COLUMNS} FROM cadre_entries e JOIN users p ON p.id = e.user_id LEFT JOIN users r ON r.id = e.reviewed_by \
             WHERE {filter} AND e.at >= $1 AND e.at < $2 ORDER BY e.at DESC, e.id LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )))
        .bind(from)
        .bind(until)
        .fetch_all(&self.read)
        .await?;
        Ok(Page {
            items: rows.iter().map(entry_from_row).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// A person's entries over a period, counted by kind and status.
    pub async fn cadre_summary(
        &self,
        user: UserId,
        from: Millis,
        until: Millis,
    ) -> Result<Vec<(EntryKind, EntryStatus, i64)>> {
        let rows = sqlx::query("SELECT kind, status, COUNT(*) FROM cadre_entries WHERE user_id = $1 AND at >= $2 AND at < $3 GROUP BY kind, status")
            .bind(user.to_string())
            .bind(from)
            .bind(until)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    EntryKind::parse(&r.try_get::<String, _>(0)?)
                        .ok_or_else(|| decode_err("kind"))?,
                    EntryStatus::parse(&r.try_get::<String, _>(1)?)
                        .ok_or_else(|| decode_err("status"))?,
                    r.try_get(2)?,
                ))
            })
            .collect()
    }

    pub async fn cadre_entry(&self, id: &str) -> Result<Entry> {
        let row = sqlx::query(sql(format!(
            "SELECT {ENTRY_COLUMNS} FROM cadre_entries e JOIN users p ON p.id = e.user_id LEFT JOIN users r ON r.id = e.reviewed_by WHERE e.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        entry_from_row(&row)
    }

    /// Decides a reviewed batch of proposed entries with one reason, in one transaction: every entry or none (one
    /// decided meanwhile refuses the whole batch). Each entry keeps its own evidence and audit entry.
    pub async fn review_entries(
        &self,
        actor: &Actor,
        ids: &[String],
        status: EntryStatus,
        reason: &str,
    ) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        for id in ids {
            let n = sqlx::query("UPDATE cadre_entries SET status = $1, reviewed_by = $2, reviewed_at = $3, reason = $4 WHERE id = $5 AND status = 'proposed'")
                .bind(status.code())
                .bind(actor.user_id.map(|u| u.to_string()))
                .bind(actor.at)
                .bind(reason)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    constraint: "decided".into(),
                });
            }
            audit::append(
                &mut tx,
                actor,
                "assessment.review_entry",
                "cadre_entry",
                id,
                json!({ "status": status.code(), "batch": ids.len() }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ids.len() as u64)
    }

    /// A reviewer's decision on a proposed entry; an entry is decided once (`Conflict("decided")`).
    pub async fn review_entry(
        &self,
        actor: &Actor,
        id: &str,
        status: EntryStatus,
        reason: &str,
    ) -> Result<()> {
        self.review_entries(actor, &[id.to_owned()], status, reason)
            .await
            .map(|_| ())
    }

    /// Adopts the month's topic; a month has one (`Conflict("topic_month")`).
    pub async fn adopt_topic(&self, actor: &Actor, t: &NewTopic) -> Result<Topic> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "INSERT INTO assessment_topics (id, year, month, category_code, street_id, community_id, title, lead_unit_id, tasks, due_at, \
             baseline, baseline_months, baseline_rated, baseline_resolved, baseline_tenths, target_reduction, target_resolution, \
             target_satisfaction, place_key, adopted_by, adopted_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) \
             ON CONFLICT (year, place_key) DO NOTHING",
        )
        .bind(&id)
        .bind(t.year)
        .bind(t.month.to_string())
        .bind(&t.category_code)
        .bind(t.street_id.map(|u| u.to_string()))
        .bind(t.community_id.map(|u| u.to_string()))
        .bind(&t.title)
        .bind(t.lead_unit_id.to_string())
        .bind(&t.tasks)
        .bind(t.due_at)
        .bind(t.baseline.cases)
        .bind(t.baseline.months)
        .bind(t.baseline.rated)
        .bind(t.baseline.resolved)
        .bind(t.baseline.tenths)
        .bind(t.targets.reduction)
        .bind(t.targets.resolution)
        .bind(t.targets.satisfaction)
        .bind(format!(
            "{}|{}|{}",
            t.category_code,
            t.street_id.map(|u| u.to_string()).unwrap_or_default(),
            t.community_id.map(|u| u.to_string()).unwrap_or_default()
        ))
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Conflict {
                constraint: "topic_exists".into(),
            });
        }
        audit::append(
            &mut tx,
            actor,
            "assessment.adopt_topic",
            "assessment_topic",
            &id,
            json!({ "year": t.year, "category": t.category_code, "targets": [t.targets.reduction, t.targets.resolution, t.targets.satisfaction] }),
        )
        .await?;
        tx.commit().await?;
        self.topic(&id).await
    }

    pub async fn topic(&self, id: &str) -> Result<Topic> {
        let row = sqlx::query(sql(format!(
            "SELECT {TOPIC_COLUMNS} FROM assessment_topics WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        topic_from_row(&row)
    }

    /// A year's themes, in the order they were chosen.
    pub async fn topics(&self, year: i64) -> Result<Vec<Topic>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {TOPIC_COLUMNS} FROM assessment_topics WHERE year = $1 ORDER BY adopted_at, id"
        )))
        .bind(year)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(topic_from_row).collect()
    }

    /// The lead unit's progress on a topic, written under its version.
    pub async fn update_topic(
        &self,
        actor: &Actor,
        id: &str,
        version: i64,
        progress: &str,
        done: bool,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE assessment_topics SET progress = $1, status = $2, updated_at = $3, version = version + 1 WHERE id = $4 AND version = $5")
            .bind(progress)
            .bind(if done { "done" } else { "open" })
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
            "assessment.topic_progress",
            "assessment_topic",
            id,
            json!({ "done": done }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The dispatch centre's time for the cases received in `[from, until)` (petitions and duplicates left out): for
    /// each routed case, the time from the call to its first routing — the start of its first holding, read from the
    /// holdings' index alone — and how many open ones have not been routed yet.
    pub async fn dispatch_times(&self, from: Millis, until: Millis) -> Result<(Vec<i64>, i64)> {
        let rows = sqlx::query(
            "SELECT c.received_at, (SELECT MIN(h.from_at) FROM case_holds h WHERE h.case_id = c.id), \
             CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END \
             FROM cases c WHERE c.received_at >= $1 AND c.received_at < $2 AND c.kind <> 'petition' AND c.status <> 'merged' \
             AND (c.outcome IS NULL OR c.outcome <> 'answered_at_intake')",
        )
        .bind(from)
        .bind(until)
        .fetch_all(&self.read)
        .await?;
        let mut times = Vec::with_capacity(rows.len());
        let mut waiting = 0;
        for r in &rows {
            let received: i64 = r.try_get(0)?;
            match r.try_get::<Option<i64>, _>(1)? {
                Some(at) => times.push((at - received).max(0)),
                // Closed without a routing (withdrawn, answered): nobody waits for it.
                None if r.try_get::<i64, _>(2)? == 0 => waiting += 1,
                None => {}
            }
        }
        Ok((times, waiting))
    }

    /// Every category's calls received in `[from, until)` (petitions left out: they follow their own procedure), with
    /// the repeats (merged duplicates and reopened cases), the verdicts and the streets reached.
    pub async fn topic_candidates(
        &self,
        from: Millis,
        until: Millis,
    ) -> Result<Vec<CandidateFigures<String>>> {
        let rows = sqlx::query(
            "SELECT category_code, COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN status = 'merged' OR reopen_count > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN satisfaction IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN satisfaction = 'dissatisfied' THEN 1 ELSE 0 END), 0) AS BIGINT), \
             COUNT(DISTINCT street_id) \
             FROM cases WHERE received_at >= $1 AND received_at < $2 AND category_code IS NOT NULL AND kind <> 'petition' \
             GROUP BY category_code",
        )
        .bind(from)
        .bind(until)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CandidateFigures {
                    key: r.try_get(0)?,
                    cases: r.try_get(1)?,
                    repeats: r.try_get(2)?,
                    rated: r.try_get(3)?,
                    dissatisfied: r.try_get(4)?,
                    streets: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// A theme's figures in `[from, until)`: calls of its category received in its place (duplicates included: each
    /// is a call), and the verdicts on its category's closings there (petitions left out).
    pub async fn topic_month(
        &self,
        category: &str,
        street: Option<UnitId>,
        community: Option<UnitId>,
        from: Millis,
        until: Millis,
    ) -> Result<TopicMonth> {
        let street = street.map(|u| u.to_string()).unwrap_or_default();
        let community = community.map(|u| u.to_string()).unwrap_or_default();
        let cases: i64 = sqlx::query(
            "SELECT COUNT(*) FROM cases WHERE category_code = $1 AND received_at >= $2 AND received_at < $3 \
             AND kind <> 'petition' AND ($4 = '' OR street_id = $4) AND ($5 = '' OR community_id = $5)",
        )
        .bind(category)
        .bind(from)
        .bind(until)
        .bind(&street)
        .bind(&community)
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let r = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN x.satisfaction IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN x.satisfaction IS NOT NULL AND x.resolved = 1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE x.satisfaction WHEN 'satisfied' THEN 10 WHEN 'basic' THEN 8 ELSE 0 END), 0) AS BIGINT) \
             FROM case_closings x JOIN cases c ON c.id = x.case_id \
             WHERE x.category_code = $1 AND x.closed_at >= $2 AND x.closed_at < $3 AND x.kind <> 'petition' \
             AND ($4 = '' OR x.street_id = $4) AND ($5 = '' OR c.community_id = $5)",
        )
        .bind(category)
        .bind(from)
        .bind(until)
        .bind(&street)
        .bind(&community)
        .fetch_one(&self.read)
        .await?;
        Ok(TopicMonth {
            cases,
            rated: r.try_get(0)?,
            resolved: r.try_get(1)?,
            tenths: r.try_get(2)?,
        })
    }

    /// The cases of a hotspot: a category in a place in `[from, until)`, newest first (at most 200).
    pub async fn hotspot_cases(
        &self,
        category: &str,
        street: Option<UnitId>,
        community: Option<UnitId>,
        from: Millis,
        until: Millis,
    ) -> Result<Vec<(CaseId, CaseNo, String, Millis)>> {
        let rows = sqlx::query(
            sql(format!("SELECT id, case_no, title, received_at FROM cases WHERE {PLACE_CATEGORY} ORDER BY received_at DESC LIMIT 200")),
        )
        .bind(category)
        .bind(from)
        .bind(until)
        .bind(street.map(|u| u.to_string()).unwrap_or_default())
        .bind(community.map(|u| u.to_string()).unwrap_or_default())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    req_id(r, "id", CaseId::parse)?,
                    CaseNo::parse(&r.try_get::<String, _>(1)?)
                        .ok_or_else(|| decode_err("case_no"))?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                ))
            })
            .collect()
    }
}
