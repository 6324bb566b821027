//! Cases (诉求 / 事项): one record for every matter a resident raises, whatever the channel or kind. This module holds
//! the case number, the validated intake, phone masking and the public view; routing, clocks and the life cycle grow
//! here as the case spine is built.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::Millis;
use crate::geo::GeoPoint;
use crate::org::{UnitId, UserId, id_type};
use crate::validation::{self, ValidationErrors};

id_type!(
    /// Internal id of a case (the public handle is its `CaseNo`).
    CaseId
);

/// The nature of a matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// 咨询
    Consultation,
    /// 求助
    Help,
    /// 投诉
    Complaint,
    /// 举报
    Report,
    /// 建议
    Suggestion,
    /// 信访
    Petition,
    /// 纠纷
    Dispute,
}

impl CaseKind {
    pub const ALL: [CaseKind; 7] = [
        CaseKind::Consultation,
        CaseKind::Help,
        CaseKind::Complaint,
        CaseKind::Report,
        CaseKind::Suggestion,
        CaseKind::Petition,
        CaseKind::Dispute,
    ];
    /// The kinds a resident raises on the public form: every kind — petitions (网上信访) and disputes are filed online
    /// too.
    pub const PUBLIC: [CaseKind; 7] = CaseKind::ALL;

    pub fn code(self) -> &'static str {
        match self {
            CaseKind::Consultation => "consultation",
            CaseKind::Help => "help",
            CaseKind::Complaint => "complaint",
            CaseKind::Report => "report",
            CaseKind::Suggestion => "suggestion",
            CaseKind::Petition => "petition",
            CaseKind::Dispute => "dispute",
        }
    }
    pub fn parse(code: &str) -> Option<CaseKind> {
        CaseKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How a matter reached the district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Hotline,
    WalkIn,
    Letter,
    Api,
    /// An Open311 GeoReport v2 client of an organisation holding an API key.
    Open311,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Web,
        Channel::Hotline,
        Channel::WalkIn,
        Channel::Letter,
        Channel::Api,
        Channel::Open311,
    ];
    /// The channels intake staff register matters from (Open311 requests come only through their own endpoint).
    pub const STAFF: [Channel; 5] = [
        Channel::Web,
        Channel::Hotline,
        Channel::WalkIn,
        Channel::Letter,
        Channel::Api,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Hotline => "hotline",
            Channel::WalkIn => "walk_in",
            Channel::Letter => "letter",
            Channel::Api => "api",
            Channel::Open311 => "open311",
        }
    }
    pub fn parse(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Where a case is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// 待派单: received, not yet routed to an accountable unit (the dispatcher's queue).
    Received,
    /// 已派单: routed to a unit and an agent, not yet accepted.
    Assigned,
    /// 办理中: accepted by the agent.
    InProgress,
    /// 暂停: waiting for the resident or a third party; the handling clock stops.
    Paused,
    /// 已办结
    Closed,
    /// 已合并: a duplicate, merged into another case that carries on.
    Merged,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Received,
        CaseStatus::Assigned,
        CaseStatus::InProgress,
        CaseStatus::Paused,
        CaseStatus::Closed,
        CaseStatus::Merged,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::Assigned => "assigned",
            CaseStatus::InProgress => "in_progress",
            CaseStatus::Paused => "paused",
            CaseStatus::Closed => "closed",
            CaseStatus::Merged => "merged",
        }
    }
    pub fn parse(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    /// Open cases count against their agent's load and are chased.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CaseStatus::Received
                | CaseStatus::Assigned
                | CaseStatus::InProgress
                | CaseStatus::Paused
        )
    }
}

