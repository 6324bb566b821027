//! Residents' pages: raise a matter, follow it with the case number and the phone's last four digits, give a
//! verdict when it is closed, reopen it once when dissatisfied.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use gongzhi_app::cases::IntakeRequest;
use gongzhi_app::{AppError as UseCaseError, Principal};
use gongzhi_domain::cases::{CaseInput, CaseKind, Channel, PublicCaseView, Satisfaction};
use gongzhi_domain::validation::ValidationErrors;

use super::common::kind_options;
use crate::codec::encode_component;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang};
use crate::page::{PageCtx, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    ctx: PageCtx,
    input: CaseInput,
    errors: ValidationErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

impl SubmitPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

pub async fn submit_page(ReqLang(lang): ReqLang, MaybeStaff(staff): MaybeStaff) -> Response {
    let input = CaseInput {
        kind: "help".into(),
        ..Default::default()
    };
    render(&SubmitPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        input,
        errors: ValidationErrors::default(),
        kinds: kind_options(lang, &CaseKind::PUBLIC),
    })
}

#[derive(Template)]
#[template(path = "submitted.html")]
struct SubmittedPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
}

/// Photos a resident may send with a submission.
pub const MAX_SUBMIT_PHOTOS: usize = 3;

/// A submission as sent: the form's fields and, from a multipart form, the photos (name and bytes).
pub struct Submission {
    pub form: FormData,
    pub photos: Vec<(String, Vec<u8>)>,
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for Submission {
    type Rejection = AppError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            return Ok(Submission {
                form: FormData::from_request(req, state).await?,
                photos: Vec::new(),
            });
        }
        let mut parts = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|_| AppError::MalformedForm)?;
        let too_large = |e: axum::extract::multipart::MultipartError| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::MalformedForm
            }
        };
        let (mut fields, mut photos) = (Vec::new(), Vec::new());
        while let Some(field) = parts.next_field().await.map_err(too_large)? {
            let name = field.name().unwrap_or("").to_owned();
            if name == "photos" {
                let filename = super::staff::clean_filename(field.file_name().unwrap_or(""));
                let bytes = field.bytes().await.map_err(too_large)?;
                // A file input left empty sends one empty part.
                if !bytes.is_empty() {
                    photos.push((filename, bytes.to_vec()));
                }
            } else {
                fields.push((name, field.text().await.map_err(too_large)?));
            }
        }
        Ok(Submission {
            form: FormData(fields),
            photos,
        })
    }
}

/// The image type of a file judged by its first bytes, or none when it is not an image.
pub fn image_type(data: &[u8]) -> Option<&'static str> {
    super::staff::sniff(data).filter(|t| t.starts_with("image/"))
}

/// Checks the photos (at most three images, each at most 5 MB, judged by content) before anything is stored.
pub fn check_photos(
    photos: Vec<(String, Vec<u8>)>,
    errors: &mut ValidationErrors,
) -> Vec<gongzhi_store::cases::NewAttachment> {
    if photos.len() > MAX_SUBMIT_PHOTOS {
        errors.add("photos", "too_many_files");
        return Vec::new();
    }
    let mut out = Vec::new();
    for (filename, data) in photos {
        match image_type(&data) {
            _ if data.len() > super::common::MAX_ATTACHMENT => {
                errors.add("photos", "file_too_large")
            }
            Some(t) => out.push(gongzhi_store::cases::NewAttachment {
                filename,
                content_type: t.into(),
                public: true,
                data,
            }),
            _ => errors.add("photos", "image_type"),
        }
    }
    out
}

/// The confirmation a submission redirects to: the case number to keep (and the tracking link). It only shows what
/// its address says, after checking its shape.
pub async fn submitted_page(
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    query: QueryData,
) -> Result<Response, AppError> {
    let (case_no, last4) = confirmation_params(&query)?;
    Ok(render(&SubmittedPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        case_no,
        last4,
    }))
}

/// The case number and the phone's last four digits a confirmation page's address carries, after checking their
/// shape (a confirmation shows only what its address says); 404 for anything else.
pub fn confirmation_params(query: &QueryData) -> Result<(String, String), AppError> {
    let case_no = query.get("case_no");
    let last4 = query.get("phone_last4");
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(case_no, 14) || !(last4.is_empty() || digits(last4, 4)) {
        return Err(AppError::NotFound);
    }
    Ok((case_no.to_owned(), last4.to_owned()))
}

