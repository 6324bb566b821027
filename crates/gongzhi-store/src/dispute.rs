//! Disputes: the mediation record beside a dispute case, its parties and sessions, the mediation organisations'
//! profile, the mediators' load and record, how similar disputes ended, and what the sweeper claims. Every change is
//! one transaction: the dispute row under its own version, the case's timeline entries, notices and audit entry (by
//! `cases::apply_change`, so the history stays one).

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{Case, CaseId, CaseNo, NewCase};
use gongzhi_domain::dispute::{
    Candidate, Channel, ChosenBy, Complexity, Dispute, Failure, OrgCategory, Party, PartyRole,
    Publication, Risk, Session, SessionMode, Similar, Stage, Term, Urgency,
};
use gongzhi_domain::enforcement::PartyKind;
use gongzhi_domain::lifecycle::{Change, MediationSpine};
use gongzhi_domain::org::{UnitId, UserId};

use crate::cases::{apply_change, insert_case_in};
use crate::sql::Value;
use crate::whistle::median_of_histogram;
use crate::{Actor, Result, Store, StoreError, audit, decode_err, opt_id, sql};
use gongzhi_domain::org::CasePlace;

const COLUMNS: &str = "case_id, dispute_type, street_id, source, amount_fen, facts, claims, stage, filed_at, urgency, risks, complexity, \
    recommended, channel, channel_reason, evaluated_at, evaluated_by, org_id, mediator_id, chosen_by, consent_due_at, consented_at, mediation_due_at, \
    extended_days, ended_at, failure, failure_note, terms, agreement_text, rating, confirmation_applied_at, confirmation_accept_due_at, \
    confirmation_accepted_at, confirmation_rule_due_at, confirmation_extended, confirmation_ruled_at, court_no, litigation_at, court_result, library_text, version, \
    signed_by_applicant_at, signed_by_respondent_at, effective_at, applied_by_applicant_at, applied_by_respondent_at, \
    publication, published_at, withhold_asked";

/// Worklists: open disputes first, then the newest.
const OPEN_FIRST: &str = "CASE WHEN d.ended_at IS NULL THEN 0 ELSE 1 END, d.filed_at DESC";

/// Stages in which a mediator is carrying the dispute (its load).
const OPEN_STAGES: &str = "('awaiting_consent', 'mediating')";

fn coded<T>(r: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    match r.try_get::<Option<String>, _>(col)? {
        Some(s) => Ok(Some(parse(&s).ok_or_else(|| decode_err(col))?)),
        None => Ok(None),
    }
}

fn from_row(r: &AnyRow) -> Result<Dispute> {
    let risks: String = r.try_get("risks")?;
    let terms: String = r.try_get("terms")?;
    Ok(Dispute {
        case_id: r.try_get("case_id")?,
        dispute_type: r.try_get("dispute_type")?,
        street_id: opt_id(r, "street_id", UnitId::parse)?,
        source: r.try_get("source")?,
        amount_fen: r.try_get("amount_fen")?,
        facts: r.try_get("facts")?,
        claims: r.try_get("claims")?,
        stage: coded(r, "stage", Stage::parse)?.ok_or_else(|| decode_err("stage"))?,
        filed_at: r.try_get("filed_at")?,
        urgency: coded(r, "urgency", Urgency::parse)?,
        risks: risks
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| Risk::parse(s).ok_or_else(|| decode_err("risks")))
            .collect::<Result<_>>()?,
        complexity: coded(r, "complexity", Complexity::parse)?,
        recommended: coded(r, "recommended", Channel::parse)?,
        channel: coded(r, "channel", Channel::parse)?,
        channel_reason: r.try_get("channel_reason")?,
        evaluated_at: r.try_get("evaluated_at")?,
        evaluated_by: opt_id(r, "evaluated_by", UserId::parse)?,
        org_id: opt_id(r, "org_id", UnitId::parse)?,
        mediator_id: opt_id(r, "mediator_id", UserId::parse)?,
        chosen_by: coded(r, "chosen_by", ChosenBy::parse)?,
        consent_due_at: r.try_get("consent_due_at")?,
        consented_at: r.try_get("consented_at")?,
        mediation_due_at: r.try_get("mediation_due_at")?,
        extended_days: r.try_get("extended_days")?,
        ended_at: r.try_get("ended_at")?,
        failure: coded(r, "failure", Failure::parse)?,
        failure_note: r.try_get("failure_note")?,
        terms: serde_json::from_str::<Vec<Term>>(&terms).map_err(|_| decode_err("terms"))?,
        agreement_text: r.try_get("agreement_text")?,
        rating: r.try_get("rating")?,
        signed_by_applicant_at: r.try_get("signed_by_applicant_at")?,
        signed_by_respondent_at: r.try_get("signed_by_respondent_at")?,
        effective_at: r.try_get("effective_at")?,
        applied_by_applicant_at: r.try_get("applied_by_applicant_at")?,
        applied_by_respondent_at: r.try_get("applied_by_respondent_at")?,
        confirmation_applied_at: r.try_get("confirmation_applied_at")?,
        confirmation_accept_due_at: r.try_get("confirmation_accept_due_at")?,
        confirmation_accepted_at: r.try_get("confirmation_accepted_at")?,
        confirmation_rule_due_at: r.try_get("confirmation_rule_due_at")?,
        confirmation_extended: r.try_get::<i64, _>("confirmation_extended")? != 0,
        confirmation_ruled_at: r.try_get("confirmation_ruled_at")?,
        court_no: r.try_get("court_no")?,
        litigation_at: r.try_get("litigation_at")?,
        court_result: r.try_get("court_result")?,
        library_text: r.try_get("library_text")?,
        publication: r
            .try_get::<Option<String>, _>("publication")?
            .map(|p| Publication::parse(&p).ok_or_else(|| decode_err("publication")))
            .transpose()?,
        published_at: r.try_get("published_at")?,
        withhold_asked: r.try_get::<i64, _>("withhold_asked")? != 0,
        version: r.try_get("version")?,
    })
}

