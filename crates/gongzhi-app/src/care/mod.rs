//! Elderly care use cases: the census import (the same for the command line and the web), the elder registry with
//! its scopes, and disability assessments from the computation to the conclusion in force.
//!
//! Who sees what: civil-affairs and medical-insurance officers (CareAdmin), assessors, district leaders and
//! administrators see every elder; street, community and care-station staff see their street's. Only officers and
//! assessors see ID numbers in full; those who must call (officers, assessors, station staff, carers, community
//! workers) see phone numbers.

use std::collections::{BTreeMap, HashMap};

use gongzhi_domain::Millis;
use gongzhi_domain::calendar::local_date;
use gongzhi_domain::care::{
    self, AssessStatus, BandVersion, CensusColumns, Computed, NATIONAL_2021, Reason, RowError,
    ScoreError, Scores,
};
use gongzhi_domain::org::{Role, UnitId, UnitKind, UserId};
use gongzhi_domain::validation::{ValidationErrors, text};
use gongzhi_store::care::{
    AssessmentRecord, CensusEntry, CensusImport, ElderFilter, ElderRecord, ImportEnd,
};
use gongzhi_store::{Actor, Page, PageRequest};

use crate::{App, AppError, StaffPrincipal};

pub mod services;

/// The largest census file accepted (a 111,000-row CSV is about 12 MB).
pub const MAX_CENSUS_BYTES: usize = 64 * 1024 * 1024;
/// The most rows one census file may hold.
pub const MAX_CENSUS_ROWS: usize = 500_000;
/// Rows written per transaction during an import.
pub const CENSUS_BATCH: usize = 2_000;

const BAND_VERSION: &str = "care.band_version";

/// Whether the staff member works with elders' records at all, and over what.
pub fn elder_scope(staff: &StaffPrincipal) -> Result<Option<UnitId>, AppError> {
    let district = [Role::CareAdmin, Role::Assessor, Role::Leader, Role::Admin];
    if district.iter().any(|r| staff.has(*r)) {
        return Ok(None);
    }
    let local = [Role::Street, Role::Community, Role::Station, Role::Provider];
    match staff.street_id {
        Some(street) if local.iter().any(|r| staff.has(*r)) => Ok(Some(street)),
        _ => Err(AppError::Forbidden("forbidden")),
    }
}

/// Whether the staff member sees ID numbers in full.
pub fn sees_id_numbers(staff: &StaffPrincipal) -> bool {
    staff.has(Role::CareAdmin) || staff.has(Role::Assessor)
}

/// Whether the staff member sees elders' and guardians' phone numbers.
pub fn sees_phones(staff: &StaffPrincipal) -> bool {
    [
        Role::CareAdmin,
        Role::Assessor,
        Role::Station,
        Role::Provider,
        Role::Community,
    ]
    .iter()
    .any(|r| staff.has(*r))
}

/// Who records an elder's guardian and consent: officers, assessors and the elder's station (the station's staff
/// meet the family). Carers and community workers see them, and change nothing.
pub fn may_set_guardian(staff: &StaffPrincipal) -> bool {
    staff.has(Role::CareAdmin) || staff.has(Role::Assessor) || staff.has(Role::Station)
}

/// Whether the staff member may import a census: asked before an upload's body is read, so a file from anyone
/// else is never parsed.
pub fn may_import_census(staff: &StaffPrincipal) -> Result<(), AppError> {
    require_officer(staff)
}

