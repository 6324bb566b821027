//! Administration of the dispatch catalogue and the working-day calendar. Every catalogue edit writes a new version
//! (cases keep the version they were routed by); a new year's holiday schedule loads without a code change and
//! settles the provisional deadlines that were waiting for it.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use gongzhi_domain::catalogue::{Accountable, Category, CategoryInput};
use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::calendar::LoadedYear;
use gongzhi_store::catalogue::CatalogueVersion;

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/catalogue", get(catalogue_page))
        .route(
            "/admin/catalogue/new",
            get(new_category_page).post(save_category),
        )
        .route(
            "/admin/catalogue/{code}",
            get(edit_category_page).post(save_category),
        )
        .route("/admin/calendar", get(calendar_page).post(load_schedule))
        .route("/admin/settings", get(settings_page).post(save_settings))
}

/// The settings the page edits, in order: (form field, label key).
const SETTINGS_FIELDS: [(&str, &str); 18] = [
    ("step_days", "settings.step_days"),
    ("extension_days", "settings.extension_days"),
    ("verdict_window_days", "settings.verdict_window_days"),
    ("emergency_hours", "settings.emergency_hours"),
    ("utilities_hours", "settings.utilities_hours"),
    ("dispatch_hours", "settings.dispatch_hours"),
    ("pause_max_days", "settings.pause_max_days"),
    ("due_max_days", "settings.due_max_days"),
    ("consent_days", "settings.consent_days"),
    ("mediation_days", "settings.mediation_days"),
    ("publicity_days", "settings.publicity_days"),
    (
        "submissions_per_address",
        "settings.submissions_per_address",
    ),
    ("petition_unit", "settings.petition_unit"),
    ("jurisdiction_id", "settings.jurisdiction_id"),
    ("hearing_thresholds", "settings.hearing_thresholds"),
    (
        "enforcement_extension_days",
        "settings.enforcement_extension_days",
    ),
    ("review_organ", "settings.review_organ"),
    ("court", "settings.court"),
];

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    /// (field, label key, value as shown)
    fields: Vec<(&'static str, &'static str, String)>,
    errors: ValidationErrors,
    saved: bool,
    /// What the district's data lacks, in words.
    problems: Vec<String>,
}

/// The district's problems in the viewer's language.
async fn problems(state: &AppState, lang: Lang) -> Result<Vec<String>, AppError> {
    use gongzhi_app::settings::DistrictProblem;
    Ok(gongzhi_app::settings::district_problems(&state.app)
        .await?
        .into_iter()
        .map(|p| match p {
            DistrictProblem::LeadersOffices(n) => lang
                .t("settings.problem_leaders")
                .replace("{n}", &n.to_string()),
            DistrictProblem::PetitionUnit(code) => {
                lang.t("settings.problem_petition").replace("{code}", &code)
            }
        })
        .collect())
}

impl SettingsPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

fn settings_fields(values: [String; 18]) -> Vec<(&'static str, &'static str, String)> {
    SETTINGS_FIELDS
        .iter()
        .zip(values)
        .map(|((f, l), v)| (*f, *l, v))
        .collect()
}

async fn settings_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let c = gongzhi_app::settings::case_settings(&state.app, &staff.principal(&addr)).await?;
    Ok(render(&SettingsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        fields: settings_fields([
            c.step_days.map(|d| d.to_string()).join(","),
            c.extension_days.to_string(),
            c.verdict_window_days.to_string(),
            c.emergency_hours.to_string(),
            c.utilities_hours.to_string(),
            c.dispatch_hours.to_string(),
            c.pause_max_days.to_string(),
            c.due_max_days.to_string(),
            c.consent_days.to_string(),
            c.mediation_days.to_string(),
            c.publicity_days.to_string(),
            c.submissions_per_address.to_string(),
            c.petition_unit,
            c.jurisdiction_id,
            c.hearing_thresholds,
            c.enforcement_extension_days.to_string(),
            c.review_organ,
            c.court,
        ]),
        errors: ValidationErrors::default(),
        saved: query.get("saved") == "1",
        problems: problems(&state, lang).await?,
    }))
}

