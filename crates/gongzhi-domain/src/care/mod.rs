//! Elderly care (老街坊): the census of elders (identity, living arrangement, economic status, surveyed needs) and the
//! disability assessment by the national standard 长期护理失能等级评估标准（试行）(医保办发〔2021〕37号).
//!
//! The assessment has 17 items in three groups. Daily living (日常生活活动能力, 10 items, 0–100), cognition (认知能力,
//! 4 items, 0–4 each, 0–16) and perception and communication (感知觉与沟通能力, 3 items, 0–4 each, 0–12). Each group's
//! sum falls in a band (能力完好, 轻度受损, 中度受损, 重度受损); the level (0 基本正常 … 5 重度失能Ⅲ级) is read from a
//! matrix whose row is the daily-living band and whose column is the worse of the cognition and perception bands.
//! Bands and matrix are versioned data ([`BandVersion`]): the national defaults ship as `national-2021`, a pilot loads
//! its own, and every assessment records the version it used.

use std::collections::BTreeMap;
use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Millis;

pub mod ltc;
pub mod services;

/// The age from which a resident counts as an elder (老年人权益保障法 art. 2).
pub const ELDER_AGE: i16 = 60;
/// The age from which the district's accident insurance covers an elder.
pub const ACCIDENT_INSURANCE_AGE: i16 = 65;
/// How long a concluded assessment stays valid.
pub const VALID_YEARS: i16 = 2;

coded!(
    /// Sex, as the census and the ID number record it.
    Sex { Male = "male", Female = "female" }
);

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

coded!(
    /// Living arrangement (居住状况).
    Living { Alone = "alone", EmptyNest = "empty_nest", WithChildren = "with_children", Institution = "institution" }
);

impl Living {
    pub fn label(self) -> &'static str {
        match self {
            Living::Alone => "独居",
            Living::EmptyNest => "空巢",
            Living::WithChildren => "与子女同住",
            Living::Institution => "入住机构",
        }
    }
    /// From the census's Chinese label (a few spellings people use) or the code.
    pub fn from_text(s: &str) -> Option<Living> {
        match s.trim() {
            "独居" => Some(Living::Alone),
            "空巢" => Some(Living::EmptyNest),
            "与子女同住" | "与子女居住" | "与子女共同居住" | "子女同住" => {
                Some(Living::WithChildren)
            }
            "入住机构" | "机构" | "机构养老" | "养老机构" => {
                Some(Living::Institution)
            }
            other => Living::parse(other),
        }
    }
    /// Living at home (every arrangement but an institution): what the home-care subsidies ask.
    pub fn at_home(self) -> bool {
        self != Living::Institution
    }
}

coded!(
    /// Where the elder's household is registered (户籍类型): in the district (户籍), or registered elsewhere and living
    /// here (常住: 居住半年以上, as the national census counts the resident population).
    Residence { Registered = "registered", Resident = "resident" }
);

impl Residence {
    /// From the census's Chinese label (a few spellings people use) or the code.
    pub fn from_text(s: &str) -> Option<Residence> {
        match s.trim() {
            "户籍" | "本区户籍" | "本地户籍" | "户籍人口" => {
                Some(Residence::Registered)
            }
            "常住" | "非户籍常住" | "常住非户籍" | "外地户籍常住" | "常住人口" => {
                Some(Residence::Resident)
            }
            other => Residence::parse(other),
        }
    }
}

coded!(
    /// Economic status (经济状况).
    Economic { Dibao = "dibao", LowIncome = "low_income", Tekun = "tekun", SpecialFamily = "special_family", Ordinary = "none" }
);

impl Economic {
    pub fn label(self) -> &'static str {
        match self {
            Economic::Dibao => "低保",
            Economic::LowIncome => "低收入",
            Economic::Tekun => "特困",
            Economic::SpecialFamily => "计生特殊家庭",
            Economic::Ordinary => "无",
        }
    }
    pub fn from_text(s: &str) -> Option<Economic> {
        match s.trim() {
            "低保" => Some(Economic::Dibao),
            "低收入" => Some(Economic::LowIncome),
            "特困" | "特困供养" => Some(Economic::Tekun),
            "计生特殊家庭" | "计划生育特殊家庭" => Some(Economic::SpecialFamily),
            "无" | "一般" | "" => Some(Economic::Ordinary),
            other => Economic::parse(other),
        }
    }
}

coded!(
    /// A service category elders need (the census's 服务需求 and the services facilities offer).
    Need {
        DayCare = "day_care",
        Meals = "meals",
        Bathing = "bathing",
        Cleaning = "cleaning",
        MedicalEscort = "medical_escort",
        HealthGuidance = "health_guidance",
        Recreation = "recreation",
        Comfort = "comfort",
        DisabilityAid = "disability_aid"
    }
);

impl Need {
    pub fn label(self) -> &'static str {
        match self {
            Need::DayCare => "日间照料",
            Need::Meals => "助餐",
            Need::Bathing => "助浴",
            Need::Cleaning => "助洁",
            Need::MedicalEscort => "助医",
            Need::HealthGuidance => "健康指导",
            Need::Recreation => "文化娱乐",
            Need::Comfort => "精神慰藉",
            Need::DisabilityAid => "失能帮扶",
        }
    }
    pub fn from_text(s: &str) -> Option<Need> {
        let s = s.trim();
        Need::ALL
            .iter()
            .copied()
            .find(|n| n.label() == s)
            .or_else(|| match s {
                "医疗陪护" | "陪同就医" => Some(Need::MedicalEscort),
                "日托" => Some(Need::DayCare),
                other => Need::parse(other),
            })
    }
}

