//! Integrated enforcement cases (综合执法) under one delegated power: opened by a street's officer from a case, a
//! whistle or a patrol; filed (立案) with the team head's approval; evidence; the notice of the proposed decision with
//! the party's rights (statement and defence, and a hearing for large fines, with the statutory days); the decision
//! (within the power's penalties and fine range); execution with measured results; closing. The Administrative
//! Penalty Law (行政处罚法, 2021) gives the decision 90 days from filing (art. 60) unless extended with approval, and a
//! party 5 days after the notice to ask for a hearing (art. 64).

use serde::Serialize;

use crate::Millis;
use crate::powers::{Penalty, Power};

/// Days from filing to decide (行政处罚法 art. 60).
pub const DECISION_DAYS: i64 = 90;
/// The one extension the head may approve.
pub const EXTENSION_DAYS: i64 = 30;
/// Days to state a defence after the notice (the notice's usual term).
pub const DEFENCE_DAYS: i64 = 3;
/// Days to ask for a hearing after the notice (行政处罚法 art. 64).
pub const HEARING_DAYS: i64 = 5;
/// Large fines that carry the right to a hearing, in fen: 10,000 yuan for a person, 100,000 for an organisation
/// (Beijing's thresholds for 较大数额罚款).
pub const HEARING_PERSON_FEN: i64 = 1_000_000;
pub const HEARING_ORGANISATION_FEN: i64 = 10_000_000;

const DAY: Millis = 86_400_000;

/// Where an enforcement case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Opened, waiting for the team head to file it (立案).
    Proposed,
    /// 立案 → 调查取证.
    Investigation,
    /// 告知: the party was told the proposed decision and its rights.
    Notified,
    /// 决定.
    Decided,
    /// 执行.
    Executed,
    /// 结案.
    Closed,
    /// Not filed (不予立案).
    Dropped,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Proposed,
        Stage::Investigation,
        Stage::Notified,
        Stage::Decided,
        Stage::Executed,
        Stage::Closed,
        Stage::Dropped,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Stage::Proposed => "proposed",
            Stage::Investigation => "investigation",
            Stage::Notified => "notified",
            Stage::Decided => "decided",
            Stage::Executed => "executed",
            Stage::Closed => "closed",
            Stage::Dropped => "dropped",
        }
    }
    pub fn parse(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Whom the case is against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organisation,
}

impl PartyKind {
    pub fn code(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Organisation => "organisation",
        }
    }
    pub fn parse(code: &str) -> Option<PartyKind> {
        match code {
            "person" => Some(PartyKind::Person),
            "organisation" => Some(PartyKind::Organisation),
            _ => None,
        }
    }
}

/// An enforcement case as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnforcementCase {
    pub id: String,
    pub enforcement_no: String,
    pub street_id: crate::org::UnitId,
    pub power_version: i64,
    pub power_code: String,
    /// `case`, `whistle` or `patrol`, and the case or whistle number.
    pub source: String,
    pub source_ref: String,
    pub party_kind: PartyKind,
    /// The party's name (personal data: never logged).
    pub party_name: String,
    pub facts: String,
    pub stage: Stage,
    pub opened_at: Millis,
    pub filed_at: Option<Millis>,
    /// The head who approved the filing (立案).
    pub filed_by: Option<crate::org::UserId>,
    pub decision_due_at: Option<Millis>,
    pub extended: bool,
    pub notified_at: Option<Millis>,
    pub defence_due_at: Option<Millis>,
    pub hearing_offered: bool,
    pub proposed_kind: Option<Penalty>,
    pub proposed_fine_fen: Option<i64>,
    pub decided_at: Option<Millis>,
    pub decision_kind: Option<Penalty>,
    pub fine_fen: Option<i64>,
    pub executed_at: Option<Millis>,
    pub execution: String,
    pub closed_at: Option<Millis>,
    /// Measured results: square metres of illegal construction removed (×100, exact), fines collected, stalls cleared.
    pub removed_sqm_x100: i64,
    pub fine_collected_fen: i64,
    pub stalls_cleared: i64,
    pub version: i64,
}

