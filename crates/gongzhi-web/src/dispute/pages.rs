//! The dispute pages: filing without an account (phone-sized), the mediator's and the court's worklists, the dispute
//! page with the form of each step the viewer may take, the printable agreement (a print stylesheet; the browser
//! prints or saves it as PDF with the system's CJK fonts), and the statistics by type, organisation and mediator with
//! bar charts drawn as SVG on the server.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_app::Principal;
use gongzhi_app::dispute::{
    ConvertRequest, DisputeView, EvaluateRequest, FileRequest, PartyInput, Step, TermInput,
};
use gongzhi_domain::cases::{Channel as CaseChannel, TimelineEntry, mask_phone};
use gongzhi_domain::dispute::{Channel, Complexity, Proposal, Risk, Stage};
use gongzhi_domain::org::Role;
use gongzhi_domain::powers::format_yuan;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::dispute::{DisputeRow, NamedStats, OutcomeStats};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang, Staff};
use crate::page::{Bar, Chart, PageCtx, render, see_other};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/disputes", get(landing))
        .route("/disputes/consult/{dispute_type}", get(consult))
        .route("/disputes/library", get(library))
        .route("/disputes/ask", post(ask))
        .route("/disputes/questions/{id}", get(question_page))
        .route("/staff/disputes/questions", get(open_questions))
        .route("/staff/disputes/questions/{id}", post(answer))
        .route(
            "/disputes/new",
            get(new_page)
                .post(file)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::cases::resident::MAX_SUBMIT_PHOTOS
                        * crate::cases::common::MAX_ATTACHMENT
                        + 256 * 1024,
                )),
        )
        .route("/disputes/filed", get(filed_page))
        .route("/track/dispute-rate", post(rate_mediator))
        .route("/track/dispute-mediator", post(choose_mediator))
        .route("/disputes/respond", get(respond_page).post(respond))
        .route("/disputes/respond/code", post(respond_code))
        .route("/staff/disputes", get(worklist))
        .route("/staff/disputes/stats", get(stats))
        .route("/staff/disputes/{no}", get(dispute_page))
        .route("/staff/disputes/{no}/print", get(agreement_page))
        .route("/staff/disputes/{no}/files/{id}", get(file_download))
        .route("/staff/disputes/{no}/{step}", post(step))
        .route("/staff/cases/{case_no}/dispute", post(convert))
}

/// The public filing form's fields.
#[derive(Debug, Clone, Default)]
struct FileInput {
    dispute_type: String,
    applicant: String,
    applicant_phone: String,
    respondent: String,
    respondent_kind: String,
    respondent_phone: String,
    amount: String,
    address: String,
    facts: String,
    claims: String,
}

#[derive(Template)]
#[template(path = "dispute_new.html")]
struct NewPage {
    ctx: PageCtx,
    types: Vec<(String, String, String)>,
    input: FileInput,
    errors: ValidationErrors,
}

impl NewPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn new_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    query: QueryData,
) -> Result<Response, AppError> {
    let types = state.reads.dispute_types().await?;
    let input = FileInput {
        dispute_type: query.get("type").to_owned(),
        respondent_kind: "person".into(),
        ..Default::default()
    };
    Ok(render(&NewPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        types,
        input,
        errors: ValidationErrors::default(),
    }))
}

#[derive(Template)]
#[template(path = "dispute_filed.html")]
struct FiledPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
}

/// The confirmation a public filing redirects to: the case number to keep and the tracking link. It shows only what
/// its address says, after checking its shape.
async fn filed_page(
    ReqLang(lang): ReqLang,
    crate::extract::MaybeStaff(staff): crate::extract::MaybeStaff,
    query: QueryData,
) -> Result<Response, AppError> {
    let (case_no, last4) = crate::cases::resident::confirmation_params(&query)?;
    Ok(render(&FiledPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        case_no,
        last4,
    }))
}

/// The form's field names for the app's: a party's fields are the form's applicant and respondent fields.
fn form_field(field: &str) -> &str {
    match field {
        "parties[0].name" => "applicant",
        "parties[0].phone" | "phone" => "applicant_phone",
        "parties[1].name" => "respondent",
        "parties[1].phone" => "respondent_phone",
        "parties[1].kind" => "respondent_kind",
        "type" => "dispute_type",
        "lat" => "address",
        other => other,
    }
}

