//! Online diversified dispute resolution (在线矛盾纠纷多元化解) on the case spine: a dispute is a case of kind 纠纷 with
//! a mediation record beside it. Its parties, the structured evaluation that recommends a channel, the choice of a
//! mediation organisation and mediator (by the applicant, or from a ranked proposal), the respondent's consent, the
//! sessions, the outcome (an agreement with its terms, or a failure with its reason), and the court's side: judicial
//! confirmation of an agreement and the hand-off of a failed mediation to litigation.
//!
//! The clocks follow the law and practice: the respondent answers within days (silence ends mediation); people's
//! mediation has 30 days by default, extendable with both parties' consent; a party applies for judicial confirmation
//! within 30 days of the agreement (人民调解法 art. 33); the court accepts or refuses within 3 days and rules within
//! 15, extendable by 10 with approval (最高人民法院关于人民调解协议司法确认程序的若干规定). Every clock counts calendar
//! days, like the law.

use serde::Serialize;

use crate::Millis;
use crate::calendar::Calendar;
use crate::org::{UnitId, UserId};

/// Days from an agreement within which a party may apply for judicial confirmation.
pub const CONFIRMATION_APPLY_DAYS: i64 = 30;
/// Days the court has to accept or refuse an application.
pub const COURT_ACCEPT_DAYS: i64 = 3;
/// Days the court has to rule once it accepted, and the one extension its president may approve.
pub const COURT_RULE_DAYS: i64 = 15;
pub const COURT_RULE_EXTENSION_DAYS: i64 = 10;
/// The time limit of a court-delegated pre-suit mediation (委派调解).
pub const DELEGATED_DAYS: i64 = 30;
/// The most a mediation may be extended, in days, with both parties' consent.
pub const MAX_EXTENSION_DAYS: i64 = 30;

const DAY: Millis = 86_400_000;

/// The dispute types the district ships (data: the `dispute_types` table): code, name, and the professional field
/// whose body takes them (`""`: none, people's mediation).
pub const TYPES: [(&str, &str, &str); 9] = [
    ("neighbour", "邻里纠纷", ""),
    ("family", "婚姻家庭纠纷", "family"),
    ("property", "物业纠纷", "property"),
    ("labour", "劳动争议", "labour"),
    ("consumer", "消费纠纷", ""),
    ("medical", "医疗纠纷", "medical"),
    ("traffic", "交通事故纠纷", "traffic"),
    ("tenancy", "房屋租赁纠纷", ""),
    ("other", "其他纠纷", ""),
];

coded!(
    /// A party's place in the dispute.
    PartyRole { Applicant = "applicant", Respondent = "respondent", Other = "other" }
);

coded!(
    /// Where a dispute stands.
    Stage {
        /// Filed, waiting for a staff evaluation.
        Filed = "filed",
        /// Evaluated: a mediation channel confirmed, waiting for an organisation and a mediator.
        Evaluated = "evaluated",
        /// A mediator chosen; the respondent has been told and has not answered yet.
        AwaitingConsent = "awaiting_consent",
        /// Both parties agreed to mediate: sessions until an agreement or a failure.
        Mediating = "mediating",
        /// An agreement, confirmed by both parties.
        Agreed = "agreed",
        /// Mediation ended without an agreement (declined, no answer, no agreement, out of time, withdrawn).
        Failed = "failed",
        /// Sent elsewhere at evaluation: arbitration or the court.
        Referred = "referred",
        /// A party applied for judicial confirmation; the court decides whether to accept.
        ConfirmationApplied = "confirmation_applied",
        /// The court accepted the application and rules within its days.
        ConfirmationAccepted = "confirmation_accepted",
        /// The court confirmed the agreement: enforceable like a judgment.
        Confirmed = "confirmed",
        /// The court refused the application or ruled the agreement not confirmed.
        NotConfirmed = "not_confirmed",
        /// The file went to the court for litigation; its case number and result come back.
        Litigation = "litigation",
        /// The court's result came back.
        Judged = "judged",
    }
);

coded!(
    /// The channel an evaluation recommends or confirms.
    Channel {
        /// 人民调解 (the street's people's mediation committee).
        Peoples = "peoples",
        /// 行业性专业性调解 (medical, property, labour, traffic, family bodies).
        Professional = "professional",
        /// 律师调解.
        Lawyer = "lawyer",
        /// 仲裁 (labour arbitration is required before a labour suit).
        Arbitration = "arbitration",
        /// 诉讼.
        Court = "court",
    }
);

impl Channel {
    /// Channels that are mediations on this platform.
    pub fn mediates(self) -> bool {
        matches!(
            self,
            Channel::Peoples | Channel::Professional | Channel::Lawyer
        )
    }
}

coded!(
    /// What the evaluator saw that could make the dispute escalate.
    Risk {
        /// Threats of violence or self-harm.
        Threats = "threats",
        /// Many people involved (群体性).
        ManyPeople = "many_people",
        /// A vulnerable party (elderly, disabled, minor, seriously ill).
        Vulnerable = "vulnerable",
        /// The parties have clashed before or the dispute has been raised repeatedly.
        Repeated = "repeated",
    }
);

coded!(
    /// Legal complexity as judged by the evaluator.
    Complexity { Low = "low", Medium = "medium", High = "high" }
);

coded!(
    /// How urgent the dispute is.
    Urgency { Normal = "normal", Urgent = "urgent" }
);

coded!(
    /// Who chose the mediator.
    ChosenBy {
        /// The applicant chose the organisation and mediator.
        Applicant = "applicant",
        /// The applicant (or staff for them) took the system's first proposal.
        Proposal = "proposal",
    }
);

coded!(
    /// Why a mediation failed.
    Failure {
        /// The respondent declined to mediate.
        Declined = "declined",
        /// The respondent did not answer within the deadline.
        NoReply = "no_reply",
        /// The parties did not agree.
        NoAgreement = "no_agreement",
        /// The mediation's time ran out.
        TimedOut = "timed_out",
        /// The applicant withdrew.
        Withdrawn = "withdrawn",
    }
);

coded!(
    /// Whether an ended dispute is in the public library: the editor (its mediator, or a mediator of its organisation)
    /// published it after reviewing the anonymised text, or withheld it.
    Publication { Published = "published", Withheld = "withheld" }
);

coded!(
    /// How a session is held.
    SessionMode { InPerson = "in_person", Video = "video" }
);

