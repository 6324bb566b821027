//! Whistles' use cases: blowing (a street's officers, or a community worker to its own street), the summoned units'
//! reports and progress, summoning more, closing (事不完、人不撤) and rating, who may see a whistle, the lists and the
//! district view. The rules are `gongzhi_domain::whistle`'s; the writes are the store's, one transaction each.

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{CaseId, CaseNo};
use gongzhi_domain::org::{Role, UnitId, UserId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_domain::whistle::{
    self, Reason, Summons, Whistle, WhistleError, WhistleInput, WhistleNo, WhistleStatus,
};
use gongzhi_store::whistle::{
    WhistleFile, WhistleFilter, WhistleRow, WhistleStats, WhistleToStore,
};
use gongzhi_store::{Page, PageRequest, StoreError};

use crate::{App, AppError, StaffPrincipal};

/// A whistle as asked for: the fields, the summoned units by code, the linked cases by number.
#[derive(Debug, Clone, Default)]
pub struct BlowRequest {
    pub input: WhistleInput,
    pub units: Vec<String>,
    pub case_nos: Vec<String>,
}

/// The street a staff member whistles for (and summons, closes and rates as).
pub fn street_of(staff: &StaffPrincipal) -> Result<UnitId, WhistleError> {
    whistle::whistling_street(
        staff.unit_kind,
        staff.unit_id,
        staff.street_id,
        staff.has(Role::Street),
        staff.has(Role::Community),
    )
}

/// Units named by code, each summonable; duplicates are summoned once.
async fn summonable_units(
    app: &App,
    codes: &[String],
    errors: &mut ValidationErrors,
) -> Result<Vec<UnitId>, AppError> {
    let mut out = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match app.store().get_unit_by_code(code).await {
            Ok(u) if whistle::summonable(u.unit.kind) && u.unit.active => {
                if !out.contains(&u.unit.id) {
                    out.push(u.unit.id);
                }
            }
            Ok(_) => errors.add("units", "not_summonable"),
            Err(StoreError::NotFound) => errors.add("units", "unknown_unit"),
            Err(e) => return Err(e.into()),
        }
    }
    if out.is_empty() && errors.code_for("units").is_none() {
        errors.add("units", "required");
    }
    Ok(out)
}

async fn members(app: &App, units: &[UnitId]) -> Result<Vec<UserId>, AppError> {
    let mut out = Vec::new();
    for unit in units {
        out.extend(
            app.store()
                .unit_members(*unit)
                .await?
                .into_iter()
                .map(|(id, _)| id),
        );
    }
    Ok(out)
}

/// Blows a whistle and tells every summoned unit at once.
pub async fn blow(
    app: &App,
    staff: &StaffPrincipal,
    req: &BlowRequest,
) -> Result<Whistle, AppError> {
    let street = street_of(staff)?;
    let reasons = app.store().whistle_reasons().await?;
    let mut errors = ValidationErrors::default();
    let new = match req.input.validate(&reasons) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let units = summonable_units(app, &req.units, &mut errors).await?;
    let mut cases: Vec<CaseId> = Vec::new();
    for raw in req
        .case_nos
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        // A case the officer may not see is the same wrong field as one that does not exist.
        match crate::cases::visible_case(app, staff, raw).await {
            Ok(c) => cases.push(c.id),
            Err(AppError::NotFound) => errors.add("case_nos", "unknown_case"),
            Err(e) => return Err(e),
        }
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let reason = reasons
        .iter()
        .find(|r| r.code == new.reason)
        .expect("validated");
    let report_minutes = new.report_minutes.unwrap_or(reason.report_minutes);
    let notify = members(app, &units).await?;
    let stored = app
        .store()
        .insert_whistle(
            &staff.actor(app.now()),
            &WhistleToStore {
                street_id: street,
                blown_unit_id: staff.unit_id,
                new,
                report_minutes,
                units,
                cases,
                notify,
            },
        )
        .await?;
    tracing::info!(whistle_no = %stored.whistle_no, reason = %stored.reason, "whistle blown");
    Ok(stored)
}

/// The street a staff member acts for as the street itself — summoning more units, closing, rating: only the
/// street's officers (吹哨报到: the street summons and evaluates; 《关于党建引领街乡管理体制机制创新 实现"街乡吹哨、部门报到"的实施方案》,
/// 京办发〔2018〕). A community worker may blow to its own street and follow the whistle, no more.
pub fn acting_street(staff: &StaffPrincipal) -> Option<UnitId> {
    whistle::whistling_street(
        staff.unit_kind,
        staff.unit_id,
        staff.street_id,
        staff.has(Role::Street),
        false,
    )
    .ok()
}