async fn file(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    crate::cases::resident::Submission { form, photos }: crate::cases::resident::Submission,
) -> Result<Response, AppError> {
    if let Some(s) = &staff {
        s.check_csrf(&form)?;
    }
    let input = FileInput {
        dispute_type: form.get("dispute_type").into(),
        applicant: form.get("applicant").into(),
        applicant_phone: form.get("applicant_phone").into(),
        respondent: form.get("respondent").into(),
        respondent_kind: form.get("respondent_kind").into(),
        respondent_phone: form.get("respondent_phone").into(),
        amount: form.get("amount").into(),
        address: form.get("address").into(),
        facts: form.get("facts").into(),
        claims: form.get("claims").into(),
    };
    let req = FileRequest {
        dispute_type: input.dispute_type.clone(),
        parties: vec![
            PartyInput {
                role: "applicant".into(),
                kind: "person".into(),
                name: input.applicant.clone(),
                phone: input.applicant_phone.clone(),
            },
            PartyInput {
                role: "respondent".into(),
                kind: input.respondent_kind.clone(),
                name: input.respondent.clone(),
                phone: input.respondent_phone.clone(),
            },
        ],
        amount: Some(input.amount.clone()),
        address: input.address.clone(),
        facts: input.facts.clone(),
        claims: input.claims.clone(),
        ..Default::default()
    };
    // Evidence photos are checked before anything is stored.
    let mut photo_errors = ValidationErrors::default();
    let photos = crate::cases::resident::check_photos(photos, &mut photo_errors);
    // Filed from this public page, it is a resident's filing even for a signed-in staff member.
    let filed = if photo_errors.is_empty() {
        gongzhi_app::dispute::file(
            &state.app,
            &Principal::resident(addr.0.clone()),
            &req,
            CaseChannel::Web,
        )
        .await
    } else {
        Err(gongzhi_app::AppError::Invalid(photo_errors))
    };
    match filed {
        Ok(case) => {
            gongzhi_app::cases::attach_submitted(&state.app, &addr.0, &case, photos).await?;
            let last4 = case
                .phone
                .get(case.phone.len().saturating_sub(4)..)
                .unwrap_or_default()
                .to_owned();
            // Post/redirect/get: a refresh of the confirmation files nothing again (issue 25, item 5).
            Ok(crate::page::see_other(&format!(
                "/disputes/filed?case_no={}&phone_last4={last4}",
                case.case_no
            ))
            .into_response())
        }
        Err(gongzhi_app::AppError::Invalid(found)) => {
            let mut errors = ValidationErrors::default();
            for f in found.0 {
                let name = form_field(&f.field).to_owned();
                if errors.code_for(&name).is_none() {
                    errors.add_named(name, f.code);
                }
            }
            let types = state.reads.dispute_types().await?;
            let mut r = render(&NewPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                types,
                input,
                errors,
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "disputes_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<DisputeRow>,
    court: bool,
    now: i64,
}

impl ListPage {
    fn clock(&self, row: &DisputeRow) -> String {
        row.dispute
            .running_clock()
            .map(|(_, due)| self.ctx.time(due))
            .unwrap_or_default()
    }
    fn late(&self, row: &DisputeRow) -> bool {
        gongzhi_domain::dispute::overdue(&row.dispute, self.now)
    }
}

async fn worklist(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    let rows = gongzhi_app::dispute::worklist(&state.app, &staff.principal(&addr)).await?;
    Ok(render(&ListPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        rows,
        court: staff.has(Role::Court),
        now: state.now(),
    }))
}

#[derive(Template)]
#[template(path = "dispute_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    v: DisputeView,
    type_name: String,
    mediator: String,
    org: String,
    phones: bool,
    worker: bool,
    proposals: Vec<Proposal>,
    recommendation: Option<gongzhi_app::dispute::Recommendation>,
    timeline: Vec<TimelineEntry>,
    files: Vec<gongzhi_store::cases::AttachmentMeta>,
    message: String,
    now: i64,
}

impl DetailPage {
    fn stage(&self) -> &'static str {
        self.v.dispute.stage.code()
    }
    fn yuan(&self, fen: &Option<i64>) -> String {
        fen.map(format_yuan).unwrap_or_else(|| "—".into())
    }
    fn phone(&self, raw: &str) -> String {
        if self.phones {
            raw.to_owned()
        } else {
            mask_phone(raw)
        }
    }
    fn overdue(&self) -> bool {
        gongzhi_domain::dispute::overdue(&self.v.dispute, self.now)
    }
    /// How a term is being performed: `performed`, `overdue` (its day passed) or `pending`.
    fn term_state(&self, t: &gongzhi_domain::dispute::Term) -> &'static str {
        let today = gongzhi_domain::calendar::local_date(self.now).to_string();
        if t.performed_at.is_some() {
            "performed"
        } else if t.overdue(&today) {
            "overdue"
        } else {
            "pending"
        }
    }
    /// Whether a term can still be followed up (the agreement in effect, the term not yet performed).
    fn follows_up(&self) -> bool {
        self.v.dispute.effective_at.is_some()
            && self
                .v
                .dispute
                .terms
                .iter()
                .any(|t| t.performed_at.is_none())
    }
    fn share(&self, settled: &i64, ended: &i64) -> String {
        if *ended == 0 {
            "—".into()
        } else {
            format!("{}%", settled * 100 / ended)
        }
    }
    fn days(&self, d: &Option<f64>) -> String {
        d.map(|d| format!("{d:.0}")).unwrap_or_else(|| "—".into())
    }
    fn channels(&self) -> Vec<&'static str> {
        Channel::ALL.iter().map(|c| c.code()).collect()
    }
    fn risks(&self) -> Vec<&'static str> {
        Risk::ALL.iter().map(|c| c.code()).collect()
    }
    fn complexities(&self) -> Vec<&'static str> {
        Complexity::ALL.iter().map(|c| c.code()).collect()
    }
    fn may(&self, stages: &[Stage]) -> bool {
        stages.contains(&self.v.dispute.stage)
    }
    /// `none` until the library's editor reviewed it, then `published` or `withheld`.
    fn publication(&self) -> &'static str {
        self.v.dispute.publication.map_or("none", |p| p.code())
    }
}