/// How a case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 已解决
    Resolved,
    /// 已解释说明: answered or explained; nothing to fix.
    Explained,
    /// 不属实 / 无法解决: not substantiated, or outside what can be done, with the reason.
    NotSubstantiated,
    /// 受理即答: a consultation answered from the knowledge base at intake.
    AnsweredAtIntake,
    /// 诉求人撤回: the resident withdrew the matter.
    Withdrawn,
    /// 无法联系诉求人: the resident could not be reached after repeated attempts.
    Unreachable,
    /// 已转其他渠道: the matter belongs to another channel (a court, arbitration, an administrative review —
    /// 诉访分离), and the resident was told where to go.
    Referred,
    /// 建议已采纳: a suggestion was adopted.
    SuggestionAdopted,
    /// 不予受理: a petition refused at acceptance, with the reason and the proper channel (its own action).
    Refused,
    /// 不纳入考核: an unreasonable demand, closed without counting in the assessment; needs a reviewer's approval.
    Excluded,
    /// 无效件: no matter at all (a silent or test call, abuse, spam, a wrong number), disposed of by a dispatcher
    /// before dispatch with a reason; counted, reviewable, and restorable by a reviewer.
    Invalid,
}

impl Outcome {
    pub const ALL: [Outcome; 11] = [
        Outcome::Resolved,
        Outcome::Explained,
        Outcome::NotSubstantiated,
        Outcome::AnsweredAtIntake,
        Outcome::Withdrawn,
        Outcome::Unreachable,
        Outcome::Referred,
        Outcome::SuggestionAdopted,
        Outcome::Refused,
        Outcome::Excluded,
        Outcome::Invalid,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Explained => "explained",
            Outcome::NotSubstantiated => "not_substantiated",
            Outcome::AnsweredAtIntake => "answered_at_intake",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Unreachable => "unreachable",
            Outcome::Referred => "referred",
            Outcome::SuggestionAdopted => "suggestion_adopted",
            Outcome::Refused => "refused",
            Outcome::Excluded => "excluded",
            Outcome::Invalid => "invalid",
        }
    }
    /// Outcomes an agent may close with (a consultation answered at intake, a petition refused at acceptance and an
    /// exclusion from the assessment have their own actions; an adopted suggestion only closes a suggestion).
    pub fn closable_for(self, kind: CaseKind) -> bool {
        match self {
            Outcome::AnsweredAtIntake | Outcome::Refused | Outcome::Excluded | Outcome::Invalid => {
                false
            }
            Outcome::SuggestionAdopted => kind == CaseKind::Suggestion,
            _ => true,
        }
    }
    pub fn parse(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Why a dispatcher marked a case invalid (无效件).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    /// 无内容: a silent call, an empty or unreadable submission.
    Empty,
    /// 测试: a test call or submission.
    Test,
    /// 骚扰辱骂: harassment or abuse, no matter raised.
    Abusive,
    /// 恶意重复: the same nothing submitted again and again.
    Spam,
    /// 打错电话: a wrong number, nothing for the district.
    WrongNumber,
}

impl InvalidReason {
    pub const ALL: [InvalidReason; 5] = [
        InvalidReason::Empty,
        InvalidReason::Test,
        InvalidReason::Abusive,
        InvalidReason::Spam,
        InvalidReason::WrongNumber,
    ];
    pub fn code(self) -> &'static str {
        match self {
            InvalidReason::Empty => "empty",
            InvalidReason::Test => "test",
            InvalidReason::Abusive => "abusive",
            InvalidReason::Spam => "spam",
            InvalidReason::WrongNumber => "wrong_number",
        }
    }
    pub fn parse(code: &str) -> Option<InvalidReason> {
        InvalidReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The resident's verdict (满意度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 满意
    Satisfied,
    /// 基本满意
    Basic,
    /// 不满意
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::Basic,
        Satisfaction::Dissatisfied,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::Basic => "basic",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }
    pub fn parse(code: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A request waiting for someone else's decision (send-backs and escalation requests have their own flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingRequest {
    /// The unit asks to pause the handling clock (a dispatcher decides).
    Pause,
    /// The unit asks for a later handling deadline (a dispatcher decides).
    DueChange,
    /// The unit asks to close as an unreasonable demand, excluded from the assessment (a reviewer decides).
    Exclusion,
    /// The resident was dissatisfied: a dispatcher decides whether and by whom the case is redone.
    Redo,
}