coded!(
    /// Who a mediation organisation is.
    OrgCategory {
        /// 人民调解委员会 of a street.
        Peoples = "peoples",
        /// 行业性专业性调解组织.
        Professional = "professional",
        /// 律师调解工作室.
        Lawyer = "lawyer",
    }
);

impl OrgCategory {
    pub fn channel(self) -> Channel {
        match self {
            OrgCategory::Peoples => Channel::Peoples,
            OrgCategory::Professional => Channel::Professional,
            OrgCategory::Lawyer => Channel::Lawyer,
        }
    }
}

/// A party as stored. Name and phone are personal data: never logged; phones are shown masked to all but the
/// mediator and those who call residents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    pub role: PartyRole,
    pub kind: crate::enforcement::PartyKind,
    pub name: String,
    pub phone: String,
}

/// One term of an agreement: what, how much (fen, exact), by when (a Beijing date `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Term {
    pub text: String,
    pub amount_fen: Option<i64>,
    pub due_date: Option<String>,
    /// When the mediator found it performed (人民调解法 art. 31: the committee supervises performance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performed_at: Option<Millis>,
    /// The mediator's last follow-up that found it not yet performed, and what was said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed_up_at: Option<Millis>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up_note: String,
}

impl Term {
    /// Not performed and its day has passed (`today` a Beijing date `YYYY-MM-DD`): the mediator follows it up.
    pub fn overdue(&self, today: &str) -> bool {
        self.performed_at.is_none() && self.due_date.as_deref().is_some_and(|d| d < today)
    }
}

/// A mediation session. Minutes are for the parties; each side's private notes are for the mediator alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub id: String,
    pub scheduled_at: Millis,
    pub mode: SessionMode,
    pub place: String,
    pub video_link: String,
    pub minutes: String,
    pub private_applicant: String,
    pub private_respondent: String,
    pub held_at: Option<Millis>,
}

/// How similar past disputes ended: how many ended, how many with an agreement, the median days to the end.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Similar {
    pub ended: i64,
    pub settled: i64,
    pub median_days: Option<f64>,
}

/// A dispute's mediation record as stored (the case itself is on the spine).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispute {
    pub case_id: String,
    pub dispute_type: String,
    pub street_id: Option<UnitId>,
    /// `filed` (by a party or staff), `converted` (an earlier case), `court_delegated` (委派调解).
    pub source: String,
    pub amount_fen: Option<i64>,
    pub facts: String,
    pub claims: String,
    pub stage: Stage,
    pub filed_at: Millis,
    pub urgency: Option<Urgency>,
    pub risks: Vec<Risk>,
    pub complexity: Option<Complexity>,
    pub recommended: Option<Channel>,
    pub channel: Option<Channel>,
    pub channel_reason: String,
    pub evaluated_at: Option<Millis>,
    /// Who evaluated (评估): the member of staff who chose the channel.
    pub evaluated_by: Option<UserId>,
    pub org_id: Option<UnitId>,
    pub mediator_id: Option<UserId>,
    pub chosen_by: Option<ChosenBy>,
    pub consent_due_at: Option<Millis>,
    pub consented_at: Option<Millis>,
    pub mediation_due_at: Option<Millis>,
    pub extended_days: i64,
    pub ended_at: Option<Millis>,
    pub failure: Option<Failure>,
    pub failure_note: String,
    pub terms: Vec<Term>,
    pub agreement_text: String,
    pub rating: Option<i64>,
    /// Each party's signature of the agreement; it takes effect when both (and the mediator, who records the
    /// agreement) have signed (人民调解法 art. 29).
    pub signed_by_applicant_at: Option<Millis>,
    pub signed_by_respondent_at: Option<Millis>,
    pub effective_at: Option<Millis>,
    /// Each party's application for judicial confirmation; the application is made when both have applied (人民调解法
    /// art. 33, 民事诉讼法 art. 205: 双方当事人…共同向人民法院申请).
    pub applied_by_applicant_at: Option<Millis>,
    pub applied_by_respondent_at: Option<Millis>,
    pub confirmation_applied_at: Option<Millis>,
    pub confirmation_accept_due_at: Option<Millis>,
    pub confirmation_accepted_at: Option<Millis>,
    pub confirmation_rule_due_at: Option<Millis>,
    pub confirmation_extended: bool,
    pub confirmation_ruled_at: Option<Millis>,
    pub court_no: String,
    pub litigation_at: Option<Millis>,
    pub court_result: String,
    /// The facts anonymised for the public library: a draft written when the mediation ends, the editor's text once
    /// published.
    pub library_text: String,
    /// In the library only once the editor has published it.
    pub publication: Option<Publication>,
    pub published_at: Option<Millis>,
    /// A party asked that the dispute not be published: it never is.
    pub withhold_asked: bool,
    pub version: i64,
}

impl Dispute {
    /// A dispute as filed: nothing evaluated yet. A court-delegated one starts with its own 30 days.
    pub fn filed(case_id: String, dispute_type: &str, source: &str, at: Millis) -> Dispute {
        Dispute {
            case_id,
            dispute_type: dispute_type.to_owned(),
            street_id: None,
            source: source.to_owned(),
            amount_fen: None,
            facts: String::new(),
            claims: String::new(),
            stage: Stage::Filed,
            filed_at: at,
            urgency: None,
            risks: Vec::new(),
            complexity: None,
            recommended: None,
            channel: None,
            channel_reason: String::new(),
            evaluated_at: None,
            evaluated_by: None,
            org_id: None,
            mediator_id: None,
            chosen_by: None,
            consent_due_at: None,
            consented_at: None,
            mediation_due_at: (source == "court_delegated").then_some(at + DELEGATED_DAYS * DAY),
            extended_days: 0,
            ended_at: None,
            failure: None,
            failure_note: String::new(),
            terms: Vec::new(),
            agreement_text: String::new(),
            rating: None,
            signed_by_applicant_at: None,
            signed_by_respondent_at: None,
            effective_at: None,
            applied_by_applicant_at: None,
            applied_by_respondent_at: None,
            confirmation_applied_at: None,
            confirmation_accept_due_at: None,
            confirmation_accepted_at: None,
            confirmation_rule_due_at: None,
            confirmation_extended: false,
            confirmation_ruled_at: None,
            court_no: String::new(),
            litigation_at: None,
            court_result: String::new(),
            library_text: String::new(),
            publication: None,
            published_at: None,
            withhold_asked: false,
            version: 1,
        }
    }
}

