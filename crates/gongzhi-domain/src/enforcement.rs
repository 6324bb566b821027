//! Integrated enforcement cases (综合执法) under one delegated power, by the procedure of the Administrative Penalty
//! Law (行政处罚法, 2021):
//!
//! - **Simple procedure** (简易程序, arts. 51–52): a warning, or a fine of at most 200 yuan for a person or 3,000 yuan
//!   for an organisation, decided on the spot by the officer with the party's statement heard there.
//! - **General procedure** (普通程序): opened by a street's officer; filed (立案, art. 54) by the head; investigated;
//!   the notice of the proposed penalty and the party's rights (art. 44) with days to state a defence and, where
//!   art. 63 gives it, five working days to ask for a hearing (art. 64(1), with art. 85: 二日、三日、五日、七日 are
//!   working days); the hearing noticed at least seven working days ahead (art. 64(2)), presided over by someone who
//!   did not investigate (art. 64(4)), with its record (art. 64(8)); the legal review (法制审核, art. 58) where a
//!   hearing was held or the case is complex; the head's decision (art. 57), after collective discussion (集体讨论)
//!   for complex or serious cases, never heavier than the penalty notified (art. 45 with art. 44: a heavier or other
//!   penalty needs a new notice) — or no penalty (不予行政处罚, arts. 33 and 57(1)(二)(三)), or a transfer to the
//!   police or prosecutors (移送, arts. 27 and 57(1)(四)); execution; closing.
//!
//! The 90 days of art. 60 are a duty: a decision after them is recorded as late and shown, never refused (the matter
//! must still be resolved). The extension's length is a sectoral rule, a district setting.

use serde::Serialize;

use crate::Millis;
use crate::calendar::Calendar;
use crate::org::UserId;
use crate::powers::{FineRefusal, Grade, Penalty, Power};

/// Days from filing to decide (行政处罚法 art. 60: 自行政处罚案件立案之日起九十日内作出行政处罚决定).
pub const DECISION_DAYS: i64 = 90;
/// The default length of an extension of the decision's deadline, in days. Art. 60 leaves extensions to laws,
/// regulations and rules (法律、法规、规章另有规定的，从其规定); the model here is 《市场监督管理行政处罚程序规定》
/// (2022) art. 64 (one extension of 30 days by the head; further ones by collective discussion). A district setting.
pub const EXTENSION_DAYS: i64 = 30;
/// Working days to state a defence after the notice. The law fixes none for statement and defence (art. 44 asks
/// only that the party be told the right); three days is the usual term on a 告知书, counted as working days (art. 85).
pub const DEFENCE_DAYS: u32 = 3;
/// Working days to ask for a hearing after the notice (art. 64(1): 告知后五日内提出; art. 85).
pub const HEARING_REQUEST_DAYS: u32 = 5;
/// Working days between the hearing's notice and the hearing (art. 64(2): 举行听证的七日前通知; art. 85).
pub const HEARING_NOTICE_DAYS: u32 = 7;
/// Years after which a violation not found is no longer punished (art. 36: 二年); five where it endangered life,
/// health or financial safety with harmful consequences.
pub const LIMITATION_YEARS: i16 = 2;
pub const LIMITATION_YEARS_SAFETY: i16 = 5;
/// Days to pay a fine after the decision is served (art. 67: 自收到行政处罚决定书之日起十五日内). Not one of art. 85's
/// working-day periods: calendar days, the last moved to the next working day when it is a holiday (民法典 art. 203).
pub const PAYMENT_DAYS: u32 = 15;
/// The late penalty (art. 72(1)(一)): 3% of the fine for each day late, never more than the fine, in per mille.
pub const LATE_PER_MILLE_A_DAY: i64 = 30;
/// The simple procedure's limits (art. 51): a fine of at most 200 yuan for a person, 3,000 yuan for an organisation.
pub const SIMPLE_PERSON_FEN: i64 = 20_000;
pub const SIMPLE_ORGANISATION_FEN: i64 = 300_000;
/// The longest period an order (or a 公告) may give, in days: a year; the law sets none.
pub const ORDER_DAYS_MAX: i64 = 365;
/// Working days to perform after the 催告 (行政强制法 art. 54: 催告书送达十日后当事人仍未履行义务的, the court may be
/// asked; art. 69: periods of ten days or fewer are working days).
pub const WARNING_DAYS: u32 = 10;
/// Days to ask for 行政复议 (行政复议法, 2023, art. 20: 自知道或者应当知道该行政行为之日起六十日内).
pub const RECONSIDERATION_DAYS: i64 = 60;
/// Months to sue (行政诉讼法 art. 46: 自知道或者应当知道作出行政行为之日起六个月内).
pub const LITIGATION_MONTHS: i64 = 6;
/// Days to sue after a 复议 decision (行政诉讼法 art. 45: 收到复议决定书之日起十五日内).
pub const SUE_AFTER_RECONSIDERATION_DAYS: i64 = 15;
/// Working days to publish a decision with social impact (国办发〔2018〕118号: 7个工作日内).
pub const PUBLICATION_DAYS: u32 = 7;

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

/// Whom the case is against (defined with the powers, whose fines depend on it).
pub use crate::powers::PartyKind;

/// Which procedure a case follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    General,
    /// 简易程序 (arts. 51–52): decided on the spot.
    Simple,
}

impl Procedure {
    pub fn code(self) -> &'static str {
        match self {
            Procedure::General => "general",
            Procedure::Simple => "simple",
        }
    }
    pub fn parse(code: &str) -> Option<Procedure> {
        match code {
            "general" => Some(Procedure::General),
            "simple" => Some(Procedure::Simple),
            _ => None,
        }
    }
}

/// What the decision was (art. 57(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ruling {
    /// 给予行政处罚.
    Penalty,
    /// 不予行政处罚: the violation is minor and was corrected in time, a first offence with slight harm corrected in
    /// time (art. 33), or the facts do not stand (art. 57(1)(三)).
    NoPenalty,
    /// 移送: a crime is suspected, or the matter is another organ's (arts. 27, 57(1)(四)).
    Transfer,
    /// An order alone (责令改正 / 责令限期拆除, art. 28): not a penalty (art. 9 does not list it), but a decision the
    /// party must perform within its period, and that may be executed by compulsion (行政强制法).
    Order,
}

impl Ruling {
    pub const ALL: [Ruling; 4] = [
        Ruling::Penalty,
        Ruling::NoPenalty,
        Ruling::Transfer,
        Ruling::Order,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Ruling::Penalty => "penalty",
            Ruling::NoPenalty => "no_penalty",
            Ruling::Transfer => "transfer",
            Ruling::Order => "order",
        }
    }
    pub fn parse(code: &str) -> Option<Ruling> {
        Ruling::ALL.into_iter().find(|r| r.code() == code)
    }
    /// The timeline entry of the decision.
    pub fn event(self) -> &'static str {
        match self {
            Ruling::Penalty => "decided",
            Ruling::NoPenalty => "decided_no_penalty",
            Ruling::Transfer => "transferred",
            Ruling::Order => "ordered",
        }
    }
}

/// Where the party's hearing stands (arts. 63–65).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hearing {
    /// The proposed penalty carries no right to a hearing.
    None,
    /// The right was given in the notice; the days to ask are running.
    Offered,
    /// The party asked in time.
    Requested,
    /// The party said it wants none (or asked for none in time).
    Waived,
    /// The hearing's time and presiding officer were noticed.
    Scheduled,
    /// Held, with its record.
    Held,
}

impl Hearing {
    pub const ALL: [Hearing; 6] = [
        Hearing::None,
        Hearing::Offered,
        Hearing::Requested,
        Hearing::Waived,
        Hearing::Scheduled,
        Hearing::Held,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Hearing::None => "none",
            Hearing::Offered => "offered",
            Hearing::Requested => "requested",
            Hearing::Waived => "waived",
            Hearing::Scheduled => "scheduled",
            Hearing::Held => "held",
        }
    }
    pub fn parse(code: &str) -> Option<Hearing> {
        Hearing::ALL.into_iter().find(|h| h.code() == code)
    }
}

/// The party's challenge of a decision: 行政复议 (行政复议法, 2023) or 行政诉讼 (行政诉讼法).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Challenge {
    Reconsideration,
    Litigation,
}

impl Challenge {
    pub const ALL: [Challenge; 2] = [Challenge::Reconsideration, Challenge::Litigation];
    pub fn code(self) -> &'static str {
        match self {
            Challenge::Reconsideration => "reconsideration",
            Challenge::Litigation => "litigation",
        }
    }
    pub fn parse(code: &str) -> Option<Challenge> {
        Challenge::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// How a challenge ended: the decision upheld (维持 / 驳回诉讼请求), altered (变更), revoked (撤销), confirmed illegal
/// or void (确认违法 / 确认无效), or the challenge withdrawn (撤回申请 / 撤诉).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeOutcome {
    Upheld,
    Altered,
    Revoked,
    ConfirmedIllegal,
    Withdrawn,
}