async fn save_settings(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form_data: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form_data)?;
    let typed = SETTINGS_FIELDS.map(|(f, _)| form_data.get(f).to_owned());
    let [
        step_days,
        extension_days,
        verdict_window_days,
        emergency_hours,
        utilities_hours,
        dispatch_hours,
        pause_max_days,
        due_max_days,
        consent_days,
        mediation_days,
        publicity_days,
        submissions_per_address,
        petition_unit,
        jurisdiction_id,
        hearing_thresholds,
        enforcement_extension_days,
        review_organ,
        court,
    ] = typed.clone();
    let input = gongzhi_app::settings::CaseSettingsInput {
        step_days,
        extension_days,
        verdict_window_days,
        emergency_hours,
        utilities_hours,
        dispatch_hours,
        pause_max_days,
        due_max_days,
        consent_days,
        mediation_days,
        publicity_days,
        submissions_per_address,
        petition_unit,
        jurisdiction_id,
        hearing_thresholds,
        enforcement_extension_days,
        review_organ,
        court,
    };
    match gongzhi_app::settings::save_case_settings(&state.app, &staff.principal(&addr), &input)
        .await
    {
        Ok(_) => Ok(crate::page::see_other("/admin/settings?saved=1").into_response()),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let mut r = render(&SettingsPage {
                ctx: PageCtx::new(lang, Some(&staff)),
                fields: settings_fields(typed),
                errors,
                saved: false,
                problems: problems(&state, lang).await?,
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

/// A category as listed, with its accountable unit in words.
struct CategoryRow {
    category: Category,
    accountable: String,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    ctx: PageCtx,
    version: i64,
    rows: Vec<CategoryRow>,
    versions: Vec<CatalogueVersion>,
}

/// Who a category is accountable to, in words: the unit's name (its code when no unit has it), with the units read
/// once for the page.
fn accountable_label(
    units: &[gongzhi_store::org::UnitRecord],
    lang: Lang,
    a: &Accountable,
) -> String {
    match a {
        Accountable::Community => lang.t("catalogue.local_community").to_owned(),
        Accountable::Street => lang.t("catalogue.local_street").to_owned(),
        Accountable::Unit(code) => units
            .iter()
            .find(|u| &u.unit.code == code)
            .map_or_else(|| code.clone(), |u| u.unit.name.clone()),
    }
}

async fn catalogue_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let version = state.reads.catalogue_version().await?;
    let mut rows = Vec::new();
    let units = state.reads.list_units().await?;
    for category in state.reads.catalogue(version).await? {
        let accountable = accountable_label(&units, lang, &category.accountable);
        rows.push(CategoryRow {
            category,
            accountable,
        });
    }
    Ok(render(&CataloguePage {
        ctx: PageCtx::new(lang, Some(&staff)),
        version,
        rows,
        versions: state.reads.catalogue_versions().await?,
    }))
}

#[derive(Template)]
#[template(path = "category_form.html")]
struct CategoryForm {
    ctx: PageCtx,
    editing: Option<String>,
    input: CategoryInput,
    errors: ValidationErrors,
    accountables: Vec<(String, String)>,
}

impl CategoryForm {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn accountable_options(
    state: &AppState,
    lang: Lang,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = vec![
        (
            "community".to_owned(),
            lang.t("catalogue.local_community").to_owned(),
        ),
        (
            "street".to_owned(),
            lang.t("catalogue.local_street").to_owned(),
        ),
    ];
    for u in state.reads.list_units().await? {
        if matches!(
            u.unit.kind,
            UnitKind::Department | UnitKind::Enterprise | UnitKind::LeadersOffice
        ) && u.unit.active
        {
            out.push((format!("unit:{}", u.unit.code), u.unit.name));
        }
    }
    Ok(out)
}

async fn form(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    editing: Option<String>,
    input: CategoryInput,
    errors: ValidationErrors,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&CategoryForm {
        ctx: PageCtx::new(lang, Some(staff)),
        editing,
        input,
        errors,
        accountables: accountable_options(state, lang).await?,
    });
    *r.status_mut() = status;
    Ok(r)
}

async fn new_category_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let input = CategoryInput {
        contact_hours: "24".into(),
        handle_days: "5".into(),
        escalate_after_days: "2".into(),
        accountable: "community".into(),
        ..Default::default()
    };
    form(
        &state,
        lang,
        &staff,
        None,
        input,
        ValidationErrors::default(),
    )
    .await
}

async fn edit_category_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let (c, _) = gongzhi_app::cases::current_category(&state.app, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let input = CategoryInput::from(&c);
    form(
        &state,
        lang,
        &staff,
        Some(code),
        input,
        ValidationErrors::default(),
    )
    .await
}

/// Creates or edits a category by writing a new catalogue version.
async fn save_category(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    path: Option<Path<String>>,
    form_data: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form_data)?;
    let editing = path.map(|Path(code)| code);
    let mut input = CategoryInput {
        code: form_data.get("code").into(),
        theme: form_data.get("theme").into(),
        name: form_data.get("name").into(),
        accountable: form_data.get("accountable").into(),
        contact_hours: form_data.get("contact_hours").into(),
        handle_days: form_data.get("handle_days").into(),
        urgency: form_data.get("urgency").into(),
        escalate_after_days: form_data.get("escalate_after_days").into(),
        notice: form_data.get("notice").into(),
    };
    if let Some(code) = &editing {
        // Codes are stable: cases refer to them.
        input.code = code.clone();
    }
    let version = state.reads.catalogue_version().await?;
    let mut categories = state.reads.catalogue(version).await?;
    let mut errors = match input.validate() {
        Ok(valid) => {
            if let Accountable::Unit(code) = &valid.accountable
                && state.reads.get_unit_by_code(code).await.is_err()
            {
                let mut e = ValidationErrors::default();
                e.add("accountable", "unknown_unit");
                return form(&state, lang, &staff, editing, input, e).await;
            }
            match &editing {
                Some(code) => match categories.iter_mut().find(|c| &c.code == code) {
                    Some(slot) => *slot = valid,
                    None => return Err(AppError::NotFound),
                },
                None if categories.iter().any(|c| c.code == valid.code) => {
                    let mut e = ValidationErrors::default();
                    e.add("code", "taken");
                    return form(&state, lang, &staff, editing, input, e).await;
                }
                None => categories.push(valid),
            }
            ValidationErrors::default()
        }
        Err(e) => e,
    };
    if !errors.is_empty() {
        return form(
            &state,
            lang,
            &staff,
            editing,
            input,
            std::mem::take(&mut errors),
        )
        .await;
    }
    let note = match &editing {
        Some(code) => format!("edit {code}"),
        None => format!("add {}", input.code.trim()),
    };
    gongzhi_app::catalogue::save(&state.app, &staff.principal(&addr), &categories, &note).await?;
    Ok(crate::page::see_other("/admin/catalogue").into_response())
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    ctx: PageCtx,
    years: Vec<LoadedYear>,
    provisional: usize,
    text: String,
    message: String,
    error: String,
}