/// The draft the public library shows of a dispute: its facts anonymised, at most 300 characters.
pub fn library_text(facts: &str, parties: &[Party]) -> String {
    anonymised(facts, parties).chars().take(300).collect()
}

/// A text about a dispute anonymised for the public: the parties named by their roles, and nothing that identifies,
/// reaches or locates anyone (see [`crate::anonymise`]).
pub fn anonymised(text: &str, parties: &[Party]) -> String {
    let roles: Vec<(&str, &str)> = parties
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                match p.role {
                    PartyRole::Applicant => "申请人",
                    PartyRole::Respondent => "被申请人",
                    PartyRole::Other => "第三人",
                },
            )
        })
        .collect();
    crate::anonymise::anonymise(text, &roles)
}

impl Dispute {
    /// The deadline running now, if any, with what it is for (`consent`, `mediation`, `court_accept`, `court_rule`).
    pub fn running_clock(&self) -> Option<(&'static str, Millis)> {
        match self.stage {
            Stage::AwaitingConsent => self.consent_due_at.map(|d| ("consent", d)),
            Stage::Mediating => self.mediation_due_at.map(|d| ("mediation", d)),
            Stage::ConfirmationApplied => {
                self.confirmation_accept_due_at.map(|d| ("court_accept", d))
            }
            Stage::ConfirmationAccepted => self.confirmation_rule_due_at.map(|d| ("court_rule", d)),
            _ => None,
        }
    }
}

error_codes! {
    /// What a rule refused, in business words; `code()` is stable for the API and the messages.
    DisputeError {
        #[error("the dispute is not at the stage for this")]
        WrongStage = "wrong_stage",
        #[error("only the dispute's mediator does this")]
        NotTheMediator = "not_the_mediator",
        #[error("only the court's staff do this")]
        CourtOnly = "court_only",
        #[error("the mediator does not take disputes of this type or area")]
        MediatorUnsuitable = "mediator_unsuitable",
        #[error("a channel other than the recommended one needs a reason")]
        ReasonRequired = "reason_required",
        #[error("the application for judicial confirmation is more than 30 days after the agreement took effect")]
        ConfirmationTooLate = "confirmation_too_late",
        #[error("the agreement takes effect when both parties have signed it")]
        AgreementNotEffective = "agreement_not_effective",
        #[error("this party has already signed, or already applied")]
        AlreadyDone = "already_done",
        #[error("only the applicant and the respondent sign and apply")]
        NotAParty = "not_a_party",
        #[error("the court's time to rule was extended once already")]
        RulingExtensionUsed = "ruling_extension_used",
        #[error("the agreement has no such term")]
        NoSuchTerm = "no_such_term",
        #[error("the mediation cannot be extended further")]
        ExtensionTooLong = "extension_too_long",
        #[error("an agreement needs at least one term")]
        NoTerms = "no_terms",
        #[error("the mediation was rated already")]
        AlreadyRated = "already_rated",
        #[error("the case is already a dispute")]
        AlreadyDispute = "already_dispute",
        #[error("only an ended dispute goes to the library")]
        NotEnded = "not_ended",
        #[error("a dispute the respondent refused or never answered was not mediated and is not published")]
        NotPublishable = "not_publishable",
        #[error("a party asked that the dispute not be published")]
        WithholdAsked = "withhold_asked",
    }
}

impl DisputeError {
    pub fn is_permission(self) -> bool {
        matches!(self, DisputeError::NotTheMediator | DisputeError::CourtOnly)
    }
    /// A refusal about the input rather than the state (answered 422 with the field).
    pub fn field(self) -> Option<&'static str> {
        match self {
            DisputeError::ReasonRequired => Some("reason"),
            DisputeError::NoTerms => Some("terms"),
            DisputeError::ExtensionTooLong => Some("days"),
            DisputeError::MediatorUnsuitable => Some("mediator_id"),
            _ => None,
        }
    }
}

/// Whether an ended dispute may be published in the library (`publish`) or withheld. A dispute the respondent declined
/// or never answered was never mediated (人民调解法 art. 17: mediation needs both parties' consent) and is not
/// published; one a party asked to withhold is not either (个人信息保护法 art. 13–15: the party's consent to
/// publishing is withdrawn). Withholding is always possible once it has ended: an entry can be taken down.
pub fn publication(d: &Dispute, publish: bool) -> Result<Publication, DisputeError> {
    if d.ended_at.is_none() {
        return Err(DisputeError::NotEnded);
    }
    if !publish {
        return Ok(Publication::Withheld);
    }
    if matches!(d.failure, Some(Failure::Declined | Failure::NoReply)) {
        return Err(DisputeError::NotPublishable);
    }
    if d.withhold_asked {
        return Err(DisputeError::WithholdAsked);
    }
    Ok(Publication::Published)
}

fn at(d: &Dispute, want: &[Stage]) -> Result<(), DisputeError> {
    if want.contains(&d.stage) {
        Ok(())
    } else {
        Err(DisputeError::WrongStage)
    }
}

/// What an evaluation looks at: the type's professional field (`""` when none), the amount, the risks seen and the
/// legal complexity.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationInput<'a> {
    pub field: &'a str,
    pub amount_fen: Option<i64>,
    pub risks: &'a [Risk],
    pub complexity: Complexity,
}

/// Amounts above this go to a lawyer mediator (500,000 yuan); above the next, to the court (5,000,000 yuan).
pub const LAWYER_AMOUNT_FEN: i64 = 50_000_000;
pub const COURT_AMOUNT_FEN: i64 = 500_000_000;

/// The channel the evaluation recommends, with the rule that decided it (for the evaluator to read):
/// - labour disputes never go to the court first (劳动仲裁前置: a labour suit needs an award): complex or very large
///   ones to arbitration, the others to labour mediation (15 days, then arbitration);
/// - very large amounts go to the court, which can also preserve assets;
/// - high legal complexity or a large amount goes to a lawyer mediator;
/// - a type with a professional body (medical, property, labour, traffic, family) goes to that body;
/// - everything else to the street's people's mediation committee, which is also where threats and many people are
///   handled first, close to the parties.
pub fn recommend(input: &EvaluationInput<'_>) -> (Channel, &'static str) {
    let amount = input.amount_fen.unwrap_or(0);
    // A labour dispute goes to arbitration before any suit, whatever its amount (劳动争议调解仲裁法 art. 5); it may be
    // mediated first by a labour dispute mediation body (art. 10), whose 15 days end in arbitration (art. 14).
    if input.field == "labour" {
        return if input.complexity == Complexity::High || amount > COURT_AMOUNT_FEN {
            (Channel::Arbitration, "labour_arbitration_first")
        } else {
            (Channel::Professional, "labour_mediation_then_arbitration")
        };
    }
    if amount > COURT_AMOUNT_FEN {
        return (Channel::Court, "amount_over_court_threshold");
    }
    if input.risks.contains(&Risk::Threats) || input.risks.contains(&Risk::ManyPeople) {
        return (Channel::Peoples, "risk_handled_locally");
    }
    if input.complexity == Complexity::High || amount > LAWYER_AMOUNT_FEN {
        return (Channel::Lawyer, "complex_or_large");
    }
    if !input.field.is_empty() {
        return (Channel::Professional, "professional_body");
    }
    (Channel::Peoples, "everyday_dispute")
}