impl ChallengeOutcome {
    pub const ALL: [ChallengeOutcome; 5] = [
        ChallengeOutcome::Upheld,
        ChallengeOutcome::Altered,
        ChallengeOutcome::Revoked,
        ChallengeOutcome::ConfirmedIllegal,
        ChallengeOutcome::Withdrawn,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ChallengeOutcome::Upheld => "upheld",
            ChallengeOutcome::Altered => "altered",
            ChallengeOutcome::Revoked => "revoked",
            ChallengeOutcome::ConfirmedIllegal => "confirmed_illegal",
            ChallengeOutcome::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(code: &str) -> Option<ChallengeOutcome> {
        ChallengeOutcome::ALL.into_iter().find(|c| c.code() == code)
    }
    /// The decision no longer stands: nothing more is executed, the case ends, its publication is withdrawn.
    pub fn ends_the_decision(self) -> bool {
        matches!(
            self,
            ChallengeOutcome::Revoked | ChallengeOutcome::ConfirmedIllegal
        )
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
    /// The party's address, for the decision document (art. 59(一)); personal data, never logged.
    pub party_address: String,
    pub facts: String,
    /// When the violation happened (or, for a continuing one, ended), YYYYMMDD, where known (art. 36).
    pub violation_on: Option<i64>,
    /// The violation endangered life, health or financial safety with harmful consequences (art. 36: five years).
    pub safety_risk: bool,
    pub procedure: Procedure,
    pub stage: Stage,
    pub opened_at: Millis,
    /// The officer who opened the case (an investigator: never the hearing's presiding officer).
    pub opened_by: Option<UserId>,
    pub filed_at: Option<Millis>,
    /// The head who approved the filing (立案).
    pub filed_by: Option<UserId>,
    /// 情节复杂或者重大违法行为 (art. 57(2)) / 案件情况疑难复杂 (art. 58(3)): the decision needs a collective discussion
    /// and a legal review.
    pub complex: bool,
    pub decision_due_at: Option<Millis>,
    /// How many times the decision's deadline was extended.
    pub extensions: i64,
    pub notified_at: Option<Millis>,
    /// The officer who gave the notice (an investigator).
    pub notified_by: Option<UserId>,
    pub defence_due_at: Option<Millis>,
    pub hearing: Hearing,
    /// The end of the days to ask for a hearing.
    pub hearing_due_at: Option<Millis>,
    /// When the hearing is (or was) held.
    pub hearing_at: Option<Millis>,
    pub hearing_presided_by: Option<UserId>,
    pub hearing_record: String,
    pub proposed_kind: Option<Penalty>,
    pub proposed_fine_fen: Option<i64>,
    /// The value of the illegal gains or property to be confiscated, in fen (art. 63(1)(二)).
    pub proposed_confiscated_fen: Option<i64>,
    /// The grade of the circumstances (裁量基准) the notice and the decision apply.
    pub grade: Option<Grade>,
    /// The legal review (法制审核, art. 58): approved or not, by whom, when, with its opinion.
    pub review_approved: Option<bool>,
    pub reviewed_at: Option<Millis>,
    pub reviewed_by: Option<UserId>,
    pub review_note: String,
    pub decided_at: Option<Millis>,
    pub decided_by: Option<UserId>,
    pub ruling: Option<Ruling>,
    /// For a transfer: the organ that receives the matter.
    pub transfer_to: String,
    /// The decision was taken by the agency's heads in collective discussion (集体讨论, art. 57(2)).
    pub collective: bool,
    pub decision_kind: Option<Penalty>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    /// When the decision was served on the party (送达, art. 61).
    pub served_at: Option<Millis>,
    /// When the fine is due (art. 67).
    pub payment_due_at: Option<Millis>,
    /// What the party paid: the fine and the late penalty, and when.
    pub paid_fen: Option<i64>,
    pub late_fen: i64,
    pub paid_at: Option<Millis>,
    /// The order beside the decision (责令改正 / 责令限期拆除, art. 28) and the end of its period.
    pub order_kind: Option<Penalty>,
    pub order_due_at: Option<Millis>,
    /// The 催告 (行政强制法 art. 35) and the end of its period (art. 37).
    pub warned_at: Option<Millis>,
    pub warning_due_at: Option<Millis>,
    /// The 公告 before a forced demolition and the end of its period (行政强制法 art. 44).
    pub announced_at: Option<Millis>,
    pub announcement_due_at: Option<Millis>,
    /// The execution was forced (强制执行), not the party's own performance.
    pub forced: bool,
    /// The party's latest challenge, when it was filed, and how (and when) it ended.
    pub challenge: Option<Challenge>,
    pub challenge_filed_at: Option<Millis>,
    pub challenge_outcome: Option<ChallengeOutcome>,
    pub challenge_resolved_at: Option<Millis>,
    /// The decision has a certain social impact and must be published (art. 48(1)); when it was, and withdrawn.
    pub social_impact: bool,
    pub published_at: Option<Millis>,
    pub publication_withdrawn_at: Option<Millis>,
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
            complex,
            decision_due_at,
            extensions,
            notified_at,
            notified_by,
            defence_due_at,
            hearing,
            hearing_due_at,
            hearing_at,
            hearing_presided_by,
            hearing_record,
            proposed_kind,
            proposed_fine_fen,
            proposed_confiscated_fen,
            grade,
            review_approved,
            reviewed_at,
            reviewed_by,
            review_note,
            decided_at,
            decided_by,
            ruling,
            transfer_to,
            collective,
            decision_kind,
            fine_fen,
            confiscated_fen,
            served_at,
            payment_due_at,
            paid_fen,
            late_fen,
            paid_at,
            order_kind,
            order_due_at,
            warned_at,
            warning_due_at,
            announced_at,
            announcement_due_at,
            forced,
            challenge,
            challenge_filed_at,
            challenge_outcome,
            challenge_resolved_at,
            social_impact,
            published_at,
            publication_withdrawn_at,
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
            party_address: String::new(),
            facts: facts.to_owned(),
            violation_on: None,
            safety_risk: false,
            procedure: Procedure::General,
            stage: Stage::Proposed,
            opened_at: at,
            opened_by: None,
            filed_at: None,
            filed_by: None,
            complex: false,
            decision_due_at: None,
            extensions: 0,
            notified_at: None,
            notified_by: None,
            defence_due_at: None,
            hearing: Hearing::None,
            hearing_due_at: None,
            hearing_at: None,
            hearing_presided_by: None,
            hearing_record: String::new(),
            proposed_kind: None,
            proposed_fine_fen: None,
            proposed_confiscated_fen: None,
            grade: None,
            review_approved: None,
            reviewed_at: None,
            reviewed_by: None,
            review_note: String::new(),
            decided_at: None,
            decided_by: None,
            ruling: None,
            transfer_to: String::new(),
            collective: false,
            decision_kind: None,
            fine_fen: None,
            confiscated_fen: None,
            served_at: None,
            payment_due_at: None,
            paid_fen: None,
            late_fen: 0,
            paid_at: None,
            order_kind: None,
            order_due_at: None,
            warned_at: None,
            warning_due_at: None,
            announced_at: None,
            announcement_due_at: None,
            forced: false,
            challenge: None,
            challenge_filed_at: None,
            challenge_outcome: None,
            challenge_resolved_at: None,
            social_impact: false,
            published_at: None,
            publication_withdrawn_at: None,
            executed_at: None,
            execution: String::new(),
            closed_at: None,
            removed_sqm_x100: 0,
            fine_collected_fen: 0,
            stalls_cleared: 0,
            version: 1,
        }
    }

    /// Decided after the deadline of art. 60 (or still undecided after it at `now`): a breach the case shows.
    pub fn late(&self, now: Millis) -> bool {
        match self.decision_due_at {
            Some(due) => self.decided_at.unwrap_or(now) > due,
            None => false,
        }
    }

    /// Whether the decision needs a legal review first (art. 58): a hearing was held (58(2)), or the case is complex
    /// (58(3)).
    pub fn review_needed(&self) -> bool {
        self.complex || self.hearing == Hearing::Held
    }

    /// What the officer is waiting for before the head may decide, at `now`: the first of defence, hearing and
    /// review that is still open.
    pub fn waiting_for(&self, now: Millis) -> Option<EnforcementError> {
        if self.stage != Stage::Notified {
            return None;
        }
        if self.defence_due_at.is_some_and(|d| now < d) {
            return Some(EnforcementError::DefencePending);
        }
        match self.hearing {
            Hearing::Offered if self.hearing_due_at.is_some_and(|d| now < d) => {
                return Some(EnforcementError::HearingPending);
            }
            Hearing::Requested | Hearing::Scheduled => {
                return Some(EnforcementError::HearingPending);
            }
            _ => {}
        }
        if self.review_needed() && self.review_approved != Some(true) {
            return Some(EnforcementError::ReviewPending);
        }
        None
    }
}