impl PendingRequest {
    pub const ALL: [PendingRequest; 4] = [
        PendingRequest::Pause,
        PendingRequest::DueChange,
        PendingRequest::Exclusion,
        PendingRequest::Redo,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PendingRequest::Pause => "pause",
            PendingRequest::DueChange => "due_change",
            PendingRequest::Exclusion => "exclusion",
            PendingRequest::Redo => "redo",
        }
    }
    pub fn parse(code: &str) -> Option<PendingRequest> {
        PendingRequest::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A petition's written answer (信访处理意见书).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionAnswer {
    /// 支持: the request is reasonable and will be met.
    Support,
    /// 不予支持: the request has no basis.
    NotSupport,
    /// 解释说明: the request is explained (partly reasonable, or beyond what can be done now).
    Explain,
}

impl PetitionAnswer {
    pub const ALL: [PetitionAnswer; 3] = [
        PetitionAnswer::Support,
        PetitionAnswer::NotSupport,
        PetitionAnswer::Explain,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PetitionAnswer::Support => "support",
            PetitionAnswer::NotSupport => "not_support",
            PetitionAnswer::Explain => "explain",
        }
    }
    pub fn parse(code: &str) -> Option<PetitionAnswer> {
        PetitionAnswer::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The human-readable case number a resident is given at once: the district's date of receipt and a six-digit
/// sequence of that day, `YYYYMMDD` + `NNNNNN` (14 digits; room for a whole city's 60,000 a day). Digits only, so it can
/// be read out over the phone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseNo(String);

impl CaseNo {
    pub fn new(yyyymmdd: u32, seq: u32) -> CaseNo {
        CaseNo(format!("{yyyymmdd:08}{seq:06}"))
    }
    /// Accepts exactly 14 ASCII digits (spaces and dashes a person may type are removed first).
    pub fn parse(raw: &str) -> Option<CaseNo> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        (s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit())).then_some(CaseNo(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A mainland mobile number: 11 digits starting with 1 and a second digit 3–9. A `+86`/`86` prefix and separators
/// are removed. Its `Debug` form is masked, so it cannot leak into a log through `{:?}`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// A mainland mobile number (11 digits, `1[3-9]…`, with or without +86/0086/86) or a fixed line with its area
    /// code (`010-68881234`, `0755 12345678`: a leading 0, then 9 to 11 digits). Spaces, dashes and brackets a
    /// person types are removed.
    pub fn parse(raw: &str) -> Option<PhoneNumber> {
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .unwrap_or(&digits);
        let digits = if digits.len() == 13 {
            digits.strip_prefix("86").unwrap_or(digits)
        } else {
            digits
        };
        let b = digits.as_bytes();
        let all_digits = b.iter().all(u8::is_ascii_digit);
        let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
        let landline = (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0';
        (all_digits && (mobile || landline)).then(|| PhoneNumber(digits.to_owned()))
    }
    /// Whether this is a fixed line (no text messages to it).
    pub fn is_landline(&self) -> bool {
        self.0.starts_with('0')
    }
    /// The full number, for those who must call.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// `139****5678`
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

/// Masks all but the first three and last four characters of a stored phone number.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "****".into();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// Longest description we accept (characters).
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

/// A case as a resident or an intake operator submits it, before validation. Every field is text so that a form can
/// be re-shown exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseInput {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub address: String,
    pub lat: String,
    pub lon: String,
    pub name: String,
    pub phone: String,
    /// `true` (or `on`, `1`) for an anonymous report: no name, no phone, no call-back.
    #[serde(default)]
    pub anonymous: String,
    /// Optional: where the resident is also told of progress by e-mail.
    #[serde(default)]
    pub email: String,
}

/// A validated intake.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub kind: CaseKind,
    pub channel: Channel,
    pub title: String,
    pub description: String,
    pub address: String,
    pub point: Option<GeoPoint>,
    /// Empty for an anonymous report.
    pub resident_name: String,
    /// None for an anonymous report and for a letter that gave no phone.
    pub phone: Option<PhoneNumber>,
    /// An anonymous report (举报): accepted without a name or phone; nobody calls back.
    pub anonymous: bool,
    /// The reporter's identity is shown only to the hotline centre's seats (举报 always; any case on request).
    pub confidential: bool,
    /// Where progress is also sent by e-mail (never for an anonymous report).
    pub email: Option<String>,
}

impl CaseInput {
    /// Validates a submission. `allowed_kinds` is `CaseKind::PUBLIC` for residents.
    pub fn validate(
        &self,
        channel: Channel,
        allowed_kinds: &[CaseKind],
    ) -> Result<NewCase, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let kind = match CaseKind::parse(self.kind.trim()) {
            Some(k) if allowed_kinds.contains(&k) => Some(k),
            _ if self.kind.trim().is_empty() => {
                errors.add("kind", "required");
                None
            }
            _ => {
                errors.add("kind", "invalid_choice");
                None
            }
        };
        let title = validation::text(&mut errors, "title", &self.title, true, 100);
        let description = validation::text(
            &mut errors,
            "description",
            &self.description,
            true,
            MAX_DESCRIPTION_CHARS,
        );
        let address = validation::text(&mut errors, "address", &self.address, true, 200);
        let point = crate::org::parse_point(&mut errors, &self.lat, &self.lon);
        let anonymous = matches!(self.anonymous.trim(), "true" | "on" | "1");
        if anonymous && kind.is_some() && kind != Some(CaseKind::Report) {
            errors.add("anonymous", "anonymous_reports_only");
        }
        // An anonymous report has no name or phone; a letter may come without a phone (the answer goes by post).
        let resident_name = validation::text(&mut errors, "name", &self.name, !anonymous, 50);
        let phone = if self.phone.trim().is_empty() {
            if !anonymous && channel != Channel::Letter {
                errors.add("phone", "required");
            }
            None
        } else {
            let p = PhoneNumber::parse(self.phone.trim());
            if p.is_none() {
                errors.add("phone", "phone_invalid");
            }
            p
        };
        let email = match self.email.trim() {
            "" => None,
            e if crate::notify::valid_email(e) => Some(e.to_owned()),
            _ => {
                errors.add("email", "email_invalid");
                None
            }
        };
        errors.into_result(|| NewCase {
            email: if anonymous { None } else { email },
            kind: kind.expect("checked"),
            channel,
            title,
            description,
            address,
            point,
            resident_name: if anonymous {
                String::new()
            } else {
                resident_name
            },
            phone: if anonymous { None } else { phone },
            anonymous,
            confidential: kind == Some(CaseKind::Report),
        })
    }
}

/// A case as stored, with everything staff may see (subject to phone masking).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    pub id: CaseId,
    pub case_no: CaseNo,
    pub kind: CaseKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub title: String,
    pub description: String,
    pub address: String,
    pub point: Option<GeoPoint>,
    pub resident_name: String,
    /// The full number as stored; show `mask_phone` of it unless the viewer calls residents.
    pub phone: String,
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub accountable_unit_id: Option<UnitId>,
    pub agent_id: Option<UserId>,
    pub received_at: Millis,
    pub created_at: Millis,
    /// Dispatch-catalogue category and the catalogue version the case was routed by.
    pub category_code: Option<String>,
    pub catalogue_version: Option<i64>,
    pub tier: Option<crate::catalogue::Tier>,
    /// Why the case went where it went, as JSON (see `lifecycle::RoutingReason`).
    pub routing_reason: String,
    pub contact_due_at: Option<Millis>,
    pub handle_due_at: Option<Millis>,
    /// The handling deadline rests on a year whose holiday schedule is not loaded yet.
    pub handle_due_provisional: bool,
    /// Set when a dispatcher fixed the due date by hand, with the reason.
    pub manual_due_reason: Option<String>,
    pub contacted_at: Option<Millis>,
    pub accepted_at: Option<Millis>,
    pub paused_at: Option<Millis>,
    pub closed_at: Option<Millis>,
    pub outcome: Option<Outcome>,
    pub outcome_note: String,
    pub send_back_pending: bool,
    /// 首接负责: the unit asked to escalate and a dispatcher has not decided yet.
    pub escalation_pending: bool,
    /// The reporter's identity is hidden from the units handling the case.
    pub confidential: bool,
    /// An anonymous report: no name, no phone, no call-back.
    pub anonymous: bool,
    /// The place was read from the typed address by the gazetteer: a guess until a dispatcher confirms it.
    pub place_guessed: bool,
    /// A request waiting for a dispatcher's or a reviewer's decision.
    pub request_pending: Option<PendingRequest>,
    /// Petitions: when it was accepted (受理); the 60 days count from here.
    pub petition_accepted_at: Option<Millis>,
    /// Petitions: the written answer of the current level, and when it was issued.
    pub petition_answer: Option<PetitionAnswer>,
    pub petition_answered_at: Option<Millis>,
    /// Petitions: 0 first handling, 1 review (复查), 2 re-review (复核).
    pub review_level: i64,
    /// 督办: a leader asked the holder to answer by this instant.
    pub supervision_due: Option<Millis>,
    pub merged_into: Option<CaseId>,
    /// How many times the resident reopened the case (at most once).
    pub reopen_count: i64,
    /// The case is being redone (重办) after a reopen.
    pub redo: bool,
    /// Petitions: the agent step reached (0 = none yet, 1–6).
    pub petition_step: i64,
    /// Petitions: the one 30-day extension was used.
    pub extended: bool,
    /// The verdict of the current round, if given.
    pub resolved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    /// Optimistic-concurrency version: every change bumps it; a change made from a stale read is refused.
    pub version: i64,
}

