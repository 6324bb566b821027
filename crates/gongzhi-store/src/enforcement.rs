//! Enforcement cases (综合执法): the case under its power, every stage written with its timeline entry and audit
//! entry under the case's version, the street's list, and the measured results for the statistics.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::Millis;
use gongzhi_domain::enforcement::{
    Challenge, ChallengeOutcome, EnforcementCase, Hearing, PartyKind, Procedure, Ruling, Stage,
};
use gongzhi_domain::org::{UnitId, UserId};
use gongzhi_domain::powers::Penalty;

use crate::{
    Actor, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id, req_id, sql,
};

const COLUMNS: &str = "id, enforcement_no, street_id, power_version, power_code, source, source_ref, party_kind, party_name, facts, \
    violation_on, safety_risk, procedure, stage, \
    opened_at, opened_by, filed_at, filed_by, complex, decision_due_at, extended, notified_at, notified_by, defence_due_at, hearing, hearing_due_at, \
    hearing_at, hearing_presided_by, hearing_record, proposed_kind, proposed_fine_fen, proposed_confiscated_fen, review_approved, reviewed_at, \
    reviewed_by, review_note, decided_at, decided_by, ruling, transfer_to, collective, decision_kind, fine_fen, confiscated_fen, served_at, \
    payment_due_at, paid_fen, late_fen, paid_at, executed_at, execution, closed_at, removed_sqm_x100, fine_collected_fen, stalls_cleared, version, \
    party_address, order_kind, order_due_at, warned_at, warning_due_at, announced_at, announcement_due_at, forced, challenge, challenge_filed_at, \
    challenge_outcome, challenge_resolved_at, social_impact, published_at, publication_withdrawn_at, grade";