/// Why an ID number is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    Length,
    Characters,
    BirthDate,
    CheckDigit,
}

impl IdNumberError {
    pub fn message(self) -> &'static str {
        match self {
            IdNumberError::Length => "公民身份号码应为18位",
            IdNumberError::Characters => "公民身份号码前17位应为数字，末位为数字或X",
            IdNumberError::BirthDate => "公民身份号码中的出生日期不存在",
            IdNumberError::CheckDigit => "公民身份号码校验码不正确（GB 11643）",
        }
    }
}

/// A citizen ID number (公民身份号码, GB 11643-1999): 6 digits of the address code, 8 of the birth date, 3 of the
/// sequence (odd for men) and a check digit (ISO 7064 MOD 11-2, `X` for 10). Its `Debug` shows only the mask.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl IdNumber {
    pub fn parse(raw: &str) -> Result<IdNumber, IdNumberError> {
        let s = raw.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 18 {
            return Err(IdNumberError::Length);
        }
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(IdNumberError::Characters);
        }
        let digit = |i: usize| u32::from(b[i] - b'0');
        let n =
            |from: usize, len: usize| (from..from + len).fold(0u32, |acc, i| acc * 10 + digit(i));
        let (y, m, d) = (n(6, 4), n(10, 2), n(12, 2));
        if !(1890..=2200).contains(&y) || Date::new(y as i16, m as i8, d as i8).is_err() {
            return Err(IdNumberError::BirthDate);
        }
        let sum: u32 = (0..17).map(|i| digit(i) * ID_WEIGHTS[i]).sum();
        if ID_CHECK[(sum % 11) as usize] != b[17] {
            return Err(IdNumberError::CheckDigit);
        }
        Ok(IdNumber(s))
    }
    pub fn birth_date(&self) -> Date {
        let b = self.0.as_bytes();
        let n = |from: usize, len: usize| {
            (from..from + len).fold(0i32, |acc, i| acc * 10 + i32::from(b[i] - b'0'))
        };
        Date::new(n(6, 4) as i16, n(10, 2) as i8, n(12, 2) as i8).expect("checked when parsed")
    }
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }
    /// The full number, for those who must see it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// `110107********123X`: the area code and the last four.
    pub fn masked(&self) -> String {
        mask_id(&self.0)
    }
}

/// Masks a stored ID number for people who need not see it.
pub fn mask_id(id: &str) -> String {
    if id.len() < 10 || !id.is_ascii() {
        return "*".repeat(id.chars().count());
    }
    format!(
        "{}{}{}",
        &id[..6],
        "*".repeat(id.len() - 10),
        &id[id.len() - 4..]
    )
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

/// A new record id (time-ordered UUIDv7), for elders, imports and assessments.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A date as the number `YYYYMMDD` (how days are stored and compared).
pub fn ymd(d: Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The date a `YYYYMMDD` number names (1900-01-01 for one that names none, which storage never holds).
pub fn date_of(ymd: i64) -> Date {
    Date::new(
        (ymd / 10_000) as i16,
        (ymd / 100 % 100) as i8,
        (ymd % 100) as i8,
    )
    .unwrap_or(Date::constant(1900, 1, 1))
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: Date, on: Date) -> i16 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

// ---------------------------------------------------------------------------------------------------------------
// The census file
// ---------------------------------------------------------------------------------------------------------------

/// The census file's columns, by their Chinese headers (in any order; others are ignored).
pub const CENSUS_COLUMNS: [&str; 10] = [
    "姓名",
    "公民身份号码",
    "性别",
    "出生日期",
    "街道",
    "社区",
    "居住状况",
    "经济状况",
    "联系电话",
    "服务需求",
];

/// An optional column: where the household is registered (户籍 or 常住). Files without it still import; the elder's
/// residence is then not known.
pub const CENSUS_RESIDENCE: &str = "户籍类型";

/// Where each census column sits in the file (the optional 户籍类型 column too, when present).
#[derive(Debug, Clone, Copy)]
pub struct CensusColumns([usize; 10], Option<usize>);

/// Finds the census columns in a header row; the names of the missing ones otherwise.
pub fn census_columns(headers: &[String]) -> Result<CensusColumns, Vec<&'static str>> {
    let clean = |h: &str| h.trim().trim_start_matches('\u{feff}').trim().to_owned();
    let headers: Vec<String> = headers.iter().map(|h| clean(h)).collect();
    let mut at = [0usize; 10];
    let mut missing = Vec::new();
    for (i, name) in CENSUS_COLUMNS.iter().enumerate() {
        match headers.iter().position(|h| h == name) {
            Some(p) => at[i] = p,
            None => missing.push(*name),
        }
    }
    if missing.is_empty() {
        let residence = headers.iter().position(|h| h == CENSUS_RESIDENCE);
        Ok(CensusColumns(at, residence))
    } else {
        Err(missing)
    }
}

/// One good census row.
#[derive(Debug, Clone)]
pub struct CensusRow {
    pub name: String,
    pub id_number: IdNumber,
    pub sex: Sex,
    pub birth_date: Date,
    pub street: String,
    pub community: String,
    pub living: Living,
    pub economic: Economic,
    pub phone: Option<crate::cases::PhoneNumber>,
    pub needs: Vec<Need>,
    /// None when the file has no 户籍类型 column.
    pub residence: Option<Residence>,
}

/// What is wrong with one cell of a census row: the row number (the header is row 1), the column, the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: &'static str,
    pub reason: String,
}

