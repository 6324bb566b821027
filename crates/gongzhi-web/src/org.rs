//! Administration of the organisation: units and staff accounts (list, create, edit, deactivate, reset password).
//! Every route here needs the administrator role; every write is audited by the store.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_domain::accounts::UserInput;
use gongzhi_domain::org::{Role, Unit, UnitId, UnitInput, UnitKind, User, UserId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::org::{UnitWriteError, UserFilter};
use gongzhi_store::{PageRequest, StoreError};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/units", get(units_page))
        .route("/admin/units/new", get(new_unit_page).post(create_unit))
        .route("/admin/units/{id}", get(edit_unit_page).post(update_unit))
        .route("/admin/users", get(users_page))
        .route("/admin/users/new", get(new_user_page).post(create_user))
        .route("/admin/users/{id}", get(edit_user_page).post(update_user))
        .route("/admin/users/{id}/active", post(set_active))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/leaders", get(leaders_page).post(set_leader))
}

#[derive(Template)]
#[template(path = "leaders.html")]
struct LeadersPage {
    ctx: PageCtx,
    rows: Vec<gongzhi_store::org::LeaderAssignment>,
    leaders: Vec<(String, String)>,
    streets: Vec<(String, String)>,
    themes: Vec<String>,
    errors: ValidationErrors,
}

impl LeadersPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn leaders_view(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    addr: &ClientAddr,
    errors: ValidationErrors,
) -> Result<LeadersPage, AppError> {
    let rows = gongzhi_app::org::leader_assignments(&state.app, &staff.principal(addr)).await?;
    let mut leaders = Vec::new();
    for id in state.reads.users_with_role(Role::Leader).await? {
        let u = state.reads.get_user(id).await?;
        leaders.push((u.id.to_string(), u.display_name));
    }
    let streets = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| u.unit.kind == UnitKind::Street)
        .map(|u| (u.unit.id.to_string(), u.unit.name))
        .collect();
    let version = state.reads.catalogue_version().await?;
    let mut themes: Vec<String> = state
        .reads
        .catalogue(version)
        .await?
        .into_iter()
        .map(|c| c.theme)
        .collect();
    themes.dedup();
    Ok(LeadersPage {
        ctx: PageCtx::new(lang, Some(staff)),
        rows,
        leaders,
        streets,
        themes,
        errors,
    })
}

async fn leaders_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    admin(&staff)?;
    Ok(render(
        &leaders_view(&state, lang, &staff, &addr, ValidationErrors::default()).await?,
    ))
}

async fn set_leader(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let remove = form.get("remove") == "1";
    match gongzhi_app::org::set_leader_assignment(
        &state.app,
        &staff.principal(&addr),
        form.get("leader"),
        form.get("street"),
        form.get("theme"),
        remove,
    )
    .await
    {
        Ok(()) => Ok(crate::page::see_other("/admin/leaders").into_response()),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let mut r = render(&leaders_view(&state, lang, &staff, &addr, errors).await?);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

fn admin(staff: &Staff) -> Result<(), AppError> {
    staff.require(Role::Admin)
}

/// A unit as listed: with its parent's name and its kind's label.
struct UnitRow {
    unit: Unit,
    parent_name: String,
    kind_label: &'static str,
}

#[derive(Template)]
#[template(path = "units_list.html")]
struct UnitsPage {
    ctx: PageCtx,
    rows: Vec<UnitRow>,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    /// Without a kind filter: the units as a tree (HTML, every name escaped), the district open, each street folded.
    tree_html: String,
}

/// The units as nested lists: each unit a link with its kind and code, its children inside; units with children are
/// `<details>` (open at the top two levels but for streets, whose communities fold away).
fn tree_html(units: &[Unit], lang: Lang) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut children: HashMap<Option<UnitId>, Vec<&Unit>> = HashMap::new();
    for u in units {
        children.entry(u.parent_id).or_default().push(u);
    }
    fn walk(
        out: &mut String,
        parent: Option<UnitId>,
        depth: usize,
        children: &HashMap<Option<UnitId>, Vec<&Unit>>,
        lang: Lang,
        esc: &dyn Fn(&str) -> String,
    ) {
        let Some(kids) = children.get(&parent) else {
            return;
        };
        out.push_str(if depth == 0 {
            "<ul class=\"tree\" id=\"units-tree\">"
        } else {
            "<ul>"
        });
        for u in kids {
            let label = format!(
                "<a href=\"/admin/units/{}\"{}>{}</a> <span class=\"kind\">{}</span> <code>{}</code>",
                u.id,
                if u.active { "" } else { " class=\"inactive\"" },
                esc(&u.name),
                lang.t(&format!("unit_kind.{}", u.kind.code())),
                esc(&u.code)
            );
            match children.get(&Some(u.id)) {
                Some(grand) => {
                    let open = if depth < 1 && u.kind != UnitKind::Street {
                        " open"
                    } else {
                        ""
                    };
                    out.push_str(&format!("<li><details{open}><summary>{label} <span class=\"kind\">{}</span></summary>", lang.t("units.children").replace("{n}", &grand.len().to_string())));
                    walk(out, Some(u.id), depth + 1, children, lang, esc);
                    out.push_str("</details></li>");
                }
                None => out.push_str(&format!("<li>{label}</li>")),
            }
        }
        out.push_str("</ul>");
    }
    let mut out = String::new();
    walk(&mut out, None, 0, &children, lang, &esc);
    out
}

fn kind_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    UnitKind::ALL
        .iter()
        .map(|k| (k.code(), lang.t(&format!("unit_kind.{}", k.code()))))
        .collect()
}