impl Case {
    /// A case as it is right after intake, before any routing: status `received`, version 1.
    pub fn received(
        id: CaseId,
        case_no: CaseNo,
        new: &NewCase,
        place: crate::org::CasePlace,
        received_at: Millis,
        created_at: Millis,
    ) -> Case {
        Case {
            id,
            case_no,
            kind: new.kind,
            channel: new.channel,
            status: CaseStatus::Received,
            title: new.title.clone(),
            description: new.description.clone(),
            address: new.address.clone(),
            point: new.point,
            resident_name: new.resident_name.clone(),
            phone: new
                .phone
                .as_ref()
                .map(|p| p.expose().to_owned())
                .unwrap_or_default(),
            street_id: place.street_id,
            community_id: place.community_id,
            accountable_unit_id: place.accountable_unit_id,
            agent_id: None,
            received_at,
            created_at,
            category_code: None,
            catalogue_version: None,
            tier: None,
            routing_reason: String::new(),
            contact_due_at: None,
            handle_due_at: None,
            handle_due_provisional: false,
            manual_due_reason: None,
            contacted_at: None,
            accepted_at: None,
            paused_at: None,
            closed_at: None,
            outcome: None,
            outcome_note: String::new(),
            send_back_pending: false,
            escalation_pending: false,
            confidential: new.confidential,
            anonymous: new.anonymous,
            place_guessed: place.guessed,
            request_pending: None,
            petition_accepted_at: None,
            petition_answer: None,
            petition_answered_at: None,
            review_level: 0,
            supervision_due: None,
            merged_into: None,
            reopen_count: 0,
            redo: false,
            petition_step: 0,
            extended: false,
            resolved: None,
            satisfaction: None,
            version: 1,
        }
    }