/// A dispute as filed or converted: its type, where it came from, the money, facts, claims and parties.
#[derive(Debug, Clone)]
pub struct NewDispute {
    pub dispute_type: String,
    pub source: String,
    pub amount_fen: Option<i64>,
    pub facts: String,
    pub claims: String,
    pub parties: Vec<Party>,
}

/// A session as scheduled.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub scheduled_at: Millis,
    pub mode: SessionMode,
    pub place: String,
    pub video_link: String,
}

/// A dispute in a worklist: the record, its case number and title.
#[derive(Debug, Clone)]
pub struct DisputeRow {
    pub dispute: Dispute,
    pub case_no: CaseNo,
    pub title: String,
    pub mediator: Option<String>,
    pub org: Option<String>,
}

/// Statistics under a display name (a type's, an organisation's or a mediator's).
pub type NamedStats = (String, OutcomeStats);

/// What ended mediations are grouped by in [`Store::outcome_stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKey {
    DisputeType,
    Org,
    Mediator,
}

impl OutcomeKey {
    pub const ALL: [OutcomeKey; 3] = [
        OutcomeKey::DisputeType,
        OutcomeKey::Org,
        OutcomeKey::Mediator,
    ];

    fn column(self) -> &'static str {
        match self {
            OutcomeKey::DisputeType => "d.dispute_type",
            OutcomeKey::Org => "d.org_id",
            OutcomeKey::Mediator => "d.mediator_id",
        }
    }
}

/// Statistics of ended mediations grouped by one key (type code, organisation name or mediator name).
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeStats {
    pub key: String,
    pub ended: i64,
    pub settled: i64,
    pub median_days: Option<f64>,
    pub rating_x100: Option<i64>,
    pub ratings: i64,
}