impl EnforcementCase {
    /// The names of the fields a step changed, for the audit entry (which records what changed, not the values).
    pub fn changed_fields(&self, after: &EnforcementCase) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! cmp {
            ($($f:ident),*) => { $( if self.$f != after.$f { out.push(stringify!($f)); } )* };
        }
        cmp!(
            stage,
            filed_at,
            filed_by,
            decision_due_at,
            extended,
            notified_at,
            defence_due_at,
            hearing_offered,
            proposed_kind,
            proposed_fine_fen,
            decided_at,
            decision_kind,
            fine_fen,
            executed_at,
            execution,
            closed_at,
            removed_sqm_x100,
            fine_collected_fen,
            stalls_cleared
        );
        out
    }

    /// A case as opened, before filing: stage `proposed`, nothing else set.
    pub fn opened(
        id: String,
        enforcement_no: String,
        street_id: crate::org::UnitId,
        power: (i64, &str),
        party: (PartyKind, &str),
        facts: &str,
        at: Millis,
    ) -> EnforcementCase {
        EnforcementCase {
            id,
            enforcement_no,
            street_id,
            power_version: power.0,
            power_code: power.1.to_owned(),
            source: "patrol".into(),
            source_ref: String::new(),
            party_kind: party.0,
            party_name: party.1.to_owned(),
            facts: facts.to_owned(),
            stage: Stage::Proposed,
            opened_at: at,
            filed_at: None,
            filed_by: None,
            decision_due_at: None,
            extended: false,
            notified_at: None,
            defence_due_at: None,
            hearing_offered: false,
            proposed_kind: None,
            proposed_fine_fen: None,
            decided_at: None,
            decision_kind: None,
            fine_fen: None,
            executed_at: None,
            execution: String::new(),
            closed_at: None,
            removed_sqm_x100: 0,
            fine_collected_fen: 0,
            stalls_cleared: 0,
            version: 1,
        }
    }
}

error_codes! {
    /// Why an enforcement action was refused.
    EnforcementError {
        #[error("only the street's officers do this")]
        NotTheStreet = "not_the_street",
        #[error("only the team head files or extends")]
        HeadOnly = "head_only",
        #[error("the case is not at the stage for this")]
        WrongStage = "wrong_stage",
        #[error("the power does not allow this penalty")]
        PenaltyNotAllowed = "penalty_not_allowed",
        #[error("the fine is outside the power's range")]
        FineOutOfRange = "fine_out_of_range",
        #[error("the party's time to state a defence or ask for a hearing has not ended")]
        DefencePending = "defence_pending",
        #[error("the decision is past its deadline")]
        DecisionOverdue = "decision_overdue",
        #[error("the case was extended once already")]
        ExtensionUsed = "extension_used",
    }
}

impl EnforcementError {
    pub fn is_permission(self) -> bool {
        matches!(
            self,
            EnforcementError::NotTheStreet | EnforcementError::HeadOnly
        )
    }
}

fn stage(c: &EnforcementCase, want: &[Stage]) -> Result<(), EnforcementError> {
    if want.contains(&c.stage) {
        Ok(())
    } else {
        Err(EnforcementError::WrongStage)
    }
}

/// 立案: the team head files the case (or drops it); the decision is due 90 days later.
pub fn file(
    c: &EnforcementCase,
    is_head: bool,
    approve: bool,
    now: Millis,
) -> Result<(Stage, Option<Millis>), EnforcementError> {
    if !is_head {
        return Err(EnforcementError::HeadOnly);
    }
    stage(c, &[Stage::Proposed])?;
    Ok(if approve {
        (Stage::Investigation, Some(now + DECISION_DAYS * DAY))
    } else {
        (Stage::Dropped, None)
    })
}

/// Evidence is added while investigating (and until the decision).
pub fn may_add_evidence(c: &EnforcementCase) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Investigation, Stage::Notified])
}

/// Checks a penalty (and its fine) against the power.
pub fn check_penalty(
    power: &Power,
    kind: Penalty,
    fine_fen: Option<i64>,
) -> Result<(), EnforcementError> {
    if !power.penalties.contains(&kind) {
        return Err(EnforcementError::PenaltyNotAllowed);
    }
    match (kind, fine_fen) {
        (Penalty::Fine, Some(f)) if power.allows_fine(f) => Ok(()),
        (Penalty::Fine, _) => Err(EnforcementError::FineOutOfRange),
        (_, Some(_)) => Err(EnforcementError::FineOutOfRange),
        _ => Ok(()),
    }
}

/// Whether a fine carries the right to a hearing.
pub fn hearing_right(party: PartyKind, fine_fen: Option<i64>) -> bool {
    match (party, fine_fen) {
        (PartyKind::Person, Some(f)) => f >= HEARING_PERSON_FEN,
        (PartyKind::Organisation, Some(f)) => f >= HEARING_ORGANISATION_FEN,
        _ => false,
    }
}

/// 告知: the proposed decision and the party's rights; the defence (or hearing request) is due after the statutory
/// days. Returns (hearing offered, defence due).
pub fn notify(
    c: &EnforcementCase,
    power: &Power,
    kind: Penalty,
    fine_fen: Option<i64>,
    now: Millis,
) -> Result<(bool, Millis), EnforcementError> {
    stage(c, &[Stage::Investigation])?;
    check_penalty(power, kind, fine_fen)?;
    let hearing = hearing_right(c.party_kind, fine_fen);
    Ok((
        hearing,
        now + if hearing { HEARING_DAYS } else { DEFENCE_DAYS } * DAY,
    ))
}