/// Whether a staff member may see a whistle: by role as well as place — the officers of the street that blew it and
/// its communities' workers, the people of a summoned department or enterprise, and the roles that see the whole
/// district. Everyone else, a mediator or a care station in the same street included, is refused as if the whistle
/// did not exist. The one scope rule of the module.
pub fn may_see(staff: &StaffPrincipal, w: &Whistle, summons: &[Summons]) -> bool {
    let district = staff.roles.iter().any(|r| r.sees_whole_district());
    let own_street = street_of(staff).ok() == Some(w.street_id);
    let summoned = whistle::summonable(staff.unit_kind)
        && staff.has(Role::Department)
        && summons.iter().any(|s| s.unit_id == staff.unit_id);
    district || own_street || summoned
}

/// A whistle for someone who may see it ([`may_see`]); anyone else gets `NotFound`, as for a missing one.
pub async fn visible(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
) -> Result<(Whistle, Vec<Summons>), AppError> {
    let no = WhistleNo::parse(no).ok_or(AppError::NotFound)?;
    let w = app.store().get_whistle_by_no(&no).await?;
    let summons = app.store().whistle_summons(&w.id).await?;
    if may_see(staff, &w, &summons) {
        Ok((w, summons))
    } else {
        Err(AppError::NotFound)
    }
}

/// What a summoned unit reports.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    pub on_site: bool,
    /// Who came: people of the reporting unit, by id; the reporting officer when empty.
    pub people: Vec<UserId>,
    pub action: String,
    pub files: Vec<WhistleFile>,
}