/// Records an evaluation. A channel other than the recommendation needs the evaluator's reason. A channel that does
/// not mediate here refers the dispute on (stage `referred`).
pub fn evaluate(
    d: &Dispute,
    recommended: Channel,
    chosen: Channel,
    reason: &str,
) -> Result<Stage, DisputeError> {
    at(d, &[Stage::Filed, Stage::Evaluated])?;
    if chosen != recommended && reason.trim().is_empty() {
        return Err(DisputeError::ReasonRequired);
    }
    Ok(if chosen.mediates() {
        Stage::Evaluated
    } else {
        Stage::Referred
    })
}

/// A mediator as the proposal sees them: where they work, what they take, their load and record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub user_id: UserId,
    pub name: String,
    pub org_id: UnitId,
    pub org_name: String,
    pub category: OrgCategory,
    /// The organisation's street (`None`: the whole district).
    pub street_id: Option<UnitId>,
    /// Dispute types taken (empty: every type).
    pub fields: Vec<String>,
    /// Open mediations now.
    pub load: i64,
    /// Mediations ended, and how many of them with an agreement.
    pub ended: i64,
    pub settled: i64,
    pub median_days: Option<i64>,
    /// Mean party rating ×100 (1–5 stars), and how many ratings.
    pub rating_x100: Option<i64>,
    pub ratings: i64,
}

impl Candidate {
    pub fn takes(&self, dispute_type: &str) -> bool {
        self.fields.is_empty() || self.fields.iter().any(|f| f == dispute_type)
    }
    /// Serves the place: a district-wide organisation serves every street.
    pub fn serves(&self, street: Option<UnitId>) -> bool {
        self.street_id.is_none() || street.is_none() || self.street_id == street
    }
    /// The settled share with a prior of 3 settled in 4 (a new mediator starts near the district's typical record,
    /// not at 0 or 100%), ×1000.
    pub fn settled_share_smoothed(&self) -> i64 {
        (self.settled + 3) * 1000 / (self.ended + 4)
    }
}

/// A ranked proposal: the candidate and its score (higher first) with what made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub candidate: Candidate,
    pub score: i64,
    pub reasons: Vec<&'static str>,
}

/// The mediators who take this type and serve this place, best first: the channel's own organisations first (a
/// professional body for a professional channel, the street's committee for people's mediation, a studio for lawyer
/// mediation), then the record (settled share, smoothed), then ratings, then the lightest load; ties by name, so the
/// order is stable.
pub fn propose(
    dispute_type: &str,
    street: Option<UnitId>,
    channel: Option<Channel>,
    candidates: &[Candidate],
    limit: usize,
) -> Vec<Proposal> {
    let mut out: Vec<Proposal> = candidates
        .iter()
        .filter(|c| c.takes(dispute_type) && c.serves(street))
        .map(|c| {
            let mut score = 0;
            let mut reasons = Vec::new();
            if channel == Some(c.category.channel()) {
                score += 4000;
                reasons.push("channel");
            }
            if !c.fields.is_empty() {
                score += 1000;
                reasons.push("field");
            }
            if c.street_id.is_some() && c.street_id == street {
                score += 1000;
                reasons.push("area");
            }
            score += c.settled_share_smoothed();
            reasons.push("record");
            if let Some(r) = c.rating_x100 {
                score += (r - 300) * 2;
            }
            score -= 50 * c.load;
            if c.load < 5 {
                reasons.push("light_load");
            }
            Proposal {
                candidate: c.clone(),
                score,
                reasons,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.candidate.name.cmp(&b.candidate.name))
    });
    out.truncate(limit);
    out
}

/// The applicant (or staff for them) chooses a mediator, or takes the first proposal: the respondent is told and has
/// `consent_days` to answer. A court-delegated mediation needs no consent round (the parties were sent by the court):
/// it starts at once, on the delegation's 30 days.
pub fn choose(
    d: &Dispute,
    candidate: &Candidate,
    consent_days: i64,
    now: Millis,
) -> Result<(Stage, Option<Millis>), DisputeError> {
    at(d, &[Stage::Evaluated])?;
    if !candidate.takes(&d.dispute_type) || !candidate.serves(d.street_id) {
        return Err(DisputeError::MediatorUnsuitable);
    }
    if d.source == "court_delegated" {
        return Ok((Stage::Mediating, None));
    }
    Ok((Stage::AwaitingConsent, Some(now + consent_days * DAY)))
}

/// The respondent's answer: consent starts the mediation's clock (`mediation_days`; a court-delegated one keeps its
/// 30 days from delegation); a refusal ends mediation (the court path stays open).
pub fn consent(
    d: &Dispute,
    agrees: bool,
    period: MediationPeriod,
    calendar: &Calendar,
    now: Millis,
) -> Result<(Stage, Option<Millis>), DisputeError> {
    at(d, &[Stage::AwaitingConsent])?;
    if !agrees {
        return Ok((Stage::Failed, None));
    }
    let due = if d.source == "court_delegated" {
        d.mediation_due_at.unwrap_or(now + DELEGATED_DAYS * DAY)
    } else {
        period.due(now, calendar)
    };
    Ok((Stage::Mediating, Some(due)))
}

/// How long a mediation may take: days, counted as working days or calendar days. Data per dispute type (the
/// `dispute_types` table): labour mediation 15 days (劳动争议调解仲裁法 art. 14: 自劳动争议调解组织收到调解申请之日起
/// 十五日内未达成调解协议的，当事人可以依法申请仲裁), medical mediation 30 working days (医疗纠纷预防和处理条例 art. 33:
/// 自受理之日起30个工作日内完成调解; appraisal time excluded), the others the district's people's-mediation setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediationPeriod {
    pub days: i64,
    pub working: bool,
}