/// Reads one census row (`row` counts the header as 1). Streets and communities are names here; the caller resolves
/// them against the district's units. Ages are counted on `reference`, the census's reference date (普查标准时点: one
/// instant for the whole survey, as the national census fixes one under the 全国人口普查条例), not on the day the file
/// is imported, so that a file imported over several days counts everyone alike.
pub fn parse_census_row(
    cols: &CensusColumns,
    cells: &[String],
    row: usize,
    reference: Date,
) -> Result<CensusRow, Vec<RowError>> {
    let today = reference;
    let cell = |i: usize| cells.get(cols.0[i]).map(|s| s.trim()).unwrap_or("");
    let mut errors = Vec::new();
    // No cell carries control characters (a NUL, an escape, a line break inside a name): they would be stored as they
    // are by one database and refused by the other, and they travel on into the insurer's files.
    for (i, column) in CENSUS_COLUMNS.iter().enumerate() {
        if cell(i).chars().any(char::is_control) {
            errors.push(RowError {
                row,
                column,
                reason: "含有不可见的控制字符".to_owned(),
            });
        }
    }
    let mut fail = |column: usize, reason: &str| {
        errors.push(RowError {
            row,
            column: CENSUS_COLUMNS[column],
            reason: reason.to_owned(),
        })
    };
    let name = cell(0);
    if name.is_empty() {
        fail(0, "姓名不能为空");
    } else if name.chars().count() > 50 {
        fail(0, "姓名超过50个字");
    }
    let id = match IdNumber::parse(cell(1)) {
        Ok(id) => Some(id),
        Err(_) if cell(1).is_empty() => {
            fail(1, "公民身份号码不能为空");
            None
        }
        Err(e) => {
            fail(1, e.message());
            None
        }
    };
    let sex = match cell(2) {
        "男" => Some(Sex::Male),
        "女" => Some(Sex::Female),
        "" => {
            fail(2, "性别不能为空");
            None
        }
        _ => {
            fail(2, "性别应为“男”或“女”");
            None
        }
    };
    if let (Some(id), Some(sex)) = (&id, sex)
        && id.sex() != sex
    {
        fail(2, "性别与公民身份号码不一致");
    }
    let birth = match parse_date(cell(3)) {
        Some(d) => Some(d),
        None => {
            fail(
                3,
                if cell(3).is_empty() {
                    "出生日期不能为空"
                } else {
                    "出生日期应为存在的日期，格式 YYYY-MM-DD"
                },
            );
            None
        }
    };
    if let Some(b) = birth {
        if let Some(id) = &id
            && id.birth_date() != b
        {
            fail(3, "出生日期与公民身份号码不一致");
        }
        if b > today {
            fail(3, "出生日期晚于普查标准时点");
        } else if age_on(b, today) < ELDER_AGE {
            fail(3, "普查标准时点未满60周岁，不属于老年人普查对象");
        } else if age_on(b, today) > 130 {
            fail(3, "出生日期不合理（超过130岁）");
        }
    }
    let street = cell(4);
    if street.is_empty() {
        fail(4, "街道不能为空");
    }
    let community = cell(5);
    if community.is_empty() {
        fail(5, "社区不能为空");
    }
    let living = Living::from_text(cell(6));
    if living.is_none() {
        fail(6, "居住状况应为：独居、空巢、与子女同住、入住机构");
    }
    let economic = Economic::from_text(cell(7));
    if economic.is_none() {
        fail(7, "经济状况应为：低保、低收入、特困、计生特殊家庭、无");
    }
    let phone = match cell(8) {
        "" => None,
        raw => {
            let p = crate::cases::PhoneNumber::parse(raw);
            if p.is_none() {
                fail(8, "联系电话不是有效的手机或固定电话号码");
            }
            p
        }
    };
    let mut needs = Vec::new();
    for part in cell(9)
        .split(['、', '，', ',', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match Need::from_text(part) {
            Some(n) if !needs.contains(&n) => needs.push(n),
            Some(_) => {}
            None => {
                fail(9, &format!("未知的服务需求“{part}”"));
                break;
            }
        }
    }
    let residence = match cols.1.map(|i| cells.get(i).map(|s| s.trim()).unwrap_or("")) {
        None => None,
        Some(raw) => {
            let r = Residence::from_text(raw);
            if r.is_none() {
                errors.push(RowError {
                    row,
                    column: CENSUS_RESIDENCE,
                    reason: "户籍类型应为：户籍、常住".to_owned(),
                });
            }
            r
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CensusRow {
        residence,
        name: name.to_owned(),
        id_number: id.expect("no error"),
        sex: sex.expect("no error"),
        birth_date: birth.expect("no error"),
        street: street.to_owned(),
        community: community.to_owned(),
        living: living.expect("no error"),
        economic: economic.expect("no error"),
        phone,
        needs,
    })
}

/// `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY.MM.DD`, as spreadsheets write them), only if the date exists.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || parts[1].is_empty()
        || parts[1].len() > 2
        || parts[2].is_empty()
        || parts[2].len() > 2
    {
        return None;
    }
    let y: i16 = parts[0].parse().ok()?;
    let m: i8 = parts[1].parse().ok()?;
    let d: i8 = parts[2].parse().ok()?;
    Date::new(y, m, d).ok()
}

// ---------------------------------------------------------------------------------------------------------------
// Disability assessment
// ---------------------------------------------------------------------------------------------------------------

coded!(
    /// The three groups of the assessment.
    Group { DailyLiving = "daily_living", Cognition = "cognition", Perception = "perception" }
);

impl Group {
    pub fn label(self) -> &'static str {
        match self {
            Group::DailyLiving => "日常生活活动能力",
            Group::Cognition => "认知能力",
            Group::Perception => "感知觉与沟通能力",
        }
    }
    /// The highest sum the group can reach.
    pub fn max(self) -> u16 {
        Item::ALL
            .iter()
            .filter(|i| i.group() == self)
            .map(|i| u16::from(*i.allowed().last().expect("scores")))
            .sum()
    }
}