error_codes! {
    /// Why an enforcement action was refused.
    EnforcementError {
        #[error("only the street's officers do this")]
        NotTheStreet = "not_the_street",
        #[error("only the team head files, extends or decides")]
        HeadOnly = "head_only",
        #[error("only a legal reviewer reviews a decision")]
        ReviewerOnly = "reviewer_only",
        #[error("the case is not at the stage for this")]
        WrongStage = "wrong_stage",
        #[error("the power does not allow this penalty")]
        PenaltyNotAllowed = "penalty_not_allowed",
        #[error("the fine is outside the power's range")]
        FineOutOfRange = "fine_out_of_range",
        #[error("the party's time to state a defence has not ended")]
        DefencePending = "defence_pending",
        #[error("the party's time to ask for a hearing, or a requested hearing, is still open")]
        HearingPending = "hearing_pending",
        #[error("the decision needs the legal review's approval first")]
        ReviewPending = "review_pending",
        #[error("the decision is heavier than, or other than, the penalty notified: give a new notice")]
        HeavierThanNotified = "heavier_than_notified",
        #[error("a complex or serious case is decided in collective discussion")]
        CollectiveRequired = "collective_required",
        #[error("the simple procedure allows only a warning or a small fine")]
        SimpleNotAllowed = "simple_not_allowed",
        #[error("the party has no right to a hearing, or the days to ask have ended")]
        NoHearingRight = "no_hearing_right",
        #[error("the hearing must be noticed at least seven working days ahead")]
        HearingNoticeTooShort = "hearing_notice_too_short",
        #[error("an investigator of the case may not preside over its hearing")]
        PresiderInvestigated = "presider_investigated",
        #[error("the hearing has not taken place yet")]
        HearingNotYet = "hearing_not_yet",
        #[error("the violation was found after the limitation period: it is no longer punished")]
        LimitationExpired = "limitation_expired",
        #[error("the decision has not been served on the party yet")]
        NotServed = "not_served",
        #[error("the payment does not match the fine and the late penalty the law allows")]
        WrongPayment = "wrong_payment",
        #[error("the power's discretion standard grades this fine: give the grade of the circumstances")]
        GradeNeeded = "grade_needed",
        #[error("an order to correct or demolish is not a penalty: decide it as an order")]
        OrderNotPenalty = "order_not_penalty",
        #[error("the order needs its period")]
        OrderPeriodNeeded = "order_period_needed",
        #[error("a period the Administrative Compulsion Law requires has not run yet")]
        CompulsionPeriod = "compulsion_period",
        #[error("the party has not been warned (催告) to perform first")]
        NotWarned = "not_warned",
        #[error("a forced demolition needs the public announcement (公告) first")]
        NotAnnounced = "not_announced",
        #[error("the decision leaves nothing to execute by force")]
        NothingToForce = "nothing_to_force",
        #[error("only an order to demolish is announced")]
        NotDemolition = "not_demolition",
        #[error("the party's challenge of the decision is still open")]
        ChallengePending = "challenge_pending",
        #[error("there is no open challenge to resolve, or one is already open")]
        NoOpenChallenge = "no_open_challenge",
        #[error("the decision was already published")]
        AlreadyPublished = "already_published",
    }
}

impl EnforcementError {
    pub fn is_permission(self) -> bool {
        matches!(
            self,
            EnforcementError::NotTheStreet
                | EnforcementError::HeadOnly
                | EnforcementError::ReviewerOnly
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

/// 立案 (art. 54): the team head files the case (or drops it); the decision is due 90 days later (art. 60).
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
    if approve && past_limitation(c) {
        return Err(EnforcementError::LimitationExpired);
    }
    Ok(if approve {
        (Stage::Investigation, Some(now + DECISION_DAYS * DAY))
    } else {
        (Stage::Dropped, None)
    })
}

/// Whether the violation was found (the case opened) after the limitation of art. 36: two years from the day it
/// happened or ended, five where it endangered life, health or financial safety.
pub fn past_limitation(c: &EnforcementCase) -> bool {
    let Some(on) = c.violation_on else {
        return false;
    };
    let Ok(date) = jiff::civil::Date::new(
        (on / 10_000) as i16,
        (on / 100 % 100) as i8,
        (on % 100) as i8,
    ) else {
        return false;
    };
    let years = if c.safety_risk {
        LIMITATION_YEARS_SAFETY
    } else {
        LIMITATION_YEARS
    };
    let end = date
        .checked_add(jiff::Span::new().years(years))
        .unwrap_or(date);
    crate::calendar::local_date(c.opened_at) > end
}

/// Evidence is added while investigating (and until the decision).
pub fn may_add_evidence(c: &EnforcementCase) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Investigation, Stage::Notified])
}

/// Checks a penalty (and its fine) against the power.
pub fn check_penalty(
    power: &Power,
    party: PartyKind,
    kind: Penalty,
    fine_fen: Option<i64>,
    grade: Option<Grade>,
) -> Result<(), EnforcementError> {
    if !power.penalties.contains(&kind) {
        return Err(EnforcementError::PenaltyNotAllowed);
    }
    match (kind, fine_fen) {
        (Penalty::Fine, Some(f)) => power.check_fine(party, grade, f).map_err(|r| match r {
            FineRefusal::OutOfRange => EnforcementError::FineOutOfRange,
            FineRefusal::GradeNeeded => EnforcementError::GradeNeeded,
        }),
        (Penalty::Fine, None) | (_, Some(_)) => Err(EnforcementError::FineOutOfRange),
        _ => Ok(()),
    }
}

/// The amounts that make a fine or a confiscation 较大数额 (art. 63(1)(一)(二)), in fen, for a person and for an
/// organisation. The law leaves them to the provinces and the sectors; a district sets them per source department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub person_fen: i64,
    pub organisation_fen: i64,
}

/// The thresholds of 较大数额 by sector: a default and overrides by the power's source department code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingRules {
    pub default: Thresholds,
    pub by_sector: Vec<(String, Thresholds)>,
}

impl HearingRules {
    /// The setting's text: `* 10000 100000; dept.zjw 3000 50000` (`*` the default; yuan for a person, then an
    /// organisation).
    pub fn parse(text: &str) -> Option<HearingRules> {
        let mut default = None;
        let mut by_sector = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let words: Vec<&str> = part.split_whitespace().collect();
            let [sector, person, organisation] = words[..] else {
                return None;
            };
            let yuan = |w: &str| {
                w.parse::<i64>()
                    .ok()
                    .filter(|y| (1..=100_000_000).contains(y))
            };
            let t = Thresholds {
                person_fen: yuan(person)? * 100,
                organisation_fen: yuan(organisation)? * 100,
            };
            if sector == "*" {
                default = Some(t);
            } else {
                by_sector.push((sector.to_owned(), t));
            }
        }
        Some(HearingRules {
            default: default?,
            by_sector,
        })
    }
    pub fn for_power(&self, power: &Power) -> Thresholds {
        self.by_sector
            .iter()
            .find(|(s, _)| *s == power.source_unit)
            .map(|(_, t)| *t)
            .unwrap_or(self.default)
    }
}

/// Whether a proposed penalty carries the right to a hearing (art. 63(1)): a large fine; the confiscation of large
/// gains or valuable property; 降低资质等级、吊销许可证件; 责令停产停业、责令关闭、限制从业. "较大数额" is read as
/// "at least the threshold" (以上 includes the number, as 民法典 art. 1259 reads it).
pub fn hearing_right(
    party: PartyKind,
    kind: Penalty,
    amount_fen: Option<i64>,
    thresholds: Thresholds,
) -> bool {
    let large = |a: Option<i64>| {
        a.is_some_and(|a| {
            a >= match party {
                PartyKind::Person => thresholds.person_fen,
                PartyKind::Organisation => thresholds.organisation_fen,
            }
        })
    };
    match kind {
        Penalty::Fine | Penalty::Confiscation => large(amount_fen),
        Penalty::Suspension | Penalty::Revocation => true,
        Penalty::Warning | Penalty::Correction | Penalty::Demolition => false,
    }
}

/// A proposed or decided penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    pub kind: Penalty,
    pub fine_fen: Option<i64>,
    /// For a confiscation: the value of what is confiscated.
    pub confiscated_fen: Option<i64>,
    /// The grade of the circumstances under the power's discretion standard (裁量基准), where it grades fines.
    pub grade: Option<Grade>,
}

/// What a notice sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub hearing: Hearing,
    pub defence_due_at: Millis,
    pub hearing_due_at: Option<Millis>,
}

/// 告知 (art. 44): the proposed penalty and the party's rights. The defence is due after `DEFENCE_DAYS` working days,
/// a hearing may be asked for within `HEARING_REQUEST_DAYS` working days where art. 63 gives the right (art. 64(1),
/// art. 85). A new notice (a heavier or other penalty, art. 45) replaces the last one, its periods start again and
/// an earlier review no longer counts.
pub fn notify(
    c: &EnforcementCase,
    power: &Power,
    p: Proposal,
    thresholds: Thresholds,
    calendar: &Calendar,
    now: Millis,
) -> Result<Notice, EnforcementError> {
    stage(c, &[Stage::Investigation, Stage::Notified])?;
    check_penalty(power, c.party_kind, p.kind, p.fine_fen, p.grade)?;
    let amount = match p.kind {
        Penalty::Confiscation => p.confiscated_fen,
        _ => p.fine_fen,
    };
    let right = hearing_right(c.party_kind, p.kind, amount, thresholds);
    Ok(Notice {
        hearing: if right {
            Hearing::Offered
        } else {
            Hearing::None
        },
        defence_due_at: calendar.deadline(now, DEFENCE_DAYS).at,
        hearing_due_at: right.then(|| calendar.deadline(now, HEARING_REQUEST_DAYS).at),
    })
}