impl MediationPeriod {
    /// The end of the period started at `at`: working days on the calendar, or calendar days (the last moved past a
    /// holiday).
    pub fn due(self, at: Millis, calendar: &Calendar) -> Millis {
        if self.working {
            calendar.deadline(at, self.days.clamp(0, 3650) as u32).at
        } else {
            calendar.days_after(at, self.days)
        }
    }
}

/// The sweeper: a respondent who has not answered by the deadline has declined by silence.
pub fn consent_lapsed(d: &Dispute, now: Millis) -> bool {
    d.stage == Stage::AwaitingConsent && d.consent_due_at.is_some_and(|due| due <= now)
}

/// Only the dispute's mediator schedules sessions, keeps minutes and private notes, extends, and records the outcome.
pub fn mediator_only(d: &Dispute, user: UserId) -> Result<(), DisputeError> {
    if d.mediator_id == Some(user) {
        Ok(())
    } else {
        Err(DisputeError::NotTheMediator)
    }
}

/// Sessions are held while the mediation runs.
pub fn may_hold_session(d: &Dispute) -> Result<(), DisputeError> {
    at(d, &[Stage::Mediating])
}

/// Both parties agreed to more time: the deadline moves by `days`; all extensions together at most 30 days.
pub fn extend(d: &Dispute, days: i64) -> Result<Millis, DisputeError> {
    at(d, &[Stage::Mediating])?;
    if days < 1 || d.extended_days + days > MAX_EXTENSION_DAYS {
        return Err(DisputeError::ExtensionTooLong);
    }
    Ok(d.mediation_due_at.unwrap_or(d.filed_at) + days * DAY)
}

/// An agreement ends the mediation (both parties confirmed it to the mediator, who records it).
pub fn agree(d: &Dispute, terms: &[Term]) -> Result<Stage, DisputeError> {
    at(d, &[Stage::Mediating])?;
    if terms.is_empty() {
        return Err(DisputeError::NoTerms);
    }
    Ok(Stage::Agreed)
}

/// A failure ends the mediation: no agreement, out of time, or withdrawn (declining is the consent step's).
pub fn fail(d: &Dispute, why: Failure) -> Result<Stage, DisputeError> {
    match why {
        Failure::Withdrawn => at(
            d,
            &[Stage::Evaluated, Stage::AwaitingConsent, Stage::Mediating],
        )?,
        Failure::Declined | Failure::NoReply => at(d, &[Stage::AwaitingConsent])?,
        Failure::NoAgreement | Failure::TimedOut => at(d, &[Stage::Mediating])?,
    }
    Ok(Stage::Failed)
}

/// A party rates the mediator once, 1–5, after the mediation ended.
pub fn rate(d: &Dispute, stars: i64) -> Result<(), DisputeError> {
    if d.ended_at.is_none() {
        return Err(DisputeError::WrongStage);
    }
    if d.rating.is_some() {
        return Err(DisputeError::AlreadyRated);
    }
    debug_assert!((1..=5).contains(&stars));
    Ok(())
}

/// A party signs the recorded agreement (人民调解法 art. 29: 调解协议书自各方当事人签名…人民调解员签名并加盖人民调解
/// 委员会印章之日起生效). Returns whether the agreement now takes effect (both parties have signed).
pub fn sign(d: &Dispute, role: PartyRole) -> Result<bool, DisputeError> {
    at(d, &[Stage::Agreed])?;
    let (mine, other) = match role {
        PartyRole::Applicant => (d.signed_by_applicant_at, d.signed_by_respondent_at),
        PartyRole::Respondent => (d.signed_by_respondent_at, d.signed_by_applicant_at),
        PartyRole::Other => return Err(DisputeError::NotAParty),
    };
    if mine.is_some() {
        return Err(DisputeError::AlreadyDone);
    }
    Ok(other.is_some())
}

/// A follow-up of the agreement's performance (回访). An agreement in effect binds the parties, and the committee
/// supervises its performance and urges the parties to perform (人民调解法 art. 31): the mediator records, term by
/// term, that it was performed, or that it is not yet and what was said. Before both parties signed there is nothing
/// to perform (art. 29); a term found performed stays performed.
pub fn follow_up(d: &Dispute, term: usize) -> Result<(), DisputeError> {
    if d.terms.is_empty() {
        return Err(DisputeError::WrongStage);
    }
    if d.effective_at.is_none() {
        return Err(DisputeError::AgreementNotEffective);
    }
    let t = d.terms.get(term).ok_or(DisputeError::NoSuchTerm)?;
    if t.performed_at.is_some() {
        return Err(DisputeError::AlreadyDone);
    }
    Ok(())
}

/// The end of the days to apply for judicial confirmation: 30 days from the agreement's taking effect, counted from
/// the next day, a last day on a holiday moved to the next working day (人民调解法 art. 33; 民事诉讼法 arts. 85, 205).
pub fn confirmation_deadline(d: &Dispute, calendar: &Calendar) -> Option<Millis> {
    d.effective_at
        .map(|at| calendar.days_after(at, CONFIRMATION_APPLY_DAYS))
}

/// A party applies for judicial confirmation of an agreement in effect, in time. The parties apply jointly: the
/// application is made when the second one applies, and the court then has 3 days to accept or refuse — returned
/// then; `None` while the other party has not applied.
pub fn apply_confirmation(
    d: &Dispute,
    role: PartyRole,
    calendar: &Calendar,
    now: Millis,
) -> Result<Option<Millis>, DisputeError> {
    at(d, &[Stage::Agreed])?;
    let Some(deadline) = confirmation_deadline(d, calendar) else {
        return Err(DisputeError::AgreementNotEffective);
    };
    if now >= deadline {
        return Err(DisputeError::ConfirmationTooLate);
    }
    let (mine, other) = match role {
        PartyRole::Applicant => (d.applied_by_applicant_at, d.applied_by_respondent_at),
        PartyRole::Respondent => (d.applied_by_respondent_at, d.applied_by_applicant_at),
        PartyRole::Other => return Err(DisputeError::NotAParty),
    };
    if mine.is_some() {
        return Err(DisputeError::AlreadyDone);
    }
    Ok(other.map(|_| now + COURT_ACCEPT_DAYS * DAY))
}

fn court(is_court: bool) -> Result<(), DisputeError> {
    if is_court {
        Ok(())
    } else {
        Err(DisputeError::CourtOnly)
    }
}