fn from_row(r: &AnyRow) -> Result<EnforcementCase> {
    let penalty = |col: &str| -> Result<Option<Penalty>> {
        Ok(match r.try_get::<Option<String>, _>(col)? {
            Some(s) => Some(Penalty::parse(&s).ok_or_else(|| decode_err(col))?),
            None => None,
        })
    };
    Ok(EnforcementCase {
        id: r.try_get("id")?,
        enforcement_no: r.try_get("enforcement_no")?,
        street_id: req_id(r, "street_id", UnitId::parse)?,
        power_version: r.try_get("power_version")?,
        power_code: r.try_get("power_code")?,
        source: r.try_get("source")?,
        source_ref: r.try_get("source_ref")?,
        party_kind: PartyKind::parse(&r.try_get::<String, _>("party_kind")?)
            .ok_or_else(|| decode_err("party_kind"))?,
        party_name: r.try_get("party_name")?,
        party_address: r.try_get("party_address")?,
        facts: r.try_get("facts")?,
        violation_on: r.try_get("violation_on")?,
        safety_risk: r.try_get::<i64, _>("safety_risk")? != 0,
        procedure: Procedure::parse(&r.try_get::<String, _>("procedure")?)
            .ok_or_else(|| decode_err("procedure"))?,
        stage: Stage::parse(&r.try_get::<String, _>("stage")?)
            .ok_or_else(|| decode_err("stage"))?,
        opened_at: r.try_get("opened_at")?,
        opened_by: opt_id(r, "opened_by", UserId::parse)?,
        filed_at: r.try_get("filed_at")?,
        filed_by: opt_id(r, "filed_by", UserId::parse)?,
        complex: r.try_get::<i64, _>("complex")? != 0,
        decision_due_at: r.try_get("decision_due_at")?,
        extensions: r.try_get("extended")?,
        notified_at: r.try_get("notified_at")?,
        notified_by: opt_id(r, "notified_by", UserId::parse)?,
        defence_due_at: r.try_get("defence_due_at")?,
        hearing: Hearing::parse(&r.try_get::<String, _>("hearing")?)
            .ok_or_else(|| decode_err("hearing"))?,
        hearing_due_at: r.try_get("hearing_due_at")?,
        hearing_at: r.try_get("hearing_at")?,
        hearing_presided_by: opt_id(r, "hearing_presided_by", UserId::parse)?,
        hearing_record: r.try_get("hearing_record")?,
        proposed_kind: penalty("proposed_kind")?,
        proposed_fine_fen: r.try_get("proposed_fine_fen")?,
        proposed_confiscated_fen: r.try_get("proposed_confiscated_fen")?,
        grade: match r.try_get::<Option<String>, _>("grade")? {
            Some(g) => {
                Some(gongzhi_domain::powers::Grade::parse(&g).ok_or_else(|| decode_err("grade"))?)
            }
            None => None,
        },
        review_approved: r
            .try_get::<Option<i64>, _>("review_approved")?
            .map(|v| v != 0),
        reviewed_at: r.try_get("reviewed_at")?,
        reviewed_by: opt_id(r, "reviewed_by", UserId::parse)?,
        review_note: r.try_get("review_note")?,
        decided_at: r.try_get("decided_at")?,
        decided_by: opt_id(r, "decided_by", UserId::parse)?,
        ruling: match r.try_get::<Option<String>, _>("ruling")? {
            Some(s) => Some(Ruling::parse(&s).ok_or_else(|| decode_err("ruling"))?),
            None => None,
        },
        transfer_to: r.try_get("transfer_to")?,
        collective: r.try_get::<i64, _>("collective")? != 0,
        decision_kind: penalty("decision_kind")?,
        fine_fen: r.try_get("fine_fen")?,
        confiscated_fen: r.try_get("confiscated_fen")?,
        served_at: r.try_get("served_at")?,
        payment_due_at: r.try_get("payment_due_at")?,
        paid_fen: r.try_get("paid_fen")?,
        late_fen: r.try_get("late_fen")?,
        paid_at: r.try_get("paid_at")?,
        order_kind: penalty("order_kind")?,
        order_due_at: r.try_get("order_due_at")?,
        warned_at: r.try_get("warned_at")?,
        warning_due_at: r.try_get("warning_due_at")?,
        announced_at: r.try_get("announced_at")?,
        announcement_due_at: r.try_get("announcement_due_at")?,
        forced: r.try_get::<i64, _>("forced")? != 0,
        challenge: match r.try_get::<Option<String>, _>("challenge")? {
            Some(s) => Some(Challenge::parse(&s).ok_or_else(|| decode_err("challenge"))?),
            None => None,
        },
        challenge_filed_at: r.try_get("challenge_filed_at")?,
        challenge_outcome: match r.try_get::<Option<String>, _>("challenge_outcome")? {
            Some(s) => {
                Some(ChallengeOutcome::parse(&s).ok_or_else(|| decode_err("challenge_outcome"))?)
            }
            None => None,
        },
        challenge_resolved_at: r.try_get("challenge_resolved_at")?,
        social_impact: r.try_get::<i64, _>("social_impact")? != 0,
        published_at: r.try_get("published_at")?,
        publication_withdrawn_at: r.try_get("publication_withdrawn_at")?,
        executed_at: r.try_get("executed_at")?,
        execution: r.try_get("execution")?,
        closed_at: r.try_get("closed_at")?,
        removed_sqm_x100: r.try_get("removed_sqm_x100")?,
        fine_collected_fen: r.try_get("fine_collected_fen")?,
        stalls_cleared: r.try_get("stalls_cleared")?,
        version: r.try_get("version")?,
    })
}

/// A new enforcement case as opened.
#[derive(Debug, Clone)]
pub struct NewEnforcement {
    pub street_id: UnitId,
    pub power_version: i64,
    pub power_code: String,
    pub source: String,
    pub source_ref: String,
    pub party_kind: PartyKind,
    pub party_name: String,
    /// The party's address (for the decision document; personal data).
    pub party_address: String,
    pub facts: String,
    /// When the violation happened or ended (YYYYMMDD), and whether it endangered life, health or financial safety.
    pub violation_on: Option<i64>,
    pub safety_risk: bool,
    /// A case decided on the spot by the simple procedure (行政处罚法 arts. 51–52), already checked by the rules:
    /// the penalty, its fine, and the party's statement heard there.
    pub on_the_spot: Option<OnTheSpot>,
}