async fn dispute_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    let v = gongzhi_app::dispute::visible(&state.app, &principal, &no).await?;
    let (type_name, mediator, org) = names(&state, &v.dispute).await?;
    let worker = staff.session.user.roles.iter().any(|r| r.works_cases()) && !v.is_court;
    let (proposals, recommendation) = match v.dispute.stage {
        Stage::Filed => (
            Vec::new(),
            Some(
                gongzhi_app::dispute::recommend(&state.app, &v.dispute, &[], Complexity::Low)
                    .await?,
            ),
        ),
        Stage::Evaluated => (
            gongzhi_app::dispute::proposals(&state.app, &v.dispute, 5).await?,
            None,
        ),
        _ => (Vec::new(), None),
    };
    let message = crate::page::refusal_message(lang, query.get("error"));
    // The case's whole timeline for those who see the case; the public part for mediators and the court.
    let timeline = state.reads.case_timeline(v.case.id, !worker).await?;
    let phones = v.is_mediator || staff.session.user.roles.iter().any(|r| r.calls_residents());
    let files = gongzhi_app::dispute::files(&state.app, &principal, &no).await?;
    Ok(render(&DetailPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        type_name,
        mediator,
        org,
        phones,
        worker,
        proposals,
        recommendation,
        timeline,
        files,
        message,
        now: state.now(),
        v,
    }))
}

#[derive(Template)]
#[template(path = "dispute_agreement.html")]
struct AgreementPage {
    ctx: PageCtx,
    v: DisputeView,
    type_name: String,
    mediator: String,
    org: String,
}

impl AgreementPage {
    fn yuan(&self, fen: &Option<i64>) -> String {
        fen.map(|f| format!("{} 元", format_yuan(f)))
            .unwrap_or_default()
    }
    fn role(&self, code: &str) -> &'static str {
        self.ctx.label("party_role", code)
    }
}

async fn agreement_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
) -> Result<Response, AppError> {
    let v = gongzhi_app::dispute::visible(&state.app, &staff.principal(&addr), &no).await?;
    if v.dispute.terms.is_empty() {
        return Err(AppError::NotFound);
    }
    let (type_name, mediator, org) = names(&state, &v.dispute).await?;
    Ok(render(&AgreementPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        v,
        type_name,
        mediator,
        org,
    }))
}