/// A summoned unit's report (报到): once, while the whistle is open; marked late after the deadline.
pub async fn report(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    req: &ReportRequest,
) -> Result<Whistle, AppError> {
    let (w, summons) = visible(app, staff, no).await?;
    let own = summons.iter().find(|s| s.unit_id == staff.unit_id);
    whistle::may_report(&w, own)?;
    let mut errors = ValidationErrors::default();
    let action = gongzhi_domain::validation::text(&mut errors, "action", &req.action, true, 2000);
    let members = app.store().unit_members(staff.unit_id).await?;
    let mut people = Vec::new();
    for id in &req.people {
        match members.iter().find(|(m, _)| m == id) {
            Some((_, name)) => people.push(name.clone()),
            None => errors.add("people", "not_in_unit"),
        }
    }
    if people.is_empty()
        && let Some((_, name)) = members.iter().find(|(m, _)| *m == staff.user_id)
    {
        people.push(name.clone());
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = app.now();
    let late = own.is_some_and(|s| now > s.due_at);
    app.store()
        .report_whistle(
            &staff.actor(now),
            &w,
            staff.unit_id,
            req.on_site,
            &people,
            &action,
            &req.files,
            late,
        )
        .await?;
    app.store().get_whistle(&w.id).await.map_err(Into::into)
}

/// A progress entry from a unit that has reported, until the whistle is closed.
pub async fn progress(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    note: &str,
    files: Vec<WhistleFile>,
) -> Result<Whistle, AppError> {
    let (w, summons) = visible(app, staff, no).await?;
    whistle::may_add_progress(&w, summons.iter().find(|s| s.unit_id == staff.unit_id))?;
    let mut errors = ValidationErrors::default();
    let note = gongzhi_domain::validation::text(&mut errors, "note", note, true, 2000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    app.store()
        .whistle_progress(&staff.actor(app.now()), &w, staff.unit_id, &note, &files)
        .await?;
    app.store().get_whistle(&w.id).await.map_err(Into::into)
}

/// The street summons more units; they report by the reason's deadline counted from now.
pub async fn summon(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    codes: &[String],
) -> Result<Whistle, AppError> {
    let (w, summons) = visible(app, staff, no).await?;
    whistle::may_summon(&w, acting_street(staff), false)?;
    let mut errors = ValidationErrors::default();
    let units = summonable_units(app, codes, &mut errors).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if units
        .iter()
        .any(|u| summons.iter().any(|s| s.unit_id == *u))
    {
        return Err(WhistleError::AlreadySummoned.into());
    }
    let now = app.now();
    let due = now + w.report_minutes as Millis * 60_000;
    app.store()
        .summon_more(
            &staff.actor(now),
            &w,
            &units,
            due,
            &members(app, &units).await?,
        )
        .await?;
    app.store().get_whistle(&w.id).await.map_err(Into::into)
}

/// The street closes its whistle with the outcome; a unit that never reported needs a written reason.
pub async fn close(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    outcome: &str,
    reason: &str,
) -> Result<Whistle, AppError> {
    let (w, summons) = visible(app, staff, no).await?;
    whistle::may_close(&w, acting_street(staff), &summons, reason)?;
    let mut errors = ValidationErrors::default();
    let outcome = gongzhi_domain::validation::text(&mut errors, "outcome", outcome, true, 2000);
    let reason = gongzhi_domain::validation::text(&mut errors, "reason", reason, false, 2000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    app.store()
        .close_whistle(&staff.actor(app.now()), &w, &outcome, &reason)
        .await?;
    app.store().get_whistle(&w.id).await.map_err(Into::into)
}

/// The street rates a summoned unit after closing (once; `change` within seven days of the rating).
#[allow(clippy::too_many_arguments)]
pub async fn rate(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    unit_code: &str,
    scores: (i64, i64, i64),
    comment: &str,
    change: bool,
) -> Result<Whistle, AppError> {
    let (w, summons) = visible(app, staff, no).await?;
    let unit = app
        .store()
        .get_unit_by_code(unit_code.trim())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::field("unit", "unknown_unit"),
            other => other.into(),
        })?;
    let now = app.now();
    let own = summons.iter().find(|s| s.unit_id == unit.unit.id);
    if own.is_none() && acting_street(staff) == Some(w.street_id) {
        return Err(AppError::field("unit", "not_summoned"));
    }
    whistle::may_rate(&w, acting_street(staff), own, change, now)?;
    let mut rating = whistle::validate_rating(scores.0, scores.1, scores.2, comment, now)
        .map_err(AppError::Invalid)?;
    if change {
        // A change keeps the first rating's time, so the seven days are not restarted by changing.
        rating.rated_at = own
            .and_then(|s| s.rating.as_ref())
            .map(|r| r.rated_at)
            .unwrap_or(now);
    }
    app.store()
        .rate_whistle_unit(&staff.actor(now), &w, unit.unit.id, &rating, change)
        .await?;
    app.store().get_whistle(&w.id).await.map_err(Into::into)
}

/// The lists: `street` (the officer's street's board), `summoned` (what the officer's unit was summoned to), `all`
/// (district roles). `open`, `overdue` and `closed_month` narrow the street's board.
pub async fn list(
    app: &App,
    staff: &StaffPrincipal,
    view: &str,
    narrow: &str,
    page: PageRequest,
) -> Result<Page<WhistleRow>, AppError> {
    let now = app.now();
    let mut f = WhistleFilter::default();
    match view {
        "street" => {
            f.street = Some(street_of(staff).map_err(|_| AppError::Forbidden("forbidden"))?)
        }
        "summoned" => f.summoned_unit = Some(staff.unit_id),
        "all" if staff.roles.iter().any(|r| r.sees_whole_district()) => {}
        _ => return Err(AppError::Forbidden("forbidden")),
    }
    match narrow {
        "open" => f.status = Some(WhistleStatus::Open),
        "overdue" => f.overdue_at = Some(now),
        "closed_month" => {
            f.status = Some(WhistleStatus::Closed);
            f.blown_from = Some(month_start(now));
        }
        _ => {}
    }
    Ok(app.store().list_whistles(&f, now, page).await?)
}

/// The first instant of the Beijing month `at` falls in.
pub fn month_start(at: Millis) -> Millis {
    let d = gongzhi_domain::calendar::local_date(at);
    gongzhi_domain::calendar::start_of(jiff::civil::date(d.year(), d.month(), 1))
}

/// The district view over a period, for the roles that see the whole district.
pub async fn stats(
    app: &App,
    staff: &StaffPrincipal,
    from: Millis,
    to: Millis,
) -> Result<WhistleStats, AppError> {
    if !staff.roles.iter().any(|r| r.sees_whole_district()) {
        return Err(AppError::Forbidden("forbidden"));
    }
    Ok(app.store().whistle_stats(from, to, app.now()).await?)
}

/// The reasons, for forms and the administrators' page.
pub async fn reasons(app: &App) -> Result<Vec<Reason>, AppError> {
    Ok(app.store().whistle_reasons().await?)
}

/// An administrator sets a reason's default report deadline.
pub async fn set_reason_minutes(
    app: &App,
    staff: &StaffPrincipal,
    code: &str,
    minutes: &str,
) -> Result<(), AppError> {
    staff.require(Role::Admin)?;
    let m = minutes
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (whistle::MIN_REPORT_MINUTES..=whistle::MAX_REPORT_MINUTES).contains(m));
    let Some(m) = m else {
        return Err(AppError::field("report_minutes", "out_of_range"));
    };
    app.store()
        .set_whistle_reason_minutes(&staff.actor(app.now()), code, m)
        .await?;
    Ok(())
}

/// A whistle's file for someone who may see the whistle.
pub async fn file(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    let (whistle_id, filename, content_type, data) = app.store().whistle_file(id).await?;
    let w = app.store().get_whistle(&whistle_id).await?;
    visible(app, staff, w.whistle_no.as_str()).await?;
    Ok((filename, content_type, data))
}

/// The linked cases' numbers.
pub async fn case_nos(app: &App, w: &Whistle) -> Result<Vec<CaseNo>, AppError> {
    Ok(app.store().whistle_case_nos(&w.id).await?)
}

/// Who writes in the whistles module at all (the web refuses anyone else before reading a request's body): the
/// streets' officers and community workers (blowing, the street's steps), summoned departments and enterprises
/// (reporting), administrators (the reasons' deadlines). Each use case checks its own rule again.
pub fn may_write(staff: &StaffPrincipal) -> bool {
    [Role::Street, Role::Community, Role::Department, Role::Admin]
        .iter()
        .any(|r| staff.has(*r))
}
