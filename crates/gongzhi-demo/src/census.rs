//! The demo district's elders: a census at Shijingshan's scale (about 111,000 people aged 60 and over), written as
//! the rows of a census file so the demo goes through the same import as a real one, and disability assessment
//! scores for some of them. Deterministic for a seed.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::history::Rng;
use gongzhi_domain::care::{CENSUS_COLUMNS, CENSUS_RESIDENCE, Economic, Item, Living, Need};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
];
const MEN: &[&str] = &[
    "建国", "国华", "志强", "德福", "振华", "永明", "文斌", "树林", "宝山", "长海", "玉成", "学军",
    "福生", "凤山", "金山", "庆丰", "海涛", "卫东", "守信", "广田", "立新", "万里", "跃进", "胜利",
];
const WOMEN: &[&str] = &[
    "桂兰", "秀英", "淑珍", "玉兰", "凤英", "秀兰", "桂英", "淑英", "玉珍", "素芬", "桂芝", "丽华",
    "秀珍", "春梅", "淑芬", "翠兰", "玉梅", "美华", "慧敏", "秀云", "兰英", "金凤", "月娥", "爱华",
];

/// The area code of 石景山区 in ID numbers.
const AREA: &str = "110107";

fn id_number(birth: Date, seq: u32, male: bool) -> String {
    // The sequence's last digit is odd for men, even for women.
    let order = (seq * 2 + u32::from(male)) % 1000;
    let first17 = format!(
        "{AREA}{:04}{:02}{:02}{order:03}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let weights = [7u32, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// `n` census rows (cells in the order of [`CENSUS_COLUMNS`]) for elders aged 60 to 100 on `today`, spread over the
/// given (street, community) names.
pub fn census_rows(
    places: &[(String, String)],
    n: usize,
    today: Date,
    seed: u64,
) -> Vec<[String; 10]> {
    let mut rng = Rng::new(seed);
    let mut per_day: std::collections::HashMap<Date, u32> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let r = rng.below(1000);
        let age: i64 = match r {
            0..=549 => 60 + rng.below(10) as i64,
            550..=849 => 70 + rng.below(10) as i64,
            850..=969 => 80 + rng.below(10) as i64,
            _ => 90 + rng.below(10) as i64,
        };
        let extra = 1 + rng.below(364) as i32;
        let Ok(birth) = today
            .checked_sub((age as i16).years())
            .and_then(|d| d.checked_sub(extra.days()))
        else {
            continue;
        };
        let seq = per_day.entry(birth).or_insert(0);
        if *seq >= 499 {
            continue;
        }
        *seq += 1;
        let male = !rng.chance(0.53);
        let name = format!(
            "{}{}",
            rng.pick(SURNAMES),
            if male { rng.pick(MEN) } else { rng.pick(WOMEN) }
        );
        let (street, community) = rng.pick(places).clone();
        let living = match rng.below(100) {
            0..=13 => Living::Alone,
            14..=51 => Living::EmptyNest,
            52..=96 => Living::WithChildren,
            _ => Living::Institution,
        };
        let economic = match rng.below(1000) {
            0..=24 => Economic::Dibao,
            25..=44 => Economic::LowIncome,
            45..=49 => Economic::Tekun,
            50..=69 => Economic::SpecialFamily,
            _ => Economic::Ordinary,
        };
        let phone = if rng.chance(0.85) {
            format!(
                "1{}{:09}",
                [3, 5, 8, 9][rng.below(4) as usize],
                rng.below(1_000_000_000)
            )
        } else {
            String::new()
        };
        let weights = [
            (Need::Meals, 0.30),
            (Need::HealthGuidance, 0.25),
            (Need::Recreation, 0.20),
            (Need::Cleaning, 0.15),
            (Need::MedicalEscort, 0.15),
            (Need::Comfort, 0.10),
            (Need::DayCare, 0.08),
            (Need::Bathing, 0.06),
            (Need::DisabilityAid, 0.05),
        ];
        let older = if age >= 80 { 1.6 } else { 1.0 };
        let needs: Vec<&str> = weights
            .iter()
            .filter(|(_, p)| rng.chance(p * older))
            .map(|(n, _)| n.label())
            .collect();
        out.push([
            name,
            id_number(birth, *seq, male),
            if male { "男" } else { "女" }.to_owned(),
            birth.to_string(),
            street,
            community,
            living.label().to_owned(),
            economic.label().to_owned(),
            phone,
            needs.join("、"),
        ]);
    }
    out
}

/// The census rows as a CSV file with a BOM (as a spreadsheet program saves it), columns in the standard order and
/// the optional 户籍类型 last: about one elder in seven is registered elsewhere and lives here (常住), picked by the
/// ID number so the same rows always say the same.
pub fn census_csv(rows: &[[String; 10]]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CENSUS_COLUMNS.join(","));
    out.push(',');
    out.push_str(CENSUS_RESIDENCE);
    out.push('\n');
    for r in rows {
        out.push_str(&r.join(","));
        let seq: u32 = r[1].get(14..17).and_then(|s| s.parse().ok()).unwrap_or(0);
        out.push_str(if seq % 7 == 3 {
            ",常住\n"
        } else {
            ",户籍\n"
        });
    }
    out
}

/// Item scores for an elder of the given severities (0: fully able … 1: fully dependent) in daily living and in
/// cognition, perception and communication.
pub fn assessment_items(
    rng: &mut Rng,
    daily: f64,
    mental: f64,
) -> std::collections::BTreeMap<String, i64> {
    Item::ALL
        .iter()
        .map(|item| {
            let allowed = item.allowed();
            let severity = if item.group() == gongzhi_domain::care::Group::DailyLiving {
                daily
            } else {
                mental
            };
            // Each step down from the best score is taken with the severity's probability.
            let mut idx = allowed.len() - 1;
            while idx > 0 && rng.chance(severity) {
                idx -= 1;
            }
            (item.code().to_owned(), i64::from(allowed[idx]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongzhi_domain::care::{BandVersion, Scores, census_columns, compute, parse_census_row};

    #[test]
    fn the_demo_census_is_valid_unique_and_deterministic() {
        let places = vec![
            ("八宝山街道".to_owned(), "双锦园社区".to_owned()),
            ("鲁谷街道".to_owned(), "七星园社区".to_owned()),
        ];
        let today = Date::new(2026, 11, 30).unwrap();
        let rows = census_rows(&places, 3_000, today, 7);
        assert_eq!(rows, census_rows(&places, 3_000, today, 7));
        let headers: Vec<String> = CENSUS_COLUMNS.iter().map(|s| s.to_string()).collect();
        let cols = census_columns(&headers).unwrap();
        let mut ids = std::collections::HashSet::new();
        for (i, r) in rows.iter().enumerate() {
            let parsed =
                parse_census_row(&cols, r, i + 2, today).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(ids.insert(parsed.id_number.expose().to_owned()));
        }
        let v = BandVersion::national_2021();
        let mut rng = Rng::new(3);
        let levels: Vec<u8> = (0..200)
            .map(|i| {
                compute(
                    &Scores::parse(&assessment_items(
                        &mut rng,
                        i as f64 / 200.0,
                        i as f64 / 400.0,
                    ))
                    .unwrap(),
                    &v,
                )
                .level
            })
            .collect();
        assert!(levels.contains(&0) && levels.contains(&3), "{levels:?}");
    }
}