pub async fn submit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    Submission { form, photos }: Submission,
) -> Result<Response, AppError> {
    let input = super::common::case_input(&form);
    let mut photo_errors = ValidationErrors::default();
    let photos = check_photos(photos, &mut photo_errors);
    let request = IntakeRequest {
        input: input.clone(),
        ..Default::default()
    };
    let result = if photo_errors.is_empty() {
        gongzhi_app::cases::intake(
            &state.app,
            &Principal::resident(addr.0.clone()),
            &request,
            Channel::Web,
        )
        .await
    } else {
        Err(UseCaseError::Invalid(photo_errors))
    };
    match result {
        Ok(stored) => {
            gongzhi_app::cases::attach_submitted(&state.app, &addr.0, &stored, photos).await?;
            // Post/redirect/get: refreshing the confirmation shows it again and files nothing twice.
            let last4 = stored
                .phone
                .get(stored.phone.len().saturating_sub(4)..)
                .unwrap_or_default();
            Ok(crate::page::see_other(&format!(
                "/submitted?case_no={}&phone_last4={last4}",
                stored.case_no
            ))
            .into_response())
        }
        Err(UseCaseError::Invalid(errors)) => {
            let mut r = render(&SubmitPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                input,
                errors,
                kinds: kind_options(lang, &CaseKind::PUBLIC),
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
    message: String,
    view: Option<PublicCaseView>,
    satisfactions: Vec<(&'static str, &'static str)>,
    /// The case's mediation, when it is a dispute.
    dispute: Option<gongzhi_app::dispute::PartyView>,
}

impl TrackPage {
    fn yuan(&self, fen: &Option<i64>) -> String {
        fen.map(gongzhi_domain::powers::format_yuan)
            .unwrap_or_default()
    }
    fn share(&self, c: &gongzhi_domain::dispute::Candidate) -> String {
        if c.ended == 0 {
            "—".into()
        } else {
            format!("{}%", c.settled * 100 / c.ended)
        }
    }
}

pub async fn track_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let case_no = query.get("case_no").trim().to_owned();
    let last4 = query.get("phone_last4").trim().to_owned();
    let ctx = PageCtx::new(lang, staff.as_ref());
    let satisfactions = Satisfaction::ALL
        .iter()
        .map(|s| (s.code(), lang.t(&format!("satisfaction.{}", s.code()))))
        .collect();
    let done = match query.get("done") {
        "rated" => lang.t("track.rated").to_owned(),
        "reopened" => lang.t("track.reopened").to_owned(),
        "reviewed" => lang.t("track.reviewed").to_owned(),
        "mediator_rated" => lang.t("track.mediator_rated").to_owned(),
        "mediator_chosen" => lang.t("track.mediator_chosen").to_owned(),
        _ => String::new(),
    };
    // Without the digits (a link with only the number, as an intake answer gives) the form opens filled in.
    if case_no.is_empty() || last4.is_empty() {
        return Ok(render(&TrackPage {
            ctx,
            case_no,
            last4,
            message: String::new(),
            view: None,
            satisfactions,
            dispute: None,
        }));
    }
    let (message, view, status) =
        match gongzhi_app::cases::track(&state.app, &addr.0, &case_no, &last4).await {
            Ok(Some(view)) => (done, Some(view), StatusCode::OK),
            Ok(None) => (
                lang.t("track.not_found").to_owned(),
                None,
                StatusCode::NOT_FOUND,
            ),
            Err(UseCaseError::Throttled) => (
                lang.t("track.throttled").to_owned(),
                None,
                StatusCode::TOO_MANY_REQUESTS,
            ),
            Err(e) => return Err(e.into()),
        };
    let dispute = match &view {
        Some(v) => gongzhi_app::dispute::party_view(&state.app, &v.case_no).await?,
        None => None,
    };
    let mut r = render(&TrackPage {
        ctx,
        case_no,
        last4,
        message,
        view,
        satisfactions,
        dispute,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub fn back_to_track(case_no: &str, last4: &str, done: &str) -> Response {
    crate::page::see_other(&format!(
        "/track?case_no={}&phone_last4={}&done={done}",
        encode_component(case_no),
        encode_component(last4)
    ))
    .into_response()
}

pub async fn rate_form(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let resolved = match form.get("resolved") {
        "1" => Some(true),
        "0" => Some(false),
        _ => {
            e.add("resolved", "required");
            None
        }
    };
    let satisfaction = Satisfaction::parse(form.get("satisfaction"));
    if satisfaction.is_none() {
        e.add("satisfaction", "required");
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    gongzhi_app::cases::resident_rate(
        &state.app,
        &addr.0,
        case_no,
        last4,
        resolved.expect("checked"),
        satisfaction.expect("checked"),
    )
    .await?;
    Ok(back_to_track(case_no, last4, "rated"))
}

pub async fn review_form(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let reason = gongzhi_domain::validation::text(&mut e, "reason", form.get("reason"), true, 2000);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    gongzhi_app::cases::resident_review(&state.app, &addr.0, case_no, last4, &reason).await?;
    Ok(back_to_track(case_no, last4, "reviewed"))
}

pub async fn reopen_form(
    State(state): State<AppState>,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let reason = gongzhi_domain::validation::text(&mut e, "reason", form.get("reason"), true, 2000);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    gongzhi_app::cases::resident_reopen(&state.app, &addr.0, case_no, last4, &reason).await?;
    Ok(back_to_track(case_no, last4, "reopened"))
}

/// `GET /track/attachments/{id}?case_no=…&phone_last4=…`: a public file of the tracked case, as a download.
pub async fn attachment(
    State(state): State<AppState>,
    addr: ClientAddr,
    Path(id): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let (meta, data) = gongzhi_app::cases::resident_attachment(
        &state.app,
        &addr.0,
        query.get("case_no"),
        query.get("phone_last4"),
        &id,
    )
    .await?;
    super::common::download_response(&meta.filename, &meta.content_type, data)
}