/// The court accepts (ruling due in 15 days) or refuses the application.
pub fn court_accept(
    d: &Dispute,
    is_court: bool,
    accept: bool,
    now: Millis,
) -> Result<(Stage, Option<Millis>), DisputeError> {
    court(is_court)?;
    at(d, &[Stage::ConfirmationApplied])?;
    Ok(if accept {
        (
            Stage::ConfirmationAccepted,
            Some(now + COURT_RULE_DAYS * DAY),
        )
    } else {
        (Stage::NotConfirmed, None)
    })
}

/// The court extends its ruling time once by 10 days (approved by its president).
pub fn court_extend(d: &Dispute, is_court: bool) -> Result<Millis, DisputeError> {
    court(is_court)?;
    at(d, &[Stage::ConfirmationAccepted])?;
    if d.confirmation_extended {
        return Err(DisputeError::RulingExtensionUsed);
    }
    Ok(d.confirmation_rule_due_at.unwrap_or(d.filed_at) + COURT_RULE_EXTENSION_DAYS * DAY)
}

/// The court's ruling comes back: confirmed or not.
pub fn court_rule(d: &Dispute, is_court: bool, confirmed: bool) -> Result<Stage, DisputeError> {
    court(is_court)?;
    at(d, &[Stage::ConfirmationAccepted])?;
    Ok(if confirmed {
        Stage::Confirmed
    } else {
        Stage::NotConfirmed
    })
}

/// A failed mediation, a refused confirmation or a referral sends the whole file to the court.
pub fn litigate(d: &Dispute) -> Result<Stage, DisputeError> {
    at(d, &[Stage::Failed, Stage::NotConfirmed, Stage::Referred])?;
    Ok(Stage::Litigation)
}

/// The court registers the suit (its case number) and later its result.
pub fn court_result(d: &Dispute, is_court: bool) -> Result<Stage, DisputeError> {
    court(is_court)?;
    at(d, &[Stage::Litigation])?;
    Ok(Stage::Judged)
}

/// A clock's state at `now`, as pages and the API show it.
pub fn overdue(d: &Dispute, now: Millis) -> bool {
    d.running_clock().is_some_and(|(_, due)| due < now)
}

/// A party's one-time code: six digits from the random part of a UUIDv7 (the operating system's generator).
pub fn new_party_code() -> String {
    let random = uuid::Uuid::now_v7();
    let tail = u64::from_be_bytes(random.as_bytes()[8..16].try_into().expect("eight bytes"))
        & 0x3fff_ffff_ffff_ffff;
    format!("{:06}", tail % 1_000_000)
}

