//! Care services and long-term-care insurance use cases: the facilities directory (public), service deliveries with
//! the subsidies applied by rule, verification, the accident-insurance roster, enrolment and contributions, care
//! plans matched to the elder (and declined for another provider), and monthly settlement per provider (entered →
//! checked → settled).
//!
//! Who does what: carers and station staff record the deliveries of their own facility; civil-affairs and
//! medical-insurance officers (CareAdmin) verify, enrol, record contributions, build the roster, propose plans and
//! settle; station staff may also record an elder's or guardian's answer to a plan.

use std::collections::HashMap;

use gongzhi_domain::Millis;
use gongzhi_domain::calendar::local_date;
use gongzhi_domain::care::ltc::{self, Category, Claim, Payer, SettlementStatus, Standing};
use gongzhi_domain::care::services::{self, Delivery, Meal, Place, Provider};
use gongzhi_domain::care::{self, Need};
use gongzhi_domain::org::{Role, UnitId};
use gongzhi_domain::validation::{ValidationErrors, text};
use gongzhi_store::care::services::{
    Contribution, Facility, Insured65, Plan, ServiceRecord, SettledLine, Settlement,
};
use gongzhi_store::{Actor, Page, PageRequest, StoreError};

use crate::{App, AppError, StaffPrincipal};

/// How far back a delivery may be recorded (a month's records are settled the month after).
pub const RECORD_BACK_DAYS: i64 = 62;

fn officer(staff: &StaffPrincipal) -> Result<(), AppError> {
    if staff.has(Role::CareAdmin) {
        Ok(())
    } else {
        Err(AppError::Forbidden("care_admin_only"))
    }
}

/// The month (YYYYMM) of an instant, local time.
pub fn month_of(at: Millis) -> i64 {
    gongzhi_domain::local_yyyymmdd(at) as i64 / 100
}

/// Active facilities, of one street (and the district-wide ones) or all: public.
pub async fn facilities(app: &App, street: Option<UnitId>) -> Result<Vec<Facility>, AppError> {
    Ok(app.store().facilities(street).await?)
}

/// The facility a carer or station member works for (by their unit).
pub async fn my_facility(app: &App, staff: &StaffPrincipal) -> Result<Option<Facility>, AppError> {
    Ok(app
        .store()
        .facilities(None)
        .await?
        .into_iter()
        .find(|f| f.unit_id == Some(staff.unit_id)))
}

/// A delivery as a carer records it.
#[derive(Debug, Clone)]
pub struct ServiceInput {
    pub elder_id: String,
    pub facility_id: String,
    pub service: Need,
    pub started_at: Millis,
    pub minutes: i64,
    pub place: Place,
    pub meal: Option<Meal>,
}

/// Units of a delivery: a meal, a visit or a day counts once; other services by the hour started.
pub fn units_of(service: Need, minutes: i64) -> i64 {
    match service {
        Need::Meals | Need::Bathing | Need::MedicalEscort | Need::DayCare => 1,
        _ => (minutes + 59) / 60,
    }
}