/// Turns the case into a dispute from its page: the case's resident is the applicant.
async fn convert(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let principal = staff.principal(&addr);
    let case = gongzhi_app::cases::visible_case(&state.app, &principal, &no).await?;
    let req = ConvertRequest {
        dispute_type: form.get("dispute_type").into(),
        parties: vec![
            PartyInput {
                role: "applicant".into(),
                kind: "person".into(),
                name: if case.resident_name.is_empty() {
                    "匿名".into()
                } else {
                    case.resident_name.clone()
                },
                phone: case.phone.clone(),
            },
            PartyInput {
                role: "respondent".into(),
                kind: form.get("respondent_kind").into(),
                name: form.get("respondent").into(),
                phone: form.get("respondent_phone").into(),
            },
        ],
        amount: Some(form.get("amount").to_owned()),
        claims: form.get("claims").into(),
    };
    let back = format!("/staff/cases/{}", crate::codec::encode_component(&no));
    let done = format!("/staff/disputes/{}", crate::codec::encode_component(&no));
    crate::page::after_form(
        gongzhi_app::dispute::convert(&state.app, &principal, &no, &req).await,
        &done,
        &back,
    )
}

/// A dispute's type, mediator and organisation by name (empty when not chosen yet).
async fn names(
    state: &AppState,
    d: &gongzhi_domain::dispute::Dispute,
) -> Result<(String, String, String), AppError> {
    let store = &state.reads;
    let type_name = store
        .dispute_types()
        .await?
        .into_iter()
        .find(|t| t.0 == d.dispute_type)
        .map(|t| t.1)
        .unwrap_or_default();
    let (mediator, org) = gongzhi_app::dispute::mediator_names(&state.app, d).await?;
    Ok((
        type_name,
        mediator.unwrap_or_default(),
        org.unwrap_or_default(),
    ))
}

async fn step(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((no, name)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let note = form.get("note").to_owned();
    let step = match name.as_str() {
        "evaluation" => Step::Evaluate(EvaluateRequest {
            urgency: form.get("urgency").into(),
            risks: form.get_all("risks"),
            complexity: form.get("complexity").into(),
            channel: Some(form.get("channel").to_owned()),
            reason: form.get("reason").into(),
        }),
        "mediation" => Step::Mediation {
            mediator_id: Some(form.get("mediator_id").to_owned()),
        },
        "consent" => Step::Consent {
            agrees: form.get("agrees") == "1",
            note,
        },
        "sessions" => Step::Schedule {
            scheduled_at: crate::page::parse_local_datetime(form.get("scheduled_at")),
            mode: form.get("mode").into(),
            place: form.get("place").into(),
            video_link: form.get("video_link").into(),
        },
        "minutes" => Step::Minutes {
            session_id: form.get("session_id").into(),
            minutes: form.get("minutes").into(),
            private_applicant: form.get("private_applicant").into(),
            private_respondent: form.get("private_respondent").into(),
        },
        "extension" => Step::Extend {
            days: form.get("days").trim().parse().unwrap_or(0),
            note,
        },
        "agreement" => {
            let texts = form.get_all("term_text");
            let amounts = form.get_all("term_amount");
            let dates = form.get_all("term_due");
            let terms = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(i, t)| TermInput {
                    text: t.clone(),
                    amount: amounts.get(i).cloned(),
                    due_date: dates.get(i).cloned(),
                })
                .collect();
            Step::Agreement {
                terms,
                text: form.get("text").into(),
            }
        }
        "failure" => Step::Failure {
            reason: form.get("reason").into(),
            note,
        },
        "confirmation" => Step::Confirmation {
            step: form.get("step").into(),
            party: form.get("party").into(),
            note,
        },
        "signature" => Step::Signature {
            party: form.get("party").into(),
        },
        "performance" => Step::Performance {
            term: form.get("term").trim().parse().unwrap_or(-1),
            performed: form.get("performed") == "1",
            note,
        },
        "publication" => Step::Publication {
            publish: form.get("publish") == "1",
            text: Some(form.get("text").to_owned()),
            party_asked: form.get("publish") != "1" && form.get("reason") == "party_asked",
        },
        "litigation" => Step::Litigation {
            step: form.get("step").into(),
            court_no: form.get("court_no").into(),
            result: form.get("result").into(),
        },
        _ => return Err(AppError::NotFound),
    };
    let back = format!("/staff/disputes/{}", crate::codec::encode_component(&no));
    crate::page::after_form(
        gongzhi_app::dispute::step(&state.app, &staff.principal(&addr), &no, step).await,
        &back,
        &back,
    )
}

