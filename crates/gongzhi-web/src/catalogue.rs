//! Administration of the dispatch catalogue and the working-day calendar. Every catalogue edit writes a new version
//! (cases keep the version they were routed by); a new year's holiday schedule loads without a code change and
//! settles the provisional deadlines that were waiting for it.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use gongzhi_domain::catalogue::{Accountable, Category, CategoryInput};
use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::calendar::LoadedYear;
use gongzhi_store::catalogue::CatalogueVersion;
use gongzhi_store::now_ms;

use crate::AppState;
use crate::cases::ops;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::pages::{PageCtx, render};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/catalogue", get(catalogue_page))
        .route("/admin/catalogue/new", get(new_category_page).post(save_category))
        .route("/admin/catalogue/{code}", get(edit_category_page).post(save_category))
        .route("/admin/calendar", get(calendar_page).post(load_schedule))
        .route("/admin/settings", get(settings_page).post(save_settings))
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    step_days: String,
    extension_days: String,
    errors: ValidationErrors,
    saved: bool,
}

impl SettingsPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors.code_for(field).map(|c| self.ctx.err(c)).unwrap_or("")
    }
}

const STEP_DAYS: &str = "petition.step_days";
const EXTENSION_DAYS: &str = "petition.extension_days";

async fn settings_page(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff, query: QueryData) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let default_steps = gongzhi_domain::lifecycle::PETITION_STEP_DAYS.map(|d| d.to_string()).join(",");
    let step_days = state.store.get_setting(STEP_DAYS).await?.unwrap_or(default_steps);
    let extension_days = state.store.get_setting(EXTENSION_DAYS).await?.unwrap_or_else(|| gongzhi_domain::lifecycle::PETITION_EXTENSION_DAYS.to_string());
    Ok(render(&SettingsPage { ctx: PageCtx::new(lang, Some(&staff)), step_days, extension_days, errors: ValidationErrors::default(), saved: query.get("saved") == "1" }))
}

/// The six petition step deadlines must be whole days, each no earlier than the one before, at most a year.
pub fn parse_step_days(raw: &str) -> Option<[u32; 6]> {
    let v: Vec<u32> = raw.split([',', '，']).map(|x| x.trim().parse().ok()).collect::<Option<_>>()?;
    let days = <[u32; 6]>::try_from(v).ok()?;
    (days[0] >= 1 && days.windows(2).all(|w| w[0] <= w[1]) && days[5] <= 365).then_some(days)
}

async fn save_settings(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff, addr: ClientAddr, form_data: FormData) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form_data)?;
    let mut errors = ValidationErrors::default();
    let steps = parse_step_days(form_data.get("step_days"));
    if steps.is_none() {
        errors.add("step_days", "step_days_format");
    }
    let extension = form_data.get("extension_days").trim().parse::<u32>().ok().filter(|d| (1..=180).contains(d));
    if extension.is_none() {
        errors.add("extension_days", "out_of_range");
    }
    if !errors.is_empty() {
        let mut r = render(&SettingsPage {
            ctx: PageCtx::new(lang, Some(&staff)),
            step_days: form_data.get("step_days").into(),
            extension_days: form_data.get("extension_days").into(),
            errors,
            saved: false,
        });
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let actor = staff.actor(&addr);
    let steps = steps.expect("checked").map(|d| d.to_string()).join(",");
    state.store.set_setting(&actor, STEP_DAYS, &steps).await?;
    state.store.set_setting(&actor, EXTENSION_DAYS, &extension.expect("checked").to_string()).await?;
    Ok(Redirect::to("/admin/settings?saved=1").into_response())
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

async fn accountable_label(state: &AppState, lang: Lang, a: &Accountable) -> String {
    match a {
        Accountable::Community => lang.t("catalogue.local_community").to_owned(),
        Accountable::Street => lang.t("catalogue.local_street").to_owned(),
        Accountable::Unit(code) => state.store.get_unit_by_code(code).await.map(|u| u.unit.name).unwrap_or_else(|_| code.clone()),
    }
}

async fn catalogue_page(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let version = state.store.catalogue_version().await?;
    let mut rows = Vec::new();
    for category in state.store.catalogue(version).await? {
        let accountable = accountable_label(&state, lang, &category.accountable).await;
        rows.push(CategoryRow { category, accountable });
    }
    Ok(render(&CataloguePage { ctx: PageCtx::new(lang, Some(&staff)), version, rows, versions: state.store.catalogue_versions().await? }))
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
        self.errors.code_for(field).map(|c| self.ctx.err(c)).unwrap_or("")
    }
}