/// Records a delivery: priced at the facility's price, the subsidy applied by the rules in force (once a day per
/// elder and rule, even across app servers), linked to the elder's accepted plan when the service is in it.
pub async fn record_service(
    app: &App,
    staff: &StaffPrincipal,
    input: &ServiceInput,
) -> Result<ServiceRecord, AppError> {
    let store = app.store();
    let facility = match store.facility(&input.facility_id).await {
        Ok(f) => f,
        Err(StoreError::NotFound) => {
            return Err(AppError::field("facility_id", "unknown_facility"));
        }
        Err(e) => return Err(e.into()),
    };
    let own = facility.unit_id == Some(staff.unit_id)
        && (staff.has(Role::Provider) || staff.has(Role::Station));
    if !own && !staff.has(Role::CareAdmin) {
        return Err(AppError::Forbidden("not_your_facility"));
    }
    let elder = match store.elder(&input.elder_id).await {
        Ok(e) => e,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    // A facility bills only the elders it serves; any other elder is as unknown to its staff as on reading.
    if !staff.has(Role::CareAdmin)
        && !serves(app, &facility, &elder, month_of(input.started_at)).await?
    {
        return Err(AppError::NotFound);
    }
    let now = app.now();
    let mut errors = ValidationErrors::default();
    let price = facility
        .prices
        .iter()
        .find(|(s, _)| *s == input.service)
        .map(|(_, p)| *p);
    if price.is_none() {
        errors.add("service", "not_offered");
    }
    if input.started_at > now {
        errors.add("started_at", "in_future");
    } else if input.started_at < now - RECORD_BACK_DAYS * 86_400_000 {
        errors.add("started_at", "too_old");
    }
    if !(1..=720).contains(&input.minutes) {
        errors.add("minutes", "out_of_range");
    }
    if (input.service == Need::Meals) != input.meal.is_some() {
        errors.add(
            "meal",
            if input.service == Need::Meals {
                "required"
            } else {
                "meal_only_for_meals"
            },
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let day = gongzhi_domain::local_yyyymmdd(input.started_at) as i64;
    let month = day / 100;
    let units = units_of(input.service, input.minutes);
    let price_fen = price.unwrap_or(0) * units;
    let plan_id = store
        .plans_for(&facility.id, month)
        .await?
        .into_iter()
        .find(|p| p.elder_id == elder.id && p.lines.iter().any(|l| l.service == input.service))
        .map(|p| p.id);
    let age = care::age_on(care::date_of(elder.birth_ymd), local_date(input.started_at));
    let delivery = Delivery {
        service: input.service,
        meal: input.meal,
        day,
        age,
        living: elder.living,
        economic: elder.economic,
        disabled: elder.care_level.is_some_and(|l| l >= 1),
        bill_fen: price_fen,
    };
    let mut subsidy = None;
    for rule in store.subsidy_rules().await? {
        let already = store.subsidies_on(&elder.id, day, &rule.code).await?;
        let s = rule.subsidy(&delivery, already);
        if s > 0 {
            subsidy = Some((rule.code.clone(), s));
            break;
        }
    }
    let mut record = ServiceRecord {
        id: care::new_id(),
        elder_id: elder.id.clone(),
        facility_id: facility.id.clone(),
        service: input.service,
        served_by: Some(staff.user_id),
        started_at: input.started_at,
        minutes: input.minutes,
        place: input.place,
        meal: input.meal,
        units,
        local_day: day,
        month,
        price_fen,
        subsidy_fen: subsidy.as_ref().map(|s| s.1).unwrap_or(0),
        subsidy_rule: subsidy.as_ref().map(|s| s.0.clone()),
        charged_fen: price_fen - subsidy.as_ref().map(|s| s.1).unwrap_or(0),
        plan_id,
        status: "recorded".into(),
        reject_note: String::new(),
        recorded_at: now,
    };
    let actor = staff.actor(now);
    match store.insert_service_record(&actor, &record).await {
        Ok(()) => {}
        // Another app server granted today's subsidy a moment ago: this one is billed in full.
        Err(StoreError::Conflict { .. }) if record.subsidy_rule.is_some() => {
            record.id = care::new_id();
            record.subsidy_fen = 0;
            record.subsidy_rule = None;
            record.charged_fen = record.price_fen;
            store.insert_service_record(&actor, &record).await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(record)
}

/// Whether a facility serves an elder: the elder lives in the facility's street (a district-wide facility: anywhere in
/// the district), or has a plan with the facility accepted for the month. The staff of a facility record deliveries
/// only for such elders (issue 22: a carer used up another street's elder's daily meal subsidy).
pub async fn serves(
    app: &App,
    facility: &Facility,
    elder: &gongzhi_store::care::ElderRecord,
    month: i64,
) -> Result<bool, AppError> {
    if facility.street_id.is_none_or(|s| s == elder.street_id) {
        return Ok(true);
    }
    Ok(app
        .store()
        .plans_for(&facility.id, month)
        .await?
        .iter()
        .any(|p| p.elder_id == elder.id))
}

/// How many ID-number look-ups one staff member may make in an hour when recording deliveries. Seeing the masked
/// number and the age, a look-up that answers "found" is an oracle for the hidden digits; a carer with the elder's card
/// in hand needs a handful a day.
pub const MAX_ID_LOOKUPS_PER_HOUR: i64 = 30;

/// The elder a facility's staff records a delivery for, by the ID number on the elder's card: throttled per staff
/// member, and only elders the facility serves (anyone else is not found, as on reading).
pub async fn elder_by_id_number(
    app: &App,
    staff: &StaffPrincipal,
    facility_id: &str,
    number: &str,
) -> Result<String, AppError> {
    let now = app.now();
    let used = app
        .store()
        .reserve_attempt(
            &format!("care-id-lookup:user:{}", staff.user_id),
            now,
            now - 3_600_000,
        )
        .await?;
    if used > MAX_ID_LOOKUPS_PER_HOUR {
        return Err(AppError::Throttled);
    }
    let Ok(number) = care::IdNumber::parse(number) else {
        return Err(AppError::NotFound);
    };
    let facility = match app.store().facility(facility_id).await {
        Ok(f) => f,
        Err(StoreError::NotFound) => {
            return Err(AppError::field("facility_id", "unknown_facility"));
        }
        Err(e) => return Err(e.into()),
    };
    let filter = gongzhi_store::care::ElderFilter {
        id_number: Some(number.expose().to_owned()),
        ..Default::default()
    };
    let Some(elder) = app
        .store()
        .elders(&filter, PageRequest::new(1, 1))
        .await?
        .items
        .into_iter()
        .next()
    else {
        return Err(AppError::NotFound);
    };
    if !staff.has(Role::CareAdmin) && !serves(app, &facility, &elder, month_of(now)).await? {
        return Err(AppError::NotFound);
    }
    Ok(elder.id)
}

/// Deliveries of a month: a carer sees their facility's; officers any facility's (or all).
pub async fn records(
    app: &App,
    staff: &StaffPrincipal,
    facility: Option<&str>,
    month: i64,
    page: PageRequest,
) -> Result<Page<ServiceRecord>, AppError> {
    let facility = if staff.has(Role::CareAdmin) {
        facility.map(str::to_owned)
    } else {
        Some(
            my_facility(app, staff)
                .await?
                .ok_or(AppError::Forbidden("forbidden"))?
                .id,
        )
    };
    Ok(app
        .store()
        .service_records(facility.as_deref(), month, page)
        .await?)
}

/// One delivery with its facility: officers, and the facility's own staff.
pub async fn record(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<(ServiceRecord, Facility), AppError> {
    let r = app.store().service_record(id).await?;
    let f = app.store().facility(&r.facility_id).await?;
    if !staff.has(Role::CareAdmin) && f.unit_id != Some(staff.unit_id) {
        return Err(AppError::NotFound);
    }
    Ok((r, f))
}

/// Verifies a facility's recorded deliveries of a month (officers).
pub async fn verify_month(
    app: &App,
    staff: &StaffPrincipal,
    facility: &str,
    month: i64,
) -> Result<u64, AppError> {
    officer(staff)?;
    app.store().facility(facility).await?;
    Ok(app
        .store()
        .verify_records(&staff.actor(app.now()), facility, month)
        .await?)
}

/// Rejects one delivery with the reason (officers).
pub async fn reject_record(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    note: &str,
) -> Result<(), AppError> {
    officer(staff)?;
    let mut errors = ValidationErrors::default();
    let note = text(&mut errors, "note", note, true, 500);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(app
        .store()
        .reject_record(&staff.actor(app.now()), id, &note)
        .await?)
}

// --- accident insurance ---------------------------------------------------------------------------------------

/// Covers everyone aged 65 or over on 1 January of the year (officers); returns how many were added.
pub async fn build_roster(
    app: &App,
    actor: &Actor,
    year: i64,
    insurer: &str,
) -> Result<u64, AppError> {
    let mut errors = ValidationErrors::default();
    let insurer = text(&mut errors, "insurer", insurer, true, 100);
    if !(2000..=2200).contains(&year) {
        errors.add("year", "out_of_range");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let born_by = (year - i64::from(care::ACCIDENT_INSURANCE_AGE)) * 10_000 + 101;
    Ok(app
        .store()
        .build_accident_roster(actor, year, &insurer, born_by)
        .await?)
}

pub async fn build_roster_as(
    app: &App,
    staff: &StaffPrincipal,
    year: i64,
    insurer: &str,
) -> Result<u64, AppError> {
    officer(staff)?;
    build_roster(app, &staff.actor(app.now()), year, insurer).await
}

/// The roster of a year (officers); `None`: everyone, for the export.
pub async fn roster(
    app: &App,
    staff: &StaffPrincipal,
    year: i64,
    page: Option<PageRequest>,
) -> Result<Page<Insured65>, AppError> {
    officer(staff)?;
    Ok(app.store().accident_roster(year, page).await?)
}

// --- long-term-care insurance ------------------------------------------------------------------------------

/// An elder's insurance and contributions. Whether the elder is insured shows to everyone who sees the elder; the
/// contributions (what the elder and others paid) only to officers and assessors.
pub async fn ltc_record(
    app: &App,
    staff: &StaffPrincipal,
    elder_id: &str,
) -> Result<(Option<(Category, i64)>, Vec<Contribution>), AppError> {
    super::elder(app, staff, elder_id).await?;
    let (insured, contributions) = app.store().ltc_record(elder_id).await?;
    Ok((
        insured,
        if sees_contributions(staff) {
            contributions
        } else {
            Vec::new()
        },
    ))
}

/// Who reads contributions: civil-affairs and medical-insurance officers, and assessors.
pub fn sees_contributions(staff: &StaffPrincipal) -> bool {
    staff.has(Role::CareAdmin) || staff.has(Role::Assessor)
}

/// Enrols an elder (officers).
pub async fn enrol(
    app: &App,
    staff: &StaffPrincipal,
    elder_id: &str,
    category: Category,
) -> Result<(), AppError> {
    officer(staff)?;
    app.store().elder(elder_id).await?;
    let from = month_of(app.now());
    Ok(app
        .store()
        .enrol_ltc(
            &staff.actor(app.now()),
            &[(elder_id.to_owned(), category, from)],
        )
        .await?)
}

/// Records one contribution row (officers): insured elders only, one row per year and payer, a positive amount.
pub async fn contribute(
    app: &App,
    staff: &StaffPrincipal,
    elder_id: &str,
    year: i64,
    payer: Payer,
    amount_fen: i64,
) -> Result<(), AppError> {
    officer(staff)?;
    let (insured, _) = app.store().ltc_record(elder_id).await?;
    let Some((category, _)) = insured else {
        return Err(AppError::Conflict("not_insured"));
    };
    let mut errors = ValidationErrors::default();
    if !(2000..=2200).contains(&year) {
        errors.add("year", "out_of_range");
    }
    if !(1..=100_000_000).contains(&amount_fen) {
        errors.add("amount", "out_of_range");
    }
    if payer == Payer::Employer && category != Category::Employee {
        errors.add("payer", "employer_for_employees");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // Entered, not yet counted: a second officer checks it ([`check_contribution`]).
    let c = Contribution {
        year,
        payer,
        amount_fen,
        paid_at: app.now(),
        entered_by: Some(staff.user_id.to_string()),
        checked_by: None,
        checked_at: None,
    };
    app.store()
        .add_contributions(&staff.actor(app.now()), &[(elder_id.to_owned(), c)])
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::Conflict("contribution_exists"),
            other => other.into(),
        })
}

/// A second officer checks a contribution another officer entered; from then on it counts towards the elder's
/// standing. Maker-checker (四眼原则 on the fund's money; 《长期护理保险经办规程》 requires 复核 of collection and
/// payment): the officer who entered a row may not check it (`checker_is_enterer`), a checked row is not checked
/// again (`contribution_checked`).
pub async fn check_contribution(
    app: &App,
    staff: &StaffPrincipal,
    elder_id: &str,
    year: i64,
    payer: Payer,
) -> Result<(), AppError> {
    officer(staff)?;
    let (_, rows) = app.store().ltc_record(elder_id).await?;
    let Some(row) = rows.iter().find(|c| c.year == year && c.payer == payer) else {
        return Err(AppError::NotFound);
    };
    if row.checked_at.is_some() {
        return Err(AppError::Conflict("contribution_checked"));
    }
    if row.entered_by.as_deref() == Some(staff.user_id.to_string().as_str()) {
        return Err(AppError::Conflict("checker_is_enterer"));
    }
    app.store()
        .check_contribution(&staff.actor(app.now()), elder_id, year, payer)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::Conflict("stale"),
            other => other.into(),
        })
}

// --- plans ------------------------------------------------------------------------------------------------

/// Providers for home care: facilities with places, as the matcher sees them.
/// Each elder's standing for a year: (insured, paid) — paid when every share the contribution rule requires of the
/// elder's category is in and checked (`ltc::contribution_paid`).
pub async fn standing(
    app: &App,
    elders: &[String],
    year: i64,
) -> Result<HashMap<String, (bool, bool)>, AppError> {
    let rules = app.store().contribution_rules().await?;
    Ok(app
        .store()
        .ltc_standing(elders, year)
        .await?
        .into_iter()
        .map(|(id, s)| {
            let standing = match s {
                Some((category, rows)) => {
                    (true, ltc::contribution_paid(category, &rows, &rules, year))
                }
                None => (false, false),
            };
            (id, standing)
        })
        .collect())
}

/// The services long-term-care insurance pays for in a month (data: `ltc_services`).
pub async fn ltc_covered(app: &App, month: i64) -> Result<Vec<Need>, AppError> {
    Ok(services::ltc_covered(
        &app.store().ltc_services().await?,
        month,
    ))
}

pub async fn providers(app: &App) -> Result<Vec<Provider>, AppError> {
    let load = app.store().plan_load().await?;
    Ok(app
        .store()
        .facilities(None)
        .await?
        .into_iter()
        .filter(|f| f.home_care_slots > 0)
        .map(|f| Provider {
            free_slots: f.home_care_slots - load.get(&f.id).copied().unwrap_or(0),
            id: f.id,
            name: f.name,
            point: f.point,
            radius_m: f.radius_m,
            prices: f.prices,
        })
        .collect())
}

/// Proposes a care plan (精准匹配): the elder's level in force (or from next month), the rule for it, the nearest
/// contracted provider with a free place offering what the elder needs, and services within the monthly cap.
/// Providers of plans the elder declined for this conclusion are left out.
pub async fn propose_plan(
    app: &App,
    staff: &StaffPrincipal,
    elder_id: &str,
) -> Result<Plan, AppError> {
    officer(staff)?;
    let store = app.store();
    let elder = store.elder(elder_id).await?;
    let now = app.now();
    let today = gongzhi_domain::local_yyyymmdd(now) as i64;
    let Some((assessment_id, level, valid_from)) =
        store.latest_conclusion(&elder.id, today).await?
    else {
        return Err(AppError::Conflict("no_level_in_force"));
    };
    let month_from = (valid_from / 100).max(month_of(now));
    let rules = store.level_rules().await?;
    let Some(rule) = ltc::rule_for(&rules, level, month_from) else {
        return Err(AppError::Conflict("level_not_eligible"));
    };
    let earlier = store.plans_of(&elder.id).await?;
    if earlier.iter().any(|p| {
        p.assessment_id == assessment_id && matches!(p.status.as_str(), "proposed" | "accepted")
    }) {
        return Err(AppError::Conflict("plan_exists"));
    }
    let declined: Vec<String> = earlier
        .iter()
        .filter(|p| p.assessment_id == assessment_id && p.status == "declined")
        .map(|p| p.facility_id.clone())
        .collect();
    let covered = services::ltc_covered(&store.ltc_services().await?, month_from);
    let mut wanted: Vec<Need> = vec![Need::DisabilityAid];
    wanted.extend(
        elder
            .needs
            .iter()
            .copied()
            .filter(|n| covered.contains(n) && *n != Need::DisabilityAid),
    );
    let at = store.get_unit(elder.community_id).await?.unit.centre;
    let all = providers(app).await?;
    // Everything the elder needs if someone offers it all; else personal care alone.
    let ranked = {
        let full = services::rank_providers(&all, at, &wanted, &declined);
        if full.is_empty() {
            services::rank_providers(&all, at, &[Need::DisabilityAid], &declined)
        } else {
            full
        }
    };
    let Some((provider, distance)) = ranked.first() else {
        return Err(AppError::Conflict("no_provider"));
    };
    let lines = services::build_plan(level, &elder.needs, &provider.prices, rule.monthly_cap_fen);
    let plan = Plan {
        id: care::new_id(),
        elder_id: elder.id.clone(),
        assessment_id,
        facility_id: provider.id.clone(),
        level,
        month_from,
        month_until: None,
        monthly_cap_fen: rule.monthly_cap_fen,
        fund_permille: rule.fund_permille,
        status: "proposed".into(),
        lines,
        distance_m: *distance,
        proposed_at: now,
        decided_at: None,
        decided_by: String::new(),
        note: String::new(),
        version: 1,
    };
    store.insert_plan(&staff.actor(now), &plan).await?;
    Ok(plan)
}

/// Records the elder's or guardian's answer: accepted, or another provider asked for (the next is proposed at once,
/// if there is one). Officers, and station staff of the elder's street, record it.
pub async fn decide_plan(
    app: &App,
    staff: &StaffPrincipal,
    plan_id: &str,
    accept: bool,
    by: &str,
    note: &str,
    version: i64,
) -> Result<Option<Plan>, AppError> {
    let store = app.store();
    let plan = store.plan(plan_id).await?;
    let elder = store.elder(&plan.elder_id).await?;
    let station = staff.has(Role::Station) && staff.street_id == Some(elder.street_id);
    if !staff.has(Role::CareAdmin) && !station {
        return Err(AppError::Forbidden("forbidden"));
    }
    if plan.status != "proposed" {
        return Err(AppError::Conflict("plan_decided"));
    }
    if plan.version != version {
        return Err(AppError::Conflict("stale"));
    }
    let mut errors = ValidationErrors::default();
    let by = text(&mut errors, "decided_by", by, true, 50);
    let note = text(&mut errors, "note", note, false, 500);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    store
        .decide_plan(&staff.actor(app.now()), &plan, accept, &by, &note)
        .await?;
    if accept || !staff.has(Role::CareAdmin) {
        return Ok(None);
    }
    match propose_plan(app, staff, &plan.elder_id).await {
        Ok(next) => Ok(Some(next)),
        Err(AppError::Conflict("no_provider")) => Ok(None),
        Err(e) => Err(e),
    }
}

/// An elder's plans, newest first.
pub async fn plans_of(
    app: &App,
    staff: &StaffPrincipal,
    elder_id: &str,
) -> Result<Vec<Plan>, AppError> {
    super::elder(app, staff, elder_id).await?;
    Ok(app.store().plans_of(elder_id).await?)
}

// --- settlement -------------------------------------------------------------------------------------------

/// Enters (or re-enters, while only entered) a provider's settlement of a finished month from its deliveries of
/// covered services: each line's fund share, self-pay and over-cap, or its rejection and reason.
pub async fn enter_settlement(
    app: &App,
    staff: &StaffPrincipal,
    facility_id: &str,
    month: i64,
) -> Result<String, AppError> {
    officer(staff)?;
    enter_settlement_as(app, &staff.actor(app.now()), facility_id, month).await
}

pub async fn enter_settlement_as(
    app: &App,
    actor: &Actor,
    facility_id: &str,
    month: i64,
) -> Result<String, AppError> {
    if !ltc::valid_month(month) {
        return Err(AppError::field("month", "not_a_month"));
    }
    if month >= month_of(actor.at) {
        return Err(AppError::Conflict("month_not_over"));
    }
    let store = app.store();
    store.facility(facility_id).await?;
    // Only what the fund pays for that month is claimed (医保发〔2020〕37号; the covered set is data).
    let covered = services::ltc_covered(&store.ltc_services().await?, month);
    let records: Vec<ServiceRecord> = store
        .facility_month(facility_id, month)
        .await?
        .into_iter()
        .filter(|r| covered.contains(&r.service))
        .collect();
    let plans: HashMap<String, Plan> = store
        .plans_for(facility_id, month)
        .await?
        .into_iter()
        .map(|p| (p.elder_id.clone(), p))
        .collect();
    let mut elders: Vec<String> = records.iter().map(|r| r.elder_id.clone()).collect();
    elders.sort();
    elders.dedup();
    let standing = standing(app, &elders, month / 100).await?;
    let rules = store.level_rules().await?;
    let mut levels: HashMap<String, Option<u8>> = HashMap::new();
    for e in &elders {
        levels.insert(
            e.clone(),
            store
                .conclusion_on(e, ltc::month_start(month))
                .await?
                .map(|(_, l)| l),
        );
    }
    let claims: Vec<Claim> = records
        .iter()
        .map(|r| {
            let (insured, paid) = standing.get(&r.elder_id).copied().unwrap_or((false, false));
            let s = Standing {
                insured,
                paid,
                level: levels.get(&r.elder_id).copied().flatten(),
            };
            Claim {
                record_id: r.id.clone(),
                elder_id: r.elder_id.clone(),
                service: r.service,
                day: r.local_day,
                amount_fen: r.price_fen,
                verified: r.status == "verified",
                in_plan: plans
                    .get(&r.elder_id)
                    .is_some_and(|p| p.lines.iter().any(|l| l.service == r.service)),
                rule: ltc::eligibility(&s, &rules, month),
            }
        })
        .collect();
    let (lines, totals) = ltc::settle(&claims);
    let by_id: HashMap<&str, &ServiceRecord> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    let settled: Vec<SettledLine> = lines
        .into_iter()
        .map(|l| {
            let r = by_id[l.record_id.as_str()];
            SettledLine {
                service: r.service,
                local_day: r.local_day,
                line: l,
            }
        })
        .collect();
    store
        .save_settlement(actor, facility_id, month, &settled, &totals)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::Conflict("settlement_locked"),
            other => other.into(),
        })
}

/// Moves a settlement on: checked (by someone other than who entered it), then settled (by someone other than the
/// checker); officers only.
pub async fn advance(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    to: SettlementStatus,
    version: i64,
) -> Result<(), AppError> {
    officer(staff)?;
    let s = app.store().settlement(id).await?;
    if s.version != version {
        return Err(AppError::Conflict("stale"));
    }
    let expected = match to {
        SettlementStatus::Checked => SettlementStatus::Entered,
        SettlementStatus::Settled => SettlementStatus::Checked,
        SettlementStatus::Entered => return Err(AppError::Conflict("settlement_locked")),
    };
    if s.status != expected {
        return Err(AppError::Conflict("settlement_wrong_status"));
    }
    // Maker-checker on the fund's money: three steps, at least two people; the store guards the same in its statement.
    let me = Some(staff.user_id.to_string());
    if to == SettlementStatus::Checked && s.entered_by == me {
        return Err(AppError::Conflict("checker_is_enterer"));
    }
    if to == SettlementStatus::Settled && s.checked_by == me {
        return Err(AppError::Conflict("settler_is_checker"));
    }
    app.store()
        .advance_settlement(&staff.actor(app.now()), &s, to)
        .await?;
    Ok(())
}

/// A settlement with its lines and facility (officers, and the facility's own staff).
pub async fn settlement(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<(Settlement, Vec<SettledLine>, Facility), AppError> {
    let s = app.store().settlement(id).await?;
    let f = app.store().facility(&s.facility_id).await?;
    if !staff.has(Role::CareAdmin) && f.unit_id != Some(staff.unit_id) {
        return Err(AppError::NotFound);
    }
    let lines = app.store().settlement_lines(id).await?;
    Ok((s, lines, f))
}

/// Settlements of a month (0: the latest of every month), officers.
pub async fn settlements(
    app: &App,
    staff: &StaffPrincipal,
    month: i64,
) -> Result<Vec<Settlement>, AppError> {
    officer(staff)?;
    Ok(app.store().settlements(month).await?)
}

/// Enters, checks and settles a provider's month in one go (the demo and the benchmark).
pub async fn settle_as(
    app: &App,
    actor: &Actor,
    facility: &str,
    month: i64,
) -> Result<String, AppError> {
    let store = app.store();
    let id = enter_settlement_as(app, actor, facility, month).await?;
    let s = store.settlement(&id).await?;
    store
        .advance_settlement(actor, &s, SettlementStatus::Checked)
        .await?;
    let s = store.settlement(&id).await?;
    store
        .advance_settlement(actor, &s, SettlementStatus::Settled)
        .await?;
    Ok(id)
}