async fn insert_dispute_in(
    conn: &mut sqlx::AnyConnection,
    case_id: CaseId,
    street: Option<UnitId>,
    d: &NewDispute,
    at: Millis,
) -> Result<()> {
    let delegated_due = (d.source == "court_delegated")
        .then_some(at + gongzhi_domain::dispute::DELEGATED_DAYS * 86_400_000);
    sqlx::query(
        "INSERT INTO disputes (case_id, dispute_type, street_id, source, amount_fen, facts, claims, stage, filed_at, mediation_due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'filed', $8, $9)",
    )
    .bind(case_id.to_string())
    .bind(&d.dispute_type)
    .bind(street.map(|s| s.to_string()))
    .bind(&d.source)
    .bind(d.amount_fen)
    .bind(&d.facts)
    .bind(&d.claims)
    .bind(at)
    .bind(delegated_due)
    .execute(&mut *conn)
    .await?;
    for (i, p) in d.parties.iter().enumerate() {
        sqlx::query("INSERT INTO dispute_parties (case_id, position, role, kind, name, phone) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(case_id.to_string())
            .bind(i as i64)
            .bind(p.role.code())
            .bind(p.kind.code())
            .bind(&p.name)
            .bind(&p.phone)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn detail(d: &NewDispute) -> serde_json::Value {
    // Names and phones of the parties are personal data: the audit names the type and the number of parties only.
    json!({ "type": d.dispute_type, "source": d.source, "parties": d.parties.len() })
}

impl Store {
    /// The dispute types, in their order: (code, name, professional field).
    pub async fn dispute_types(&self) -> Result<Vec<(String, String, String)>> {
        let rows =
            sqlx::query("SELECT code, name, field FROM dispute_types ORDER BY position, code")
                .fetch_all(&self.read)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    /// A dispute type's own mediation period, where it has one: (days, counted as working days).
    pub async fn dispute_period(&self, code: &str) -> Result<Option<(i64, bool)>> {
        let row = sqlx::query(
            "SELECT mediation_days, mediation_working FROM dispute_types WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.read)
        .await?;
        Ok(match row {
            Some(r) => r
                .try_get::<Option<i64>, _>(0)?
                .map(|d| Ok::<_, StoreError>((d, r.try_get::<i64, _>(1)? != 0)))
                .transpose()?,
            None => None,
        })
    }

    /// Registers a dispute case and its mediation record in one transaction (a filing is never half stored).
    pub async fn insert_dispute_case(
        &self,
        actor: &Actor,
        case: &NewCase,
        place: CasePlace,
        received_at: Millis,
        route: Option<&Change>,
        d: &NewDispute,
    ) -> Result<Case> {
        let mut tx = self.write.begin().await?;
        let stored = insert_case_in(&mut tx, actor, case, place, received_at, route).await?;
        insert_dispute_in(&mut tx, stored.id, place.street_id, d, actor.at).await?;
        audit::append(
            &mut tx,
            actor,
            "dispute.file",
            "case",
            &stored.id.to_string(),
            detail(d),
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Turns an existing case into a dispute: the case's change (its kind and timeline entry) under the case's version,
    /// and the new mediation record, in one transaction.
    pub async fn convert_to_dispute(
        &self,
        actor: &Actor,
        case: &Case,
        change: &Change,
        d: &NewDispute,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let exists = sqlx::query("SELECT 1 FROM disputes WHERE case_id = $1")
            .bind(case.id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict {
                constraint: "already_dispute".into(),
            });
        }
        apply_change(
            &mut tx,
            actor,
            case.id,
            &case.case_no,
            Some(case.version),
            change,
        )
        .await?;
        insert_dispute_in(&mut tx, case.id, case.street_id, d, actor.at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The mediation record of a case (`NotFound` when the case is not a dispute).
    pub async fn get_dispute(&self, case_id: CaseId) -> Result<Dispute> {
        let row = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM disputes WHERE case_id = $1"
        )))
        .bind(case_id.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        from_row(&row)
    }

    pub async fn dispute_parties(&self, case_id: CaseId) -> Result<Vec<Party>> {
        let rows = sqlx::query("SELECT role, kind, name, phone FROM dispute_parties WHERE case_id = $1 ORDER BY position")
            .bind(case_id.to_string())
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Party {
                    role: PartyRole::parse(&r.try_get::<String, _>(0)?)
                        .ok_or_else(|| decode_err("role"))?,
                    kind: PartyKind::parse(&r.try_get::<String, _>(1)?)
                        .ok_or_else(|| decode_err("kind"))?,
                    name: r.try_get(2)?,
                    phone: r.try_get(3)?,
                })
            })
            .collect()
    }

    pub async fn dispute_sessions(&self, case_id: CaseId) -> Result<Vec<Session>> {
        let rows = sqlx::query(
            "SELECT id, scheduled_at, mode, place, video_link, minutes, private_applicant, private_respondent, held_at \
             FROM dispute_sessions WHERE case_id = $1 ORDER BY scheduled_at, id",
        )
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Session {
                    id: r.try_get(0)?,
                    scheduled_at: r.try_get(1)?,
                    mode: SessionMode::parse(&r.try_get::<String, _>(2)?)
                        .ok_or_else(|| decode_err("mode"))?,
                    place: r.try_get(3)?,
                    video_link: r.try_get(4)?,
                    minutes: r.try_get(5)?,
                    private_applicant: r.try_get(6)?,
                    private_respondent: r.try_get(7)?,
                    held_at: r.try_get(8)?,
                })
            })
            .collect()
    }

    /// Writes a step: the dispute as the step leaves it (`after`, made from `before` by the domain's rules), under
    /// the version it was read at (`stale_version` when it moved since), and the case's change (timeline, notices,
    /// fields, audit) in the same transaction.
    pub async fn update_dispute(
        &self,
        actor: &Actor,
        case: &Case,
        before: &Dispute,
        after: &Dispute,
        change: &Change,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        write_dispute(&mut tx, before, after).await?;
        apply_change(&mut tx, actor, case.id, &case.case_no, None, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Schedules a session (a step like any other).
    pub async fn insert_dispute_session(
        &self,
        actor: &Actor,
        case: &Case,
        d: &Dispute,
        s: &NewSession,
        change: &Change,
    ) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        write_dispute(&mut tx, d, d).await?;
        sqlx::query(
            "INSERT INTO dispute_sessions (id, case_id, scheduled_at, mode, place, video_link, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(&d.case_id)
        .bind(s.scheduled_at)
        .bind(s.mode.code())
        .bind(&s.place)
        .bind(&s.video_link)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        apply_change(&mut tx, actor, case.id, &case.case_no, None, change).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records what happened at a session: the minutes and each side's private notes; the session is then held.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_dispute_session(
        &self,
        actor: &Actor,
        case: &Case,
        d: &Dispute,
        session_id: &str,
        minutes: &str,
        private: (&str, &str),
        change: &Change,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        write_dispute(&mut tx, d, d).await?;
        let n = sqlx::query(
            "UPDATE dispute_sessions SET minutes = $1, private_applicant = $2, private_respondent = $3, held_at = $4 WHERE id = $5 AND case_id = $6",
        )
        .bind(minutes)
        .bind(private.0)
        .bind(private.1)
        .bind(actor.at)
        .bind(session_id)
        .bind(&d.case_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        apply_change(&mut tx, actor, case.id, &case.case_no, None, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every active mediator of a profiled organisation with their load and record (counted in SQL; medians from a
    /// histogram of whole days, so the rows read grow with mediators × days, not with disputes).
    pub async fn mediator_candidates(&self) -> Result<Vec<Candidate>> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, o.unit_id, un.name, o.category, o.street_id, o.fields FROM users u \
             JOIN user_roles r ON r.user_id = u.id AND r.role = 'mediator' \
             JOIN mediation_orgs o ON o.unit_id = u.unit_id JOIN units un ON un.id = o.unit_id \
             WHERE u.active = 1 ORDER BY u.display_name, u.id",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let fields: String = r.try_get(6)?;
            out.push(Candidate {
                user_id: crate::req_id(r, "id", UserId::parse)?,
                name: r.try_get(1)?,
                org_id: crate::req_id(r, "unit_id", UnitId::parse)?,
                org_name: r.try_get(3)?,
                category: OrgCategory::parse(&r.try_get::<String, _>(4)?)
                    .ok_or_else(|| decode_err("category"))?,
                street_id: opt_id(r, "street_id", UnitId::parse)?,
                fields: fields
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                load: 0,
                ended: 0,
                settled: 0,
                median_days: None,
                rating_x100: None,
                ratings: 0,
            });
        }
        let stats = self.outcome_stats(OutcomeKey::Mediator).await?;
        let load = sqlx::query(sql(format!("SELECT mediator_id, COUNT(*) FROM disputes WHERE stage IN {OPEN_STAGES} AND mediator_id IS NOT NULL GROUP BY mediator_id")))
            .fetch_all(&self.read)
            .await?;
        for c in &mut out {
            let id = c.user_id.to_string();
            for r in &load {
                if r.try_get::<String, _>(0)? == id {
                    c.load = r.try_get(1)?;
                }
            }
            if let Some(s) = stats.iter().find(|s| s.key == id) {
                c.ended = s.ended;
                c.settled = s.settled;
                c.median_days = s.median_days.map(|m| m.round() as i64);
                c.rating_x100 = s.rating_x100;
                c.ratings = s.ratings;
            }
        }
        Ok(out)
    }

    /// How disputes of a type (and channel, when given) ended.
    pub async fn similar_disputes(
        &self,
        dispute_type: &str,
        channel: Option<Channel>,
    ) -> Result<Similar> {
        let (cond, args) = match channel {
            Some(c) => (
                "d.dispute_type = $1 AND d.channel = $2",
                vec![dispute_type.to_owned(), c.code().to_owned()],
            ),
            None => ("d.dispute_type = $1", vec![dispute_type.to_owned()]),
        };
        let stats = self
            .outcome_stats_where(OutcomeKey::DisputeType, Some((cond, args)))
            .await?;
        Ok(stats
            .into_iter()
            .next()
            .map(|s| Similar {
                ended: s.ended,
                settled: s.settled,
                median_days: s.median_days,
            })
            .unwrap_or(Similar {
                ended: 0,
                settled: 0,
                median_days: None,
            }))
    }

    /// Ended mediations grouped by a key: counts, agreements and ratings in one grouped query, the median days from
    /// a grouped histogram.
    pub async fn outcome_stats(&self, key: OutcomeKey) -> Result<Vec<OutcomeStats>> {
        self.outcome_stats_where(key, None).await
    }

    /// [`Store::outcome_stats`], optionally filtered by a condition on `disputes d` and its arguments.
    async fn outcome_stats_where(
        &self,
        key: OutcomeKey,
        filter: Option<(&str, Vec<String>)>,
    ) -> Result<Vec<OutcomeStats>> {
        let key = key.column();
        let (cond, args) = filter.unwrap_or(("1 = 1", Vec::new()));
        let base = format!(
            "FROM disputes d WHERE d.ended_at IS NOT NULL AND d.mediator_id IS NOT NULL AND {cond}"
        );
        let mut q = sqlx::query(sql(format!(
            "SELECT {key}, COUNT(*), SUM(CASE WHEN d.failure IS NULL THEN 1 ELSE 0 END), CAST(AVG(d.rating * 100) AS BIGINT), COUNT(d.rating) \
             {base} GROUP BY {key} ORDER BY {key}"
        )));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = q.fetch_all(&self.read).await?;
        let mut h = sqlx::query(sql(format!(
            "SELECT {key}, (d.ended_at - d.filed_at) / 86400000, COUNT(*) {base} GROUP BY {key}, (d.ended_at - d.filed_at) / 86400000"
        )));
        for a in &args {
            h = h.bind(a.clone());
        }
        let hist = h.fetch_all(&self.read).await?;
        let mut by_key: std::collections::HashMap<String, Vec<(i64, i64)>> =
            std::collections::HashMap::new();
        for r in &hist {
            by_key
                .entry(r.try_get(0)?)
                .or_default()
                .push((r.try_get(1)?, r.try_get(2)?));
        }
        rows.iter()
            .map(|r| {
                let key: String = r.try_get(0)?;
                Ok(OutcomeStats {
                    median_days: by_key.remove(&key).and_then(median_of_histogram),
                    key,
                    ended: r.try_get(1)?,
                    settled: r.try_get::<Option<i64>, _>(2)?.unwrap_or(0),
                    rating_x100: r.try_get(3)?,
                    ratings: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Disputes a mediator carries or carried, open ones first, then newest.
    pub async fn disputes_of_mediator(&self, user: UserId, limit: i64) -> Result<Vec<DisputeRow>> {
        self.dispute_rows(
            "d.mediator_id = $1",
            Value::text(user.to_string()),
            OPEN_FIRST,
            limit,
        )
        .await
    }

    /// Disputes at the court: confirmation applications and suits.
    pub async fn disputes_at_court(&self, limit: i64) -> Result<Vec<DisputeRow>> {
        self.dispute_rows("d.stage IN ('confirmation_applied', 'confirmation_accepted', 'litigation') AND $1 = $1", Value::text(""), OPEN_FIRST, limit).await
    }

    /// Disputes whose running clock (consent, mediation, the court's acceptance or ruling) ends before `horizon` and
    /// was not chased for that deadline yet.
    pub async fn sweep_dispute_clocks(
        &self,
        horizon: Millis,
        limit: i64,
    ) -> Result<Vec<DisputeRow>> {
        let cond = "(d.stage = 'awaiting_consent' AND d.consent_due_at <= $1) \
             OR (d.stage = 'mediating' AND d.mediation_due_at < $1 AND d.chased <> ('mediation:' || CAST(d.mediation_due_at AS TEXT))) \
             OR (d.stage = 'confirmation_applied' AND d.confirmation_accept_due_at < $1 AND d.chased <> ('court_accept:' || CAST(d.confirmation_accept_due_at AS TEXT))) \
             OR (d.stage = 'confirmation_accepted' AND d.confirmation_rule_due_at < $1 AND d.chased <> ('court_rule:' || CAST(d.confirmation_rule_due_at AS TEXT)))";
        self.dispute_rows(cond, Value::int(horizon), "d.filed_at", limit)
            .await
    }

    /// Disputes matching `cond` (on `disputes d`, with one argument `$1`) with their case's number and title and the
    /// mediator's and organisation's names.
    async fn dispute_rows(
        &self,
        cond: &str,
        arg: Value,
        order: &str,
        limit: i64,
    ) -> Result<Vec<DisputeRow>> {
        let cols: String = COLUMNS
            .split(", ")
            .map(|c| format!("d.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let q = sqlx::query(sql(format!(
            "SELECT {cols}, c.case_no, c.title, m.display_name AS mediator, o.name AS org FROM disputes d JOIN cases c ON c.id = d.case_id \
             LEFT JOIN users m ON m.id = d.mediator_id LEFT JOIN units o ON o.id = d.org_id WHERE {cond} ORDER BY {order} LIMIT {limit}"
        )));
        let rows = arg.bind(q).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(DisputeRow {
                    dispute: from_row(r)?,
                    case_no: CaseNo::parse(&r.try_get::<String, _>("case_no")?)
                        .ok_or_else(|| decode_err("case_no"))?,
                    title: r.try_get("title")?,
                    mediator: r.try_get("mediator")?,
                    org: r.try_get("org")?,
                })
            })
            .collect()
    }

    /// Claims the chase of a running deadline (`key`, e.g. `mediation:1790000000000`): marks it chased and writes
    /// the case's change (notices, timeline, audit) in one transaction; false when another sweeper had it.
    pub async fn claim_dispute_chase(
        &self,
        actor: &Actor,
        case: &Case,
        d: &Dispute,
        key: &str,
        change: &Change,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE disputes SET chased = $1 WHERE case_id = $2 AND chased <> $1 AND version = $3",
        )
        .bind(key)
        .bind(&d.case_id)
        .bind(d.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        apply_change(&mut tx, actor, case.id, &case.case_no, None, change).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// Updates the dispute's columns and its version, guarded by the version read.
/// Writes a dispute's own record as `after` has it, where it still stands at `before`'s version, and moves the
/// version on (`stale_version` when another step came first). Its number, type, source and filing are not changed
/// here; the parties and sessions have their own tables.
async fn write_dispute(
    conn: &mut sqlx::AnyConnection,
    before: &Dispute,
    after: &Dispute,
) -> Result<()> {
    let risks: Vec<&str> = after.risks.iter().map(|r| r.code()).collect();
    let terms = serde_json::to_string(&after.terms)
        .map_err(|e| StoreError::Other(sqlx::Error::Encode(Box::new(e))))?;
    let done = sqlx::query(
        "UPDATE disputes SET street_id = $1, amount_fen = $2, facts = $3, claims = $4, stage = $5, urgency = $6, \
         risks = $7, complexity = $8, recommended = $9, channel = $10, channel_reason = $11, evaluated_at = $12, \
         evaluated_by = $13, org_id = $14, mediator_id = $15, chosen_by = $16, consent_due_at = $17, consented_at = $18, \
         mediation_due_at = $19, extended_days = $20, ended_at = $21, failure = $22, failure_note = $23, terms = $24, \
         agreement_text = $25, rating = $26, confirmation_applied_at = $27, confirmation_accept_due_at = $28, \
         confirmation_accepted_at = $29, confirmation_rule_due_at = $30, confirmation_extended = $31, \
         confirmation_ruled_at = $32, court_no = $33, litigation_at = $34, court_result = $35, library_text = $36, \
         signed_by_applicant_at = $37, signed_by_respondent_at = $38, effective_at = $39, applied_by_applicant_at = $40, \
         applied_by_respondent_at = $41, publication = $42, published_at = $43, withhold_asked = $44, \
         version = version + 1 WHERE case_id = $45 AND version = $46",
    )
    .bind(after.street_id.map(|s| s.to_string()))
    .bind(after.amount_fen)
    .bind(&after.facts)
    .bind(&after.claims)
    .bind(after.stage.code())
    .bind(after.urgency.map(|u| u.code()))
    .bind(risks.join(","))
    .bind(after.complexity.map(|c| c.code()))
    .bind(after.recommended.map(|c| c.code()))
    .bind(after.channel.map(|c| c.code()))
    .bind(&after.channel_reason)
    .bind(after.evaluated_at)
    .bind(after.evaluated_by.map(|u| u.to_string()))
    .bind(after.org_id.map(|u| u.to_string()))
    .bind(after.mediator_id.map(|u| u.to_string()))
    .bind(after.chosen_by.map(|c| c.code()))
    .bind(after.consent_due_at)
    .bind(after.consented_at)
    .bind(after.mediation_due_at)
    .bind(after.extended_days)
    .bind(after.ended_at)
    .bind(after.failure.map(|f| f.code()))
    .bind(&after.failure_note)
    .bind(terms)
    .bind(&after.agreement_text)
    .bind(after.rating)
    .bind(after.confirmation_applied_at)
    .bind(after.confirmation_accept_due_at)
    .bind(after.confirmation_accepted_at)
    .bind(after.confirmation_rule_due_at)
    .bind(i64::from(after.confirmation_extended))
    .bind(after.confirmation_ruled_at)
    .bind(&after.court_no)
    .bind(after.litigation_at)
    .bind(&after.court_result)
    .bind(&after.library_text)
    .bind(after.signed_by_applicant_at)
    .bind(after.signed_by_respondent_at)
    .bind(after.effective_at)
    .bind(after.applied_by_applicant_at)
    .bind(after.applied_by_respondent_at)
    .bind(after.publication.map(|p| p.code()))
    .bind(after.published_at)
    .bind(i64::from(after.withhold_asked))
    .bind(&before.case_id)
    .bind(before.version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 0 {
        Err(StoreError::Conflict {
            constraint: "stale_version".into(),
        })
    } else {
        Ok(())
    }
}

impl Store {
    /// The dispute cases of the history, for the demo's mediation records.
    pub async fn dispute_case_refs(&self) -> Result<Vec<gongzhi_domain::import::DisputeCaseRef>> {
        let rows = sqlx::query(
            "SELECT c.id, c.category_code, c.received_at, c.closed_at, c.resolved, c.street_id, c.resident_name, c.phone, c.description FROM cases c \
             WHERE c.kind = 'dispute' AND c.status <> 'merged' AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.case_id = c.id) ORDER BY c.received_at, c.id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(gongzhi_domain::import::DisputeCaseRef {
                    case_id: r.try_get(0)?,
                    category: r.try_get(1)?,
                    received_at: r.try_get(2)?,
                    closed_at: r.try_get(3)?,
                    resolved: r.try_get::<Option<i64>, _>(4)?.map(|v| v != 0),
                    street_id: opt_id(r, "street_id", UnitId::parse)?,
                    resident_name: r.try_get(6)?,
                    phone: r.try_get(7)?,
                    description: r.try_get(8)?,
                })
            })
            .collect()
    }

    /// Writes generated mediation records with their parties, sessions and the case's timeline entries, a thousand
    /// to a transaction. Also used by the benchmark to load a large district.
    pub async fn insert_dispute_history(
        &self,
        actor: &Actor,
        disputes: &[gongzhi_domain::import::HistoricDispute],
    ) -> Result<()> {
        for chunk in disputes.chunks(1000) {
            let mut tx = self.write.begin().await?;
            // Written before an interruption: the demo resumes after it.
            if crate::import::already_written(
                &mut tx,
                "disputes",
                "case_id",
                &chunk[0].dispute.case_id,
            )
            .await?
            {
                continue;
            }
            for h in chunk {
                let d = &h.dispute;
                let risks: Vec<&str> = d.risks.iter().map(|r| r.code()).collect();
                sqlx::query(
                    "INSERT INTO disputes (case_id, dispute_type, street_id, source, amount_fen, facts, claims, stage, filed_at, urgency, risks, complexity, \
                     recommended, channel, channel_reason, evaluated_at, org_id, mediator_id, chosen_by, consent_due_at, consented_at, mediation_due_at, \
                     ended_at, failure, failure_note, terms, agreement_text, rating, confirmation_applied_at, confirmation_accept_due_at, \
                     confirmation_accepted_at, confirmation_rule_due_at, confirmation_ruled_at, court_no, litigation_at, court_result, library_text, \
                     signed_by_applicant_at, signed_by_respondent_at, effective_at, applied_by_applicant_at, applied_by_respondent_at, \
                     publication, published_at, withhold_asked) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, \
                     $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45)",
                )
                .bind(&d.case_id)
                .bind(&d.dispute_type)
                .bind(d.street_id.map(|s| s.to_string()))
                .bind(&d.source)
                .bind(d.amount_fen)
                .bind(&d.facts)
                .bind(&d.claims)
                .bind(d.stage.code())
                .bind(d.filed_at)
                .bind(d.urgency.map(|u| u.code()))
                .bind(risks.join(","))
                .bind(d.complexity.map(|c| c.code()))
                .bind(d.recommended.map(|c| c.code()))
                .bind(d.channel.map(|c| c.code()))
                .bind(&d.channel_reason)
                .bind(d.evaluated_at)
                .bind(d.org_id.map(|o| o.to_string()))
                .bind(d.mediator_id.map(|m| m.to_string()))
                .bind(d.chosen_by.map(|c| c.code()))
                .bind(d.consent_due_at)
                .bind(d.consented_at)
                .bind(d.mediation_due_at)
                .bind(d.ended_at)
                .bind(d.failure.map(|f| f.code()))
                .bind(&d.failure_note)
                .bind(serde_json::to_string(&d.terms).unwrap_or_else(|_| "[]".into()))
                .bind(&d.agreement_text)
                .bind(d.rating)
                .bind(d.confirmation_applied_at)
                .bind(d.confirmation_accept_due_at)
                .bind(d.confirmation_accepted_at)
                .bind(d.confirmation_rule_due_at)
                .bind(d.confirmation_ruled_at)
                .bind(&d.court_no)
                .bind(d.litigation_at)
                .bind(&d.court_result)
                .bind(&d.library_text)
                .bind(d.signed_by_applicant_at)
                .bind(d.signed_by_respondent_at)
                .bind(d.effective_at)
                .bind(d.applied_by_applicant_at)
                .bind(d.applied_by_respondent_at)
                .bind(d.publication.map(|p| p.code()))
                .bind(d.published_at)
                .bind(i64::from(d.withhold_asked))
                .execute(&mut *tx)
                .await?;
                // The case follows its mediation on the spine, as a live step would have moved it.
                match gongzhi_domain::lifecycle::mediation_spine(d) {
                    Some(MediationSpine::Ended { at, outcome }) => {
                        sqlx::query(sql(format!(
                            "UPDATE cases SET status = 'closed', closed_at = $1, outcome = $2 \
                             WHERE id = $3 AND kind = 'dispute' AND status IN {}",
                            crate::cases::OPEN
                        )))
                        .bind(at)
                        .bind(outcome.code())
                        .bind(&d.case_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    Some(MediationSpine::InHand { unit, agent }) => {
                        sqlx::query(sql(format!(
                            "UPDATE cases SET status = 'in_progress', accountable_unit_id = COALESCE($1, accountable_unit_id), \
                             agent_id = $2, accepted_at = COALESCE(accepted_at, $3) \
                             WHERE id = $4 AND kind = 'dispute' AND status IN {}",
                            crate::cases::OPEN
                        )))
                        .bind(unit.map(|u| u.to_string()))
                        .bind(agent.to_string())
                        .bind(d.consent_due_at.or(d.evaluated_at).unwrap_or(d.filed_at))
                        .bind(&d.case_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => {}
                }
                for (i, p) in h.parties.iter().enumerate() {
                    sqlx::query("INSERT INTO dispute_parties (case_id, position, role, kind, name, phone) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(&d.case_id)
                        .bind(i as i64)
                        .bind(p.role.code())
                        .bind(p.kind.code())
                        .bind(&p.name)
                        .bind(&p.phone)
                        .execute(&mut *tx)
                        .await?;
                }
                for s in &h.sessions {
                    sqlx::query(
                        "INSERT INTO dispute_sessions (id, case_id, scheduled_at, mode, place, video_link, minutes, held_at, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(uuid::Uuid::now_v7().to_string())
                    .bind(&d.case_id)
                    .bind(s.scheduled_at)
                    .bind(s.mode.code())
                    .bind(&s.place)
                    .bind(&s.video_link)
                    .bind(&s.minutes)
                    .bind(s.held_at)
                    .bind(d.mediator_id.map(|m| m.to_string()))
                    .bind(s.scheduled_at)
                    .execute(&mut *tx)
                    .await?;
                }
                let case_id = CaseId::parse(&d.case_id).ok_or_else(|| decode_err("case_id"))?;
                for (at, event, public, who, note) in &h.events {
                    crate::cases::insert_event(
                        &mut tx, case_id, *at, event, *public, *who, note, "{}",
                    )
                    .await?;
                }
            }
            audit::append(
                &mut tx,
                actor,
                "import.disputes",
                "case",
                "-",
                json!({ "disputes": chunk.len() }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// A past dispute as the public library shows it: nothing that names or locates anyone.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryEntry {
    pub dispute_type: String,
    pub channel: Option<Channel>,
    pub settled: bool,
    pub days: i64,
    pub text: String,
    pub ended_at: Millis,
}

/// A question asked online, and its answer once given.
#[derive(Debug, Clone, PartialEq)]
pub struct DisputeQuestion {
    pub id: String,
    pub dispute_type: String,
    pub question: String,
    pub asked_at: Millis,
    pub answer: String,
    pub answered_by: Option<String>,
    pub answered_at: Option<Millis>,
}

fn question_from_row(r: &AnyRow) -> Result<DisputeQuestion> {
    Ok(DisputeQuestion {
        id: r.try_get("id")?,
        dispute_type: r.try_get("dispute_type")?,
        question: r.try_get("question")?,
        asked_at: r.try_get("asked_at")?,
        answer: r.try_get("answer")?,
        answered_by: r.try_get("answered_by_name")?,
        answered_at: r.try_get("answered_at")?,
    })
}

/// `LIKE` pattern for a text searched anywhere, with the wildcards it contains taken literally.
fn contains_pattern(q: &str) -> String {
    let escaped: String = q
        .chars()
        .flat_map(|c| {
            if matches!(c, '%' | '_' | '\\') {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect();
    format!("%{escaped}%")
}

impl Store {
    /// Published disputes for the library (an editor reviewed each), newest first, by type and text (searched in the
    /// published text only), with the total.
    pub async fn dispute_library(
        &self,
        dispute_type: Option<&str>,
        q: Option<&str>,
        page: crate::PageRequest,
    ) -> Result<crate::Page<LibraryEntry>> {
        let mut cond = vec!["publication = 'published'", "library_text <> ''"];
        let mut args: Vec<String> = Vec::new();
        if let Some(t) = dispute_type {
            args.push(t.to_owned());
            cond.push("dispute_type = $1");
        }
        let like;
        if let Some(q) = q {
            args.push(contains_pattern(q));
            like = format!("library_text LIKE ${} ESCAPE '\\'", args.len());
            cond.push(&like);
        }
        let where_sql = cond.join(" AND ");
        let mut count = sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM disputes WHERE {where_sql}"
        )));
        for a in &args {
            count = count.bind(a.clone());
        }
        let total: i64 = count.fetch_one(&self.read).await?.try_get(0)?;
        let mut q = sqlx::query(sql(format!(
            "SELECT dispute_type, channel, failure, filed_at, ended_at, library_text FROM disputes WHERE {where_sql} ORDER BY published_at DESC, case_id LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = q.fetch_all(&self.read).await?;
        let items = rows
            .iter()
            .map(|r| {
                let filed: Millis = r.try_get(3)?;
                let ended: Millis = r.try_get(4)?;
                Ok(LibraryEntry {
                    dispute_type: r.try_get(0)?,
                    channel: coded(r, "channel", Channel::parse)?,
                    settled: r.try_get::<Option<String>, _>(2)?.is_none(),
                    days: (ended - filed).max(0) / 86_400_000,
                    text: r.try_get(5)?,
                    ended_at: ended,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(crate::Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// Records a question asked online (audited without its text: it may carry personal details).
    pub async fn insert_dispute_question(
        &self,
        actor: &Actor,
        dispute_type: &str,
        question: &str,
    ) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        sqlx::query("INSERT INTO dispute_questions (id, dispute_type, question, asked_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(dispute_type)
            .bind(question)
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "dispute.question",
            "dispute_question",
            &id,
            json!({ "type": dispute_type }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn get_dispute_question(&self, id: &str) -> Result<DisputeQuestion> {
        let row = sqlx::query(
            "SELECT q.id, q.dispute_type, q.question, q.asked_at, q.answer, u.display_name AS answered_by_name, q.answered_at \
             FROM dispute_questions q LEFT JOIN users u ON u.id = q.answered_by WHERE q.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        question_from_row(&row)
    }

    /// Questions, unanswered first (oldest first) or answered (newest first), by type when given.
    pub async fn dispute_questions(
        &self,
        answered: bool,
        dispute_type: Option<&str>,
        limit: i64,
    ) -> Result<Vec<DisputeQuestion>> {
        let (cond, order) = if answered {
            ("q.answered_at IS NOT NULL", "q.answered_at DESC")
        } else {
            ("q.answered_at IS NULL", "q.asked_at")
        };
        let rows = sqlx::query(sql(format!(
            "SELECT q.id, q.dispute_type, q.question, q.asked_at, q.answer, u.display_name AS answered_by_name, q.answered_at \
             FROM dispute_questions q LEFT JOIN users u ON u.id = q.answered_by WHERE {cond} AND ($1 = '' OR q.dispute_type = $1) ORDER BY {order}, q.id LIMIT {limit}"
        )))
        .bind(dispute_type.unwrap_or(""))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(question_from_row).collect()
    }

    /// Answers a question once (`Conflict already_answered` after).
    pub async fn answer_dispute_question(
        &self,
        actor: &Actor,
        id: &str,
        answer: &str,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE dispute_questions SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND answered_at IS NULL")
            .bind(answer)
            .bind(actor.user_id.map(|u| u.to_string()))
            .bind(actor.at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            let exists = sqlx::query("SELECT 1 FROM dispute_questions WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
            return Err(if exists {
                StoreError::Conflict {
                    constraint: "already_answered".into(),
                }
            } else {
                StoreError::NotFound
            });
        }
        audit::append(
            &mut tx,
            actor,
            "dispute.answer",
            "dispute_question",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// How a party's code stood when it was tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The code was right: it is used up.
    Right,
    /// Wrong (one try more counted; past the tries the code is void).
    Wrong,
    /// None issued, expired or voided.
    Missing,
}

impl Store {
    /// Issues a party's one-time code: its hash replaces any earlier one, and the SMS carrying it is queued in the
    /// outbox to `phone` — both in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn issue_party_code(
        &self,
        actor: &Actor,
        case_id: CaseId,
        case_no: &str,
        role: &str,
        code_hash: &str,
        code: &str,
        phone: &str,
        expires_at: Millis,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM party_codes WHERE case_id = $1 AND role = $2")
            .bind(case_id.to_string())
            .bind(role)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO party_codes (case_id, role, code_hash, expires_at, tries, created_at) VALUES ($1, $2, $3, $4, 0, $5)")
            .bind(case_id.to_string())
            .bind(role)
            .bind(code_hash)
            .bind(expires_at)
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
        crate::notify::enqueue_to(
            &mut tx,
            case_id,
            case_no,
            gongzhi_domain::notify::TellKind::PartyCode,
            gongzhi_domain::notify::Medium::Sms,
            phone,
            code,
            actor.at,
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "dispute.party_code",
            "case",
            &case_id.to_string(),
            json!({ "role": role }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Tries a party's code: right once (then used up), wrong up to `max_tries` times (then void), never after it
    /// expires.
    pub async fn try_party_code(
        &self,
        case_id: CaseId,
        role: &str,
        code_hash: &str,
        now: Millis,
        max_tries: i64,
    ) -> Result<CodeCheck> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "SELECT code_hash, expires_at, tries FROM party_codes WHERE case_id = $1 AND role = $2",
        )
        .bind(case_id.to_string())
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(CodeCheck::Missing);
        };
        let (hash, expires_at, tries): (String, i64, i64) = (
            row.try_get("code_hash")?,
            row.try_get("expires_at")?,
            row.try_get("tries")?,
        );
        let check = if expires_at <= now || tries >= max_tries {
            CodeCheck::Missing
        } else if hash == code_hash {
            CodeCheck::Right
        } else {
            CodeCheck::Wrong
        };
        match check {
            CodeCheck::Wrong if tries + 1 < max_tries => {
                sqlx::query(
                    "UPDATE party_codes SET tries = tries + 1 WHERE case_id = $1 AND role = $2",
                )
                .bind(case_id.to_string())
                .bind(role)
                .execute(&mut *tx)
                .await?;
            }
            _ => {
                sqlx::query("DELETE FROM party_codes WHERE case_id = $1 AND role = $2")
                    .bind(case_id.to_string())
                    .bind(role)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(check)
    }
}