/// The party asks for a hearing, in time (art. 64(1)).
pub fn request_hearing(c: &EnforcementCase, now: Millis) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Notified])?;
    if c.hearing != Hearing::Offered || c.hearing_due_at.is_none_or(|d| now >= d) {
        return Err(EnforcementError::NoHearingRight);
    }
    Ok(())
}

/// The party gives up the hearing (before it is noticed).
pub fn waive_hearing(c: &EnforcementCase) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Notified])?;
    match c.hearing {
        Hearing::Offered | Hearing::Requested => Ok(()),
        _ => Err(EnforcementError::NoHearingRight),
    }
}

/// The hearing's notice: at least seven working days ahead (art. 64(2)), presided over by someone who did not
/// investigate the case (art. 64(4)).
///
/// `investigators` are everyone who investigated: who opened the case, gathered its evidence or gave its notice.
pub fn schedule_hearing(
    c: &EnforcementCase,
    at: Millis,
    presider: UserId,
    investigators: &[UserId],
    calendar: &Calendar,
    now: Millis,
) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Notified])?;
    if !matches!(c.hearing, Hearing::Requested | Hearing::Scheduled) {
        return Err(EnforcementError::NoHearingRight);
    }
    if at < calendar.deadline(now, HEARING_NOTICE_DAYS).at {
        return Err(EnforcementError::HearingNoticeTooShort);
    }
    if c.opened_by == Some(presider)
        || c.notified_by == Some(presider)
        || investigators.contains(&presider)
    {
        return Err(EnforcementError::PresiderInvestigated);
    }
    Ok(())
}

/// The hearing was held (by its presiding officer's record), at or after its time.
pub fn hold_hearing(c: &EnforcementCase, now: Millis) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Notified])?;
    if c.hearing != Hearing::Scheduled {
        return Err(EnforcementError::NoHearingRight);
    }
    if c.hearing_at.is_some_and(|at| now < at) {
        return Err(EnforcementError::HearingNotYet);
    }
    Ok(())
}

/// The legal review (art. 58), by a legal reviewer, once the party's days are over.
pub fn review(c: &EnforcementCase, is_reviewer: bool, now: Millis) -> Result<(), EnforcementError> {
    if !is_reviewer {
        return Err(EnforcementError::ReviewerOnly);
    }
    stage(c, &[Stage::Investigation, Stage::Notified])?;
    if c.stage == Stage::Notified {
        match c.waiting_for(now) {
            Some(EnforcementError::ReviewPending) | None => {}
            Some(other) => return Err(other),
        }
    }
    Ok(())
}

/// A decision as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Penalty(Proposal),
    NoPenalty,
    Transfer,
    /// An order alone (责令改正 / 责令限期拆除).
    Order,
}

impl Decision {
    pub fn ruling(&self) -> Ruling {
        match self {
            Decision::Penalty(_) => Ruling::Penalty,
            Decision::NoPenalty => Ruling::NoPenalty,
            Decision::Transfer => Ruling::Transfer,
            Decision::Order => Ruling::Order,
        }
    }
}

/// 决定 (art. 57), by the head: after the party's days and any hearing, after the legal review where art. 58 asks
/// for one, in collective discussion for a complex or serious case, within the power and never heavier than — or
/// other than — the penalty notified (art. 45). No penalty and transfer need no notice. The 90 days are not a bar.
///
/// A penalty or an order alone may carry an order (`order`: 责令改正 or 责令限期拆除, art. 28, with its period); an
/// order alone must.
pub fn decide(
    c: &EnforcementCase,
    power: &Power,
    d: &Decision,
    order: Option<(Penalty, i64)>,
    is_head: bool,
    collective: bool,
    now: Millis,
) -> Result<(), EnforcementError> {
    if !is_head {
        return Err(EnforcementError::HeadOnly);
    }
    match d {
        Decision::Penalty(_) => stage(c, &[Stage::Notified])?,
        Decision::NoPenalty | Decision::Transfer | Decision::Order => {
            stage(c, &[Stage::Investigation, Stage::Notified])?
        }
    }
    match (d, order) {
        (Decision::Penalty(p), _) if p.kind.is_order() => {
            return Err(EnforcementError::OrderNotPenalty);
        }
        (Decision::Order, None) => return Err(EnforcementError::OrderPeriodNeeded),
        (Decision::Penalty(_) | Decision::Order, Some((kind, days))) => {
            if !kind.is_order() || !power.penalties.contains(&kind) {
                return Err(EnforcementError::PenaltyNotAllowed);
            }
            if !(1..=ORDER_DAYS_MAX).contains(&days) {
                return Err(EnforcementError::OrderPeriodNeeded);
            }
        }
        _ => {}
    }
    if let Some(wait) = c.waiting_for(now) {
        return Err(wait);
    }
    if c.stage == Stage::Investigation && c.review_needed() && c.review_approved != Some(true) {
        return Err(EnforcementError::ReviewPending);
    }
    if c.complex && !collective {
        return Err(EnforcementError::CollectiveRequired);
    }
    if let Decision::Penalty(p) = d {
        check_penalty(power, c.party_kind, p.kind, p.fine_fen, p.grade)?;
        let heavier = |decided: Option<i64>, notified: Option<i64>| match (decided, notified) {
            (Some(a), Some(b)) => a > b,
            (Some(_), None) => true,
            _ => false,
        };
        if c.proposed_kind != Some(p.kind)
            || heavier(p.fine_fen, c.proposed_fine_fen)
            || heavier(p.confiscated_fen, c.proposed_confiscated_fen)
        {
            return Err(EnforcementError::HeavierThanNotified);
        }
    }
    Ok(())
}

/// The simple procedure (art. 51): a warning, or a fine of at most 200 yuan for a person or 3,000 yuan for an
/// organisation, within the power.
pub fn check_simple(
    power: &Power,
    party: PartyKind,
    kind: Penalty,
    fine_fen: Option<i64>,
    grade: Option<Grade>,
) -> Result<(), EnforcementError> {
    let limit = match party {
        PartyKind::Person => SIMPLE_PERSON_FEN,
        PartyKind::Organisation => SIMPLE_ORGANISATION_FEN,
    };
    match (kind, fine_fen) {
        (Penalty::Warning, None) => {}
        (Penalty::Fine, Some(f)) if f <= limit => {}
        _ => return Err(EnforcementError::SimpleNotAllowed),
    }
    check_penalty(power, party, kind, fine_fen, grade)
}

/// The head extends the decision's deadline by `days`; a second or later extension is decided collectively
/// (the model rule: 《市场监督管理行政处罚程序规定》 art. 64).
pub fn extend(
    c: &EnforcementCase,
    is_head: bool,
    collective: bool,
    days: i64,
) -> Result<Millis, EnforcementError> {
    if !is_head {
        return Err(EnforcementError::HeadOnly);
    }
    stage(c, &[Stage::Investigation, Stage::Notified])?;
    if c.extensions > 0 && !collective {
        return Err(EnforcementError::CollectiveRequired);
    }
    Ok(c.decision_due_at.unwrap_or(0) + days * DAY)
}

/// 送达 (art. 61): the decision of a fine is served; the fine is due 15 days later (art. 67), calendar days with the
/// last moved past a holiday.
pub fn serve(
    c: &EnforcementCase,
    served_at: Millis,
    calendar: &Calendar,
    now: Millis,
) -> Result<Option<Millis>, EnforcementError> {
    stage(c, &[Stage::Decided])?;
    if c.served_at.is_some() || served_at > now || c.decided_at.is_some_and(|d| served_at < d) {
        return Err(EnforcementError::WrongStage);
    }
    Ok(c.fine_fen.map(|_| payment_due(served_at, calendar)))
}

/// The end of the 15th day after service, moved to the end of the next working day when it is not one.
pub fn payment_due(served_at: Millis, calendar: &Calendar) -> Millis {
    days_after(served_at, i64::from(PAYMENT_DAYS), calendar)
}

/// The late penalty the law allows for a fine paid at `paid_at` (art. 72(1)(一)): 3% of the fine for each day (or
/// part of one) after the due date, never more than the fine.
pub fn late_penalty(fine_fen: i64, due_at: Millis, paid_at: Millis) -> i64 {
    if paid_at <= due_at {
        return 0;
    }
    let days = (paid_at - due_at + DAY - 1) / DAY;
    (fine_fen * LATE_PER_MILLE_A_DAY / 1000 * days).min(fine_fen)
}

/// The party paid the fine (in full) and the late penalty, at most what art. 72 allows; a late penalty is not
/// waived here (a waiver is the agency's decision, recorded apart).
pub fn check_payment(
    c: &EnforcementCase,
    paid_fen: i64,
    late_fen: i64,
    paid_at: Millis,
    now: Millis,
) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Decided])?;
    let (Some(fine), Some(due)) = (c.fine_fen, c.payment_due_at) else {
        return Err(EnforcementError::NotServed);
    };
    if c.paid_at.is_some() || paid_at > now || c.served_at.is_some_and(|s| paid_at < s) {
        return Err(EnforcementError::WrongStage);
    }
    if paid_fen != fine || late_fen != late_penalty(fine, due, paid_at) {
        return Err(EnforcementError::WrongPayment);
    }
    Ok(())
}

/// The end of the `days`-th calendar day after `at`, moved past a holiday ([`Calendar::days_after`]).
pub fn days_after(at: Millis, days: i64, calendar: &Calendar) -> Millis {
    calendar.days_after(at, days)
}

