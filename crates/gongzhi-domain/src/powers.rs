//! The delegated powers catalogue (下放职权清单): the administrative penalty powers a district delegates to its streets,
//! each with its legal basis, the department it came from, the level it is delegated to, the date it takes effect and
//! the penalties it allows (with the fine's range). Data, versioned like the dispatch catalogue; imported from a
//! spreadsheet in the usual official column layout, every bad row reported by row, column and reason.

use serde::Serialize;

/// A kind of penalty a power allows (行政处罚法 art. 9's kinds that streets use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Penalty {
    /// 警告
    Warning,
    /// 罚款
    Fine,
    /// 没收违法所得、没收非法财物
    Confiscation,
    /// 责令改正 / 限期改正
    Correction,
    /// 限期拆除 / 强制拆除
    Demolition,
    /// 责令停产停业、责令关闭、限制从业 (行政处罚法 art. 9(五)).
    Suspension,
    /// 暂扣或吊销许可证件、降低资质等级 (行政处罚法 art. 9(三)).
    Revocation,
}

impl Penalty {
    pub const ALL: [Penalty; 7] = [
        Penalty::Warning,
        Penalty::Fine,
        Penalty::Confiscation,
        Penalty::Correction,
        Penalty::Demolition,
        Penalty::Suspension,
        Penalty::Revocation,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Penalty::Warning => "warning",
            Penalty::Fine => "fine",
            Penalty::Confiscation => "confiscation",
            Penalty::Correction => "correction",
            Penalty::Demolition => "demolition",
            Penalty::Suspension => "suspension",
            Penalty::Revocation => "revocation",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Penalty::Warning => "警告",
            Penalty::Fine => "罚款",
            Penalty::Confiscation => "没收",
            Penalty::Correction => "责令改正",
            Penalty::Demolition => "拆除",
            Penalty::Suspension => "责令停产停业",
            Penalty::Revocation => "吊销许可证件",
        }
    }
    pub fn parse(code: &str) -> Option<Penalty> {
        Penalty::ALL.into_iter().find(|p| p.code() == code)
    }
    /// 责令改正 and 责令限期拆除 are orders that accompany a decision (行政处罚法 art. 28), not penalties: art. 9 does
    /// not list them. A catalogue names them among a power's measures; a decision gives them as its order.
    pub fn is_order(self) -> bool {
        matches!(self, Penalty::Correction | Penalty::Demolition)
    }
    /// From the spreadsheet's words: the code, or the Chinese name (and the usual longer names).
    pub fn parse_words(raw: &str) -> Option<Penalty> {
        let w = raw.trim();
        Penalty::parse(w).or(match w {
            "警告" => Some(Penalty::Warning),
            "罚款" => Some(Penalty::Fine),
            "没收" | "没收违法所得" | "没收非法财物" | "没收违法所得、非法财物" => {
                Some(Penalty::Confiscation)
            }
            "责令改正" | "限期改正" | "责令限期改正" => Some(Penalty::Correction),
            "拆除" | "限期拆除" | "强制拆除" => Some(Penalty::Demolition),
            "责令停产停业" | "责令关闭" | "限制从业" => Some(Penalty::Suspension),
            "吊销许可证件" | "暂扣许可证件" | "降低资质等级" => {
                Some(Penalty::Revocation)
            }
            _ => None,
        })
    }
}

/// Whom a case is against: a natural person, or a legal person or other organisation (法人或者其他组织). Fine ranges
/// and the simple procedure's limits differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organisation,
}

impl PartyKind {
    pub fn code(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Organisation => "organisation",
        }
    }
    pub fn parse(code: &str) -> Option<PartyKind> {
        match code {
            "person" => Some(PartyKind::Person),
            "organisation" => Some(PartyKind::Organisation),
            _ => None,
        }
    }
}