coded!(
    /// The 17 items of the assessment, in the standard's order.
    Item {
        Eating = "eating",
        Dressing = "dressing",
        Grooming = "grooming",
        Bowel = "bowel",
        Bladder = "bladder",
        Toileting = "toileting",
        Walking = "walking",
        Transfer = "transfer",
        Stairs = "stairs",
        Bathing = "bathing",
        TimeOrientation = "time_orientation",
        PersonOrientation = "person_orientation",
        PlaceOrientation = "place_orientation",
        Memory = "memory",
        Vision = "vision",
        Hearing = "hearing",
        Communication = "communication"
    }
);

const ZERO_TO_FOUR: &[u8] = &[0, 1, 2, 3, 4];

impl Item {
    pub fn label(self) -> &'static str {
        match self {
            Item::Eating => "进食",
            Item::Dressing => "穿衣",
            Item::Grooming => "面部与口腔清洁",
            Item::Bowel => "大便控制",
            Item::Bladder => "小便控制",
            Item::Toileting => "用厕",
            Item::Walking => "平地行走",
            Item::Transfer => "床椅转移",
            Item::Stairs => "上下楼",
            Item::Bathing => "洗澡",
            Item::TimeOrientation => "时间定向",
            Item::PersonOrientation => "人物定向",
            Item::PlaceOrientation => "空间定向",
            Item::Memory => "记忆力",
            Item::Vision => "视力",
            Item::Hearing => "听力",
            Item::Communication => "沟通能力",
        }
    }
    pub fn group(self) -> Group {
        match self {
            Item::TimeOrientation
            | Item::PersonOrientation
            | Item::PlaceOrientation
            | Item::Memory => Group::Cognition,
            Item::Vision | Item::Hearing | Item::Communication => Group::Perception,
            _ => Group::DailyLiving,
        }
    }
    /// The scores the standard allows for this item, lowest (most dependent) first.
    pub fn allowed(self) -> &'static [u8] {
        match self {
            Item::Grooming | Item::Bathing => &[0, 5],
            Item::Eating
            | Item::Dressing
            | Item::Bowel
            | Item::Bladder
            | Item::Toileting
            | Item::Stairs => &[0, 5, 10],
            Item::Walking | Item::Transfer => &[0, 5, 10, 15],
            _ => ZERO_TO_FOUR,
        }
    }
}

coded!(
    /// A group's band.
    Band { Intact = "intact", Mild = "mild", Moderate = "moderate", Severe = "severe" }
);

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Intact => "能力完好",
            Band::Mild => "轻度受损",
            Band::Moderate => "中度受损",
            Band::Severe => "重度受损",
        }
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// The levels 0–5 of the standard.
pub const LEVELS: [&str; 6] = [
    "基本正常",
    "轻度失能",
    "中度失能",
    "重度失能Ⅰ级",
    "重度失能Ⅱ级",
    "重度失能Ⅲ级",
];

/// The name of a level 0–5 (`""` for anything else).
pub fn level_label(level: u8) -> &'static str {
    LEVELS.get(level as usize).copied().unwrap_or("")
}

/// A group's bands as the lowest sum of each: at or above `intact` is 能力完好, at or above `mild` 轻度受损, at or
/// above `moderate` 中度受损, below it 重度受损.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub intact: u16,
    pub mild: u16,
    pub moderate: u16,
}

impl Thresholds {
    pub fn band(&self, sum: u16) -> Band {
        if sum >= self.intact {
            Band::Intact
        } else if sum >= self.mild {
            Band::Mild
        } else if sum >= self.moderate {
            Band::Moderate
        } else {
            Band::Severe
        }
    }
}

/// A version of the bands and the combination matrix: versioned data, so a pilot can load its own and every
/// assessment records which one it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandVersion {
    /// A stable code (`national-2021`).
    pub code: String,
    pub name: String,
    pub daily_living: Thresholds,
    pub cognition: Thresholds,
    pub perception: Thresholds,
    /// `matrix[row][column]`: the row is the daily-living band, the column the worse of the cognition and perception
    /// bands, both in the order 能力完好, 轻度受损, 中度受损, 重度受损; each cell a level 0–5.
    pub matrix: [[u8; 4]; 4],
}

/// The national default version's code.
pub const NATIONAL_2021: &str = "national-2021";