/// A period of the Administrative Compulsion Law: ten days or fewer are working days (行政强制法 art. 69), longer ones
/// calendar days.
pub fn compulsion_period(at: Millis, days: u32, calendar: &Calendar) -> Millis {
    if days <= 10 {
        calendar.deadline(at, days).at
    } else {
        days_after(at, i64::from(days), calendar)
    }
}

/// What the party must still perform, and by when: an unpaid fine by its due date, an order by its period (the later
/// of the two). None when nothing is left to force (a warning, a fine paid and no order).
pub fn obligation_due(c: &EnforcementCase) -> Option<Millis> {
    let fine = c.payment_due_at.filter(|_| c.paid_at.is_none());
    fine.into_iter().chain(c.order_due_at).max()
}

/// When the party's time to challenge the decision ends: 60 days for 复议 (行政复议法, 2023, art. 20) and six months
/// for 诉讼 (行政诉讼法 art. 46), both from the service of the decision; after a 复议 decision, 15 days to sue on it
/// (行政诉讼法 art. 45). None before service.
pub fn challenge_periods_end(c: &EnforcementCase, calendar: &Calendar) -> Option<Millis> {
    let served = c.served_at?;
    let mut end = calendar
        .days_after(served, RECONSIDERATION_DAYS)
        .max(calendar.months_after(served, LITIGATION_MONTHS));
    if c.challenge == Some(Challenge::Reconsideration)
        && let Some(resolved) = c.challenge_resolved_at
    {
        end = end.max(days_after(
            resolved,
            SUE_AFTER_RECONSIDERATION_DAYS,
            calendar,
        ));
    }
    Some(end)
}

fn challenge_open(c: &EnforcementCase) -> bool {
    c.challenge.is_some() && c.challenge_outcome.is_none()
}

/// 催告 (行政强制法 art. 35): after the period to perform has run out, the party is warned in writing to perform
/// within `WARNING_DAYS` working days (art. 54's ten days before a court is asked; art. 69) — returns that end.
pub fn warn(
    c: &EnforcementCase,
    calendar: &Calendar,
    now: Millis,
) -> Result<Millis, EnforcementError> {
    stage(c, &[Stage::Decided])?;
    if c.served_at.is_none() {
        return Err(EnforcementError::NotServed);
    }
    if c.warned_at.is_some() {
        return Err(EnforcementError::WrongStage);
    }
    match obligation_due(c) {
        None => Err(EnforcementError::NothingToForce),
        Some(due) if now < due => Err(EnforcementError::CompulsionPeriod),
        Some(_) => Ok(compulsion_period(now, WARNING_DAYS, calendar)),
    }
}

/// 公告 (行政强制法 art. 44): an order to demolish a building or structure not performed in its period is announced,
/// with `days` more for the party to demolish it itself — returns that end.
pub fn announce(
    c: &EnforcementCase,
    days: u32,
    calendar: &Calendar,
    now: Millis,
) -> Result<Millis, EnforcementError> {
    stage(c, &[Stage::Decided])?;
    if c.order_kind != Some(Penalty::Demolition) {
        return Err(EnforcementError::NotDemolition);
    }
    if c.served_at.is_none() {
        return Err(EnforcementError::NotServed);
    }
    if c.announced_at.is_some() {
        return Err(EnforcementError::WrongStage);
    }
    if c.order_due_at.is_some_and(|d| now < d) {
        return Err(EnforcementError::CompulsionPeriod);
    }
    if !(1..=ORDER_DAYS_MAX as u32).contains(&days) {
        return Err(EnforcementError::OrderPeriodNeeded);
    }
    Ok(compulsion_period(now, days, calendar))
}

/// 执行: the party's own performance is recorded whenever it happens (a challenge does not stop it: 行政复议法 art. 42,
/// 行政诉讼法 art. 56); a forced execution (强制执行) only after the
/// decision was served, its period ran out, the 催告's period ran out (行政强制法 arts. 35–37), for a demolition the
/// 公告's period too (art. 44), and the periods to challenge the decision ended with no challenge open (art. 44 for a
/// demolition; art. 53 for a fine, which a street without the power of compulsion asks a court to enforce).
pub fn may_execute(
    c: &EnforcementCase,
    forced: bool,
    calendar: &Calendar,
    now: Millis,
) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Decided])?;
    if !forced {
        return Ok(());
    }
    if challenge_open(c) {
        return Err(EnforcementError::ChallengePending);
    }
    if c.served_at.is_none() {
        return Err(EnforcementError::NotServed);
    }
    let Some(due) = obligation_due(c) else {
        return Err(EnforcementError::NothingToForce);
    };
    if now < due {
        return Err(EnforcementError::CompulsionPeriod);
    }
    match c.warning_due_at {
        None => return Err(EnforcementError::NotWarned),
        Some(d) if now < d => return Err(EnforcementError::CompulsionPeriod),
        Some(_) => {}
    }
    if c.order_kind == Some(Penalty::Demolition) {
        match c.announcement_due_at {
            None => return Err(EnforcementError::NotAnnounced),
            Some(d) if now < d => return Err(EnforcementError::CompulsionPeriod),
            Some(_) => {}
        }
    }
    if challenge_periods_end(c, calendar).is_some_and(|end| now < end) {
        return Err(EnforcementError::CompulsionPeriod);
    }
    Ok(())
}

/// The party challenged the decision (filed at `filed_at`): only a decision that imposes something, one challenge at
/// a time, a 复议 at most once (a suit may follow it, 行政诉讼法 art. 45).
pub fn file_challenge(
    c: &EnforcementCase,
    kind: Challenge,
    filed_at: Millis,
    now: Millis,
) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Decided, Stage::Executed, Stage::Closed])?;
    if !matches!(c.ruling, Some(Ruling::Penalty | Ruling::Order)) {
        return Err(EnforcementError::WrongStage);
    }
    if challenge_open(c)
        || c.challenge_outcome
            .is_some_and(ChallengeOutcome::ends_the_decision)
        || (kind == Challenge::Reconsideration && c.challenge.is_some())
        || c.challenge == Some(Challenge::Litigation)
    {
        return Err(EnforcementError::NoOpenChallenge);
    }
    if filed_at > now || c.decided_at.is_some_and(|d| filed_at < d) {
        return Err(EnforcementError::WrongStage);
    }
    Ok(())
}

/// The open challenge ended at `at`.
pub fn resolve_challenge(
    c: &EnforcementCase,
    at: Millis,
    now: Millis,
) -> Result<(), EnforcementError> {
    if !challenge_open(c) {
        return Err(EnforcementError::NoOpenChallenge);
    }
    if at > now || c.challenge_filed_at.is_some_and(|f| at < f) {
        return Err(EnforcementError::WrongStage);
    }
    Ok(())
}

/// When a decision with social impact must be published: within seven working days of the decision (国务院办公厅
/// 国办发〔2018〕118号 《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》: 行政执法决定信息要在执法决定作出之日起
/// 7个工作日内公开), under 行政处罚法 art. 48(1).
pub fn publication_due(c: &EnforcementCase, calendar: &Calendar) -> Option<Millis> {
    match (c.social_impact, c.decided_at, c.ruling) {
        (true, Some(at), Some(Ruling::Penalty | Ruling::Order)) => {
            Some(calendar.deadline(at, PUBLICATION_DAYS).at)
        }
        _ => None,
    }
}

/// Not published by its due time (at `now`, or when it was published).
pub fn publication_late(c: &EnforcementCase, calendar: &Calendar, now: Millis) -> bool {
    publication_due(c, calendar).is_some_and(|due| c.published_at.unwrap_or(now) > due)
}