fn share_chart(title: &'static str, rows: &[NamedStats]) -> Chart {
    Chart {
        title,
        bars: rows
            .iter()
            .map(|(label, s)| {
                let pct = if s.ended == 0 {
                    0
                } else {
                    s.settled * 100 / s.ended
                };
                Bar {
                    label: label.chars().take(6).collect(),
                    value: format!("{pct}%"),
                    height: pct,
                }
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "dispute_stats.html")]
struct StatsPage {
    ctx: PageCtx,
    by_type: Vec<NamedStats>,
    by_org: Vec<NamedStats>,
    by_mediator: Vec<NamedStats>,
    charts: Vec<Chart>,
}

impl StatsPage {
    fn tables(&self) -> [(&'static str, &[NamedStats], &'static str); 3] {
        [
            ("dispute.by_type", &self.by_type, "by-type"),
            ("dispute.by_org", &self.by_org, "by-org"),
            ("dispute.by_mediator", &self.by_mediator, "by-mediator"),
        ]
    }
    fn share(&self, s: &OutcomeStats) -> String {
        if s.ended == 0 {
            "—".into()
        } else {
            format!("{:.1}%", s.settled as f64 * 100.0 / s.ended as f64)
        }
    }
    fn days(&self, s: &OutcomeStats) -> String {
        s.median_days
            .map(|d| format!("{d:.1}"))
            .unwrap_or_else(|| "—".into())
    }
    fn rating(&self, s: &OutcomeStats) -> String {
        s.rating_x100
            .map(|r| format!("{}.{:02}", r / 100, r % 100))
            .unwrap_or_else(|| "—".into())
    }
}

async fn stats(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    let (by_type, by_org, by_mediator) =
        gongzhi_app::dispute::statistics(&state.app, &staff.principal(&addr)).await?;
    let charts = vec![
        share_chart("dispute.chart_type", &by_type),
        share_chart("dispute.chart_org", &by_org),
    ];
    Ok(render(&StatsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        by_type,
        by_org,
        by_mediator,
        charts,
    }))
}

#[derive(Template)]
#[template(path = "disputes_home.html")]
struct LandingPage {
    ctx: PageCtx,
    types: Vec<(String, String, String)>,
    guides: Vec<&'static str>,
}

async fn landing(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
) -> Result<Response, AppError> {
    let types = state.reads.dispute_types().await?;
    let guides = gongzhi_domain::consult::GUIDES
        .iter()
        .map(|g| g.dispute_type)
        .collect();
    Ok(render(&LandingPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        types,
        guides,
    }))
}

#[derive(Template)]
#[template(path = "dispute_consult.html")]
struct ConsultPage {
    ctx: PageCtx,
    dispute_type: String,
    type_name: String,
    guide: &'static gongzhi_domain::consult::Guide,
    asked: Vec<(&'static str, bool)>,
    answers: String,
    next: gongzhi_domain::consult::Next,
    kb: Vec<gongzhi_domain::kb::KbEntry>,
}

impl ConsultPage {
    fn question(&self) -> Option<&'static str> {
        match self.next {
            gongzhi_domain::consult::Next::Ask(i) => self.guide.questions.get(i).map(|q| q.text),
            _ => None,
        }
    }
    fn mediate(&self) -> bool {
        matches!(
            self.next,
            gongzhi_domain::consult::Next::Advise(gongzhi_domain::consult::Path::Mediate, _)
        )
    }
    fn advice(&self) -> Option<(&'static str, &'static str)> {
        match self.next {
            gongzhi_domain::consult::Next::Advise(path, text) => Some((path.code(), text)),
            _ => None,
        }
    }
}

async fn consult(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    Path(dispute_type): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let guide = gongzhi_domain::consult::guide(&dispute_type).ok_or(AppError::NotFound)?;
    let type_name = state
        .reads
        .dispute_types()
        .await?
        .into_iter()
        .find(|t| t.0 == dispute_type)
        .map(|t| t.1)
        .ok_or(AppError::NotFound)?;
    let answers: String = query
        .get("a")
        .chars()
        .filter(|c| matches!(c, 'y' | 'n'))
        .take(10)
        .collect();
    let (asked, next) = gongzhi_domain::consult::walk(guide, &answers);
    // The knowledge base's answers on the matter, once the advice is reached.
    let kb = if matches!(next, gongzhi_domain::consult::Next::Advise(..)) {
        let entries = state.reads.list_kb().await?;
        gongzhi_domain::kb::search(&entries, &format!("{type_name} {}", guide.intro), 3)
            .into_iter()
            .map(|(e, _)| e.clone())
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(&ConsultPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        dispute_type,
        type_name,
        guide,
        asked,
        answers,
        next,
        kb,
    }))
}