impl BandVersion {
    /// The national defaults of 长期护理失能等级评估标准（试行）(2021): daily living 100 / 65–95 / 45–60 / 0–40;
    /// cognition 16 / 12–15 / 5–11 / 0–4; perception and communication 12 / 8–11 / 4–7 / 0–3; and the level matrix.
    pub fn national_2021() -> BandVersion {
        BandVersion {
            code: NATIONAL_2021.into(),
            name: "长期护理失能等级评估标准（试行）2021".into(),
            daily_living: Thresholds {
                intact: 100,
                mild: 65,
                moderate: 45,
            },
            cognition: Thresholds {
                intact: 16,
                mild: 12,
                moderate: 5,
            },
            perception: Thresholds {
                intact: 12,
                mild: 8,
                moderate: 4,
            },
            matrix: [[0, 0, 1, 1], [1, 1, 1, 2], [2, 2, 2, 3], [3, 3, 4, 5]],
        }
    }

    /// Checks a version before it is stored: a code, thresholds that fall strictly within each group's range, levels
    /// 0–5, and a matrix that never gives a lower level for a worse band. The reasons are for the person loading it.
    pub fn validate(&self) -> Result<(), String> {
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 40
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !code_ok {
            return Err("版本代码应为1–40位字母、数字、- 或 _".into());
        }
        if self.name.trim().is_empty()
            || self.name.chars().count() > 100
            || self.name.chars().any(char::is_control)
        {
            return Err("版本名称不能为空，且不超过100字".into());
        }
        for (group, t) in [
            (Group::DailyLiving, self.daily_living),
            (Group::Cognition, self.cognition),
            (Group::Perception, self.perception),
        ] {
            if !(t.intact <= group.max()
                && t.mild < t.intact
                && t.moderate < t.mild
                && t.moderate > 0)
            {
                return Err(format!(
                    "{}的分级界限应满足 0 < 中度 < 轻度 < 完好 ≤ {}",
                    group.label(),
                    group.max()
                ));
            }
        }
        for r in 0..4 {
            for c in 0..4 {
                let v = self.matrix[r][c];
                if v > 5 {
                    return Err("组合矩阵的等级应为0–5".into());
                }
                if (r > 0 && v < self.matrix[r - 1][c]) || (c > 0 && v < self.matrix[r][c - 1]) {
                    return Err("组合矩阵中，能力越差等级不应越低".into());
                }
            }
        }
        Ok(())
    }

    /// The level for three bands.
    pub fn level(&self, daily_living: Band, cognition: Band, perception: Band) -> u8 {
        self.matrix[daily_living.index()][cognition.index().max(perception.index())]
    }
}

/// Why a set of item scores cannot be assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    /// An item the standard does not have.
    Unknown(String),
    Missing(Item),
    NotAllowed(Item, i64),
}

impl ScoreError {
    /// The item code the error names.
    pub fn item(&self) -> String {
        match self {
            ScoreError::Unknown(code) => code.clone(),
            ScoreError::Missing(i) | ScoreError::NotAllowed(i, _) => i.code().to_owned(),
        }
    }
    pub fn message(&self) -> String {
        match self {
            ScoreError::Unknown(code) => format!("评估标准中没有“{code}”这一项"),
            ScoreError::Missing(i) => format!("缺少“{}”（{}）的评分", i.label(), i.code()),
            ScoreError::NotAllowed(i, v) => {
                let allowed: Vec<String> = i.allowed().iter().map(u8::to_string).collect();
                format!(
                    "“{}”（{}）的评分只能是 {}，不能是 {v}",
                    i.label(),
                    i.code(),
                    allowed.join("、")
                )
            }
        }
    }
}

/// A complete, valid set of the 17 item scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores(BTreeMap<Item, u8>);

impl Scores {
    /// Checks every item: all 17 present, none unknown, each only with a score it allows. Every problem is reported
    /// at once, unknown codes first, then the standard's order.
    pub fn parse(raw: &BTreeMap<String, i64>) -> Result<Scores, Vec<ScoreError>> {
        let mut errors: Vec<ScoreError> = raw
            .keys()
            .filter(|k| Item::parse(k).is_none())
            .map(|k| ScoreError::Unknown(k.clone()))
            .collect();
        let mut out = BTreeMap::new();
        for item in Item::ALL {
            let Some(&v) = raw.get(item.code()) else {
                errors.push(ScoreError::Missing(*item));
                continue;
            };
            match u8::try_from(v).ok().filter(|s| item.allowed().contains(s)) {
                Some(s) => {
                    out.insert(*item, s);
                }
                None => errors.push(ScoreError::NotAllowed(*item, v)),
            }
        }
        if errors.is_empty() {
            Ok(Scores(out))
        } else {
            Err(errors)
        }
    }
    pub fn get(&self, item: Item) -> u8 {
        self.0[&item]
    }
    pub fn sum(&self, group: Group) -> u16 {
        self.0
            .iter()
            .filter(|(i, _)| i.group() == group)
            .map(|(_, v)| u16::from(*v))
            .sum()
    }
    /// The scores as code → score, for storage and the API.
    pub fn to_map(&self) -> BTreeMap<String, i64> {
        self.0
            .iter()
            .map(|(i, v)| (i.code().to_owned(), i64::from(*v)))
            .collect()
    }
}