async fn units_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    let kind = UnitKind::parse(query.get("kind"));
    let units = state.reads.list_units().await?;
    let names: HashMap<UnitId, String> = units
        .iter()
        .map(|u| (u.unit.id, u.unit.name.clone()))
        .collect();
    let tree = if kind.is_none() {
        tree_html(
            &units.iter().map(|u| u.unit.clone()).collect::<Vec<_>>(),
            lang,
        )
    } else {
        String::new()
    };
    let rows = units
        .into_iter()
        .filter(|u| kind.is_none_or(|k| u.unit.kind == k))
        .map(|u| UnitRow {
            parent_name: u
                .unit
                .parent_id
                .and_then(|p| names.get(&p).cloned())
                .unwrap_or_default(),
            kind_label: lang.t(&format!("unit_kind.{}", u.unit.kind.code())),
            unit: u.unit,
        })
        .collect();
    Ok(render(&UnitsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        rows,
        kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        kinds: kind_options(lang),
        tree_html: tree,
    }))
}

#[derive(Template)]
#[template(path = "unit_form.html")]
struct UnitFormPage {
    ctx: PageCtx,
    /// `None` when creating.
    id: Option<UnitId>,
    input: UnitInput,
    active: bool,
    errors: ValidationErrors,
    kinds: Vec<(&'static str, &'static str)>,
    parents: Vec<(String, String)>,
}

impl UnitFormPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn parent_options(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| !u.unit.kind.allowed_parents().is_empty() || u.unit.kind == UnitKind::District)
        .filter(|u| u.unit.kind != UnitKind::CareStation)
        .map(|u| (u.unit.id.to_string(), u.unit.name))
        .collect())
}

async fn unit_form(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    id: Option<UnitId>,
    input: UnitInput,
    active: bool,
    errors: ValidationErrors,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&UnitFormPage {
        ctx: PageCtx::new(lang, Some(staff)),
        id,
        input,
        active,
        errors,
        kinds: kind_options(lang),
        parents: parent_options(state).await?,
    });
    *r.status_mut() = status;
    Ok(r)
}

fn unit_input(form: &FormData) -> UnitInput {
    UnitInput {
        parent_id: form.get("parent_id").into(),
        kind: form.get("kind").into(),
        code: form.get("code").into(),
        name: form.get("name").into(),
        grid_count: form.get("grid_count").into(),
        population: form.get("population").into(),
        lat: form.get("lat").into(),
        lon: form.get("lon").into(),
    }
}