#[derive(Template)]
#[template(path = "dispute_library.html")]
struct LibraryPage {
    ctx: PageCtx,
    types: Vec<(String, String, String)>,
    dispute_type: String,
    q: String,
    entries: gongzhi_store::Page<gongzhi_store::dispute::LibraryEntry>,
    similar: Option<gongzhi_domain::dispute::Similar>,
    questions: Vec<gongzhi_store::dispute::DisputeQuestion>,
}

impl LibraryPage {
    fn type_name(&self, code: &str) -> String {
        self.types
            .iter()
            .find(|t| t.0 == code)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    }
    fn share(&self, s: &gongzhi_domain::dispute::Similar) -> String {
        if s.ended == 0 {
            "—".into()
        } else {
            format!("{}%", s.settled * 100 / s.ended)
        }
    }
    fn days(&self, s: &gongzhi_domain::dispute::Similar) -> String {
        s.median_days
            .map(|d| format!("{d:.0}"))
            .unwrap_or_else(|| "—".into())
    }
    fn pages(&self) -> i64 {
        ((self.entries.total + self.entries.per_page as i64 - 1) / self.entries.per_page as i64)
            .max(1)
    }
    fn link(&self, page: i64) -> String {
        format!(
            "/disputes/library?type={}&q={}&page={page}",
            crate::codec::encode_component(&self.dispute_type),
            crate::codec::encode_component(&self.q)
        )
    }
}

async fn library(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let page = crate::api::query_int(
        &mut e,
        "page",
        Some(query.get("page")).filter(|p| !p.is_empty()),
        1,
        10_000,
    )
    .unwrap_or(1);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let dispute_type = query.get("type").to_owned();
    let q = query.get("q").to_owned();
    let (entries, similar) = gongzhi_app::dispute::library(
        &state.app,
        Some(&dispute_type),
        Some(&q),
        gongzhi_store::PageRequest::new(page, 20),
    )
    .await?;
    let questions =
        gongzhi_app::dispute::answered_questions(&state.app, Some(&dispute_type), 10).await?;
    let types = state.reads.dispute_types().await?;
    Ok(render(&LibraryPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        types,
        dispute_type,
        q,
        entries,
        similar,
        questions,
    }))
}

async fn ask(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    if let Some(s) = &staff {
        s.check_csrf(&form)?;
    }
    let id = gongzhi_app::dispute::ask(
        &state.app,
        &addr.0,
        form.get("dispute_type"),
        form.get("question"),
    )
    .await?;
    Ok(see_other(&format!("/disputes/questions/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "dispute_question.html")]
struct QuestionPage {
    ctx: PageCtx,
    q: gongzhi_store::dispute::DisputeQuestion,
}

async fn question_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let q = gongzhi_app::dispute::question(&state.app, &id).await?;
    Ok(render(&QuestionPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        q,
    }))
}

#[derive(Template)]
#[template(path = "dispute_questions.html")]
struct QuestionsPage {
    ctx: PageCtx,
    questions: Vec<gongzhi_store::dispute::DisputeQuestion>,
    message: String,
}

async fn open_questions(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let questions =
        gongzhi_app::dispute::open_questions(&state.app, &staff.principal(&addr)).await?;
    Ok(render(&QuestionsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        questions,
        message: crate::page::refusal_message(lang, query.get("error")),
    }))
}

async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let back = "/staff/disputes/questions";
    crate::page::after_form(
        gongzhi_app::dispute::answer(&state.app, &staff.principal(&addr), &id, form.get("answer"))
            .await,
        back,
        back,
    )
}

/// `POST /track/dispute-rate`: the applicant rates the mediator from the tracking page.
async fn rate_mediator(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    let stars = form.get("stars").trim().parse::<i64>().unwrap_or(0);
    gongzhi_app::dispute::party_rate(&state.app, &addr.0, case_no, last4, stars).await?;
    Ok(crate::cases::resident::back_to_track(
        case_no,
        last4,
        "mediator_rated",
    ))
}