/// The computed outcome of an assessment under one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Computed {
    pub daily_living: u16,
    pub cognition: u16,
    pub perception: u16,
    pub daily_living_band: Band,
    pub cognition_band: Band,
    pub perception_band: Band,
    pub level: u8,
}

pub fn compute(scores: &Scores, version: &BandVersion) -> Computed {
    let (dl, cog, per) = (
        scores.sum(Group::DailyLiving),
        scores.sum(Group::Cognition),
        scores.sum(Group::Perception),
    );
    let (b1, b2, b3) = (
        version.daily_living.band(dl),
        version.cognition.band(cog),
        version.perception.band(per),
    );
    Computed {
        daily_living: dl,
        cognition: cog,
        perception: per,
        daily_living_band: b1,
        cognition_band: b2,
        perception_band: b3,
        level: version.level(b1, b2, b3),
    }
}

coded!(
    /// Why an elder is assessed.
    Reason { First = "first", Expiry = "expiry", Change = "change", Appeal = "appeal", Reassess = "reassess" }
);

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::First => "首次评估",
            Reason::Expiry => "到期复评",
            Reason::Change => "状况变化复评",
            Reason::Appeal => "异议复评",
            Reason::Reassess => "审核退回复评",
        }
    }
}

coded!(
    /// Where an assessment stands: recorded on site by two assessors, reviewed (final level set and published for
    /// the publicity period), concluded (in force from the next month for up to two years), or set aside on appeal.
    AssessStatus { Recorded = "recorded", Publicised = "publicised", Concluded = "concluded", Appealed = "appealed", Returned = "returned" }
);

impl AssessStatus {
    pub fn label(self) -> &'static str {
        match self {
            AssessStatus::Recorded => "待审核",
            AssessStatus::Publicised => "公示中",
            AssessStatus::Concluded => "已生效",
            AssessStatus::Appealed => "有异议，待复评",
            AssessStatus::Returned => "审核退回，待复评",
        }
    }
}

/// The period a conclusion is in force: from the first day of the month after it is concluded, for two years.
/// Returns the first day in force and the first day no longer in force.
pub fn validity(concluded_on: Date) -> (Date, Date) {
    let from = concluded_on
        .first_of_month()
        .checked_add(1.month())
        .expect("dates within range");
    let until = from
        .checked_add(VALID_YEARS.years())
        .expect("dates within range");
    (from, until)
}