fn single_error(field: &'static str, code: &'static str) -> ValidationErrors {
    let mut e = ValidationErrors::default();
    e.add(field, code);
    e
}

async fn new_unit_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
) -> Result<Response, AppError> {
    admin(&staff)?;
    unit_form(
        &state,
        lang,
        &staff,
        None,
        UnitInput {
            kind: "community".into(),
            ..Default::default()
        },
        true,
        ValidationErrors::default(),
    )
    .await
}

async fn create_unit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let input = unit_input(&form);
    let valid = match input.validate() {
        Ok(v) => v,
        Err(errors) => return unit_form(&state, lang, &staff, None, input, true, errors).await,
    };
    match gongzhi_app::org::create_unit(&state.app, &staff.principal(&addr), &valid).await? {
        Ok(unit) => Ok(crate::page::see_other(&format!(
            "/admin/units?kind={}#u-{}",
            unit.kind.code(),
            unit.id
        ))
        .into_response()),
        Err(UnitWriteError::Invalid(errors)) => {
            unit_form(&state, lang, &staff, None, input, true, errors).await
        }
        Err(UnitWriteError::Store(StoreError::NotFound)) => {
            unit_form(
                &state,
                lang,
                &staff,
                None,
                input,
                true,
                single_error("parent_id", "unknown_unit"),
            )
            .await
        }
        Err(UnitWriteError::Store(StoreError::Conflict { .. })) => {
            unit_form(
                &state,
                lang,
                &staff,
                None,
                input,
                true,
                single_error("code", "taken"),
            )
            .await
        }
        Err(UnitWriteError::Store(e)) => Err(e.into()),
    }
}

fn parse_unit_id(raw: &str) -> Result<UnitId, AppError> {
    UnitId::parse(raw).ok_or(AppError::NotFound)
}

async fn edit_unit_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    admin(&staff)?;
    let unit = state.reads.get_unit(parse_unit_id(&id)?).await?.unit;
    let input = UnitInput {
        parent_id: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        kind: unit.kind.code().into(),
        code: unit.code.clone(),
        name: unit.name.clone(),
        grid_count: unit.grid_count.to_string(),
        population: if unit.population > 0 {
            unit.population.to_string()
        } else {
            String::new()
        },
        lat: unit.centre.map(|c| c.lat.to_string()).unwrap_or_default(),
        lon: unit.centre.map(|c| c.lon.to_string()).unwrap_or_default(),
    };
    unit_form(
        &state,
        lang,
        &staff,
        Some(unit.id),
        input,
        unit.active,
        ValidationErrors::default(),
    )
    .await
}

async fn update_unit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let existing = state.reads.get_unit(parse_unit_id(&id)?).await?.unit;
    // Kind and parent are fixed after creation; only the editable fields come from the form.
    let mut input = unit_input(&form);
    input.kind = existing.kind.code().into();
    input.parent_id = existing
        .parent_id
        .map(|p| p.to_string())
        .unwrap_or_default();
    let active = form.get("active") == "1";
    let valid = match input.validate() {
        Ok(v) => v,
        Err(errors) => {
            return unit_form(
                &state,
                lang,
                &staff,
                Some(existing.id),
                input,
                active,
                errors,
            )
            .await;
        }
    };
    match gongzhi_app::org::update_unit(
        &state.app,
        &staff.principal(&addr),
        existing.id,
        &valid,
        active,
    )
    .await?
    {
        Ok(()) => Ok(crate::page::see_other(&format!(
            "/admin/units?kind={}#u-{}",
            existing.kind.code(),
            existing.id
        ))
        .into_response()),
        Err(UnitWriteError::Store(StoreError::Conflict { .. })) => {
            unit_form(
                &state,
                lang,
                &staff,
                Some(existing.id),
                input,
                active,
                single_error("code", "taken"),
            )
            .await
        }
        Err(UnitWriteError::Invalid(errors)) => {
            unit_form(
                &state,
                lang,
                &staff,
                Some(existing.id),
                input,
                active,
                errors,
            )
            .await
        }
        Err(UnitWriteError::Store(e)) => Err(e.into()),
    }
}