/// 决定: after the party's days, within the deadline, within the power.
pub fn decide(
    c: &EnforcementCase,
    power: &Power,
    kind: Penalty,
    fine_fen: Option<i64>,
    now: Millis,
) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Notified])?;
    if c.defence_due_at.is_some_and(|d| now < d) {
        return Err(EnforcementError::DefencePending);
    }
    if c.decision_due_at.is_some_and(|d| now > d) {
        return Err(EnforcementError::DecisionOverdue);
    }
    check_penalty(power, kind, fine_fen)
}

/// The head extends the decision deadline once.
pub fn extend(c: &EnforcementCase, is_head: bool) -> Result<Millis, EnforcementError> {
    if !is_head {
        return Err(EnforcementError::HeadOnly);
    }
    stage(c, &[Stage::Investigation, Stage::Notified])?;
    if c.extended {
        return Err(EnforcementError::ExtensionUsed);
    }
    Ok(c.decision_due_at.unwrap_or(0) + EXTENSION_DAYS * DAY)
}

/// 执行, then 结案.
pub fn may_execute(c: &EnforcementCase) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Decided])
}

pub fn may_close(c: &EnforcementCase) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Executed])
}

/// Square metres as typed (`12.5`) → hundredths, exactly.
pub fn parse_sqm(raw: &str) -> Option<i64> {
    crate::powers::parse_yuan(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(stage: Stage) -> EnforcementCase {
        let mut c = EnforcementCase::opened(
            "e".into(),
            "E202612020001".into(),
            crate::org::UnitId::new(),
            (1, "SJS-CG-003"),
            (PartyKind::Person, "某烧烤摊主"),
            "露天烧烤",
            0,
        );
        c.stage = stage;
        c
    }

    /// Open-air barbecue under 《北京市大气污染防治条例》: a fine of 1,000 to 10,000 yuan.
    fn barbecue() -> Power {
        Power {
            code: "SJS-CG-003".into(),
            name: "对露天烧烤食品的处罚".into(),
            basis: "《北京市大气污染防治条例》".into(),
            source_unit: "dept.cgzf".into(),
            level: "街道".into(),
            effective_on: "2020-07-01".into(),
            penalties: vec![Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
            fine_min_fen: Some(100_000),
            fine_max_fen: Some(1_000_000),
        }
    }

    #[test]
    fn filing_is_the_heads_and_starts_ninety_days() {
        let c = case(Stage::Proposed);
        assert_eq!(file(&c, false, true, 0), Err(EnforcementError::HeadOnly));
        assert_eq!(
            file(&c, true, true, 1000),
            Ok((Stage::Investigation, Some(1000 + 90 * DAY)))
        );
        assert_eq!(file(&c, true, false, 1000), Ok((Stage::Dropped, None)));
        assert_eq!(
            file(&case(Stage::Investigation), true, true, 0),
            Err(EnforcementError::WrongStage)
        );
    }

    #[test]
    fn the_decision_stays_within_the_power_and_waits_for_the_party() {
        let power = barbecue();
        let c = case(Stage::Investigation);
        assert_eq!(
            notify(&c, &power, Penalty::Fine, Some(50_000), 0),
            Err(EnforcementError::FineOutOfRange),
            "below 1,000 yuan"
        );
        assert_eq!(
            notify(&c, &power, Penalty::Demolition, None, 0),
            Err(EnforcementError::PenaltyNotAllowed)
        );
        assert_eq!(
            notify(&c, &power, Penalty::Fine, Some(500_000), 0),
            Ok((false, 3 * DAY))
        );
        assert_eq!(
            notify(&c, &power, Penalty::Fine, Some(1_000_000), 0),
            Ok((true, 5 * DAY)),
            "10,000 yuan for a person: a hearing"
        );
        let mut n = case(Stage::Notified);
        n.defence_due_at = Some(3 * DAY);
        n.decision_due_at = Some(90 * DAY);
        assert_eq!(
            decide(&n, &power, Penalty::Fine, Some(500_000), DAY),
            Err(EnforcementError::DefencePending)
        );
        assert_eq!(
            decide(&n, &power, Penalty::Fine, Some(500_000), 4 * DAY),
            Ok(())
        );
        assert_eq!(
            decide(&n, &power, Penalty::Fine, Some(2_000_000), 4 * DAY),
            Err(EnforcementError::FineOutOfRange),
            "an amount outside the range is refused"
        );
        assert_eq!(
            decide(&n, &power, Penalty::Fine, Some(500_000), 91 * DAY),
            Err(EnforcementError::DecisionOverdue)
        );
        assert_eq!(extend(&n, false), Err(EnforcementError::HeadOnly));
        assert_eq!(extend(&n, true), Ok(120 * DAY));
        n.extended = true;
        assert_eq!(extend(&n, true), Err(EnforcementError::ExtensionUsed));
        assert!(
            !hearing_right(PartyKind::Organisation, Some(5_000_000))
                && hearing_right(PartyKind::Organisation, Some(10_000_000))
        );
        assert_eq!(parse_sqm("12.5"), Some(1250));
    }
}