async fn calendar_render(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    text: String,
    message: String,
    error: String,
) -> Result<Response, AppError> {
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&CalendarPage {
        ctx: PageCtx::new(lang, Some(staff)),
        years: state.reads.calendar_years().await?,
        provisional: state.reads.count_provisional_cases().await? as usize,
        text,
        message,
        error,
    });
    *r.status_mut() = status;
    Ok(r)
}

async fn calendar_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let message = match query.get("loaded") {
        "" => String::new(),
        n => format!("{} {n}", lang.t("calendar.recomputed")),
    };
    calendar_render(&state, lang, &staff, String::new(), message, String::new()).await
}

/// A schedule's problem in the page's language (the parser's own words are English).
fn calendar_error(lang: Lang, e: &gongzhi_domain::calendar::CalendarError) -> String {
    use gongzhi_domain::calendar::CalendarError as E;
    match e {
        E::Syntax { line, .. } => lang
            .t("calendar.err_syntax")
            .replace("{line}", &line.to_string()),
        E::WrongYear { year, date } => lang
            .t("calendar.err_wrong_year")
            .replace("{date}", &date.to_string())
            .replace("{year}", &year.to_string()),
        E::WorkdayNotWeekend { date } => lang
            .t("calendar.err_not_weekend")
            .replace("{date}", &date.to_string()),
        E::BothOffAndWork { date } => lang
            .t("calendar.err_both")
            .replace("{date}", &date.to_string()),
        E::Empty => lang.t("calendar.err_empty").to_owned(),
    }
}

/// Loads a pasted schedule (the format of the shipped file), then recomputes the provisional deadlines.
async fn load_schedule(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form_data: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form_data)?;
    let text = form_data.get("schedule").to_owned();
    let schedules = match gongzhi_domain::calendar::parse_schedules(&text) {
        Ok(s) => s,
        Err(e) => {
            return calendar_render(
                &state,
                lang,
                &staff,
                text,
                String::new(),
                calendar_error(lang, &e),
            )
            .await;
        }
    };
    let principal = gongzhi_app::Principal::Staff(staff.principal(&addr));
    let loaded =
        gongzhi_app::calendar::load_schedules(&state.app, &principal, &schedules, "admin upload")
            .await?;
    Ok(
        crate::page::see_other(&format!("/admin/calendar?loaded={}", loaded.recomputed))
            .into_response(),
    )
}