struct UserRow {
    user: User,
    unit_name: String,
    roles: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "users_list.html")]
struct UsersPage {
    ctx: PageCtx,
    rows: Vec<UserRow>,
    q: String,
    total: i64,
    page: u32,
    pages: u32,
}

async fn users_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    let q = query.get("q").trim().to_owned();
    let filter = UserFilter {
        unit_id: UnitId::parse(query.get("unit")),
        query: Some(q.clone()),
    };
    let page = state
        .reads
        .list_users(&filter, PageRequest::new(query.page(), 50))
        .await?;
    let names: HashMap<UnitId, String> = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .map(|u| (u.unit.id, u.unit.name))
        .collect();
    let pages = page.pages();
    let rows = page
        .items
        .into_iter()
        .map(|user| UserRow {
            unit_name: names.get(&user.unit_id).cloned().unwrap_or_default(),
            roles: user
                .roles
                .iter()
                .map(|r| lang.t(&format!("role.{}", r.code())))
                .collect(),
            user,
        })
        .collect();
    Ok(render(&UsersPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        rows,
        q,
        total: page.total,
        page: page.page,
        pages,
    }))
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct UserFormPage {
    ctx: PageCtx,
    id: Option<UserId>,
    input: UserInput,
    active: bool,
    errors: ValidationErrors,
    units: Vec<(String, String)>,
    roles: Vec<(&'static str, &'static str)>,
    /// A temporary password just set, shown once.
    new_password: String,
    saved: bool,
    /// Colleagues who could take over the account's open cases when it is deactivated (id, name).
    colleagues: Vec<(String, String)>,
}

impl UserFormPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
    fn has_role(&self, code: &str) -> bool {
        self.input.roles.iter().any(|r| r == code)
    }
}

struct UserFormState {
    id: Option<UserId>,
    input: UserInput,
    active: bool,
    errors: ValidationErrors,
    new_password: String,
    saved: bool,
}

async fn user_form(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    f: UserFormState,
) -> Result<Response, AppError> {
    let status = if f.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let units = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .map(|u| (u.unit.id.to_string(), u.unit.name))
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| (r.code(), lang.t(&format!("role.{}", r.code()))))
        .collect();
    let mut colleagues = Vec::new();
    if let (Some(id), true) = (f.id, f.active)
        && let Ok(user) = state.reads.get_user(id).await
    {
        let kind = state.reads.get_unit(user.unit_id).await?.unit.kind;
        for c in state
            .reads
            .candidates(user.unit_id, gongzhi_domain::routing::agent_role(kind))
            .await?
        {
            if c.user_id != id {
                colleagues.push((
                    c.user_id.to_string(),
                    format!("{} ({})", c.name, c.username),
                ));
            }
        }
    }
    let mut r = render(&UserFormPage {
        ctx: PageCtx::new(lang, Some(staff)),
        id: f.id,
        input: f.input,
        active: f.active,
        errors: f.errors,
        units,
        roles,
        new_password: f.new_password,
        saved: f.saved,
        colleagues,
    });
    *r.status_mut() = status;
    Ok(r)
}

fn user_input(form: &FormData) -> UserInput {
    UserInput {
        username: form.get("username").into(),
        display_name: form.get("display_name").into(),
        unit_id: form.get("unit_id").into(),
        roles: form.get_all("roles"),
        password: form.get("password").into(),
        unit_head: form.get("unit_head") == "1",
    }
}

fn blank(id: Option<UserId>, input: UserInput, active: bool) -> UserFormState {
    UserFormState {
        id,
        input,
        active,
        errors: ValidationErrors::default(),
        new_password: String::new(),
        saved: false,
    }
}

async fn new_user_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
) -> Result<Response, AppError> {
    admin(&staff)?;
    user_form(
        &state,
        lang,
        &staff,
        blank(None, UserInput::default(), true),
    )
    .await
}