async fn accountable_options(state: &AppState, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    let mut out = vec![
        ("community".to_owned(), lang.t("catalogue.local_community").to_owned()),
        ("street".to_owned(), lang.t("catalogue.local_street").to_owned()),
    ];
    for u in state.store.list_units().await? {
        if matches!(u.unit.kind, UnitKind::Department | UnitKind::Enterprise | UnitKind::LeadersOffice) && u.unit.active {
            out.push((format!("unit:{}", u.unit.code), u.unit.name));
        }
    }
    Ok(out)
}

async fn form(state: &AppState, lang: Lang, staff: &Staff, editing: Option<String>, input: CategoryInput, errors: ValidationErrors) -> Result<Response, AppError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&CategoryForm { ctx: PageCtx::new(lang, Some(staff)), editing, input, errors, accountables: accountable_options(state, lang).await? });
    *r.status_mut() = status;
    Ok(r)
}

async fn new_category_page(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let input = CategoryInput { contact_hours: "24".into(), handle_days: "5".into(), escalate_after_days: "2".into(), accountable: "community".into(), ..Default::default() };
    form(&state, lang, &staff, None, input, ValidationErrors::default()).await
}

async fn edit_category_page(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff, Path(code): Path<String>) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let (c, _) = ops::current_category(&state, &code).await?.ok_or(AppError::NotFound)?;
    let input = CategoryInput::from(&c);
    form(&state, lang, &staff, Some(code), input, ValidationErrors::default()).await
}

/// Creates or edits a category by writing a new catalogue version.
async fn save_category(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff, addr: ClientAddr, path: Option<Path<String>>, form_data: FormData) -> Result<Response, AppError> {
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
        escalate_after_days: form_data.get("escalate_after_days").into(),
        notice: form_data.get("notice").into(),
    };
    if let Some(code) = &editing {
        // Codes are stable: cases refer to them.
        input.code = code.clone();
    }
    let version = state.store.catalogue_version().await?;
    let mut categories = state.store.catalogue(version).await?;
    let mut errors = match input.validate() {
        Ok(valid) => {
            if let Accountable::Unit(code) = &valid.accountable {
                if state.store.get_unit_by_code(code).await.is_err() {
                    let mut e = ValidationErrors::default();
                    e.add("accountable", "unknown_unit");
                    return form(&state, lang, &staff, editing, input, e).await;
                }
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
        return form(&state, lang, &staff, editing, input, std::mem::take(&mut errors)).await;
    }
    let note = match &editing {
        Some(code) => format!("edit {code}"),
        None => format!("add {}", input.code.trim()),
    };
    state.store.save_catalogue(&staff.actor(&addr), &categories, &note).await?;
    Ok(Redirect::to("/admin/catalogue").into_response())
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

async fn calendar_render(state: &AppState, lang: Lang, staff: &Staff, text: String, message: String, error: String) -> Result<Response, AppError> {
    let status = if error.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&CalendarPage {
        ctx: PageCtx::new(lang, Some(staff)),
        years: state.store.calendar_years().await?,
        provisional: state.store.provisional_cases().await?.len(),
        text,
        message,
        error,
    });
    *r.status_mut() = status;
    Ok(r)
}

async fn calendar_page(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff, query: QueryData) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let message = match query.get("loaded") {
        "" => String::new(),
        n => format!("{} {n}", lang.t("calendar.recomputed")),
    };
    calendar_render(&state, lang, &staff, String::new(), message, String::new()).await
}

/// Loads a pasted schedule (the format of the shipped file), then recomputes the provisional deadlines.
async fn load_schedule(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff, addr: ClientAddr, form_data: FormData) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form_data)?;
    let text = form_data.get("schedule").to_owned();
    let schedules = match gongzhi_domain::calendar::parse_schedules(&text) {
        Ok(s) => s,
        Err(e) => return calendar_render(&state, lang, &staff, text, String::new(), e.to_string()).await,
    };
    let actor = staff.actor(&addr);
    for s in &schedules {
        state.store.save_schedule(&actor, s, "admin upload").await?;
    }
    let n = ops::recompute_provisional(&state, &gongzhi_store::Actor { at: now_ms(), ..actor }).await?;
    Ok(Redirect::to(&format!("/admin/calendar?loaded={n}")).into_response())
}
