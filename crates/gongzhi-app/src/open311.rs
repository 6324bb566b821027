//! Open311 GeoReport v2 use cases: the services (the current catalogue's categories a resident may raise — all but
//! those only the district leaders take on), organisations' API keys (issued and revoked by an administrator or
//! from the command line), a request posted with a key becoming a case on the spine (channel `open311`, routed by
//! its service like any case whose category is known), and the public search of the requests posted so.

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{Case, CaseInput, CaseKind, Channel};
use gongzhi_domain::catalogue::{Accountable, Category};
use gongzhi_domain::open311::{self, MAX_REQUESTS};
use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::Actor;
use gongzhi_store::open311::{Key, Listed, NewRequest, RequestFilter};

use crate::accounts::random_token;
use crate::cases::{Attached, register};
use crate::{App, AppError, StaffPrincipal};
use gongzhi_domain::accounts::token_digest;

/// The services: the current catalogue's categories, but those the district leaders' office is accountable for
/// (matters a leader takes on, not ones a resident raises).
pub async fn services(app: &App) -> Result<Vec<Category>, AppError> {
    let version = app.store().catalogue_version().await?;
    let leaders: Vec<String> = app
        .store()
        .list_units()
        .await?
        .into_iter()
        .filter(|u| u.unit.kind == UnitKind::LeadersOffice)
        .map(|u| u.unit.code)
        .collect();
    Ok(app
        .store()
        .catalogue(version)
        .await?
        .into_iter()
        .filter(|c| !matches!(&c.accountable, Accountable::Unit(code) if leaders.contains(code)))
        .collect())
}

/// One service, if it is one.
pub async fn service(app: &App, code: &str) -> Result<Option<Category>, AppError> {
    Ok(services(app).await?.into_iter().find(|c| c.code == code))
}

fn require_admin(staff: &StaffPrincipal) -> Result<(), AppError> {
    if staff.has(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden("forbidden"))
    }
}

/// Issues a key to an organisation (an administrator, or an operator at the command line with `actor` the system):
/// answers the key, shown this once, and its id.
pub async fn issue_key(
    app: &App,
    actor: &Actor,
    organisation: &str,
) -> Result<(String, String), AppError> {
    let mut e = ValidationErrors::default();
    let organisation =
        gongzhi_domain::validation::text(&mut e, "organisation", organisation, true, 100);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| AppError::Internal(format!("no random source: {e}")))?;
    let key = open311::new_key(random);
    let shown: String = key.chars().take(open311::KEY_PREFIX.len() + 6).collect();
    let id = app
        .store()
        .issue_open311_key(actor, &organisation, &token_digest(&key), &shown)
        .await?;
    Ok((key, id))
}

/// `issue_key` by an administrator.
pub async fn issue_key_as(
    app: &App,
    staff: &StaffPrincipal,
    organisation: &str,
) -> Result<(String, String), AppError> {
    require_admin(staff)?;
    issue_key(app, &staff.actor(app.now()), organisation).await
}

/// Every key (administrators).
pub async fn keys(app: &App, staff: &StaffPrincipal) -> Result<Vec<Key>, AppError> {
    require_admin(staff)?;
    Ok(app.store().open311_keys().await?)
}

/// Revokes a key (administrators): requests posted with it stay.
pub async fn revoke_key(app: &App, staff: &StaffPrincipal, id: &str) -> Result<(), AppError> {
    require_admin(staff)?;
    Ok(app
        .store()
        .revoke_open311_key(&staff.actor(app.now()), id)
        .await?)
}

/// A request as posted (form fields, already read; `attribute[kind]` as `kind`).
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub api_key: String,
    pub service_code: String,
    pub lat: String,
    pub long: String,
    pub address_string: String,
    pub description: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub email: String,
    pub media_url: String,
    pub kind: Option<String>,
}

/// Requests one key may post in a minute (GeoReport v2 leaves throttling to the endpoint; a partner's busiest hour of
/// relayed hotline requests stays well under it).
pub const MAX_POSTS_PER_KEY_PER_MINUTE: i64 = 60;

/// Why a request was refused, in GeoReport's terms.
#[derive(Debug)]
pub enum Refusal {
    /// No key, or one that is unknown or revoked (403).
    Key,
    /// No such service (404).
    Service,
    /// Fields (by their GeoReport names) and their codes (400).
    Fields(Vec<(String, String)>),
    Other(AppError),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Refusal {
        Refusal::Other(e)
    }
}

/// The GeoReport name of a field of the spine's intake.
fn field_name(field: &str) -> &str {
    match field {
        "lat" | "lon" => "lat",
        "address" => "address_string",
        "name" => "first_name",
        "kind" => "attribute[kind]",
        other => other,
    }
}