async fn create_user(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let mut input = user_input(&form);
    let valid = match input.validate(true) {
        Ok(v) => v,
        Err(errors) => {
            input.password.clear();
            return user_form(
                &state,
                lang,
                &staff,
                UserFormState {
                    errors,
                    ..blank(None, input, true)
                },
            )
            .await;
        }
    };
    if let Err(StoreError::NotFound) = state.reads.get_unit(valid.unit_id).await {
        input.password.clear();
        return user_form(
            &state,
            lang,
            &staff,
            UserFormState {
                errors: single_error("unit_id", "unknown_unit"),
                ..blank(None, input, true)
            },
        )
        .await;
    }
    match gongzhi_app::org::create_user(
        &state.app,
        &staff.principal(&addr),
        &valid,
        std::mem::take(&mut input.password),
    )
    .await
    {
        Ok(user) => Ok(
            crate::page::see_other(&format!("/admin/users/{}?saved=1", user.id)).into_response(),
        ),
        Err(gongzhi_app::AppError::Conflict("username_taken")) => {
            user_form(
                &state,
                lang,
                &staff,
                UserFormState {
                    errors: single_error("username", "taken"),
                    ..blank(None, input, true)
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn parse_user_id(raw: &str) -> Result<UserId, AppError> {
    UserId::parse(raw).ok_or(AppError::NotFound)
}

fn input_of(user: &User) -> UserInput {
    UserInput {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        unit_id: user.unit_id.to_string(),
        roles: user.roles.iter().map(|r| r.code().to_owned()).collect(),
        password: String::new(),
        unit_head: user.unit_head,
    }
}

async fn edit_user_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    Path(id): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    let user = state.reads.get_user(parse_user_id(&id)?).await?;
    let f = UserFormState {
        saved: query.get("saved") == "1",
        ..blank(Some(user.id), input_of(&user), user.active)
    };
    user_form(&state, lang, &staff, f).await
}

async fn update_user(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let user = state.reads.get_user(parse_user_id(&id)?).await?;
    let input = user_input(&form);
    let valid = match input.validate(false) {
        Ok(v) => v,
        Err(errors) => {
            return user_form(
                &state,
                lang,
                &staff,
                UserFormState {
                    errors,
                    ..blank(Some(user.id), input, user.active)
                },
            )
            .await;
        }
    };
    if let Err(StoreError::NotFound) = state.reads.get_unit(valid.unit_id).await {
        return user_form(
            &state,
            lang,
            &staff,
            UserFormState {
                errors: single_error("unit_id", "unknown_unit"),
                ..blank(Some(user.id), input, user.active)
            },
        )
        .await;
    }
    match gongzhi_app::org::update_user(&state.app, &staff.principal(&addr), user.id, &valid).await
    {
        Ok(()) => Ok(
            crate::page::see_other(&format!("/admin/users/{}?saved=1", user.id)).into_response(),
        ),
        Err(gongzhi_app::AppError::Conflict("username_taken")) => {
            user_form(
                &state,
                lang,
                &staff,
                UserFormState {
                    errors: single_error("username", "taken"),
                    ..blank(Some(user.id), input, user.active)
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_active(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let id = parse_user_id(&id)?;
    let active = form.get("active") == "1";
    let successor = match form.get("successor") {
        "" => None,
        raw => Some(
            UserId::parse(raw)
                .ok_or_else(|| gongzhi_app::AppError::field("successor", "invalid_choice"))?,
        ),
    };
    // Deactivating hands the account's open cases to its unit's head, or to the colleague chosen here.
    gongzhi_app::org::set_user_active(&state.app, &staff.principal(&addr), id, active, successor)
        .await?;
    Ok(crate::page::see_other(&format!("/admin/users/{id}?saved=1")).into_response())
}

/// Sets a random temporary password (shown once to the administrator) and ends the account's sessions.
async fn reset_password(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    admin(&staff)?;
    staff.check_csrf(&form)?;
    let user = state.reads.get_user(parse_user_id(&id)?).await?;
    let temporary =
        gongzhi_app::org::reset_password(&state.app, &staff.principal(&addr), user.id).await?;
    let f = UserFormState {
        new_password: temporary,
        ..blank(Some(user.id), input_of(&user), user.active)
    };
    user_form(&state, lang, &staff, f).await
}