    pub fn place(&self) -> crate::org::CasePlace {
        crate::org::CasePlace {
            street_id: self.street_id,
            community_id: self.community_id,
            accountable_unit_id: self.accountable_unit_id,
            guessed: self.place_guessed,
        }
    }
}

/// What happened to a case, in one timeline. `public` entries are shown to the resident; the rest only to staff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub at: Millis,
    /// A stable code (`submitted`, ...) the pages translate.
    pub event: String,
    pub public: bool,
    /// Who acted: a staff member's display name, or none for the resident or the system.
    pub actor: Option<String>,
    pub note: String,
    /// Structured detail as JSON text: a handover's `from` and `to`, a rating, a due date.
    pub data: String,
}

/// What anyone holding the case number and the phone's last four digits may see.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCaseView {
    pub case_no: CaseNo,
    pub kind: CaseKind,
    pub status: CaseStatus,
    pub title: String,
    pub received_at: Millis,
    pub timeline: Vec<TimelineEntry>,
    /// When the case was merged into another, the surviving case's number (the resident follows that one).
    pub merged_into: Option<CaseNo>,
    /// The resident may rate now (closed, not yet rated this round).
    pub can_rate: bool,
    /// The resident may ask for a redo now (rated 不满意 this round, waiting for the dispatcher's decision).
    pub can_reopen: bool,
    /// A petitioner may ask the organ above for review (复查) or re-review (复核) now.
    pub can_review: bool,
    /// Petitions: the written answer of the current level and when it was issued; 0 first handling, 1 复查, 2 复核.
    pub petition_answer: Option<PetitionAnswer>,
    pub petition_answered_at: Option<Millis>,
    pub review_level: i64,
    pub satisfaction: Option<Satisfaction>,
    pub resolved: Option<bool>,
    pub handle_due_at: Option<Millis>,
    pub notice: String,
    /// When the current round was closed (the verdict window counts from it).
    pub closed_at: Option<Millis>,
    /// The unit handling the case now, by name.
    pub unit_name: Option<String>,
    /// Files staff marked public (photos of the repair, a written answer).
    pub attachments: Vec<PublicAttachment>,
    /// Where the mediation stands, when the case has one (filed, mediating, agreed, confirmed, referred…).
    pub dispute_stage: Option<crate::dispute::Stage>,
}