fn require_officer(staff: &StaffPrincipal) -> Result<(), AppError> {
    if staff.has(Role::CareAdmin) || staff.has(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden("care_admin_only"))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Census import
// ---------------------------------------------------------------------------------------------------------------

/// Why a census file is refused as a whole (nothing is imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CensusRejection {
    Unreadable,
    Empty,
    TooLarge,
    /// A workbook over one of the reader's limits (its dimension, cells, text or what it inflates to).
    Sheet(crate::sheet::SheetLimit),
    MissingColumns(Vec<&'static str>),
}

impl CensusRejection {
    pub fn message(&self) -> String {
        match self {
            CensusRejection::Unreadable => {
                "无法读取文件：请上传 XLSX 工作簿或 UTF-8 编码的 CSV 文件".into()
            }
            CensusRejection::Empty => "文件中没有数据行".into(),
            CensusRejection::TooLarge => format!(
                "文件过大：最多 {} MB、{MAX_CENSUS_ROWS} 行",
                MAX_CENSUS_BYTES / 1024 / 1024
            ),
            CensusRejection::Sheet(limit) => limit.message(),
            CensusRejection::MissingColumns(names) => format!("缺少必需的列：{}", names.join("、")),
        }
    }
}

/// A census file read and checked as a whole, ready to import.
#[derive(Debug, Clone)]
pub struct CensusFile {
    columns: CensusColumns,
    /// Data rows with their row numbers (the header is row 1); blank rows are left out.
    rows: Vec<(usize, Vec<String>)>,
}

impl CensusFile {
    pub fn rows(&self) -> usize {
        self.rows.len()
    }
}

/// Reads a census file (XLSX or UTF-8 CSV) and checks its header.
pub fn read_census(data: &[u8]) -> Result<CensusFile, CensusRejection> {
    if data.len() > MAX_CENSUS_BYTES {
        return Err(CensusRejection::TooLarge);
    }
    let mut rows = crate::sheet::rows(data)
        .map_err(|e| match e {
            crate::sheet::SheetError::Unreadable => CensusRejection::Unreadable,
            crate::sheet::SheetError::TooLarge(limit) => CensusRejection::Sheet(limit),
        })?
        .into_iter();
    let header = rows.next().ok_or(CensusRejection::Empty)?;
    let columns = care::census_columns(&header).map_err(CensusRejection::MissingColumns)?;
    let rows: Vec<(usize, Vec<String>)> = rows
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(CensusRejection::Empty);
    }
    if rows.len() > MAX_CENSUS_ROWS {
        return Err(CensusRejection::TooLarge);
    }
    Ok(CensusFile { columns, rows })
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CensusOutcome {
    pub rows: usize,
    pub created: i64,
    pub updated: i64,
    pub errors: Vec<RowError>,
}

impl CensusOutcome {
    /// Rows skipped for errors.
    pub fn bad_rows(&self) -> usize {
        let mut rows: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        rows.len()
    }
}

/// The error report as CSV (with a BOM, so spreadsheet programs read the Chinese): 行号, 列, 原因.
pub fn error_report(errors: &[RowError]) -> String {
    let mut out = String::from("\u{feff}行号,列,原因\n");
    for e in errors {
        let reason = gongzhi_domain::export::csv_cell(&e.reason);
        out.push_str(&format!("{},{},{reason}\n", e.row, e.column));
    }
    out
}

/// Opens an import of `file` for the survey round and its reference date (`YYYY-MM-DD`; empty: the import's day):
/// only civil-affairs officers and administrators import.
pub async fn start_census(
    app: &App,
    staff: &StaffPrincipal,
    file_name: &str,
    round: &str,
    reference: &str,
    file: &CensusFile,
) -> Result<String, AppError> {
    require_officer(staff)?;
    start_import_as(
        app,
        &staff.actor(app.now()),
        file_name,
        round,
        reference,
        file,
    )
    .await
}

/// Opens an import as any actor (the command line acts as the system). The reference date (普查标准时点) is the day on
/// which every row's age is counted; it may not be in the future, and empty means the day the import starts.
pub async fn start_import_as(
    app: &App,
    actor: &Actor,
    file_name: &str,
    round: &str,
    reference: &str,
    file: &CensusFile,
) -> Result<String, AppError> {
    let mut errors = ValidationErrors::default();
    let round = text(&mut errors, "round", round, true, 20);
    let today = local_date(actor.at);
    let reference = match reference.trim() {
        "" => today,
        raw => match care::parse_date(raw) {
            Some(d) if d > today => {
                errors.add("reference_date", "in_future");
                today
            }
            Some(d) => d,
            None => {
                errors.add("reference_date", "not_a_date");
                today
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = care::new_id();
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    app.store()
        .start_census_import(
            actor,
            &id,
            &name,
            &round,
            care::ymd(reference),
            file.rows() as i64,
        )
        .await?;
    Ok(id)
}

/// The survey round a census imported today belongs to by default: the year.
pub fn default_round(app: &App) -> String {
    local_date(app.now()).year().to_string()
}

/// Runs an opened import: each good row creates or updates its elder by ID number, each bad row is reported and
/// skipped; `progress(done, total)` is called after every batch. The import is closed as `done` (or `failed` if
/// the database refuses a batch: the batches before it stay, and importing the file again completes it).
pub async fn run_census(
    app: &App,
    actor: &Actor,
    import_id: &str,
    file: &CensusFile,
    mut progress: impl FnMut(usize, usize),
) -> Result<CensusOutcome, AppError> {
    let import = app.store().census_import(import_id).await?;
    // Ages on the census's reference date (older imports: the day they started).
    let today = import
        .reference_ymd
        .map(care::date_of)
        .unwrap_or_else(|| local_date(import.started_at));
    let units = app.store().list_units().await?;
    let streets: HashMap<&str, UnitId> = units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Street)
        .map(|u| (u.unit.name.as_str(), u.unit.id))
        .collect();
    let communities: HashMap<(UnitId, &str), UnitId> = units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Community)
        .filter_map(|u| Some(((u.unit.parent_id?, u.unit.name.as_str()), u.unit.id)))
        .collect();
    let total = file.rows.len();
    let mut outcome = CensusOutcome {
        rows: total,
        ..Default::default()
    };
    let mut done = 0usize;
    let mut bad = 0i64;
    // One person, one row: a repeated ID number is reported on the later row (and skipped), so created + updated +
    // bad add up to the rows of the file.
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for chunk in file.rows.chunks(CENSUS_BATCH) {
        let mut entries = Vec::with_capacity(chunk.len());
        for (row_no, cells) in chunk {
            match care::parse_census_row(&file.columns, cells, *row_no, today) {
                Ok(row) => {
                    if let Some(first) = first_row.get(row.id_number.expose()) {
                        outcome.errors.push(RowError {
                            row: *row_no,
                            column: "公民身份号码",
                            reason: format!("与第 {first} 行重复"),
                        });
                        bad += 1;
                        continue;
                    }
                    first_row.insert(row.id_number.expose().to_owned(), *row_no);
                    let Some(&street_id) = streets.get(row.street.as_str()) else {
                        outcome.errors.push(RowError {
                            row: *row_no,
                            column: "街道",
                            reason: format!("本区没有“{}”", row.street),
                        });
                        bad += 1;
                        continue;
                    };
                    let Some(&community_id) = communities.get(&(street_id, row.community.as_str()))
                    else {
                        outcome.errors.push(RowError {
                            row: *row_no,
                            column: "社区",
                            reason: format!("{}没有“{}”", row.street, row.community),
                        });
                        bad += 1;
                        continue;
                    };
                    entries.push(CensusEntry {
                        row,
                        street_id,
                        community_id,
                    });
                }
                Err(errors) => {
                    outcome.errors.extend(errors);
                    bad += 1;
                }
            }
        }
        done += chunk.len();
        match app
            .store()
            .import_census_batch(
                &Actor {
                    at: app.now(),
                    ..actor.clone()
                },
                import_id,
                &import.survey_round,
                &entries,
                done as i64,
                bad,
            )
            .await
        {
            Ok((c, u)) => {
                outcome.created += c;
                outcome.updated += u;
            }
            Err(e) => {
                let msg =
                    "导入中断：数据库拒绝了一批数据，之前的批次已导入，可重新导入同一文件补全";
                let report = error_report(&outcome.errors);
                let end = ImportEnd {
                    status: "failed",
                    done_rows: done as i64,
                    bad,
                    message: msg,
                    report: &report,
                };
                let _ = app
                    .store()
                    .finish_census_import(
                        &Actor {
                            at: app.now(),
                            ..actor.clone()
                        },
                        import_id,
                        &end,
                    )
                    .await;
                return Err(e.into());
            }
        }
        progress(done, total);
    }
    let finish = Actor {
        at: app.now(),
        ..actor.clone()
    };
    let message = format!(
        "共 {total} 行：新建 {}，更新 {}，有误 {bad} 行",
        outcome.created, outcome.updated
    );
    let report = error_report(&outcome.errors);
    let end = ImportEnd {
        status: "done",
        done_rows: done as i64,
        bad,
        message: &message,
        report: &report,
    };
    app.store()
        .finish_census_import(&finish, import_id, &end)
        .await?;
    Ok(outcome)
}

/// How long a running import may go without finishing a batch before it counts as interrupted: a batch of
/// [`CENSUS_BATCH`] rows takes well under a second on this machine, so two minutes means its process stopped.
pub const IMPORT_SILENCE_MS: i64 = 120_000;

/// Finds imports whose process stopped (killed, crashed, restarted) and marks them interrupted. Run at start-up and
/// by the sweeper, so an import never shows 导入中 forever; with several app servers, one still importing keeps
/// its import alive by its batches.
pub async fn interrupt_silent_imports(app: &App) -> Result<u64, AppError> {
    let now = app.now();
    Ok(app
        .store()
        .interrupt_silent_imports(&Actor::system(now), now - IMPORT_SILENCE_MS)
        .await?)
}

/// Records a file refused as a whole, so the web shows why (nothing else is written).
pub async fn reject_census(
    app: &App,
    staff: &StaffPrincipal,
    file_name: &str,
    reason: &CensusRejection,
) -> Result<String, AppError> {
    require_officer(staff)?;
    let id = care::new_id();
    let actor = staff.actor(app.now());
    let round = default_round(app);
    app.store()
        .start_census_import(
            &actor,
            &id,
            file_name,
            &round,
            care::ymd(local_date(actor.at)),
            0,
        )
        .await?;
    let message = reason.message();
    app.store()
        .finish_census_import(
            &actor,
            &id,
            &ImportEnd {
                status: "rejected",
                done_rows: 0,
                bad: 0,
                message: &message,
                report: "",
            },
        )
        .await?;
    Ok(id)
}

/// An import as its starter (or any officer) sees it.
pub async fn census_import(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<CensusImport, AppError> {
    require_officer(staff)?;
    Ok(app.store().census_import(id).await?)
}

pub async fn census_imports(
    app: &App,
    staff: &StaffPrincipal,
) -> Result<Vec<CensusImport>, AppError> {
    require_officer(staff)?;
    Ok(app.store().census_imports(20).await?)
}

// ---------------------------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------------------------

/// Elders the staff member may see, filtered; a street-bound user's street filter is forced to their own.
pub async fn elders(
    app: &App,
    staff: &StaffPrincipal,
    mut filter: ElderFilter,
    page: PageRequest,
) -> Result<Page<ElderRecord>, AppError> {
    if let Some(street) = elder_scope(staff)? {
        if filter.street_id.is_some_and(|s| s != street) {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
                page: page.page,
                per_page: page.per_page,
            });
        }
        filter.street_id = Some(street);
    }
    Ok(app.store().elders(&filter, page).await?)
}

/// One elder, if the staff member may see them.
pub async fn elder(app: &App, staff: &StaffPrincipal, id: &str) -> Result<ElderRecord, AppError> {
    let scope = elder_scope(staff)?;
    let e = app.store().elder(id).await?;
    if scope.is_some_and(|s| s != e.street_id) {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

/// Records the guardian and the consent (officers, assessors and the elder's station).
pub async fn set_guardian(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    name: &str,
    phone: &str,
    consent: bool,
    version: i64,
) -> Result<(), AppError> {
    let e = elder(app, staff, id).await?;
    if !may_set_guardian(staff) {
        return Err(AppError::Forbidden("forbidden"));
    }
    let mut errors = ValidationErrors::default();
    let name = text(&mut errors, "guardian_name", name, false, 50);
    let phone = match phone.trim() {
        "" => None,
        raw => match gongzhi_domain::cases::PhoneNumber::parse(raw) {
            Some(p) => Some(p.expose().to_owned()),
            None => {
                errors.add("guardian_phone", "phone_invalid");
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    app.store()
        .set_elder_guardian(
            &staff.actor(app.now()),
            &e.id,
            &name,
            phone.as_deref(),
            consent,
            version,
        )
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Assessments
// ---------------------------------------------------------------------------------------------------------------

/// Every version of the bands: the national one first, then the pilots'.
pub async fn band_versions(app: &App) -> Result<Vec<BandVersion>, AppError> {
    let mut out = vec![BandVersion::national_2021()];
    out.extend(app.store().band_versions().await?);
    Ok(out)
}

/// The version new assessments use (a setting; national-2021 unless a pilot chose its own).
pub async fn active_bands(app: &App) -> Result<BandVersion, AppError> {
    let code = app
        .store()
        .get_setting(BAND_VERSION)
        .await?
        .unwrap_or_else(|| NATIONAL_2021.into());
    band_version(app, &code).await
}

/// A version by its code.
pub async fn band_version(app: &App, code: &str) -> Result<BandVersion, AppError> {
    band_versions(app)
        .await?
        .into_iter()
        .find(|v| v.code == code)
        .ok_or(AppError::NotFound)
}

/// Loads a pilot's version (checked) and, if asked, makes it the one new assessments use.
pub async fn add_band_version(
    app: &App,
    staff: &StaffPrincipal,
    v: &BandVersion,
    activate: bool,
) -> Result<(), AppError> {
    require_officer(staff)?;
    v.validate()
        .map_err(|_| AppError::field("bands", "invalid_bands"))?;
    if v.code == NATIONAL_2021 {
        return Err(AppError::Conflict("band_version_exists"));
    }
    let actor = staff.actor(app.now());
    app.store()
        .add_band_version(&actor, v)
        .await
        .map_err(|e| match e {
            gongzhi_store::StoreError::Conflict { .. } => AppError::Conflict("band_version_exists"),
            other => other.into(),
        })?;
    if activate {
        app.store()
            .set_setting(&actor, BAND_VERSION, &v.code)
            .await?;
    }
    Ok(())
}

/// The validation errors for a set of scores, every one at once: each field is `items.<code>`.
pub fn score_error(all: &[ScoreError]) -> AppError {
    let mut errors = ValidationErrors::default();
    for e in all {
        let code = match e {
            ScoreError::Unknown(_) => "unknown_item",
            ScoreError::Missing(_) => "missing_item",
            ScoreError::NotAllowed(..) => "score_not_allowed",
        };
        errors.add_named(format!("items.{}", e.item()), code);
    }
    AppError::Invalid(errors)
}

/// The level for a set of item scores under the active version; nothing is stored.
pub async fn compute(
    app: &App,
    items: &BTreeMap<String, i64>,
) -> Result<(Computed, BandVersion), AppError> {
    let scores = Scores::parse(items).map_err(|e| score_error(&e))?;
    let version = active_bands(app).await?;
    Ok((care::compute(&scores, &version), version))
}

/// What assessors record on site.
#[derive(Debug, Clone)]
pub struct AssessmentInput {
    pub elder_id: String,
    pub reason: Reason,
    pub items: BTreeMap<String, i64>,
    /// The second assessor on site (another assessor's account).
    pub second_assessor: UserId,
    /// The level the assessors read off the table, if they give one: it must be the computed one (the national
    /// standard, 医保办发〔2021〕37号, makes the level the table's cell for the scores; 409 `level_not_computed`).
    pub assessor_level: Option<u8>,
    pub note: String,
}

/// Records an assessment made on site by two assessors. One open assessment per elder at a time.
pub async fn record_assessment(
    app: &App,
    staff: &StaffPrincipal,
    input: &AssessmentInput,
) -> Result<AssessmentRecord, AppError> {
    staff.require(Role::Assessor)?;
    let elder = elder(app, staff, &input.elder_id).await?;
    let scores = Scores::parse(&input.items).map_err(|e| score_error(&e))?;
    let mut errors = ValidationErrors::default();
    if input.assessor_level.is_some_and(|l| l > 5) {
        errors.add("assessor_level", "invalid_level");
    }
    let note = text(&mut errors, "note", &input.note, false, 2000);
    if input.second_assessor == staff.user_id {
        errors.add("second_assessor", "same_assessor");
    } else {
        match app.store().get_user(input.second_assessor).await {
            Ok(u) if u.active && u.roles.contains(&Role::Assessor) => {}
            Ok(_) | Err(gongzhi_store::StoreError::NotFound) => {
                errors.add("second_assessor", "not_an_assessor")
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let open = app.store().assessments_of(&elder.id).await?;
    if open
        .iter()
        .any(|a| matches!(a.status, AssessStatus::Recorded | AssessStatus::Publicised))
    {
        return Err(AppError::Conflict("assessment_open"));
    }
    if input.reason == Reason::First && open.iter().any(|a| a.status == AssessStatus::Concluded) {
        return Err(AppError::Conflict("not_first_assessment"));
    }
    if input.reason == Reason::Appeal
        && open
            .first()
            .is_none_or(|a| a.status != AssessStatus::Appealed)
    {
        return Err(AppError::Conflict("no_appeal"));
    }
    // A re-assessment the reviewer asked for follows a returned assessment (and only then).
    if (input.reason == Reason::Reassess)
        != open
            .first()
            .is_some_and(|a| a.status == AssessStatus::Returned)
    {
        return Err(AppError::Conflict(if input.reason == Reason::Reassess {
            "no_return"
        } else {
            "reassessment_due"
        }));
    }
    let version = active_bands(app).await?;
    let c = care::compute(&scores, &version);
    if input.assessor_level.is_some_and(|l| l != c.level) {
        return Err(AppError::Conflict("level_not_computed"));
    }
    let now = app.now();
    let record = AssessmentRecord {
        id: care::new_id(),
        elder_id: elder.id.clone(),
        reason: input.reason,
        status: AssessStatus::Recorded,
        band_version: version.code.clone(),
        items: scores.to_map(),
        daily_living: i64::from(c.daily_living),
        cognition: i64::from(c.cognition),
        perception: i64::from(c.perception),
        computed_level: c.level,
        assessor_level: c.level,
        assessor1: staff.user_id,
        assessor2: input.second_assessor,
        assessed_at: now,
        note,
        reviewer_id: None,
        reviewer_level: None,
        final_level: None,
        reviewed_at: None,
        publicity_until: None,
        appeal_note: String::new(),
        appealed_at: None,
        concluded_at: None,
        valid_from: None,
        valid_until: None,
        version: 1,
        assessor2_confirmed_at: None,
        return_reason: String::new(),
    };
    app.store()
        .insert_assessment(&staff.actor(now), &record)
        .await?;
    Ok(record)
}

/// An assessment, if the staff member may see its elder.
pub async fn assessment(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<(AssessmentRecord, ElderRecord), AppError> {
    let a = app.store().assessment(id).await?;
    let e = elder(app, staff, &a.elder_id).await?;
    Ok((a, e))
}

/// Assessments in a status, for the officers' and assessors' worklists.
pub async fn assessments(
    app: &App,
    staff: &StaffPrincipal,
    status: Option<AssessStatus>,
    page: PageRequest,
) -> Result<Page<AssessmentRecord>, AppError> {
    if elder_scope(staff)?.is_some() {
        return Err(AppError::Forbidden("forbidden"));
    }
    Ok(app.store().assessments(status, page).await?)
}

/// The second assessor confirms the scores recorded on site, under their own account, before the review.
pub async fn confirm(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    version: i64,
) -> Result<AssessmentRecord, AppError> {
    staff.require(Role::Assessor)?;
    let mut a = app.store().assessment(id).await?;
    if a.assessor2 != staff.user_id {
        return Err(AppError::Forbidden("not_second_assessor"));
    }
    if a.status != AssessStatus::Recorded {
        return Err(AppError::Conflict("assessment_not_recorded"));
    }
    if a.assessor2_confirmed_at.is_some() {
        return Err(AppError::Conflict("already_confirmed"));
    }
    if a.version != version {
        return Err(AppError::Conflict("stale"));
    }
    let now = app.now();
    a.assessor2_confirmed_at = Some(now);
    app.store()
        .update_assessment(&staff.actor(now), &a, "care.assessment.confirm")
        .await?;
    a.version += 1;
    Ok(a)
}

/// The reviewer's decision on a recorded assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision {
    /// The level is the table's for the scores: published for the publicity period.
    Confirm,
    /// The reviewer disagrees: returned for a re-assessment (复评) by assessors, with the reasons.
    Reassess,
}

/// The officer's review (医保办发〔2021〕37号: the level is the table's for the scores). `confirm` publishes the
/// computed level — a `final_level` other than it is 409 `level_not_computed` — once the second assessor has
/// confirmed (409 `second_assessor_pending`); `reassess` returns it with the reasons (409 `reason_needed` without).
pub async fn review(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    decision: ReviewDecision,
    final_level: Option<u8>,
    reason: &str,
    version: i64,
) -> Result<AssessmentRecord, AppError> {
    staff.require(Role::CareAdmin)?;
    let mut a = app.store().assessment(id).await?;
    if a.status != AssessStatus::Recorded {
        return Err(AppError::Conflict("assessment_not_recorded"));
    }
    if a.version != version {
        return Err(AppError::Conflict("stale"));
    }
    if [a.assessor1, a.assessor2].contains(&staff.user_id) {
        return Err(AppError::Forbidden("own_assessment"));
    }
    let mut errors = ValidationErrors::default();
    if final_level.is_some_and(|l| l > 5) {
        errors.add("final_level", "invalid_level");
    }
    let reason = text(&mut errors, "reason", reason, false, 2000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = app.now();
    match decision {
        ReviewDecision::Confirm => {
            if a.assessor2_confirmed_at.is_none() {
                return Err(AppError::Conflict("second_assessor_pending"));
            }
            if final_level.is_some_and(|l| l != a.computed_level) {
                return Err(AppError::Conflict("level_not_computed"));
            }
            a.status = AssessStatus::Publicised;
            a.reviewer_level = Some(a.computed_level);
            a.final_level = Some(a.computed_level);
            a.publicity_until = Some(care::publicity_ends(
                now,
                i64::from(crate::settings::publicity_days(app).await?),
            ));
        }
        ReviewDecision::Reassess => {
            if reason.is_empty() {
                return Err(AppError::Conflict("reason_needed"));
            }
            a.status = AssessStatus::Returned;
            a.return_reason = reason;
        }
    }
    a.reviewer_id = Some(staff.user_id);
    a.reviewed_at = Some(now);
    app.store()
        .update_assessment(
            &staff.actor(now),
            &a,
            match decision {
                ReviewDecision::Confirm => "care.assessment.review",
                ReviewDecision::Reassess => "care.assessment.return",
            },
        )
        .await?;
    a.version += 1;
    Ok(a)
}

/// An objection received during the publicity period: the conclusion does not take effect; a re-assessment
/// (reason: appeal) follows.
pub async fn appeal(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    note: &str,
    version: i64,
) -> Result<AssessmentRecord, AppError> {
    staff.require(Role::CareAdmin)?;
    let mut a = app.store().assessment(id).await?;
    let now = app.now();
    if a.status != AssessStatus::Publicised || a.publicity_until.is_some_and(|u| now > u) {
        return Err(AppError::Conflict("not_in_publicity"));
    }
    if a.version != version {
        return Err(AppError::Conflict("stale"));
    }
    let mut errors = ValidationErrors::default();
    let note = text(&mut errors, "note", note, true, 2000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    a.status = AssessStatus::Appealed;
    a.appeal_note = note;
    a.appealed_at = Some(now);
    app.store()
        .update_assessment(&staff.actor(now), &a, "care.assessment.appeal")
        .await?;
    a.version += 1;
    Ok(a)
}

/// Concludes a publicised assessment whose publicity period has ended: in force from the next month, for two
/// years. The sweeper does this; an officer may too.
pub async fn conclude(app: &App, actor: &Actor, id: &str) -> Result<AssessmentRecord, AppError> {
    let mut a = app.store().assessment(id).await?;
    if a.status != AssessStatus::Publicised {
        return Err(AppError::Conflict("not_in_publicity"));
    }
    if a.publicity_until.is_some_and(|u| actor.at < u) {
        return Err(AppError::Conflict("publicity_running"));
    }
    let (from, until) = care::validity(local_date(actor.at));
    a.status = AssessStatus::Concluded;
    a.concluded_at = Some(actor.at);
    a.valid_from = Some(care::ymd(from));
    a.valid_until = Some(care::ymd(until));
    app.store()
        .update_assessment(actor, &a, "care.assessment.conclude")
        .await?;
    a.version += 1;
    Ok(a)
}

/// The sweeper's part: conclusions whose publicity ended, and levels past their validity. Returns how many
/// assessments were concluded.
pub async fn sweep(app: &App, now: Millis) -> Result<usize, AppError> {
    let actor = Actor::system(now);
    let mut n = 0;
    for id in app.store().assessments_to_conclude(now, 500).await? {
        match conclude(app, &actor, &id).await {
            Ok(_) => n += 1,
            // Another app server concluded it first.
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let today = gongzhi_domain::local_yyyymmdd(now) as i64;
    app.store().expire_levels(&actor, today).await?;
    Ok(n)
}

/// Elders per street and level in force, for the coverage view.
pub async fn coverage(
    app: &App,
    staff: &StaffPrincipal,
) -> Result<Vec<(UnitId, Option<u8>, i64)>, AppError> {
    let scope = elder_scope(staff)?;
    let rows = app.store().elders_by_street_and_level().await?;
    Ok(rows
        .into_iter()
        .filter(|(s, _, _)| scope.is_none_or(|x| x == *s))
        .collect())
}

/// Who writes in the care module at all: civil-affairs and medical-insurance officers, assessors, stations and
/// carers, and administrators (the census). Everyone else is refused before a request's body is read (an upload is
/// never parsed).
pub fn may_write(staff: &StaffPrincipal) -> bool {
    [
        Role::CareAdmin,
        Role::Assessor,
        Role::Station,
        Role::Provider,
        Role::Admin,
    ]
    .iter()
    .any(|r| staff.has(*r))
}