/// The grade of the circumstances (违法情节) of a discretion standard (行政处罚裁量基准: 行政处罚法 art. 34 — 行政机关
/// 可以依法制定行政处罚裁量基准，并向社会公布): 轻微, 一般, 较重, 严重, the four grades Beijing's standards use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Minor,
    Ordinary,
    Heavier,
    Serious,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Minor,
        Grade::Ordinary,
        Grade::Heavier,
        Grade::Serious,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Grade::Minor => "minor",
            Grade::Ordinary => "ordinary",
            Grade::Heavier => "heavier",
            Grade::Serious => "serious",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Grade::Minor => "轻微",
            Grade::Ordinary => "一般",
            Grade::Heavier => "较重",
            Grade::Serious => "严重",
        }
    }
    pub fn parse(code: &str) -> Option<Grade> {
        Grade::ALL
            .into_iter()
            .find(|g| g.code() == code || g.name() == code)
    }
}

/// One line of a power's discretion standard: the fine's range for a party kind (or any) in a grade (or any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FineRange {
    pub party: Option<PartyKind>,
    pub grade: Option<Grade>,
    pub min_fen: i64,
    pub max_fen: i64,
}

/// Reads a discretion standard as a sheet writes it: lines separated by `;` or `；`, each `个人|单位|* 轻微|一般|较重|严重|*
/// 下限-上限` in yuan (`个人 * 100-500；单位 一般 50000-200000；单位 严重 200000-500000`). None when a line is malformed or a
/// range reversed.
pub fn parse_fines(text: &str) -> Option<Vec<FineRange>> {
    let mut out = Vec::new();
    for line in text
        .split([';', '；'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        let [party, grade, range] = words[..] else {
            return None;
        };
        let party = match party {
            "*" => None,
            "个人" | "person" => Some(PartyKind::Person),
            "单位" | "organisation" => Some(PartyKind::Organisation),
            _ => return None,
        };
        let grade = match grade {
            "*" => None,
            g => Some(Grade::parse(g)?),
        };
        let (min, max) = range.split_once(['-', '–', '~', '～'])?;
        let (min_fen, max_fen) = (parse_yuan(min)?, parse_yuan(max)?);
        if min_fen > max_fen || max_fen == 0 {
            return None;
        }
        out.push(FineRange {
            party,
            grade,
            min_fen,
            max_fen,
        });
    }
    Some(out)
}

/// A discretion standard in the form [`parse_fines`] reads (the stored and shown form).
pub fn format_fines(fines: &[FineRange]) -> String {
    let yuan = |fen: i64| {
        if fen % 100 == 0 {
            (fen / 100).to_string()
        } else {
            format!("{}.{:02}", fen / 100, fen % 100)
        }
    };
    fines
        .iter()
        .map(|f| {
            format!(
                "{} {} {}-{}",
                match f.party {
                    None => "*",
                    Some(PartyKind::Person) => "个人",
                    Some(PartyKind::Organisation) => "单位",
                },
                f.grade.map_or("*", Grade::name),
                yuan(f.min_fen),
                yuan(f.max_fen)
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// Why a fine does not fit a power.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FineRefusal {
    /// Outside the power's range, or the standard's range for the party and grade.
    OutOfRange,
    /// The standard grades fines for this party: the case's grade is needed.
    GradeNeeded,
}

/// One power.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Power {
    pub code: String,
    pub name: String,
    /// The law (and article, where known) it rests on.
    pub basis: String,
    /// The code of the department it came from (dept.cgzf, …).
    pub source_unit: String,
    /// The level it is delegated to (街道 / 乡镇).
    pub level: String,
    /// YYYY-MM-DD.
    pub effective_on: String,
    pub penalties: Vec<Penalty>,
    /// The fine's range in fen, where the power has a fixed one.
    pub fine_min_fen: Option<i64>,
    pub fine_max_fen: Option<i64>,
    /// The discretion standard (裁量基准): ranges by party kind and grade; empty when the power has only its range.
    pub fines: Vec<FineRange>,
}

impl Power {
    /// Whether a fine fits the power for this party and grade: within the power's range, and — where the standard
    /// has lines for the party — within a line for the party and grade (a line for any grade serves every grade). A
    /// graded standard needs the grade; a standard with lines only for the other party kind allows no fine here.
    pub fn check_fine(
        &self,
        party: PartyKind,
        grade: Option<Grade>,
        fen: i64,
    ) -> Result<(), FineRefusal> {
        if !self.allows_fine(fen) {
            return Err(FineRefusal::OutOfRange);
        }
        if self.fines.is_empty() {
            return Ok(());
        }
        let for_party: Vec<&FineRange> = self
            .fines
            .iter()
            .filter(|f| f.party.is_none_or(|p| p == party))
            .collect();
        if for_party.is_empty() {
            return Err(FineRefusal::OutOfRange);
        }
        let fitting: Vec<&&FineRange> = for_party
            .iter()
            .filter(|f| f.grade.is_none() || (grade.is_some() && f.grade == grade))
            .collect();
        if fitting.is_empty() {
            return Err(if grade.is_none() {
                FineRefusal::GradeNeeded
            } else {
                FineRefusal::OutOfRange
            });
        }
        if fitting
            .iter()
            .any(|f| (f.min_fen..=f.max_fen).contains(&fen))
        {
            Ok(())
        } else {
            Err(FineRefusal::OutOfRange)
        }
    }

    /// Whether a decision's fine (in fen) lies within the power's range (a power without a range takes any fine it
    /// allows at all; one without fines takes none).
    pub fn allows_fine(&self, fen: i64) -> bool {
        self.penalties.contains(&Penalty::Fine)
            && fen > 0
            && self.fine_min_fen.is_none_or(|m| fen >= m)
            && self.fine_max_fen.is_none_or(|m| fen <= m)
    }
}

/// Money as written in yuan (`500`, `500.5`, `1,000.00`, `¥200`) → fen, exactly (no floating point).
pub fn parse_yuan(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let s = s.trim_end_matches('元');
    if s.is_empty() {
        return None;
    }
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let yuan: i64 = whole.parse().ok().filter(|y| *y <= 100_000_000_000)?;
    let fen: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(yuan * 100 + fen)
}

/// Fen as yuan for display: `1234567` → `12,345.67`.
pub fn format_yuan(fen: i64) -> String {
    let (sign, fen) = if fen < 0 { ("-", -fen) } else { ("", fen) };
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", fen % 100)
}

/// The spreadsheet's columns by their Chinese headers, in any order; the first nine are required.
pub const COLUMNS: [(&str, &str); 9] = [
    ("code", "职权编码"),
    ("name", "职权名称"),
    ("basis", "实施依据"),
    ("source", "原实施部门"),
    ("level", "下放层级"),
    ("effective_on", "生效日期"),
    ("penalties", "处罚种类"),
    ("fine_min", "罚款下限（元）"),
    ("fine_max", "罚款上限（元）"),
];

/// The optional column of the discretion standard.
pub const STANDARD_COLUMN: &str = "裁量基准";

/// One bad cell of an import: the spreadsheet row (1 is the header), the column's header, and why (a message code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub code: &'static str,
}

/// Reads a sheet (its rows of cells, the first the header) into powers, or every bad cell. A missing required column
/// rejects the whole file; extra columns are ignored; `source_unit` maps a department's name or code to its code
/// (none when it is not a department).
pub fn read_sheet(
    rows: &[Vec<String>],
    source_unit: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Power>, Vec<RowError>> {
    let Some(header) = rows.first() else {
        return Err(vec![RowError {
            row: 1,
            column: String::new(),
            code: "empty_file",
        }]);
    };
    let clean = |h: &str| {
        h.trim()
            .trim_start_matches('\u{feff}')
            .replace(['(', ')'], "")
            .replace(['（', '）'], "")
    };
    let mut index = [usize::MAX; 9];
    let mut errors = Vec::new();
    for (i, (_, title)) in COLUMNS.iter().enumerate() {
        match header.iter().position(|h| clean(h) == clean(title)) {
            Some(at) => index[i] = at,
            None => errors.push(RowError {
                row: 1,
                column: (*title).to_owned(),
                code: "missing_column",
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Optional: the discretion standard (裁量基准), in the form `parse_fines` reads.
    let standard = header.iter().position(|h| clean(h) == STANDARD_COLUMN);
    let mut powers: Vec<Power> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (n, row) in rows.iter().enumerate().skip(1) {
        let line = n + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| row.get(index[i]).map(|c| c.trim()).unwrap_or("");
        let mut row_errors: Vec<RowError> = Vec::new();
        let mut bad = |i: usize, code: &'static str| {
            row_errors.push(RowError {
                row: line,
                column: COLUMNS[i].1.to_owned(),
                code,
            })
        };
        let code = cell(0).to_owned();
        let duplicate = powers.iter().any(|p| p.code == code) || seen.contains(&code);
        seen.push(code.clone());
        if code.is_empty() {
            bad(0, "required");
        } else if code.chars().count() > 32
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            bad(0, "code_format");
        } else if duplicate {
            bad(0, "duplicate_code");
        }
        for (i, max) in [(1, 200), (2, 500), (4, 20)] {
            if cell(i).is_empty() {
                bad(i, "required");
            } else if cell(i).chars().count() > max {
                bad(i, "too_long");
            }
        }
        let source = source_unit(cell(3));
        if source.is_none() {
            bad(
                3,
                if cell(3).is_empty() {
                    "required"
                } else {
                    "unknown_unit"
                },
            );
        }
        let date = cell(5).replace(['/', '.'], "-");
        if date.parse::<jiff::civil::Date>().is_err() {
            bad(5, "not_a_date");
        }
        let mut penalties = Vec::new();
        let mut unknown_penalty = false;
        for w in cell(6)
            .split(['、', ',', '，', ';', '；', ' '])
            .filter(|w| !w.trim().is_empty())
        {
            match Penalty::parse_words(w) {
                Some(p) if !penalties.contains(&p) => penalties.push(p),
                Some(_) => {}
                None => unknown_penalty = true,
            }
        }
        if unknown_penalty {
            bad(6, "invalid_choice");
        } else if penalties.is_empty() {
            bad(6, "required");
        }
        let mut errors_here = row_errors;
        let money = |i: usize, errors: &mut Vec<RowError>| match cell(i) {
            "" | "-" | "—" | "无" => None,
            raw => {
                let v = parse_yuan(raw);
                if v.is_none() {
                    errors.push(RowError {
                        row: line,
                        column: COLUMNS[i].1.to_owned(),
                        code: "not_money",
                    });
                }
                v
            }
        };
        let fine_min = money(7, &mut errors_here);
        let fine_max = money(8, &mut errors_here);
        if let (Some(a), Some(b)) = (fine_min, fine_max)
            && a > b
        {
            errors_here.push(RowError {
                row: line,
                column: COLUMNS[8].1.to_owned(),
                code: "range_reversed",
            });
        }
        if (fine_min.is_some() || fine_max.is_some()) && !penalties.contains(&Penalty::Fine) {
            errors_here.push(RowError {
                row: line,
                column: COLUMNS[6].1.to_owned(),
                code: "fine_without_penalty",
            });
        }
        let raw_standard = standard
            .and_then(|i| row.get(i))
            .map(|c| c.trim())
            .unwrap_or("");
        let fines = match parse_fines(raw_standard) {
            Some(f) => f,
            None => {
                errors_here.push(RowError {
                    row: line,
                    column: STANDARD_COLUMN.to_owned(),
                    code: "standard_format",
                });
                Vec::new()
            }
        };
        if !fines.is_empty() && !penalties.contains(&Penalty::Fine) {
            errors_here.push(RowError {
                row: line,
                column: COLUMNS[6].1.to_owned(),
                code: "fine_without_penalty",
            });
        }
        if fines.iter().any(|f| {
            fine_min.is_some_and(|m| f.min_fen < m) || fine_max.is_some_and(|m| f.max_fen > m)
        }) {
            errors_here.push(RowError {
                row: line,
                column: STANDARD_COLUMN.to_owned(),
                code: "standard_outside_range",
            });
        }
        let row_ok = errors_here.is_empty();
        errors.extend(errors_here);
        if row_ok {
            powers.push(Power {
                code,
                name: cell(1).to_owned(),
                basis: cell(2).to_owned(),
                source_unit: source.expect("checked"),
                level: cell(4).to_owned(),
                effective_on: date,
                penalties,
                fine_min_fen: fine_min,
                fine_max_fen: fine_max,
                fines,
            });
        }
    }
    if powers.is_empty() && errors.is_empty() {
        errors.push(RowError {
            row: 2,
            column: String::new(),
            code: "empty_file",
        });
    }
    if errors.is_empty() {
        Ok(powers)
    } else {
        Err(errors)
    }
}

/// Splits CSV text (RFC 4180: quoted fields with doubled quotes and line breaks, CRLF or LF, a UTF-8 BOM) into rows.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') | (false, '\r') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(raw: &str) -> Option<String> {
        match raw {
            "区城市管理综合行政执法局" | "dept.cgzf" => Some("dept.cgzf".into()),
            _ => None,
        }
    }

    #[test]
    fn money_is_read_exactly_in_fen() {
        assert_eq!(parse_yuan("500"), Some(50_000));
        assert_eq!(parse_yuan("500.5"), Some(50_050));
        assert_eq!(parse_yuan("¥1,000.05元"), Some(100_005));
        assert_eq!(parse_yuan("0.1"), Some(10));
        for bad in ["", "-5", "1.234", "五百", "1e3", "12.3.4"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
        assert_eq!(format_yuan(123_456_789), "1,234,567.89");
        assert_eq!(format_yuan(5), "0.05");
    }

    #[test]
    fn a_sheet_is_read_by_its_headers_in_any_order_with_every_bad_cell_reported() {
        let text = "\u{feff}罚款上限（元）,职权编码,职权名称,备注,实施依据,原实施部门,下放层级,生效日期,处罚种类,罚款下限（元）\r\n\
            2000,A-1,摆摊,x,《北京市市容环境卫生条例》,区城市管理综合行政执法局,街道,2020-07-01,\"警告、罚款\",50\r\n\
            100,A-2,烧烤,,《北京市大气污染防治条例》,区公安分局,街道,2020-02-30,罚款;吊销,500\r\n\
            ,A-1,重复,,依据,dept.cgzf,街道,2020/07/01,警告,\r\n";
        let rows = parse_csv(text);
        assert_eq!(rows.len(), 4);
        let errors = read_sheet(&rows, &source).unwrap_err();
        let got: Vec<(usize, &str, &str)> = errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.code))
            .collect();
        assert!(got.contains(&(3, "原实施部门", "unknown_unit")), "{got:?}");
        assert!(got.contains(&(3, "生效日期", "not_a_date")));
        assert!(got.contains(&(3, "处罚种类", "invalid_choice")));
        assert!(got.contains(&(3, "罚款上限（元）", "range_reversed")));
        assert!(got.contains(&(4, "职权编码", "duplicate_code")));
        assert!(!got.iter().any(|e| e.0 == 2), "row 2 is good: {got:?}");
        let good = read_sheet(&rows[..2], &source).unwrap();
        assert_eq!(good[0].penalties, vec![Penalty::Warning, Penalty::Fine]);
        assert_eq!(
            (good[0].fine_min_fen, good[0].fine_max_fen),
            (Some(5_000), Some(200_000))
        );
        assert!(
            good[0].allows_fine(100_000)
                && !good[0].allows_fine(300_000)
                && !good[0].allows_fine(1_000)
        );
        let missing =
            read_sheet(&[vec!["职权编码".into(), "职权名称".into()]], &source).unwrap_err();
        assert!(
            missing
                .iter()
                .any(|e| e.code == "missing_column" && e.column == "实施依据"),
            "a missing column rejects the file"
        );
    }

    /// 《城市建筑垃圾管理规定》 (建设部令第139号) art. 26: a person up to 200 yuan, an organisation 5,000 to 50,000; a
    /// standard graded 一般 / 严重 for the organisation.
    #[test]
    fn a_discretion_standard_ranges_fines_by_party_and_grade() {
        let fines =
            parse_fines("个人 * 0-200；单位 一般 5000-20000；单位 严重 20000-50000").unwrap();
        assert_eq!(fines.len(), 3);
        assert_eq!(
            format_fines(&fines),
            "个人 * 0-200；单位 一般 5000-20000；单位 严重 20000-50000"
        );
        let power = Power {
            code: "X".into(),
            name: "随意倾倒建筑垃圾".into(),
            basis: "《城市建筑垃圾管理规定》第二十六条".into(),
            source_unit: "dept.cgzf".into(),
            level: "街道".into(),
            effective_on: "2020-07-01".into(),
            penalties: vec![Penalty::Warning, Penalty::Fine],
            fine_min_fen: None,
            fine_max_fen: Some(5_000_000),
            fines,
        };
        use FineRefusal::*;
        assert_eq!(power.check_fine(PartyKind::Person, None, 20_000), Ok(()));
        assert_eq!(
            power.check_fine(PartyKind::Person, None, 20_100),
            Err(OutOfRange)
        );
        assert_eq!(
            power.check_fine(PartyKind::Organisation, None, 1_000_000),
            Err(GradeNeeded)
        );
        assert_eq!(
            power.check_fine(PartyKind::Organisation, Some(Grade::Ordinary), 1_000_000),
            Ok(())
        );
        assert_eq!(
            power.check_fine(PartyKind::Organisation, Some(Grade::Ordinary), 3_000_000),
            Err(OutOfRange),
            "30,000 yuan is 严重's"
        );
        assert_eq!(
            power.check_fine(PartyKind::Organisation, Some(Grade::Serious), 3_000_000),
            Ok(())
        );
        assert_eq!(
            power.check_fine(PartyKind::Organisation, Some(Grade::Minor), 1_000_000),
            Err(OutOfRange),
            "no line for 轻微"
        );
        for bad in [
            "个人 100-200",
            "他人 * 1-2",
            "个人 很重 1-2",
            "个人 * 200-100",
            "单位 * 0-0",
        ] {
            assert_eq!(parse_fines(bad), None, "{bad}");
        }
        assert_eq!(parse_fines(""), Some(vec![]));
        // In a sheet: a bad standard, or one outside the power's range, is the row's error.
        let rows = parse_csv(
            "职权编码,职权名称,实施依据,原实施部门,下放层级,生效日期,处罚种类,罚款下限（元）,罚款上限（元）,裁量基准\n\
             A-1,倾倒,依据,dept.cgzf,街道,2020-07-01,罚款,,50000,个人 * 0-200；单位 * 5000-50000\n\
             A-2,倾倒,依据,dept.cgzf,街道,2020-07-01,罚款,,50000,单位 * 5000-60000\n\
             A-3,倾倒,依据,dept.cgzf,街道,2020-07-01,罚款,,,单位 很重 1-2\n",
        );
        let got: Vec<(usize, &str)> = read_sheet(&rows, &source)
            .unwrap_err()
            .iter()
            .map(|e| (e.row, e.code))
            .collect();
        assert_eq!(
            got,
            vec![(3, "standard_outside_range"), (4, "standard_format")]
        );
        let good = read_sheet(&rows[..2], &source).unwrap();
        assert_eq!(good[0].fines.len(), 2);
    }
}