/// The decision of a simple-procedure case.
#[derive(Debug, Clone)]
pub struct OnTheSpot {
    pub kind: Penalty,
    pub grade: Option<gongzhi_domain::powers::Grade>,
    pub fine_fen: Option<i64>,
    pub statement: String,
}

/// One timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EnforcementEvent {
    pub at: Millis,
    pub event: String,
    pub actor: Option<String>,
    pub note: String,
}

/// Cases waiting for a decision whose deadline is before `horizon` and that were not chased for it: (case, the
/// officer who opened it).
pub async fn sweep_enforcement_due(
    store: &Store,
    horizon: Millis,
    limit: i64,
) -> Result<Vec<(EnforcementCase, Option<UserId>)>> {
    let rows = sqlx::query(sql(format!(
        "SELECT {COLUMNS} FROM enforcement_cases WHERE stage IN ('investigation', 'notified') AND decision_due_at < $1 \
         AND deadline_chased = 0 ORDER BY decision_due_at LIMIT {limit}"
    )))
    .bind(horizon)
    .fetch_all(&store.read)
    .await?;
    rows.iter()
        .map(|r| {
            let c = from_row(r)?;
            let by = c.opened_by;
            Ok((c, by))
        })
        .collect()
}

/// Writes a whole case with every column, inside the caller's transaction (a case decided on the spot, and imported
/// past cases).
pub(crate) async fn insert_whole(
    conn: &mut sqlx::AnyConnection,
    c: &EnforcementCase,
) -> Result<()> {
    let marks: Vec<String> = (1..=73).map(|i| format!("${i}")).collect();
    sqlx::query(sql(format!(
        "INSERT INTO enforcement_cases ({COLUMNS}, hearing_offered) VALUES ({})",
        marks.join(", ")
    )))
    .bind(&c.id)
    .bind(&c.enforcement_no)
    .bind(c.street_id.to_string())
    .bind(c.power_version)
    .bind(&c.power_code)
    .bind(&c.source)
    .bind(&c.source_ref)
    .bind(c.party_kind.code())
    .bind(&c.party_name)
    .bind(&c.facts)
    .bind(c.violation_on)
    .bind(i64::from(c.safety_risk))
    .bind(c.procedure.code())
    .bind(c.stage.code())
    .bind(c.opened_at)
    .bind(c.opened_by.map(|u| u.to_string()))
    .bind(c.filed_at)
    .bind(c.filed_by.map(|u| u.to_string()))
    .bind(i64::from(c.complex))
    .bind(c.decision_due_at)
    .bind(c.extensions)
    .bind(c.notified_at)
    .bind(c.notified_by.map(|u| u.to_string()))
    .bind(c.defence_due_at)
    .bind(c.hearing.code())
    .bind(c.hearing_due_at)
    .bind(c.hearing_at)
    .bind(c.hearing_presided_by.map(|u| u.to_string()))
    .bind(&c.hearing_record)
    .bind(c.proposed_kind.map(|k| k.code()))
    .bind(c.proposed_fine_fen)
    .bind(c.proposed_confiscated_fen)
    .bind(c.review_approved.map(i64::from))
    .bind(c.reviewed_at)
    .bind(c.reviewed_by.map(|u| u.to_string()))
    .bind(&c.review_note)
    .bind(c.decided_at)
    .bind(c.decided_by.map(|u| u.to_string()))
    .bind(c.ruling.map(|r| r.code()))
    .bind(&c.transfer_to)
    .bind(i64::from(c.collective))
    .bind(c.decision_kind.map(|k| k.code()))
    .bind(c.fine_fen)
    .bind(c.confiscated_fen)
    .bind(c.served_at)
    .bind(c.payment_due_at)
    .bind(c.paid_fen)
    .bind(c.late_fen)
    .bind(c.paid_at)
    .bind(c.executed_at)
    .bind(&c.execution)
    .bind(c.closed_at)
    .bind(c.removed_sqm_x100)
    .bind(c.fine_collected_fen)
    .bind(c.stalls_cleared)
    .bind(c.version)
    .bind(&c.party_address)
    .bind(c.order_kind.map(|k| k.code()))
    .bind(c.order_due_at)
    .bind(c.warned_at)
    .bind(c.warning_due_at)
    .bind(c.announced_at)
    .bind(c.announcement_due_at)
    .bind(i64::from(c.forced))
    .bind(c.challenge.map(|k| k.code()))
    .bind(c.challenge_filed_at)
    .bind(c.challenge_outcome.map(|k| k.code()))
    .bind(c.challenge_resolved_at)
    .bind(i64::from(c.social_impact))
    .bind(c.published_at)
    .bind(c.publication_withdrawn_at)
    .bind(c.grade.map(|g| g.code()))
    .bind(i64::from(c.hearing != Hearing::None))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Measured results of executed cases: (street name, Beijing month `YYYY-MM`, cases executed, fines collected in fen,
/// square metres removed ×100, stalls cleared).
pub type MonthResults = (String, String, i64, i64, i64, i64);

impl Store {
    pub async fn insert_enforcement(
        &self,
        actor: &Actor,
        n: &NewEnforcement,
    ) -> Result<EnforcementCase> {
        let mut tx = self.write.begin().await?;
        let day = gongzhi_domain::local_yyyymmdd(actor.at);
        let seq: i64 = sqlx::query("INSERT INTO counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value")
            .bind(format!("enforcement_no:{day}"))
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let no = format!("E{day:08}{seq:04}");
        let id = uuid::Uuid::now_v7().to_string();
        let mut c = EnforcementCase::opened(
            id.clone(),
            no.clone(),
            n.street_id,
            (n.power_version, &n.power_code),
            (n.party_kind, &n.party_name),
            &n.facts,
            actor.at,
        );
        c.source = n.source.clone();
        c.party_address = n.party_address.clone();
        c.source_ref = n.source_ref.clone();
        c.opened_by = actor.user_id;
        (c.violation_on, c.safety_risk) = (n.violation_on, n.safety_risk);
        if let Some(spot) = &n.on_the_spot {
            c = EnforcementCase {
                procedure: Procedure::Simple,
                stage: Stage::Decided,
                filed_at: Some(actor.at),
                filed_by: actor.user_id,
                decided_at: Some(actor.at),
                decided_by: actor.user_id,
                ruling: Some(Ruling::Penalty),
                decision_kind: Some(spot.kind),
                fine_fen: spot.fine_fen,
                grade: spot.grade,
                ..c
            };
        }
        insert_whole(&mut tx, &c).await?;
        event(&mut tx, &id, actor.at, "opened", actor.user_id, "").await?;
        if let Some(spot) = &n.on_the_spot {
            event(
                &mut tx,
                &id,
                actor.at,
                "decided_on_the_spot",
                actor.user_id,
                &spot.statement,
            )
            .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "enforcement.open",
            "enforcement",
            &id,
            json!({ "enforcement_no": no, "power": n.power_code, "source": n.source, "procedure": c.procedure.code() }),
        )
        .await?;
        tx.commit().await?;
        self.get_enforcement(&no).await
    }

    pub async fn get_enforcement(&self, no: &str) -> Result<EnforcementCase> {
        let row = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM enforcement_cases WHERE enforcement_no = $1"
        )))
        .bind(no)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        from_row(&row)
    }

    /// Writes a step: the case as the step leaves it (`after`, made from `before` by the domain's rules), under the
    /// version it was read at (`stale_version` when it moved since), with its timeline entry and an audit entry naming
    /// the fields that changed. Its number, street, power, party and facts are not changed here.
    pub async fn update_enforcement(
        &self,
        actor: &Actor,
        before: &EnforcementCase,
        after: &EnforcementCase,
        event_name: &str,
        note: &str,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE enforcement_cases SET stage = $1, filed_at = $2, filed_by = $3, decision_due_at = $4, extended = $5, \
             notified_at = $6, defence_due_at = $7, hearing_offered = $8, proposed_kind = $9, proposed_fine_fen = $10, \
             decided_at = $11, decision_kind = $12, fine_fen = $13, executed_at = $14, execution = $15, closed_at = $16, \
             removed_sqm_x100 = $17, fine_collected_fen = $18, stalls_cleared = $19, complex = $20, notified_by = $21, hearing = $22, \
             hearing_due_at = $23, hearing_at = $24, hearing_presided_by = $25, hearing_record = $26, proposed_confiscated_fen = $27, \
             review_approved = $28, reviewed_at = $29, reviewed_by = $30, review_note = $31, decided_by = $32, ruling = $33, \
             transfer_to = $34, collective = $35, confiscated_fen = $36, served_at = $37, payment_due_at = $38, paid_fen = $39, \
             late_fen = $40, paid_at = $41, order_kind = $42, order_due_at = $43, warned_at = $44, warning_due_at = $45, \
             announced_at = $46, announcement_due_at = $47, forced = $48, challenge = $49, challenge_filed_at = $50, \
             challenge_outcome = $51, challenge_resolved_at = $52, social_impact = $53, published_at = $54, \
             publication_withdrawn_at = $55, grade = $56, version = version + 1 \
             WHERE id = $57 AND version = $58",
        )
        .bind(after.stage.code())
        .bind(after.filed_at)
        .bind(after.filed_by.map(|u| u.to_string()))
        .bind(after.decision_due_at)
        .bind(after.extensions)
        .bind(after.notified_at)
        .bind(after.defence_due_at)
        .bind(i64::from(after.hearing != Hearing::None))
        .bind(after.proposed_kind.map(|k| k.code()))
        .bind(after.proposed_fine_fen)
        .bind(after.decided_at)
        .bind(after.decision_kind.map(|k| k.code()))
        .bind(after.fine_fen)
        .bind(after.executed_at)
        .bind(&after.execution)
        .bind(after.closed_at)
        .bind(after.removed_sqm_x100)
        .bind(after.fine_collected_fen)
        .bind(after.stalls_cleared)
        .bind(i64::from(after.complex))
        .bind(after.notified_by.map(|u| u.to_string()))
        .bind(after.hearing.code())
        .bind(after.hearing_due_at)
        .bind(after.hearing_at)
        .bind(after.hearing_presided_by.map(|u| u.to_string()))
        .bind(&after.hearing_record)
        .bind(after.proposed_confiscated_fen)
        .bind(after.review_approved.map(i64::from))
        .bind(after.reviewed_at)
        .bind(after.reviewed_by.map(|u| u.to_string()))
        .bind(&after.review_note)
        .bind(after.decided_by.map(|u| u.to_string()))
        .bind(after.ruling.map(|r| r.code()))
        .bind(&after.transfer_to)
        .bind(i64::from(after.collective))
        .bind(after.confiscated_fen)
        .bind(after.served_at)
        .bind(after.payment_due_at)
        .bind(after.paid_fen)
        .bind(after.late_fen)
        .bind(after.paid_at)
        .bind(after.order_kind.map(|k| k.code()))
        .bind(after.order_due_at)
        .bind(after.warned_at)
        .bind(after.warning_due_at)
        .bind(after.announced_at)
        .bind(after.announcement_due_at)
        .bind(i64::from(after.forced))
        .bind(after.challenge.map(|k| k.code()))
        .bind(after.challenge_filed_at)
        .bind(after.challenge_outcome.map(|k| k.code()))
        .bind(after.challenge_resolved_at)
        .bind(i64::from(after.social_impact))
        .bind(after.published_at)
        .bind(after.publication_withdrawn_at)
        .bind(after.grade.map(|g| g.code()))
        .bind(&before.id)
        .bind(before.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Conflict {
                constraint: "stale_version".into(),
            });
        }
        event(
            &mut tx,
            &before.id,
            actor.at,
            event_name,
            actor.user_id,
            note,
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            &format!("enforcement.{event_name}"),
            "enforcement",
            &before.id,
            json!({ "enforcement_no": before.enforcement_no, "fields": before.changed_fields(after) }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Evidence: a timeline entry with its files (photos, scanned records), in one transaction.
    pub async fn enforcement_evidence(
        &self,
        actor: &Actor,
        c: &EnforcementCase,
        note: &str,
        files: &[crate::whistle::WhistleFile],
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        if sqlx::query(
            "UPDATE enforcement_cases SET version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(&c.id)
        .bind(c.version)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 0
        {
            return Err(StoreError::Conflict {
                constraint: "stale_version".into(),
            });
        }
        for f in files {
            sqlx::query(
                "INSERT INTO enforcement_files (id, enforcement_id, filename, content_type, size, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(&c.id)
            .bind(&f.filename)
            .bind(&f.content_type)
            .bind(f.data.len() as i64)
            .bind(f.data.clone())
            .bind(actor.user_id.map(|u| u.to_string()))
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
        }
        event(&mut tx, &c.id, actor.at, "evidence", actor.user_id, note).await?;
        audit::append(
            &mut tx,
            actor,
            "enforcement.evidence",
            "enforcement",
            &c.id,
            json!({ "enforcement_no": c.enforcement_no, "files": files.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Claims the chase of a decision's deadline and tells `to`, once (several app servers may sweep).
    pub async fn claim_enforcement_chase(
        &self,
        actor: &Actor,
        c: &EnforcementCase,
        to: &[UserId],
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        if sqlx::query("UPDATE enforcement_cases SET deadline_chased = 1 WHERE id = $1 AND deadline_chased = 0").bind(&c.id).execute(&mut *tx).await?.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        for user in to {
            sqlx::query(
                "INSERT INTO notices (id, user_id, enforcement_id, kind, created_at, dedupe_key) VALUES ($1, $2, $3, 'decision_due', $4, $5) \
                 ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(user.to_string())
            .bind(&c.id)
            .bind(actor.at)
            .bind(format!("enforcement:decision_due:{}:{user}", c.id))
            .execute(&mut *tx)
            .await?;
        }
        event(&mut tx, &c.id, actor.at, "decision_due", None, "").await?;
        audit::append(
            &mut tx,
            actor,
            "enforcement.sweep_decision_due",
            "enforcement",
            &c.id,
            json!({ "enforcement_no": c.enforcement_no }),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The case's files: (id, name, size).
    pub async fn enforcement_files(&self, id: &str) -> Result<Vec<(String, String, i64)>> {
        let rows = sqlx::query("SELECT id, filename, size FROM enforcement_files WHERE enforcement_id = $1 ORDER BY uploaded_at, id").bind(id).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    /// One file: its case id, name, type and bytes.
    pub async fn enforcement_file(&self, id: &str) -> Result<(String, String, String, Vec<u8>)> {
        let r = sqlx::query("SELECT enforcement_id, filename, content_type, data FROM enforcement_files WHERE id = $1").bind(id).fetch_optional(&self.read).await?.ok_or(StoreError::NotFound)?;
        Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
    }

    pub async fn get_enforcement_by_id(&self, id: &str) -> Result<EnforcementCase> {
        let row = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM enforcement_cases WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        from_row(&row)
    }

    pub async fn enforcement_timeline(&self, id: &str) -> Result<Vec<EnforcementEvent>> {
        let rows = sqlx::query("SELECT e.at, e.event, u.display_name, e.note FROM enforcement_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.enforcement_id = $1 ORDER BY e.at, e.id")
            .bind(id)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(EnforcementEvent {
                    at: r.try_get(0)?,
                    event: r.try_get(1)?,
                    actor: r.try_get(2)?,
                    note: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// Who investigated a case: the officers who opened it, gathered its evidence or gave its notice (none of them
    /// presides over its hearing, 行政处罚法 art. 64(4)).
    pub async fn enforcement_investigators(&self, id: &str) -> Result<Vec<UserId>> {
        let rows = sqlx::query(
            "SELECT DISTINCT actor_id FROM enforcement_events WHERE enforcement_id = $1 \
             AND event IN ('opened', 'evidence', 'notified') AND actor_id IS NOT NULL",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| req_id(r, "actor_id", UserId::parse))
            .collect()
    }

    /// The decisions published and not withdrawn (行政处罚法 art. 48), newest first.
    pub async fn published_enforcement(&self, page: PageRequest) -> Result<Page<EnforcementCase>> {
        let cond = "published_at IS NOT NULL AND publication_withdrawn_at IS NULL";
        let total: i64 = sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM enforcement_cases WHERE {cond}"
        )))
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM enforcement_cases WHERE {cond} ORDER BY published_at DESC, id DESC LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )))
        .fetch_all(&self.read)
        .await?;
        Ok(Page {
            items: rows.iter().map(from_row).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// A street's enforcement cases (or all), newest first.
    pub async fn list_enforcement(
        &self,
        street: Option<UnitId>,
        page: PageRequest,
    ) -> Result<Page<EnforcementCase>> {
        let (cond, arg) = match street {
            Some(s) => ("street_id = $1", s.to_string()),
            None => ("$1 = $1", String::new()),
        };
        let total: i64 = sqlx::query(sql(format!(
            "SELECT COUNT(*) FROM enforcement_cases WHERE {cond}"
        )))
        .bind(&arg)
        .fetch_one(&self.read)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM enforcement_cases WHERE {cond} ORDER BY opened_at DESC, id DESC LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )))
        .bind(&arg)
        .fetch_all(&self.read)
        .await?;
        Ok(Page {
            items: rows.iter().map(from_row).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// Measured results of cases executed in `[from, to)`, per street and Beijing month.
    pub async fn enforcement_results(&self, from: Millis, to: Millis) -> Result<Vec<MonthResults>> {
        let rows = sqlx::query(
            "SELECT u.name, u.code, e.executed_at, e.fine_collected_fen, e.removed_sqm_x100, e.stalls_cleared FROM enforcement_cases e \
             JOIN units u ON u.id = e.street_id WHERE e.executed_at >= $1 AND e.executed_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        // (street code, month, street name) → (cases, fines, square metres ×100, stalls)
        type Key = (String, String, String);
        let mut by: std::collections::BTreeMap<Key, [i64; 4]> = Default::default();
        for r in &rows {
            let d = gongzhi_domain::calendar::local_date(r.try_get::<i64, _>(2)?);
            let month = format!("{:04}-{:02}", d.year(), d.month());
            let e = by
                .entry((
                    r.try_get::<String, _>(1)?,
                    month,
                    r.try_get::<String, _>(0)?,
                ))
                .or_default();
            e[0] += 1;
            e[1] += r.try_get::<i64, _>(3)?;
            e[2] += r.try_get::<i64, _>(4)?;
            e[3] += r.try_get::<i64, _>(5)?;
        }
        Ok(by
            .into_iter()
            .map(|((_, month, name), [n, fines, sqm, stalls])| (name, month, n, fines, sqm, stalls))
            .collect())
    }
}

async fn event(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    at: Millis,
    name: &str,
    actor: Option<UserId>,
    note: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO enforcement_events (id, enforcement_id, at, event, actor_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, '{}')")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id)
        .bind(at)
        .bind(name)
        .bind(actor.map(|u| u.to_string()))
        .bind(note)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