/// A request posted with a key: the case, registered and routed by its service, and the token it may be looked up by.
pub async fn submit(
    app: &App,
    address: &str,
    s: &Submission,
) -> Result<(Case, String, Category), Refusal> {
    let key = match s.api_key.trim() {
        "" => None,
        k => app
            .store()
            .use_open311_key(&token_digest(k), app.now())
            .await
            .map_err(AppError::from)?,
    };
    let Some(key) = key else {
        return Err(Refusal::Key);
    };
    // Each key has its allowance, reserved before the work (so concurrent posts cannot overtake it): a partner's
    // runaway client cannot flood the hotline's queue.
    let now = app.now();
    let used = app
        .store()
        .reserve_attempt(&format!("open311:key:{}", key.id), now, now - 60_000)
        .await
        .map_err(AppError::from)?;
    if used > MAX_POSTS_PER_KEY_PER_MINUTE {
        return Err(Refusal::Other(AppError::Throttled));
    }
    let Some(category) = service(app, s.service_code.trim()).await? else {
        return Err(Refusal::Service);
    };
    let mut problems: Vec<(String, String)> = Vec::new();
    let kind = open311::request_kind(s.kind.as_deref()).unwrap_or_else(|| {
        problems.push(("attribute[kind]".into(), "invalid_choice".into()));
        CaseKind::Help
    });
    let has_point = !s.lat.trim().is_empty() || !s.long.trim().is_empty();
    if !has_point && s.address_string.trim().is_empty() {
        problems.push(("address_string".into(), "place_required".into()));
    }
    let media_url = s.media_url.trim();
    if !media_url.is_empty()
        && (media_url.chars().count() > 500
            || !(media_url.starts_with("https://") || media_url.starts_with("http://")))
    {
        problems.push(("media_url".into(), "not_a_url".into()));
    }
    if s.email.chars().count() > gongzhi_domain::notify::MAX_EMAIL {
        problems.push(("email".into(), "too_long".into()));
    }
    // Names in Chinese order: family name, then given name.
    let name = format!("{}{}", s.last_name.trim(), s.first_name.trim());
    let anonymous = kind == CaseKind::Report && name.is_empty() && s.phone.trim().is_empty();
    let address_text = match s.address_string.trim() {
        "" => format!("{}, {}", s.lat.trim(), s.long.trim()),
        a => a.to_owned(),
    };
    let description = match s.description.trim() {
        "" => category.name.clone(),
        d => d.to_owned(),
    };
    let input = CaseInput {
        kind: kind.code().into(),
        title: category.name.clone(),
        description,
        address: address_text,
        lat: s.lat.trim().into(),
        lon: s.long.trim().into(),
        name,
        phone: s.phone.trim().trim_start_matches("+86").into(),
        anonymous: if anonymous {
            "true".into()
        } else {
            String::new()
        },
        email: s.email.trim().into(),
    };
    let new = match input.validate(Channel::Open311, &open311::REQUEST_KINDS) {
        Ok(new) if problems.is_empty() => new,
        Ok(_) => return Err(Refusal::Fields(problems)),
        Err(errors) => {
            for e in errors.0 {
                problems.push((field_name(&e.field).to_owned(), e.code.to_string()));
            }
            return Err(Refusal::Fields(problems));
        }
    };
    let request = NewRequest {
        token: random_token(),
        key_id: key.id.clone(),
        media_url: (!media_url.is_empty()).then(|| media_url.to_owned()),
    };
    let now = app.now();
    let actor = Actor {
        user_id: None,
        label: format!("open311:{}", key.shown),
        address: address.to_owned(),
        at: now,
    };
    let case = register(
        app,
        &actor,
        &new,
        Some(&category.code),
        now,
        Attached::Open311(&request),
    )
    .await?;
    Ok((case, request.token, category))
}

/// A search of the requests posted through Open311, as GeoReport's `GET requests` asks it.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: Option<String>,
}

/// Why a search was refused: the parameter and what is wrong (400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSearch(pub &'static str, pub &'static str);

/// The requests a search finds, newest first (at most 1,000; the last 90 days by default).
pub async fn search(app: &App, s: &Search) -> Result<Result<Vec<Listed>, BadSearch>, AppError> {
    let ids: Vec<String> = s
        .service_request_id
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect();
    if ids.len() > MAX_REQUESTS as usize
        || ids
            .iter()
            .any(|i| !(i.len() == 14 && i.bytes().all(|b| b.is_ascii_digit())))
    {
        return Ok(Err(BadSearch("service_request_id", "not_a_case_no")));
    }
    let mut f = RequestFilter {
        case_nos: ids,
        limit: MAX_REQUESTS,
        ..Default::default()
    };
    if f.case_nos.is_empty() {
        let (from, to) =
            match open311::window(s.start_date.as_deref(), s.end_date.as_deref(), app.now()) {
                Ok(w) => w,
                Err(open311::WindowError::NotADate(field)) => {
                    return Ok(Err(BadSearch(field, "not_a_date")));
                }
                Err(open311::WindowError::Reversed) => {
                    return Ok(Err(BadSearch("end_date", "before_start")));
                }
                Err(open311::WindowError::TooLong) => {
                    return Ok(Err(BadSearch("end_date", "window_too_long")));
                }
            };
        let Some((open, closed)) = open311::parse_statuses(s.status.as_deref().unwrap_or(""))
        else {
            return Ok(Err(BadSearch("status", "invalid_choice")));
        };
        f.from = from;
        f.to = to;
        f.open = open;
        f.closed = closed;
        f.services = s
            .service_code
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect();
        if f.services.len() > 200 || f.services.iter().any(|c| c.chars().count() > 10) {
            return Ok(Err(BadSearch("service_code", "invalid_choice")));
        }
    }
    Ok(Ok(app.store().open311_requests(&f).await?))
}

/// The request a token was given for (its case number).
pub async fn token(app: &App, token: &str) -> Result<Option<String>, AppError> {
    if token.len() > 128 {
        return Ok(None);
    }
    Ok(app.store().open311_token(token).await?)
}

/// When a listed request is expected to be done: its handling deadline while open.
pub fn expected(case: &Case) -> Option<Millis> {
    case.status
        .is_open()
        .then_some(case.handle_due_at)
        .flatten()
}