/// A public attachment as the resident sees it listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicAttachment {
    pub id: String,
    pub filename: String,
    pub size: i64,
}

/// Checks the four digits a resident types on the tracking page.
pub fn parse_last4(raw: &str) -> Option<String> {
    let s = raw.trim();
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good_input() -> CaseInput {
        CaseInput {
            kind: "complaint".into(),
            title: "夜间施工噪音扰民".into(),
            description: "杨庄东街工地每晚十一点后仍在施工。".into(),
            address: "八角街道杨庄东街12号".into(),
            lat: "39.915".into(),
            lon: "116.195".into(),
            name: "王女士".into(),
            phone: "139 1234 5678".into(),
            anonymous: String::new(),
            email: String::new(),
        }
    }

    #[test]
    fn anonymous_reports_and_letters_without_a_phone_are_accepted() {
        let anonymous = CaseInput {
            kind: "report".into(),
            name: "".into(),
            phone: "".into(),
            anonymous: "on".into(),
            ..good_input()
        };
        let case = anonymous
            .validate(Channel::Hotline, &CaseKind::ALL)
            .unwrap();
        assert!(
            case.anonymous
                && case.phone.is_none()
                && case.resident_name.is_empty()
                && case.confidential
        );
        let not_a_report = CaseInput {
            kind: "complaint".into(),
            anonymous: "on".into(),
            ..good_input()
        };
        assert_eq!(
            not_a_report
                .validate(Channel::Web, &CaseKind::PUBLIC)
                .unwrap_err()
                .code_for("anonymous"),
            Some("anonymous_reports_only")
        );
        let letter = CaseInput {
            phone: "".into(),
            ..good_input()
        };
        assert!(
            letter
                .clone()
                .validate(Channel::Letter, &CaseKind::ALL)
                .unwrap()
                .phone
                .is_none(),
            "a letter may come without a phone"
        );
        assert_eq!(
            letter
                .validate(Channel::Web, &CaseKind::PUBLIC)
                .unwrap_err()
                .code_for("phone"),
            Some("required")
        );
        let landline = CaseInput {
            phone: "010-6888 1234".into(),
            ..good_input()
        };
        assert!(
            landline
                .validate(Channel::Hotline, &CaseKind::ALL)
                .unwrap()
                .phone
                .unwrap()
                .is_landline()
        );
    }

    #[test]
    fn a_well_formed_submission_is_accepted() {
        let case = good_input()
            .validate(Channel::Web, &CaseKind::PUBLIC)
            .unwrap();
        assert_eq!(case.kind, CaseKind::Complaint);
        assert_eq!(case.phone.as_ref().map(|p| p.expose()), Some("13912345678"));
        assert_eq!(case.point.unwrap().lat, 39.915);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = CaseInput {
            kind: "whistle".into(),
            title: " ".into(),
            description: "字".repeat(MAX_DESCRIPTION_CHARS + 1),
            address: "".into(),
            lat: "48.85".into(),
            lon: "2.35".into(),
            name: "".into(),
            phone: "12345".into(),
            anonymous: String::new(),
            email: "wang@".into(),
        };
        let e = input.validate(Channel::Web, &CaseKind::PUBLIC).unwrap_err();
        let codes: Vec<_> = e.0.iter().map(|f| (f.field.as_ref(), f.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("kind", "invalid_choice"),
                ("title", "required"),
                ("description", "too_long"),
                ("address", "required"),
                ("lat", "outside_china"),
                ("name", "required"),
                ("phone", "phone_invalid"),
                ("email", "email_invalid"),
            ]
        );
    }

    #[test]
    fn an_empty_description_is_refused_and_4000_characters_are_fine() {
        let mut input = good_input();
        input.description = "  \n ".into();
        assert_eq!(
            input
                .validate(Channel::Web, &CaseKind::PUBLIC)
                .unwrap_err()
                .code_for("description"),
            Some("required")
        );
        input.description = "字".repeat(MAX_DESCRIPTION_CHARS);
        assert!(input.validate(Channel::Web, &CaseKind::PUBLIC).is_ok());
    }

    #[test]
    fn phone_numbers_are_normalised_masked_and_never_debug_printed() {
        let p = PhoneNumber::parse("+86 139-1234-5678").unwrap();
        assert_eq!(p.expose(), "13912345678");
        assert_eq!(p.masked(), "139****5678");
        assert_eq!(p.last4(), "5678");
        assert_eq!(format!("{p:?}"), "PhoneNumber(139****5678)");
        for bad in [
            "12912345678",
            "1391234567",
            "139123456789",
            "1391234567a",
            "00-68871234",
            "010-123",
            "0108887123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn fixed_lines_with_their_area_code_are_phone_numbers_too() {
        let beijing = PhoneNumber::parse("010-68871234").unwrap();
        assert_eq!(
            (beijing.expose(), beijing.last4(), beijing.masked()),
            ("01068871234", "1234", "010****1234".into())
        );
        assert!(beijing.is_landline() && !PhoneNumber::parse("13912345678").unwrap().is_landline());
        let shenzhen = PhoneNumber::parse("(0755) 1234 5678").unwrap();
        assert_eq!(
            (shenzhen.expose(), shenzhen.last4()),
            ("075512345678", "5678")
        );
        assert!(
            PhoneNumber::parse("0311-1234567").is_some(),
            "four-digit area code, seven-digit number"
        );
    }

    #[test]
    fn case_numbers_are_fourteen_digits() {
        assert_eq!(CaseNo::new(20261127, 17).as_str(), "20261127000017");
        assert_eq!(
            CaseNo::parse("20261127-000017").unwrap().as_str(),
            "20261127000017"
        );
        assert!(CaseNo::parse("2026112700001").is_none());
        assert!(CaseNo::parse("2026112700001x").is_none());
        assert_eq!(parse_last4("5678").as_deref(), Some("5678"));
        assert!(parse_last4("567").is_none());
    }
}