/// What is kept of a party's code: its SHA-256 with the case, never the code.
pub fn party_code_hash(case_id: &str, code: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("party-code:{case_id}:{code}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod performance_tests {
    use super::*;

    #[test]
    fn the_mediator_follows_up_each_term_of_an_agreement_in_effect() {
        let mut d = Dispute::filed("c".into(), "neighbour", "filed", 0);
        // No agreement, nothing to follow up.
        assert_eq!(follow_up(&d, 0), Err(DisputeError::WrongStage));
        d.stage = Stage::Agreed;
        d.terms = vec![
            Term {
                text: "修复防水".into(),
                due_date: Some("2026-12-31".into()),
                ..Default::default()
            },
            Term {
                text: "赔偿".into(),
                amount_fen: Some(300_000),
                ..Default::default()
            },
        ];
        // 人民调解法 art. 29: in effect only once both parties signed.
        assert_eq!(follow_up(&d, 0), Err(DisputeError::AgreementNotEffective));
        d.effective_at = Some(10);
        assert_eq!(follow_up(&d, 0), Ok(()));
        assert_eq!(follow_up(&d, 2), Err(DisputeError::NoSuchTerm));
        // The court's confirmation does not end the supervision (art. 31 binds the agreement itself).
        d.stage = Stage::Confirmed;
        assert_eq!(follow_up(&d, 1), Ok(()));
        d.terms[0].performed_at = Some(20);
        assert_eq!(follow_up(&d, 0), Err(DisputeError::AlreadyDone));
        // Overdue: not performed after its day.
        d.terms[0].performed_at = None;
        assert!(!d.terms[0].overdue("2026-12-31"));
        assert!(d.terms[0].overdue("2027-01-01"));
        assert!(!d.terms[1].overdue("2099-01-01"), "no day, never overdue");
        d.terms[0].performed_at = Some(20);
        assert!(!d.terms[0].overdue("2027-01-01"));
    }
}

#[cfg(test)]
mod publication_tests {
    use super::*;

    #[test]
    fn only_an_ended_mediated_dispute_nobody_asked_to_withhold_is_published() {
        let mut d = Dispute::filed("c".into(), "neighbour", "filed", 0);
        // Not ended: neither published nor withheld.
        assert_eq!(publication(&d, true), Err(DisputeError::NotEnded));
        assert_eq!(publication(&d, false), Err(DisputeError::NotEnded));
        d.ended_at = Some(10);
        d.stage = Stage::Agreed;
        assert_eq!(publication(&d, true), Ok(Publication::Published));
        // 人民调解法 art. 17: a respondent who refused was never in mediation.
        for why in [Failure::Declined, Failure::NoReply] {
            let refused = Dispute {
                failure: Some(why),
                stage: Stage::Failed,
                ..d.clone()
            };
            assert_eq!(
                publication(&refused, true),
                Err(DisputeError::NotPublishable)
            );
            assert_eq!(publication(&refused, false), Ok(Publication::Withheld));
        }
        let failed = Dispute {
            failure: Some(Failure::NoAgreement),
            stage: Stage::Failed,
            ..d.clone()
        };
        assert_eq!(publication(&failed, true), Ok(Publication::Published));
        // A party's request to withhold stands.
        let asked = Dispute {
            withhold_asked: true,
            ..d.clone()
        };
        assert_eq!(publication(&asked, true), Err(DisputeError::WithholdAsked));
        assert_eq!(publication(&asked, false), Ok(Publication::Withheld));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Millis = 1_790_000_000_000;

    fn filed() -> Dispute {
        Dispute {
            street_id: Some(UnitId::new()),
            amount_fen: Some(350_000),
            ..Dispute::filed("c1".into(), "neighbour", "filed", T0)
        }
    }

    fn candidate(
        name: &str,
        category: OrgCategory,
        street: Option<UnitId>,
        fields: &[&str],
        ended: i64,
        settled: i64,
        load: i64,
    ) -> Candidate {
        Candidate {
            user_id: UserId::new(),
            name: name.into(),
            org_id: UnitId::new(),
            org_name: format!("{name}的组织"),
            category,
            street_id: street,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            load,
            ended,
            settled,
            median_days: None,
            rating_x100: None,
            ratings: 0,
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.code()), Some(*s));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(*c));
        }
        assert_eq!(Risk::parse("many_people"), Some(Risk::ManyPeople));
        assert_eq!(Failure::parse("nope"), None);
        let codes: std::collections::HashSet<_> =
            DisputeError::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), DisputeError::ALL.len());
    }

    #[test]
    fn the_recommendation_follows_amount_field_risk_and_complexity() {
        let none: &[Risk] = &[];
        let r = |field, amount, risks, complexity| {
            recommend(&EvaluationInput {
                field,
                amount_fen: amount,
                risks,
                complexity,
            })
            .0
        };
        assert_eq!(
            r("", Some(350_000), none, Complexity::Low),
            Channel::Peoples
        );
        // The lawyer threshold as stated: above ¥500,000 (50,000,000 fen), not at it; above ¥5,000,000 the court.
        assert_eq!(
            r("", Some(50_000_000), none, Complexity::Low),
            Channel::Peoples
        );
        assert_eq!(
            r("", Some(50_000_001), none, Complexity::Low),
            Channel::Lawyer
        );
        assert_eq!(
            r("", Some(500_000_000), none, Complexity::Low),
            Channel::Lawyer
        );
        assert_eq!(
            r("", Some(500_000_001), none, Complexity::Low),
            Channel::Court
        );
        assert_eq!(
            r("medical", None, none, Complexity::Medium),
            Channel::Professional
        );
        assert_eq!(
            r("labour", Some(1_000_000), none, Complexity::High),
            Channel::Arbitration
        );
        // 劳动争议调解仲裁法 art. 5: a ¥6,000,000 wage claim of 60 workers goes to arbitration, never to the court
        // first; a simple one to labour mediation, whose 15 days end in arbitration (arts. 10, 14).
        assert_eq!(
            r(
                "labour",
                Some(600_000_000),
                &[Risk::ManyPeople],
                Complexity::Medium
            ),
            Channel::Arbitration
        );
        assert_eq!(
            r("labour", Some(800_000), none, Complexity::Low),
            Channel::Professional
        );
        assert_eq!(
            r("", Some(LAWYER_AMOUNT_FEN + 1), none, Complexity::Low),
            Channel::Lawyer
        );
        assert_eq!(
            r("", Some(LAWYER_AMOUNT_FEN), none, Complexity::Low),
            Channel::Peoples,
            "the threshold itself stays local"
        );
        assert_eq!(
            r(
                "property",
                Some(COURT_AMOUNT_FEN + 1),
                none,
                Complexity::Low
            ),
            Channel::Court
        );
        assert_eq!(
            r("property", None, &[Risk::ManyPeople], Complexity::High),
            Channel::Peoples
        );
    }

    #[test]
    fn a_different_channel_needs_a_reason_and_a_court_channel_refers() {
        let d = filed();
        assert_eq!(
            evaluate(&d, Channel::Peoples, Channel::Lawyer, " "),
            Err(DisputeError::ReasonRequired)
        );
        assert_eq!(
            evaluate(&d, Channel::Peoples, Channel::Lawyer, "双方都请了律师"),
            Ok(Stage::Evaluated)
        );
        assert_eq!(
            evaluate(&d, Channel::Court, Channel::Court, ""),
            Ok(Stage::Referred)
        );
        let mut done = d.clone();
        done.stage = Stage::Mediating;
        assert_eq!(
            evaluate(&done, Channel::Peoples, Channel::Peoples, ""),
            Err(DisputeError::WrongStage)
        );
    }

    #[test]
    fn the_proposal_prefers_the_channel_the_area_and_the_record_and_skips_who_does_not_fit() {
        let street = Some(UnitId::new());
        let other_street = Some(UnitId::new());
        let here = candidate("本街道", OrgCategory::Peoples, street, &[], 40, 36, 3);
        let there = candidate(
            "别的街道",
            OrgCategory::Peoples,
            other_street,
            &[],
            40,
            40,
            0,
        );
        let medical = candidate(
            "医调委",
            OrgCategory::Professional,
            None,
            &["medical"],
            100,
            90,
            1,
        );
        let lawyer = candidate("律师", OrgCategory::Lawyer, None, &[], 10, 5, 0);
        let all = [there.clone(), medical.clone(), lawyer.clone(), here.clone()];
        let p = propose("neighbour", street, Some(Channel::Peoples), &all, 10);
        let names: Vec<_> = p.iter().map(|p| p.candidate.name.as_str()).collect();
        assert_eq!(
            names,
            ["本街道", "律师"],
            "another street's committee and the medical body do not serve this dispute"
        );
        assert!(p[0].reasons.contains(&"area") && p[0].reasons.contains(&"channel"));
        let p = propose("medical", street, Some(Channel::Professional), &all, 10);
        assert_eq!(p[0].candidate.name, "医调委");
        // Load counts: the same record with many open cases ranks lower.
        let busy = candidate("忙", OrgCategory::Lawyer, None, &[], 10, 5, 30);
        let p = propose(
            "neighbour",
            street,
            Some(Channel::Lawyer),
            &[busy, lawyer],
            10,
        );
        assert_eq!(p[0].candidate.name, "律师");
    }

    #[test]
    fn choosing_consenting_and_the_clocks() {
        let mut d = filed();
        d.stage = Stage::Evaluated;
        let medical = candidate(
            "医调委",
            OrgCategory::Professional,
            None,
            &["medical"],
            0,
            0,
            0,
        );
        assert_eq!(
            choose(&d, &medical, 5, T0),
            Err(DisputeError::MediatorUnsuitable)
        );
        let ok = candidate("本街道", OrgCategory::Peoples, d.street_id, &[], 0, 0, 0);
        assert_eq!(
            choose(&d, &ok, 5, T0),
            Ok((Stage::AwaitingConsent, Some(T0 + 5 * DAY)))
        );
        d.stage = Stage::AwaitingConsent;
        d.consent_due_at = Some(T0 + 5 * DAY);
        assert!(!consent_lapsed(&d, T0 + 5 * DAY - 1));
        assert!(consent_lapsed(&d, T0 + 5 * DAY));
        let cal = Calendar::shipped();
        let days = |days, working| MediationPeriod { days, working };
        assert_eq!(
            consent(&d, false, days(30, false), &cal, T0),
            Ok((Stage::Failed, None))
        );
        // Consent on Monday 2026-11-02: people's mediation's 30 days end on Wednesday 2 December; labour mediation's
        // 15 on Tuesday 17 November (劳动争议调解仲裁法 art. 14); medical mediation's 30 working days on Monday
        // 14 December (医疗纠纷预防和处理条例 art. 33).
        let monday = crate::calendar::start_of(jiff::civil::date(2026, 11, 2)) + 10 * 3_600_000;
        let end_of = |m, dd| crate::calendar::start_of(jiff::civil::date(2026, m, dd));
        assert_eq!(
            consent(&d, true, days(30, false), &cal, monday),
            Ok((Stage::Mediating, Some(end_of(12, 3))))
        );
        assert_eq!(
            consent(&d, true, days(15, false), &cal, monday),
            Ok((Stage::Mediating, Some(end_of(11, 18))))
        );
        assert_eq!(
            consent(&d, true, days(30, true), &cal, monday),
            Ok((Stage::Mediating, Some(end_of(12, 15))))
        );
        // A court-delegated mediation keeps its 30 days from delegation.
        let mut delegated = Dispute::filed("c2".into(), "tenancy", "court_delegated", T0);
        delegated.stage = Stage::AwaitingConsent;
        assert_eq!(
            consent(&delegated, true, days(45, false), &cal, T0 + 3 * DAY),
            Ok((Stage::Mediating, Some(T0 + 30 * DAY)))
        );
    }

    #[test]
    fn extensions_are_bounded_and_outcomes_need_the_right_stage() {
        let mut d = filed();
        d.stage = Stage::Mediating;
        d.mediation_due_at = Some(T0 + 30 * DAY);
        assert_eq!(extend(&d, 15), Ok(T0 + 45 * DAY));
        d.extended_days = 20;
        assert_eq!(extend(&d, 11), Err(DisputeError::ExtensionTooLong));
        assert_eq!(extend(&d, 0), Err(DisputeError::ExtensionTooLong));
        assert_eq!(agree(&d, &[]), Err(DisputeError::NoTerms));
        let term = Term {
            text: "赔偿修缮费".into(),
            amount_fen: Some(350_000),
            due_date: Some("2026-12-31".into()),
            ..Default::default()
        };
        assert_eq!(agree(&d, &[term]), Ok(Stage::Agreed));
        assert_eq!(fail(&d, Failure::Declined), Err(DisputeError::WrongStage));
        assert_eq!(fail(&d, Failure::NoAgreement), Ok(Stage::Failed));
        assert_eq!(
            mediator_only(&d, UserId::new()),
            Err(DisputeError::NotTheMediator)
        );
    }

    #[test]
    fn judicial_confirmation_runs_on_the_laws_days() {
        let cal = Calendar::shipped();
        let at = |m, dd, h| {
            crate::calendar::start_of(jiff::civil::date(2026, m, dd)) + i64::from(h) * 3_600_000
        };
        let mut d = filed();
        d.stage = Stage::Agreed;
        d.ended_at = Some(at(9, 4, 11));
        // 人民调解法 art. 29: the agreement takes effect when both parties have signed.
        assert_eq!(
            apply_confirmation(&d, PartyRole::Applicant, &cal, at(9, 4, 16)),
            Err(DisputeError::AgreementNotEffective)
        );
        assert_eq!(sign(&d, PartyRole::Applicant), Ok(false));
        d.signed_by_applicant_at = Some(at(9, 4, 12));
        assert_eq!(
            sign(&d, PartyRole::Applicant),
            Err(DisputeError::AlreadyDone)
        );
        assert_eq!(sign(&d, PartyRole::Other), Err(DisputeError::NotAParty));
        assert_eq!(sign(&d, PartyRole::Respondent), Ok(true));
        d.signed_by_respondent_at = Some(at(9, 4, 15));
        d.effective_at = Some(at(9, 4, 15));
        // Effective Friday 4 September: the 30 days run from the 5th to Sunday 4 October, in the National Day
        // holiday, so to the end of Thursday 8 October (民事诉讼法 art. 85).
        assert_eq!(confirmation_deadline(&d, &cal), Some(at(10, 9, 0)));
        assert_eq!(
            apply_confirmation(&d, PartyRole::Applicant, &cal, at(10, 4, 15)),
            Ok(None),
            "the 30th day at 15:00 is in time; the respondent has not applied yet"
        );
        d.applied_by_applicant_at = Some(at(10, 4, 15));
        assert_eq!(
            apply_confirmation(&d, PartyRole::Applicant, &cal, at(10, 5, 9)),
            Err(DisputeError::AlreadyDone)
        );
        assert_eq!(
            apply_confirmation(&d, PartyRole::Respondent, &cal, at(10, 9, 0)),
            Err(DisputeError::ConfirmationTooLate)
        );
        assert_eq!(
            apply_confirmation(&d, PartyRole::Respondent, &cal, at(10, 8, 15)),
            Ok(Some(at(10, 11, 15))),
            "jointly: the court's 3 days start with the second application"
        );
        d.stage = Stage::ConfirmationApplied;
        assert_eq!(
            court_accept(&d, false, true, T0),
            Err(DisputeError::CourtOnly)
        );
        assert_eq!(
            court_accept(&d, true, true, T0),
            Ok((Stage::ConfirmationAccepted, Some(T0 + 15 * DAY)))
        );
        assert_eq!(
            court_accept(&d, true, false, T0),
            Ok((Stage::NotConfirmed, None))
        );
        d.stage = Stage::ConfirmationAccepted;
        d.confirmation_rule_due_at = Some(T0 + 15 * DAY);
        assert_eq!(court_extend(&d, true), Ok(T0 + 25 * DAY));
        d.confirmation_extended = true;
        assert_eq!(
            court_extend(&d, true),
            Err(DisputeError::RulingExtensionUsed)
        );
        assert_eq!(court_rule(&d, true, true), Ok(Stage::Confirmed));
        assert_eq!(litigate(&d), Err(DisputeError::WrongStage));
        d.stage = Stage::Failed;
        assert_eq!(litigate(&d), Ok(Stage::Litigation));
        d.stage = Stage::Litigation;
        assert_eq!(court_result(&d, true), Ok(Stage::Judged));
    }
}