/// Publishes a decision that imposes something and still stands (again after an alteration withdrew it).
pub fn publish(c: &EnforcementCase) -> Result<(), EnforcementError> {
    stage(c, &[Stage::Decided, Stage::Executed, Stage::Closed])?;
    if !matches!(c.ruling, Some(Ruling::Penalty | Ruling::Order))
        || c.challenge_outcome
            .is_some_and(ChallengeOutcome::ends_the_decision)
    {
        return Err(EnforcementError::WrongStage);
    }
    if c.published_at.is_some() && c.publication_withdrawn_at.is_none() {
        return Err(EnforcementError::AlreadyPublished);
    }
    Ok(())
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
    //! Written from the Administrative Penalty Law (2021); dates worked by hand on the State Council's 2026 schedule.
    use super::*;
    use crate::calendar::start_of;
    use jiff::civil::date;

    const HOUR: Millis = 3_600_000;

    /// A Beijing wall-clock instant.
    fn at(y: i16, m: i8, d: i8, hour: i64, minute: i64) -> Millis {
        start_of(date(y, m, d)) + hour * HOUR + minute * 60_000
    }

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
            penalties: vec![
                Penalty::Warning,
                Penalty::Correction,
                Penalty::Fine,
                Penalty::Confiscation,
            ],
            fine_min_fen: Some(100_000),
            fine_max_fen: Some(1_000_000),
            fines: Vec::new(),
        }
    }

    fn rules() -> HearingRules {
        HearingRules::parse("* 10000 100000; dept.zjw 3000 50000").unwrap()
    }

    fn fine(fen: i64) -> Proposal {
        Proposal {
            kind: Penalty::Fine,
            fine_fen: Some(fen),
            confiscated_fen: None,
            grade: None,
        }
    }

    /// A case notified at `now` with `p`, as the notice step leaves it.
    fn notified(p: Proposal, now: Millis) -> EnforcementCase {
        let c = case(Stage::Investigation);
        let cal = Calendar::shipped();
        let n = notify(&c, &barbecue(), p, rules().default, &cal, now).unwrap();
        EnforcementCase {
            stage: Stage::Notified,
            notified_at: Some(now),
            defence_due_at: Some(n.defence_due_at),
            hearing: n.hearing,
            hearing_due_at: n.hearing_due_at,
            proposed_kind: Some(p.kind),
            proposed_fine_fen: p.fine_fen,
            proposed_confiscated_fen: p.confiscated_fen,
            decision_due_at: Some(now + 90 * DAY),
            ..c
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
    }

    /// Art. 64(1) with art. 85: notified Monday 2026-11-30 13:37, the five days to ask for a hearing are Tue, Wed,
    /// Thu, Fri and the next Monday: they end at 2026-12-08 00:00, not on the Saturday. The three days of defence end
    /// with Thursday.
    #[test]
    fn the_days_to_answer_are_working_days() {
        let monday = at(2026, 11, 30, 13, 37);
        let c = notified(fine(1_000_000), monday);
        assert_eq!(c.hearing, Hearing::Offered, "10,000 yuan for a person");
        assert_eq!(c.defence_due_at, Some(at(2026, 12, 4, 0, 0)));
        assert_eq!(c.hearing_due_at, Some(at(2026, 12, 8, 0, 0)));
        let saturday = at(2026, 12, 5, 10, 0);
        let d = Decision::Penalty(fine(1_000_000));
        assert_eq!(
            decide(&c, &barbecue(), &d, None, true, false, saturday),
            Err(EnforcementError::HearingPending)
        );
        assert_eq!(
            decide(
                &c,
                &barbecue(),
                &d,
                None,
                true,
                false,
                at(2026, 12, 8, 0, 0)
            ),
            Ok(())
        );
        // Across the National Day holiday: notified Wednesday 2026-09-30; 10-01..07 are off, Saturday 10-10 is a
        // make-up working day: the working days are 10-08, 10-09, 10-10, 10-12, 10-13.
        let c = notified(fine(1_000_000), at(2026, 9, 30, 10, 0));
        assert_eq!(c.defence_due_at, Some(at(2026, 10, 11, 0, 0)));
        assert_eq!(c.hearing_due_at, Some(at(2026, 10, 14, 0, 0)));
    }

    /// Art. 45: no heavier penalty because the party defended itself; a heavier or other penalty needs a new notice.
    #[test]
    fn the_decision_is_never_heavier_than_the_notice() {
        let c = notified(fine(500_000), at(2026, 11, 30, 9, 0));
        let later = at(2026, 12, 10, 9, 0);
        let power = barbecue();
        let decide_fine = |fen| {
            decide(
                &c,
                &power,
                &Decision::Penalty(fine(fen)),
                None,
                true,
                false,
                later,
            )
        };
        assert_eq!(
            decide_fine(900_000),
            Err(EnforcementError::HeavierThanNotified)
        );
        assert_eq!(decide_fine(500_000), Ok(()));
        assert_eq!(decide_fine(400_000), Ok(()), "lighter is allowed");
        let warning = Decision::Penalty(Proposal {
            kind: Penalty::Warning,
            fine_fen: None,
            confiscated_fen: None,
            grade: None,
        });
        assert_eq!(
            decide(&c, &power, &warning, None, true, false, later),
            Err(EnforcementError::HeavierThanNotified),
            "another kind needs its own notice"
        );
        // A new notice may propose the heavier fine, and its periods start again.
        let cal = Calendar::shipped();
        let again = notify(&c, &power, fine(900_000), rules().default, &cal, later).unwrap();
        assert_eq!(again.defence_due_at, at(2026, 12, 16, 0, 0));
    }

    /// Art. 57: the head decides; art. 57(2) and art. 58: a complex case is reviewed and decided collectively.
    #[test]
    fn the_head_decides_after_review_and_collectively_for_complex_cases() {
        let power = barbecue();
        let mut c = notified(fine(500_000), at(2026, 11, 30, 9, 0));
        let later = at(2026, 12, 10, 9, 0);
        let d = Decision::Penalty(fine(500_000));
        assert_eq!(
            decide(&c, &power, &d, None, false, false, later),
            Err(EnforcementError::HeadOnly)
        );
        c.complex = true;
        assert_eq!(
            decide(&c, &power, &d, None, true, true, later),
            Err(EnforcementError::ReviewPending)
        );
        assert_eq!(
            review(&c, false, later),
            Err(EnforcementError::ReviewerOnly)
        );
        assert_eq!(review(&c, true, later), Ok(()));
        c.review_approved = Some(true);
        assert_eq!(
            decide(&c, &power, &d, None, true, false, later),
            Err(EnforcementError::CollectiveRequired)
        );
        assert_eq!(decide(&c, &power, &d, None, true, true, later), Ok(()));
        // A held hearing also needs the review (art. 58(2)).
        let mut h = notified(fine(1_000_000), at(2026, 11, 30, 9, 0));
        h.hearing = Hearing::Held;
        assert!(h.review_needed());
        assert_eq!(
            decide(
                &h,
                &power,
                &Decision::Penalty(fine(1_000_000)),
                None,
                true,
                false,
                later
            ),
            Err(EnforcementError::ReviewPending)
        );
    }

    /// Arts. 33, 27 and 57(1): no penalty and transfer end a case without a notice; the 90 days of art. 60 are a
    /// duty, not a bar.
    #[test]
    fn a_case_may_end_without_a_penalty_even_after_ninety_days() {
        let power = barbecue();
        let mut c = case(Stage::Investigation);
        c.decision_due_at = Some(90 * DAY);
        assert_eq!(
            decide(
                &c,
                &power,
                &Decision::NoPenalty,
                None,
                true,
                false,
                200 * DAY
            ),
            Ok(())
        );
        assert_eq!(
            decide(&c, &power, &Decision::Transfer, None, true, false, 10 * DAY),
            Ok(())
        );
        assert_eq!(
            decide(
                &c,
                &power,
                &Decision::Penalty(fine(500_000)),
                None,
                true,
                false,
                10 * DAY
            ),
            Err(EnforcementError::WrongStage),
            "a penalty needs its notice"
        );
        assert!(c.late(200 * DAY) && !c.late(10 * DAY));
        assert_eq!(extend(&c, true, false, 30), Ok(120 * DAY));
        c.extensions = 1;
        assert_eq!(
            extend(&c, true, false, 30),
            Err(EnforcementError::CollectiveRequired)
        );
        assert_eq!(extend(&c, true, true, 30), Ok(120 * DAY));
    }

    /// Art. 63(1): large fines and confiscations (by sector), 停产停业 and 吊销 carry the right to a hearing.
    #[test]
    fn the_right_to_a_hearing_follows_the_penalty_and_the_sector() {
        let r = rules();
        let cgzf = r.for_power(&barbecue());
        let zjw = r.for_power(&Power {
            source_unit: "dept.zjw".into(),
            ..barbecue()
        });
        let person = PartyKind::Person;
        let organisation = PartyKind::Organisation;
        assert!(!hearing_right(person, Penalty::Fine, Some(300_000), cgzf));
        assert!(hearing_right(person, Penalty::Fine, Some(300_000), zjw));
        assert!(hearing_right(person, Penalty::Fine, Some(1_000_000), cgzf));
        assert!(!hearing_right(
            organisation,
            Penalty::Fine,
            Some(4_999_900),
            zjw
        ));
        assert!(hearing_right(
            organisation,
            Penalty::Fine,
            Some(5_000_000),
            zjw
        ));
        assert!(hearing_right(
            person,
            Penalty::Confiscation,
            Some(1_000_000),
            cgzf
        ));
        assert!(hearing_right(person, Penalty::Suspension, None, cgzf));
        assert!(hearing_right(organisation, Penalty::Revocation, None, cgzf));
        assert!(!hearing_right(person, Penalty::Warning, None, cgzf));
        assert_eq!(
            HearingRules::parse("dept.zjw 3000 50000"),
            None,
            "a default is needed"
        );
        assert_eq!(HearingRules::parse("* 1万 10"), None);
    }

    /// Art. 64(1), (2), (4): a request in time, a notice seven working days ahead, a presider who did not investigate.
    #[test]
    fn a_hearing_is_requested_in_time_noticed_ahead_and_presided_by_a_non_investigator() {
        let cal = Calendar::shipped();
        let officer = UserId::new();
        let mut c = notified(fine(1_000_000), at(2026, 11, 30, 13, 37));
        c.opened_by = Some(officer);
        assert_eq!(request_hearing(&c, at(2026, 12, 7, 23, 59)), Ok(()));
        assert_eq!(
            request_hearing(&c, at(2026, 12, 8, 0, 0)),
            Err(EnforcementError::NoHearingRight),
            "the five days have ended"
        );
        c.hearing = Hearing::Requested;
        // Noticed Monday 2026-12-07: the seven working days are 12-08..11 and 12-14..16.
        let noticed = at(2026, 12, 7, 10, 0);
        let presider = UserId::new();
        assert_eq!(
            schedule_hearing(&c, at(2026, 12, 16, 15, 0), presider, &[], &cal, noticed),
            Err(EnforcementError::HearingNoticeTooShort)
        );
        assert_eq!(
            schedule_hearing(&c, at(2026, 12, 17, 9, 0), officer, &[], &cal, noticed),
            Err(EnforcementError::PresiderInvestigated)
        );
        // An officer who only gathered evidence investigated too.
        let gatherer = UserId::new();
        assert_eq!(
            schedule_hearing(
                &c,
                at(2026, 12, 17, 9, 0),
                gatherer,
                &[officer, gatherer],
                &cal,
                noticed
            ),
            Err(EnforcementError::PresiderInvestigated)
        );
        assert_eq!(
            schedule_hearing(&c, at(2026, 12, 17, 9, 0), presider, &[], &cal, noticed),
            Ok(())
        );
        c.hearing = Hearing::Scheduled;
        c.hearing_at = Some(at(2026, 12, 17, 9, 0));
        assert_eq!(
            hold_hearing(&c, at(2026, 12, 17, 8, 0)),
            Err(EnforcementError::HearingNotYet)
        );
        assert_eq!(hold_hearing(&c, at(2026, 12, 17, 11, 0)), Ok(()));
        assert_eq!(
            decide(
                &c,
                &barbecue(),
                &Decision::Penalty(fine(1_000_000)),
                None,
                true,
                false,
                at(2026, 12, 20, 9, 0)
            ),
            Err(EnforcementError::HearingPending),
            "not before the hearing is held"
        );
    }

    /// Art. 36: two years from the violation (five for life, health or financial safety), found within them.
    #[test]
    fn a_violation_found_after_the_limitation_is_not_filed() {
        let mut c = case(Stage::Proposed);
        c.opened_at = at(2026, 12, 2, 10, 0);
        c.violation_on = Some(20241202);
        assert_eq!(
            file(&c, true, true, c.opened_at).map(|r| r.0),
            Ok(Stage::Investigation)
        );
        c.violation_on = Some(20241201);
        assert_eq!(
            file(&c, true, true, c.opened_at),
            Err(EnforcementError::LimitationExpired)
        );
        assert_eq!(
            file(&c, true, false, c.opened_at).map(|r| r.0),
            Ok(Stage::Dropped),
            "dropping stays"
        );
        c.safety_risk = true;
        c.violation_on = Some(20211202);
        assert_eq!(
            file(&c, true, true, c.opened_at).map(|r| r.0),
            Ok(Stage::Investigation)
        );
        c.violation_on = Some(20211201);
        assert_eq!(
            file(&c, true, true, c.opened_at),
            Err(EnforcementError::LimitationExpired)
        );
    }

    /// Art. 67: 15 days from service to pay; art. 72: 3% a day late, at most the fine.
    #[test]
    fn a_fine_is_due_fifteen_days_after_service_and_late_days_cost_three_percent() {
        let cal = Calendar::shipped();
        // Served Monday 2026-11-30: the 15th day is Tuesday 12-15, a working day.
        assert_eq!(
            payment_due(at(2026, 11, 30, 10, 0), &cal),
            at(2026, 12, 16, 0, 0)
        );
        // Served 2026-09-19 (Saturday): the 15th day is 10-04, in the National Day holiday; the next working day is
        // 10-08.
        assert_eq!(
            payment_due(at(2026, 9, 19, 10, 0), &cal),
            at(2026, 10, 9, 0, 0)
        );
        let due = at(2026, 12, 16, 0, 0);
        assert_eq!(late_penalty(500_000, due, due), 0);
        assert_eq!(
            late_penalty(500_000, due, due + 1),
            15_000,
            "a day begun is a day"
        );
        assert_eq!(late_penalty(500_000, due, due + 2 * DAY), 30_000);
        assert_eq!(
            late_penalty(500_000, due, due + 40 * DAY),
            500_000,
            "never more than the fine"
        );
        let mut c = case(Stage::Decided);
        c.decided_at = Some(at(2026, 11, 30, 9, 0));
        c.fine_fen = Some(500_000);
        assert_eq!(
            check_payment(&c, 500_000, 0, due, due),
            Err(EnforcementError::NotServed)
        );
        c.served_at = Some(at(2026, 11, 30, 10, 0));
        c.payment_due_at = Some(due);
        let paid = due + 3 * DAY;
        assert_eq!(check_payment(&c, 500_000, 45_000, paid, paid), Ok(()));
        assert_eq!(
            check_payment(&c, 500_000, 0, paid, paid),
            Err(EnforcementError::WrongPayment),
            "the late penalty is owed"
        );
        assert_eq!(
            check_payment(&c, 400_000, 45_000, paid, paid),
            Err(EnforcementError::WrongPayment)
        );
    }

    /// Art. 51: a warning, or a fine up to 200 yuan (person) / 3,000 yuan (organisation), on the spot.
    #[test]
    fn the_simple_procedure_has_the_laws_limits() {
        let p = barbecue();
        let small = Power {
            fine_min_fen: Some(5_000),
            ..barbecue()
        };
        assert_eq!(
            check_simple(&p, PartyKind::Person, Penalty::Warning, None, None),
            Ok(())
        );
        assert_eq!(
            check_simple(&small, PartyKind::Person, Penalty::Fine, Some(20_000), None),
            Ok(())
        );
        assert_eq!(
            check_simple(&small, PartyKind::Person, Penalty::Fine, Some(20_001), None),
            Err(EnforcementError::SimpleNotAllowed)
        );
        assert_eq!(
            check_simple(
                &small,
                PartyKind::Organisation,
                Penalty::Fine,
                Some(300_000),
                None
            ),
            Ok(())
        );
        assert_eq!(
            check_simple(
                &small,
                PartyKind::Organisation,
                Penalty::Fine,
                Some(300_001),
                None
            ),
            Err(EnforcementError::SimpleNotAllowed)
        );
        assert_eq!(
            check_simple(&p, PartyKind::Person, Penalty::Confiscation, None, None),
            Err(EnforcementError::SimpleNotAllowed)
        );
        assert_eq!(parse_sqm("12.5"), Some(1250));
    }

    /// 行政处罚法 art. 28 with art. 9: 责令改正 / 责令限期拆除 are orders beside a decision, not penalties.
    #[test]
    fn correction_and_demolition_are_orders_with_a_period() {
        let c = case(Stage::Investigation);
        let correction = Decision::Penalty(Proposal {
            kind: Penalty::Correction,
            fine_fen: None,
            confiscated_fen: None,
            grade: None,
        });
        let n = notified(fine(500_000), at(2026, 3, 2, 9, 0));
        let later = at(2026, 3, 20, 9, 0);
        assert_eq!(
            decide(&n, &barbecue(), &correction, None, true, false, later),
            Err(EnforcementError::OrderNotPenalty)
        );
        assert_eq!(
            decide(&c, &barbecue(), &Decision::Order, None, true, false, later),
            Err(EnforcementError::OrderPeriodNeeded)
        );
        assert_eq!(
            decide(
                &c,
                &barbecue(),
                &Decision::Order,
                Some((Penalty::Correction, 0)),
                true,
                false,
                later
            ),
            Err(EnforcementError::OrderPeriodNeeded)
        );
        assert_eq!(
            decide(
                &c,
                &barbecue(),
                &Decision::Order,
                Some((Penalty::Demolition, 15)),
                true,
                false,
                later
            ),
            Err(EnforcementError::PenaltyNotAllowed),
            "the barbecue power orders no demolition"
        );
        assert_eq!(
            decide(
                &c,
                &barbecue(),
                &Decision::Order,
                Some((Penalty::Correction, 15)),
                true,
                false,
                later
            ),
            Ok(())
        );
        assert_eq!(
            decide(
                &n,
                &barbecue(),
                &Decision::Penalty(fine(500_000)),
                Some((Penalty::Correction, 15)),
                true,
                false,
                later
            ),
            Ok(()),
            "a fine with an order to correct"
        );
    }

    /// A demolition order decided Monday 2026-03-02 with 15 days, served the next day.
    fn demolition_ordered() -> EnforcementCase {
        let cal = Calendar::shipped();
        let decided = at(2026, 3, 2, 9, 0);
        EnforcementCase {
            stage: Stage::Decided,
            ruling: Some(Ruling::Order),
            decided_at: Some(decided),
            order_kind: Some(Penalty::Demolition),
            order_due_at: Some(days_after(decided, 15, &cal)),
            served_at: Some(at(2026, 3, 3, 10, 0)),
            ..case(Stage::Decided)
        }
    }

    /// 行政强制法 arts. 35–37 (催告 first, ten working days: arts. 54, 69), art. 44 (公告; no forced demolition within
    /// the periods to challenge), 行政复议法 art. 20 (60 days), 行政诉讼法 arts. 45–46 (six months; 15 days after a 复议).
    #[test]
    fn a_forced_demolition_waits_for_the_warning_the_announcement_and_the_periods_to_challenge() {
        let cal = Calendar::shipped();
        let mut c = demolition_ordered();
        // 15 days from Monday 2026-03-02: Tuesday the 17th, to its end.
        assert_eq!(c.order_due_at, Some(at(2026, 3, 18, 0, 0)));
        assert_eq!(
            warn(&c, &cal, at(2026, 3, 17, 12, 0)),
            Err(EnforcementError::CompulsionPeriod)
        );
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 3, 18, 9, 0)),
            Err(EnforcementError::NotWarned)
        );
        // Warned Wednesday the 18th: ten working days, 19 March to 1 April.
        assert_eq!(
            warn(&c, &cal, at(2026, 3, 18, 9, 0)),
            Ok(at(2026, 4, 2, 0, 0))
        );
        c.warned_at = Some(at(2026, 3, 18, 9, 0));
        c.warning_due_at = Some(at(2026, 4, 2, 0, 0));
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 4, 1, 9, 0)),
            Err(EnforcementError::CompulsionPeriod)
        );
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 4, 2, 9, 0)),
            Err(EnforcementError::NotAnnounced)
        );
        // Announced 2 April with 20 days: to Wednesday the 22nd.
        assert_eq!(
            announce(&c, 20, &cal, at(2026, 4, 2, 9, 0)),
            Ok(at(2026, 4, 23, 0, 0))
        );
        c.announced_at = Some(at(2026, 4, 2, 9, 0));
        c.announcement_due_at = Some(at(2026, 4, 23, 0, 0));
        // Served 3 March: 60 days end Saturday 2 May, in the Labour Day holiday → Wednesday 6 May; six months end
        // Thursday 3 September.
        assert_eq!(challenge_periods_end(&c, &cal), Some(at(2026, 9, 4, 0, 0)));
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 4, 23, 10, 0)),
            Err(EnforcementError::CompulsionPeriod),
            "the party may still ask for a review or sue"
        );
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 9, 3, 23, 59)),
            Err(EnforcementError::CompulsionPeriod)
        );
        assert_eq!(may_execute(&c, true, &cal, at(2026, 9, 4, 0, 0)), Ok(()));
        // The party's own demolition is recorded at any time.
        assert_eq!(may_execute(&c, false, &cal, at(2026, 3, 10, 9, 0)), Ok(()));

        // A 复议 filed 20 March: no forced demolition while it is open, nor within 15 days of its decision.
        assert_eq!(
            file_challenge(
                &c,
                Challenge::Reconsideration,
                at(2026, 3, 20, 9, 0),
                at(2026, 3, 20, 10, 0)
            ),
            Ok(())
        );
        c.challenge = Some(Challenge::Reconsideration);
        c.challenge_filed_at = Some(at(2026, 3, 20, 9, 0));
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 9, 10, 9, 0)),
            Err(EnforcementError::ChallengePending)
        );
        assert_eq!(
            file_challenge(
                &c,
                Challenge::Litigation,
                at(2026, 3, 21, 9, 0),
                at(2026, 3, 21, 10, 0)
            ),
            Err(EnforcementError::NoOpenChallenge),
            "one challenge at a time"
        );
        assert_eq!(
            resolve_challenge(&c, at(2026, 3, 19, 9, 0), at(2026, 8, 28, 10, 0)),
            Err(EnforcementError::WrongStage),
            "not before it was filed"
        );
        assert_eq!(
            resolve_challenge(&c, at(2026, 8, 28, 9, 0), at(2026, 8, 28, 10, 0)),
            Ok(())
        );
        c.challenge_outcome = Some(ChallengeOutcome::Upheld);
        c.challenge_resolved_at = Some(at(2026, 8, 28, 9, 0));
        // Upheld Friday 28 August: 15 days end Saturday 12 September → Monday the 14th.
        assert_eq!(challenge_periods_end(&c, &cal), Some(at(2026, 9, 15, 0, 0)));
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 9, 10, 9, 0)),
            Err(EnforcementError::CompulsionPeriod)
        );
        assert_eq!(may_execute(&c, true, &cal, at(2026, 9, 15, 9, 0)), Ok(()));
        assert_eq!(
            file_challenge(
                &c,
                Challenge::Reconsideration,
                at(2026, 9, 1, 9, 0),
                at(2026, 9, 1, 10, 0)
            ),
            Err(EnforcementError::NoOpenChallenge),
            "a 复议 once"
        );
        assert_eq!(
            file_challenge(
                &c,
                Challenge::Litigation,
                at(2026, 9, 1, 9, 0),
                at(2026, 9, 1, 10, 0)
            ),
            Ok(()),
            "a suit may follow the 复议"
        );
    }

    /// 行政强制法 art. 53: a fine is enforced (through the court) only when it is unpaid and the periods to challenge
    /// are over; a paid fine leaves nothing to force; only demolitions are announced.
    #[test]
    fn an_unpaid_fine_is_forced_only_after_the_warning_and_the_periods() {
        let cal = Calendar::shipped();
        let served = at(2026, 3, 3, 10, 0);
        let mut c = EnforcementCase {
            stage: Stage::Decided,
            ruling: Some(Ruling::Penalty),
            decided_at: Some(at(2026, 3, 2, 9, 0)),
            decision_kind: Some(Penalty::Fine),
            fine_fen: Some(500_000),
            served_at: Some(served),
            payment_due_at: Some(payment_due(served, &cal)),
            ..case(Stage::Decided)
        };
        assert_eq!(
            announce(&c, 10, &cal, at(2026, 4, 1, 9, 0)),
            Err(EnforcementError::NotDemolition)
        );
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 3, 18, 9, 0)),
            Err(EnforcementError::CompulsionPeriod),
            "the fifteen days to pay end on the 18th"
        );
        c.warning_due_at = Some(warn(&c, &cal, at(2026, 3, 19, 9, 0)).unwrap());
        c.warned_at = Some(at(2026, 3, 19, 9, 0));
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 6, 1, 9, 0)),
            Err(EnforcementError::CompulsionPeriod)
        );
        assert_eq!(may_execute(&c, true, &cal, at(2026, 9, 4, 9, 0)), Ok(()));
        c.paid_at = Some(at(2026, 4, 1, 9, 0));
        assert_eq!(
            may_execute(&c, true, &cal, at(2026, 9, 4, 9, 0)),
            Err(EnforcementError::NothingToForce)
        );
        let unserved = EnforcementCase {
            served_at: None,
            ..c.clone()
        };
        assert_eq!(
            warn(&unserved, &cal, at(2026, 4, 1, 9, 0)),
            Err(EnforcementError::NotServed)
        );
    }

    /// 国办发〔2018〕118号: a decision with social impact is published within seven working days (行政处罚法 art. 48).
    #[test]
    fn a_decision_with_social_impact_is_published_within_seven_working_days() {
        let cal = Calendar::shipped();
        let mut c = EnforcementCase {
            stage: Stage::Decided,
            ruling: Some(Ruling::Penalty),
            decided_at: Some(at(2026, 9, 18, 15, 0)),
            social_impact: true,
            ..case(Stage::Decided)
        };
        // Friday 18 September: the make-up Sunday the 20th, 21–24, then the Mid-Autumn days off, 28 and 29.
        assert_eq!(publication_due(&c, &cal), Some(at(2026, 9, 30, 0, 0)));
        assert!(!publication_late(&c, &cal, at(2026, 9, 29, 18, 0)));
        assert!(publication_late(&c, &cal, at(2026, 9, 30, 9, 0)));
        assert_eq!(publish(&c), Ok(()));
        c.published_at = Some(at(2026, 9, 29, 18, 0));
        assert!(!publication_late(&c, &cal, at(2026, 12, 1, 9, 0)));
        assert_eq!(publish(&c), Err(EnforcementError::AlreadyPublished));
        c.publication_withdrawn_at = Some(at(2026, 10, 9, 9, 0));
        c.challenge = Some(Challenge::Reconsideration);
        c.challenge_outcome = Some(ChallengeOutcome::Revoked);
        assert_eq!(
            publish(&c),
            Err(EnforcementError::WrongStage),
            "a revoked decision is not published"
        );
        let no_penalty = EnforcementCase {
            ruling: Some(Ruling::NoPenalty),
            ..c
        };
        assert_eq!(publication_due(&no_penalty, &cal), None);
    }

    /// 行政处罚法 art. 34: a discretion standard, where the power has one, bounds the fine by the party and the grade
    /// of the circumstances; the notice names the grade.
    #[test]
    fn a_graded_standard_needs_the_grade_and_bounds_the_fine() {
        let cal = Calendar::shipped();
        let mut power = barbecue();
        power.fines =
            crate::powers::parse_fines("个人 一般 1000-3000；个人 严重 3000-10000").unwrap();
        let c = case(Stage::Investigation);
        let now = at(2026, 12, 1, 9, 0);
        let graded = |grade| Proposal {
            grade,
            ..fine(500_000)
        };
        assert_eq!(
            notify(&c, &power, graded(None), rules().default, &cal, now),
            Err(EnforcementError::GradeNeeded)
        );
        assert_eq!(
            notify(
                &c,
                &power,
                graded(Some(Grade::Ordinary)),
                rules().default,
                &cal,
                now
            ),
            Err(EnforcementError::FineOutOfRange),
            "5,000 yuan is beyond 一般's 3,000"
        );
        assert!(
            notify(
                &c,
                &power,
                graded(Some(Grade::Serious)),
                rules().default,
                &cal,
                now
            )
            .is_ok()
        );
    }
}