async fn file_download(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((no, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (meta, data) =
        gongzhi_app::dispute::file_of(&state.app, &staff.principal(&addr), &no, &id).await?;
    crate::cases::common::download_response(&meta.filename, &meta.content_type, data)
}

/// `POST /track/dispute-mediator`: the applicant chooses the mediator (or takes the first proposal).
async fn choose_mediator(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    gongzhi_app::dispute::party_choose(
        &state.app,
        &addr.0,
        case_no,
        last4,
        Some(form.get("mediator_id")),
    )
    .await?;
    Ok(crate::cases::resident::back_to_track(
        case_no,
        last4,
        "mediator_chosen",
    ))
}

#[derive(Template)]
#[template(path = "dispute_respond.html")]
struct RespondPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
    message: String,
    view: Option<gongzhi_app::dispute::RespondentView>,
}

/// `GET /disputes/respond`: the respondent finds the dispute (case number and their phone's last four digits) and
/// sees the claims, the mediator and the days left to answer.
async fn respond_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let case_no = query.get("case_no").trim().to_owned();
    let last4 = query.get("phone_last4").trim().to_owned();
    let ctx = PageCtx::new(lang, staff.as_ref());
    if case_no.is_empty() || last4.is_empty() {
        return Ok(render(&RespondPage {
            ctx,
            case_no,
            last4,
            message: String::new(),
            view: None,
        }));
    }
    let done = match (query.get("done"), query.get("error")) {
        ("answered", _) => lang.t("respond.answered").to_owned(),
        ("code_sent", _) => lang.t("respond.code_sent").to_owned(),
        (_, "") => String::new(),
        (_, code) => match lang.try_t(&format!("respond.err_{code}")) {
            Some(m) => m.to_owned(),
            None => crate::page::refusal_message(lang, code),
        },
    };
    let (message, view, status) =
        match gongzhi_app::dispute::respondent_view(&state.app, &addr.0, &case_no, &last4).await {
            Ok(Some(v)) => (done, Some(v), StatusCode::OK),
            Ok(None) => (
                lang.t("track.not_found").to_owned(),
                None,
                StatusCode::NOT_FOUND,
            ),
            Err(gongzhi_app::AppError::Throttled) => (
                lang.t("track.throttled").to_owned(),
                None,
                StatusCode::TOO_MANY_REQUESTS,
            ),
            Err(e) => return Err(e.into()),
        };
    let mut r = render(&RespondPage {
        ctx,
        case_no,
        last4,
        message,
        view,
    });
    *r.status_mut() = status;
    Ok(r)
}

/// `POST /disputes/respond`: the respondent agrees to mediate or declines, with the code sent to their phone.
async fn respond(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    let result = gongzhi_app::dispute::respondent_answer(
        &state.app,
        &addr.0,
        case_no,
        last4,
        form.get("code"),
        form.get("agrees") == "1",
        form.get("note"),
    )
    .await;
    back_to_respond(case_no, last4, result.map(|()| "answered"))
}

/// `POST /disputes/respond/code`: sends the respondent's one-time code to the phone the applicant gave for them.
async fn respond_code(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    let result =
        gongzhi_app::dispute::respondent_send_code(&state.app, &addr.0, case_no, last4).await;
    back_to_respond(case_no, last4, result.map(|()| "code_sent"))
}

/// Back to the respondent's page with what happened, or why not (a wrong code, too many tries, no mobile).
fn back_to_respond(
    case_no: &str,
    last4: &str,
    result: Result<&str, gongzhi_app::AppError>,
) -> Result<Response, AppError> {
    let what = match result {
        Ok(done) => format!("done={done}"),
        Err(gongzhi_app::AppError::Invalid(e)) => {
            format!("error={}", e.0.first().map(|f| f.code).unwrap_or("invalid"))
        }
        Err(gongzhi_app::AppError::Throttled) => "error=throttled".into(),
        Err(gongzhi_app::AppError::Conflict(code)) => format!("error={code}"),
        Err(e) => return Err(e.into()),
    };
    Ok(see_other(&format!(
        "/disputes/respond?case_no={}&phone_last4={}&{what}",
        crate::codec::encode_component(case_no),
        crate::codec::encode_component(last4)
    ))
    .into_response())
}
