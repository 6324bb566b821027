//! The knowledge base (知识库) that intake operators answer consultations from. Chinese has no spaces, so entries
//! and queries are compared by character bigrams (and whole words for Latin text and numbers): simple, dependable,
//! and enough for a knowledge base of hundreds to a few thousand entries.

use std::collections::HashSet;

/// One entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct KbEntry {
    pub id: String,
    pub question: String,
    pub answer: String,
    /// Catalogue category codes the entry belongs to.
    pub categories: Vec<String>,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The search terms of a text: bigrams of consecutive Chinese characters (a lone character counts alone), and
/// lowercased runs of letters and digits.
pub fn terms(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                out.insert(run[0].to_string());
            }
            for w in run.windows(2) {
                out.insert(w.iter().collect());
            }
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() && !is_cjk(chars[i]) {
                i += 1;
            }
            out.insert(chars[start..i].iter().collect::<String>().to_lowercase());
        } else {
            i += 1;
        }
    }
    out
}

/// Entries matching `query`, best first: the share of the query's terms found in the question (counted double) and
/// the answer. Entries matching under a fifth of the query are left out.
pub fn search<'a>(entries: &'a [KbEntry], query: &str, limit: usize) -> Vec<(&'a KbEntry, f64)> {
    let q = terms(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(&KbEntry, f64)> = entries
        .iter()
        .map(|e| {
            let (qt, at) = (terms(&e.question), terms(&e.answer));
            let hits: f64 = q
                .iter()
                .map(|t| {
                    if qt.contains(t) {
                        2.0
                    } else if at.contains(t) {
                        1.0
                    } else {
                        0.0
                    }
                })
                .sum();
            (e, hits / (2.0 * q.len() as f64))
        })
        .filter(|(_, s)| *s >= 0.2)
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.question.cmp(&b.0.question))
    });
    scored.truncate(limit);
    scored
}

/// The knowledge base shipped with the demo district: questions residents of Shijingshan actually ask.
pub fn demo_entries() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (
            "供暖季从什么时候开始？",
            "北京市供暖季一般为每年11月15日至次年3月15日，遇气温异常会提前或延后，以市政府通知为准。",
            "E07,E09",
        ),
        (
            "家里暖气不热怎么办？",
            "请先排气并检查阀门；仍不达标（室温低于18℃）可报修所属供热单位，热线将派单并要求3个工作日内处理。",
            "E07",
        ),
        (
            "停水了什么时候恢复？",
            "计划停水会提前在小区张贴通知；突发停水可拨打供水企业热线查询，抢修一般在24小时内完成。",
            "E01",
        ),
        (
            "停电了怎么查询原因？",
            "可通过国网北京电力App或拨打95598查询停电原因和预计恢复时间。",
            "E03",
        ),
        (
            "老楼加装电梯需要什么条件？",
            "需本单元业主依法表决同意，由街道指导编制方案并公示，可申请市区两级补贴；具体流程可咨询属地街道。",
            "D04",
        ),
        (
            "如何申请低保？",
            "持身份证、户口簿和家庭收入证明到户籍所在街道社会保障事务所申请，审核时限一般为30个工作日。",
            "I03",
        ),
        (
            "老人怎么申请助餐服务？",
            "60岁以上老人可到所在社区养老服务驿站登记，助餐费用超过5元的部分享受每天5元补贴。",
            "I02,I01",
        ),
        (
            "长期护理保险如何申请失能评估？",
            "参保人或家属向区医保局或定点评估机构提出申请，评估机构上门按国家标准评估，结论次月起享受待遇。",
            "I05",
        ),
        (
            "物业不作为向谁投诉？",
            "可先向社区居委会反映，由社区督促物业整改；涉及收费等违规行为可由区住建委处理。",
            "D01,D02",
        ),
        (
            "夜间施工扰民怎么处理？",
            "夜间22时至次日6时施工须持有夜间施工许可；无证施工可举报，生态环境部门核查后依法查处。",
            "B01",
        ),
        (
            "楼道里能给电动车充电吗？",
            "不能。楼道、楼梯间等公共区域禁止停放电动自行车和充电，请使用小区集中充电设施。",
            "L03,K04",
        ),
        (
            "拖欠工资怎么办？",
            "可向区人力社保局劳动保障监察大队投诉，或申请劳动仲裁；请保留劳动合同、工资条等证据。",
            "H01",
        ),
        (
            "预付卡商家跑路怎么退钱？",
            "可向区市场监管局投诉，同时保留购卡凭证；涉嫌诈骗的可向公安机关报案。",
            "G04",
        ),
        (
            "垃圾分类怎么分？",
            "北京实行四分类：厨余垃圾、可回收物、有害垃圾、其他垃圾，小区内设有分类桶站和指导员。",
            "A02,A01",
        ),
        (
            "养狗需要办证吗？",
            "石景山区属于重点管理区，养犬须办理养犬登记证并每年年检，每户限养一只，禁止饲养大型犬和烈性犬。",
            "K02",
        ),
        (
            "办理居住证需要什么材料？",
            "持身份证、居住登记满半年的证明及合法稳定就业或住所证明，到居住地派出所或社区服务站办理。",
            "N01",
        ),
        (
            "社区有哪些为老服务？",
            "社区养老服务驿站提供助餐、助浴、助洁、健康指导、文化娱乐等服务，可拨打驿站电话预约。",
            "I01",
        ),
        (
            "路灯不亮找谁？",
            "道路照明由区城管委组织维修，可通过热线反映具体位置，一般5个工作日内修复。",
            "A10",
        ),
        (
            "怎么申请公租房？",
            "符合条件的家庭可通过北京住房保障网上申请，由街道初审、区住建委复审后轮候配租。",
            "D07",
        ),
        (
            "邻居漏水到我家怎么办？",
            "先与邻居协商，协商不成可请社区人民调解委员会调解，仍不成可向法院起诉。",
            "K01,D06",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> Vec<KbEntry> {
        demo_entries()
            .into_iter()
            .enumerate()
            .map(|(i, (q, a, c))| KbEntry {
                id: i.to_string(),
                question: q.into(),
                answer: a.into(),
                categories: c.split(',').map(String::from).collect(),
            })
            .collect()
    }

    #[test]
    fn chinese_text_is_split_into_bigrams() {
        let t = terms("暖气不热 95598");
        assert!(
            t.contains("暖气") && t.contains("气不") && t.contains("不热") && t.contains("95598")
        );
        assert!(terms("热").contains("热"));
    }

    #[test]
    fn a_question_in_other_words_finds_its_entry_first() {
        let kb = kb();
        let hits = search(&kb, "我家暖气一点都不热", 3);
        assert_eq!(hits[0].0.question, "家里暖气不热怎么办？");
        let hits = search(&kb, "想给老人申请助餐", 3);
        assert_eq!(hits[0].0.question, "老人怎么申请助餐服务？");
        assert!(search(&kb, "火星登陆计划", 3).is_empty());
        assert!(search(&kb, "   ", 3).is_empty());
    }
}