/// The end of the publicity period: `days` calendar days after the review.
pub fn publicity_ends(reviewed_at: Millis, days: i64) -> Millis {
    reviewed_at + days * 86_400_000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(f: impl Fn(Item) -> u8) -> Scores {
        let raw: BTreeMap<String, i64> = Item::ALL
            .iter()
            .map(|i| (i.code().to_owned(), i64::from(f(*i))))
            .collect();
        Scores::parse(&raw).unwrap()
    }
    fn best(i: Item) -> u8 {
        *i.allowed().last().unwrap()
    }

    /// Builds scores whose group sums are exactly the ones asked (lowering items from their best).
    fn with_sums(dl: u16, cog: u16, per: u16) -> Scores {
        let mut raw: BTreeMap<String, i64> = Item::ALL
            .iter()
            .map(|i| (i.code().to_owned(), i64::from(best(*i))))
            .collect();
        for (group, target) in [
            (Group::DailyLiving, dl),
            (Group::Cognition, cog),
            (Group::Perception, per),
        ] {
            let mut missing = group.max() - target;
            for item in Item::ALL.iter().filter(|i| i.group() == group) {
                let allowed = item.allowed();
                let step = allowed[1] - allowed[0];
                while missing >= u16::from(step) && raw[item.code()] > 0 {
                    *raw.get_mut(item.code()).unwrap() -= i64::from(step);
                    missing -= u16::from(step);
                }
            }
            assert_eq!(missing, 0, "{target} is reachable in {group:?}");
        }
        Scores::parse(&raw).unwrap()
    }

    #[test]
    fn id_numbers_are_checked_by_their_check_digit_and_birth_date() {
        // 11010519491231002X is the standard's own example.
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.expose(), "11010519491231002X");
        assert_eq!(id.birth_date(), Date::new(1949, 12, 31).unwrap());
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.masked(), "110105********002X");
        assert!(!format!("{id:?}").contains("19491231"));
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::CheckDigit)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002"),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::parse("11010519491231A02X"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            IdNumber::parse("110105194902300021"),
            Err(IdNumberError::BirthDate)
        );
        let male = IdNumber::parse(&with_check("11010819500101001")).unwrap();
        assert_eq!(male.sex(), Sex::Male);
    }

    fn with_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(ID_WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{first17}{}", ID_CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn every_item_accepts_only_its_scores_and_a_missing_or_unknown_item_is_named() {
        assert_eq!(Group::DailyLiving.max(), 100);
        assert_eq!(Group::Cognition.max(), 16);
        assert_eq!(Group::Perception.max(), 12);
        let mut raw: BTreeMap<String, i64> = Item::ALL
            .iter()
            .map(|i| (i.code().to_owned(), i64::from(best(*i))))
            .collect();
        for item in Item::ALL {
            for v in -1..=20i64 {
                let mut r = raw.clone();
                r.insert(item.code().into(), v);
                let ok = item.allowed().contains(&(v as u8)) && v >= 0;
                assert_eq!(Scores::parse(&r).is_ok(), ok, "{item:?} {v}");
                if !ok {
                    assert_eq!(
                        Scores::parse(&r).unwrap_err(),
                        vec![ScoreError::NotAllowed(*item, v)]
                    );
                }
            }
        }
        raw.remove("memory");
        let e = Scores::parse(&raw).unwrap_err();
        assert_eq!(e, vec![ScoreError::Missing(Item::Memory)]);
        assert!(e[0].message().contains("记忆力"));
        raw.insert("memory".into(), 4);
        raw.insert("mood".into(), 1);
        assert_eq!(Scores::parse(&raw).unwrap_err()[0].item(), "mood");
        // Every problem at once: an unknown item, a missing one, a score not allowed.
        raw.remove("vision");
        raw.insert("walking".into(), 7);
        raw.insert("flying".into(), 0);
        let all: Vec<String> = Scores::parse(&raw)
            .unwrap_err()
            .iter()
            .map(|e| e.item())
            .collect();
        assert_eq!(all.len(), 4, "{all:?}");
        assert_eq!(all[0], "flying", "unknown codes first: {all:?}");
        for item in ["vision", "walking", "mood"] {
            assert!(all.iter().any(|a| a == item), "{item} in {all:?}");
        }
    }

    #[test]
    fn every_band_boundary_of_the_national_version() {
        let v = BandVersion::national_2021();
        assert!(v.validate().is_ok());
        let dl = [
            (100, Band::Intact),
            (95, Band::Mild),
            (65, Band::Mild),
            (60, Band::Moderate),
            (45, Band::Moderate),
            (40, Band::Severe),
            (0, Band::Severe),
        ];
        for (sum, band) in dl {
            assert_eq!(
                compute(&with_sums(sum, 16, 12), &v).daily_living_band,
                band,
                "daily living {sum}"
            );
        }
        let cog = [
            (16, Band::Intact),
            (15, Band::Mild),
            (12, Band::Mild),
            (11, Band::Moderate),
            (5, Band::Moderate),
            (4, Band::Severe),
            (0, Band::Severe),
        ];
        for (sum, band) in cog {
            assert_eq!(
                compute(&with_sums(100, sum, 12), &v).cognition_band,
                band,
                "cognition {sum}"
            );
        }
        let per = [
            (12, Band::Intact),
            (11, Band::Mild),
            (8, Band::Mild),
            (7, Band::Moderate),
            (4, Band::Moderate),
            (3, Band::Severe),
            (0, Band::Severe),
        ];
        for (sum, band) in per {
            assert_eq!(
                compute(&with_sums(100, 16, sum), &v).perception_band,
                band,
                "perception {sum}"
            );
        }
    }

    #[test]
    fn the_level_is_the_matrix_cell_of_the_daily_band_and_the_worse_of_the_other_two() {
        let v = BandVersion::national_2021();
        // Fully able: 基本正常.
        assert_eq!(compute(&scores(best), &v).level, 0);
        // Everything at its lowest: 重度失能Ⅲ级.
        let worst = compute(&scores(|_| 0), &v);
        assert_eq!(
            (
                worst.daily_living,
                worst.cognition,
                worst.perception,
                worst.level
            ),
            (0, 0, 0, 5)
        );
        // Daily living severe (40) with intact cognition and perception: 重度失能Ⅰ级.
        assert_eq!(compute(&with_sums(40, 16, 12), &v).level, 3);
        // Daily living severe, cognition intact but perception moderate: the worse column gives 重度失能Ⅱ级.
        assert_eq!(compute(&with_sums(40, 16, 6), &v).level, 4);
        // Daily living moderate (50) with cognition mild (13): 中度失能.
        assert_eq!(compute(&with_sums(50, 13, 12), &v).level, 2);
        // Daily living intact, cognition moderate: 轻度失能.
        assert_eq!(compute(&with_sums(100, 8, 12), &v).level, 1);
        // Daily living mild, perception severe: 中度失能.
        assert_eq!(compute(&with_sums(80, 16, 2), &v).level, 2);
        for r in [Band::Intact, Band::Mild, Band::Moderate, Band::Severe] {
            for c in [Band::Intact, Band::Mild, Band::Moderate, Band::Severe] {
                assert_eq!(
                    v.level(r, c, Band::Intact),
                    v.matrix[r as usize][c as usize]
                );
                assert_eq!(
                    v.level(r, Band::Intact, c),
                    v.matrix[r as usize][c as usize]
                );
            }
        }
        assert_eq!(level_label(3), "重度失能Ⅰ级");
    }

    #[test]
    fn a_pilot_version_is_checked_before_use() {
        let mut v = BandVersion::national_2021();
        v.code = "pilot-sjs".into();
        v.daily_living.mild = 70;
        assert!(v.validate().is_ok());
        assert_eq!(
            compute(&with_sums(65, 16, 12), &v).daily_living_band,
            Band::Moderate
        );
        v.matrix[3][0] = 0;
        assert!(v.validate().unwrap_err().contains("矩阵"));
        v.matrix[3][0] = 3;
        v.cognition.intact = 17;
        assert!(v.validate().is_err());
        v.cognition.intact = 16;
        v.code = "bad code".into();
        assert!(v.validate().is_err());
    }

    #[test]
    fn a_conclusion_is_in_force_from_next_month_for_two_years() {
        let (from, until) = validity(Date::new(2026, 12, 31).unwrap());
        assert_eq!(
            (from, until),
            (
                Date::new(2027, 1, 1).unwrap(),
                Date::new(2029, 1, 1).unwrap()
            )
        );
        let (from, _) = validity(Date::new(2026, 2, 1).unwrap());
        assert_eq!(from, Date::new(2026, 3, 1).unwrap());
    }

    fn cols() -> CensusColumns {
        let mut headers: Vec<String> = CENSUS_COLUMNS.iter().rev().map(|s| s.to_string()).collect();
        headers.insert(3, "备注".into());
        census_columns(&headers).unwrap()
    }

    fn row(cells: [&str; 10]) -> Vec<String> {
        // In the reversed order of cols(), with the extra column at index 3.
        let mut v: Vec<String> = cells.iter().rev().map(|s| s.to_string()).collect();
        v.insert(3, "随便".into());
        v
    }

    #[test]
    fn census_headers_in_any_order_and_a_missing_one_is_named() {
        let _ = cols();
        let headers: Vec<String> = ["\u{feff}姓名", "性别"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let missing = census_columns(&headers).unwrap_err();
        assert!(missing.contains(&"公民身份号码") && !missing.contains(&"姓名"));
    }

    #[test]
    fn ages_count_on_the_reference_date_and_the_residence_column_is_optional() {
        // Born 1 December 1966: 59 on the reference date 2026-11-01, 60 a month later. The file is imported on
        // some later day; what counts is the census's single reference date.
        let id = with_check("11010719661201002");
        let cells = [
            "王淑英",
            id.as_str(),
            "女",
            "1966-12-01",
            "八宝山街道",
            "双锦园社区",
            "空巢",
            "无",
            "",
            "",
        ];
        let at_census = Date::new(2026, 11, 1).unwrap();
        let errors = parse_census_row(&cols(), &row(cells), 2, at_census).unwrap_err();
        assert_eq!(errors[0].column, "出生日期", "{errors:?}");
        assert!(errors[0].reason.contains("普查标准时点"), "{errors:?}");
        let later = Date::new(2026, 12, 1).unwrap();
        let r = parse_census_row(&cols(), &row(cells), 2, later).unwrap();
        assert_eq!(r.residence, None, "no 户籍类型 column: not known");
        // With the optional column: 户籍 or 常住, anything else is reported.
        let mut headers: Vec<String> = CENSUS_COLUMNS.iter().map(|s| s.to_string()).collect();
        headers.push(CENSUS_RESIDENCE.into());
        let with = census_columns(&headers).unwrap();
        let mut cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        for (text, want) in [
            ("户籍", Residence::Registered),
            ("常住", Residence::Resident),
            ("本区户籍", Residence::Registered),
        ] {
            cells.push(text.into());
            let r = parse_census_row(&with, &cells, 2, later).unwrap();
            assert_eq!(r.residence, Some(want), "{text}");
            cells.pop();
        }
        cells.push("暂住".into());
        let errors = parse_census_row(&with, &cells, 2, later).unwrap_err();
        assert_eq!(errors[0].column, CENSUS_RESIDENCE);
    }

    #[test]
    fn census_rows_are_read_and_every_bad_cell_is_reported() {
        let today = Date::new(2026, 11, 30).unwrap();
        let id = with_check("11010719450315002");
        let good = row([
            "张桂兰",
            &id,
            "女",
            "1945-03-15",
            "八宝山街道",
            "双锦园社区",
            "独居",
            "低保",
            "13912345678",
            "助餐、助浴",
        ]);
        let r = parse_census_row(&cols(), &good, 2, today).unwrap();
        assert_eq!(r.needs, vec![Need::Meals, Need::Bathing]);
        assert_eq!(
            (r.living, r.economic, r.sex),
            (Living::Alone, Economic::Dibao, Sex::Female)
        );
        let wrong_check = format!("{}{}", &id[..17], if id.ends_with('1') { '2' } else { '1' });
        let bad = row([
            "",
            &wrong_check,
            "女",
            "1945-02-30",
            "",
            "双锦园社区",
            "合租",
            "富裕",
            "123",
            "助餐、唱歌",
        ]);
        let errors = parse_census_row(&cols(), &bad, 7, today).unwrap_err();
        let columns: Vec<&str> = errors.iter().map(|e| e.column).collect();
        assert_eq!(
            columns,
            vec![
                "姓名",
                "公民身份号码",
                "出生日期",
                "街道",
                "居住状况",
                "经济状况",
                "联系电话",
                "服务需求"
            ]
        );
        assert!(errors.iter().all(|e| e.row == 7));
        assert!(errors[7].reason.contains("唱歌"));
        let young = row([
            "李明",
            &with_check("11010719900101001"),
            "男",
            "1990-01-01",
            "八宝山街道",
            "双锦园社区",
            "空巢",
            "无",
            "",
            "",
        ]);
        let e = parse_census_row(&cols(), &young, 3, today).unwrap_err();
        assert_eq!(e[0].reason, "普查标准时点未满60周岁，不属于老年人普查对象");
        let mismatch = row([
            "王强",
            &id,
            "男",
            "1945-03-16",
            "八宝山街道",
            "双锦园社区",
            "空巢",
            "无",
            "",
            "",
        ]);
        let e = parse_census_row(&cols(), &mismatch, 4, today).unwrap_err();
        assert_eq!(
            e.iter().map(|e| e.column).collect::<Vec<_>>(),
            vec!["性别", "出生日期"]
        );
    }
}
