//! Anonymising text for everything public (the dispute library, answered questions): no one named, reached or
//! located from what is shown.
//!
//! The rules follow what the Supreme People's Court removes before it publishes a judgment (最高人民法院关于人民法院在
//! 互联网公布裁判文书的规定, 法释〔2016〕19号, arts. 8–10: names become 某某 or roles; 身份证号码, 银行账号, 车牌号码,
//! 联系方式 and 家庭住址 below the road are removed) and the 个人信息保护法 (arts. 4, 28: a natural person identified or
//! identifiable; an ID number, an account, whereabouts). Nothing here can be checked against a register of names, so
//! the rules are written to remove too much rather than too little:
//!
//! - the parties' registered names become their roles, and their given names alone too;
//! - e-mail addresses, licence plates, letter-and-digit handles (WeChat ids, waybills) and any run of five digits or
//!   more (phones, ID numbers, bank cards, even written in groups or in Chinese numerals) become `***`, except amounts
//!   (`120000元`), dates (`2026-06-30`) and the public service numbers (`12345`, `95598`);
//! - numbers of the estate, building, unit, floor and room (`五号院`, `3号楼`, `2单元`, `502室`, `1门302`) become `*`, and
//!   an estate's name (`远洋山水小区`) becomes 某; the road and the street stay;
//! - a surname with a title (`张大爷`, `熊经理`) becomes 某大爷; a nickname (`老钱`, `小刘`) becomes 老某, 小某; a full
//!   name becomes 某某. Full names are found three ways: jieba's person tags (its dictionary and its HMM for unknown
//!   words) on a word that begins with a surname; a surname after a word that introduces a person (`女儿`, `经理`,
//!   `叫`, `、` after a name); and the compound surnames (`欧阳`, `司马`) wherever they stand.

use crate::search::JIEBA;

/// Common Chinese surnames (the most frequent, after the 2020 census's ranking, and the common rarer ones), without
/// those that mostly begin everyday words in a dispute's facts (申 of 申请, 房 of 房屋, 区, 时).
const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏\
薛叶阎闫余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文\
庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂焦向柳邢骆岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜詹关苗凌费纪\
靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边辜吉饶刁瞿戚丘古米池滕晋苑\
邬臧畅宫来缪苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞\
封竺冼原官衣楚佟栗匡宗应台巫鞠僖桑荆谌银扬明沙薄伏岑习胥保和蔺";

/// Surnames that begin everyday words in a dispute's facts more often than names: not taken as a surname on their own.
const NOT_ALONE: &str = "申房区时沿和保明都来成全解单花原计连商强位官应";

/// Compound surnames (复姓) taken as a name's start wherever they stand (东方, 西门, 南宫 and 长孙 are everyday words too
/// often to be on the list).
const COMPOUND: [&str; 17] = [
    "欧阳", "司马", "诸葛", "上官", "皇甫", "尉迟", "慕容", "宇文", "司徒", "夏侯", "令狐", "端木",
    "澹台", "公孙", "轩辕", "呼延", "独孤",
];

/// Titles that follow a surname (`张大爷`, `熊经理`), longest first.
const TITLES: [&str; 44] = [
    "老板娘",
    "先生",
    "女士",
    "小姐",
    "大爷",
    "大妈",
    "大娘",
    "大姐",
    "大哥",
    "大叔",
    "大婶",
    "阿姨",
    "奶奶",
    "爷爷",
    "老太",
    "老汉",
    "老头",
    "师傅",
    "老师",
    "经理",
    "主任",
    "队长",
    "老板",
    "书记",
    "医生",
    "大夫",
    "律师",
    "警官",
    "会计",
    "科长",
    "处长",
    "所长",
    "站长",
    "部长",
    "局长",
    "院长",
    "校长",
    "厂长",
    "村长",
    "组长",
    "叔叔",
    "阿婆",
    "姐",
    "哥",
];

/// Words after which the next surname begins a person's name: kin, roles, and the words that name someone. A word
/// ending in 员 (快递员, 工作人员) introduces a person too.
const INTRODUCERS: [&str; 80] = [
    "叫",
    "名叫",
    "姓名",
    "名为",
    "人称",
    "儿子",
    "女儿",
    "之子",
    "之女",
    "之妻",
    "之夫",
    "之母",
    "之父",
    "其子",
    "其女",
    "其妻",
    "其夫",
    "妻子",
    "丈夫",
    "老伴",
    "爱人",
    "母亲",
    "父亲",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "兄",
    "弟",
    "姐",
    "妹",
    "孙子",
    "孙女",
    "外孙",
    "儿媳",
    "女婿",
    "侄子",
    "外甥",
    "邻居",
    "住户",
    "居民",
    "业主",
    "租户",
    "租客",
    "房东",
    "经理",
    "老板",
    "老板娘",
    "工人",
    "员",
    "保安",
    "队长",
    "代表",
    "负责人",
    "经纪人",
    "管家",
    "司机",
    "收件人",
    "寄件人",
    "当事人",
    "申请人",
    "第三人",
    "保姆",
    "护工",
    "老人",
    "同事",
    "朋友",
    "同学",
    "师傅",
    "主任",
    "书记",
    "律师",
    "医生",
    "护士",
    "联系人",
    "委托人",
    "代理人",
    "代表人",
    "监护人",
    "熟人",
];

/// Single characters that end a name: what follows a name in a sentence (的, 说, 因, 把…) and never its last
/// character.
const AFTER_NAME: &str = "的地得了着过与和及跟同或说称讲问答道因为在把被是将对家之等也都就又还才让给从到于负系叫去来要会能可已未不没\
请找拿认打骂欠借交付住租占拆搭装堆放停开关以由向当";

/// What follows a place rather than a person (鲁谷东街, 杨庄社区): a name-like word before these is a place.
const PLACE_AFTER: [&str; 33] = [
    "东街",
    "西街",
    "南街",
    "北街",
    "大街",
    "东路",
    "西路",
    "南路",
    "北路",
    "中路",
    "东里",
    "西里",
    "南里",
    "北里",
    "路",
    "街",
    "胡同",
    "社区",
    "街道",
    "小区",
    "村",
    "镇",
    "乡",
    "桥",
    "站",
    "公园",
    "医院",
    "学校",
    "小学",
    "中学",
    "派出所",
    "法院",
    "公司",
];

/// What follows a nickname as it follows a person (老钱说, 老张头, 老郑家).
const NICK_AFTER: &str = "说称讲头家把让叫答同拒表认";

/// The end of an estate's name (远洋山水小区): the name before it goes, the word stays.
const ESTATES: [&str; 11] = [
    "小区", "家园", "花园", "公寓", "嘉园", "新村", "山庄", "大厦", "公馆", "别墅", "苑",
];

/// What follows a number that is part of an address below the road (3号楼, 2单元, 502室, 五号院).
const ADDRESS_AFTER: [&str; 14] = [
    "号", "楼", "单元", "室", "层", "栋", "门", "座", "户", "幢", "排", "院", "区", "期",
];
/// The same after a number written in Chinese numerals (五号院): not 门 or 户 (一门心思, 一户).
const ADDRESS_AFTER_HAN: [&str; 12] = [
    "号", "楼", "单元", "室", "层", "栋", "座", "幢", "排", "院", "区", "期",
];
/// What comes before a room number written bare (1门302, 2单元201).
const ROOM_BEFORE: [&str; 5] = ["单元", "门", "栋", "号楼", "座"];
/// What follows a number that is an amount or a measure, never an identifier (120000元, 2026年).
const UNIT_AFTER: &str = "元万千亿块角米平%吨斤克度人名岁天年月日时分秒个次件辆台户套间";
/// Where a handle without digits follows (微信号zhangsan).
const HANDLE_BEFORE: [&str; 8] = [
    "微信号",
    "微信",
    "QQ",
    "qq",
    "账号",
    "账户",
    "抖音号",
    "支付宝",
];
/// The provinces' one-character abbreviations that begin a licence plate (GA 36-2018).
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领";

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_surname(c: char) -> bool {
    SURNAMES.contains(c)
}

fn is_han_digit(c: char) -> bool {
    "〇零一二三四五六七八九两十百".contains(c)
}

fn is_pure_han_digit(c: char) -> bool {
    "〇零一二三四五六七八九幺".contains(c)
}

fn starts_at(cs: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(k, w)| cs.get(k) == Some(&w))
}

fn ends_at(cs: &[char], i: usize, word: &str) -> bool {
    let n = word.chars().count();
    i >= n && starts_at(cs, i - n, word)
}

/// Anonymises a text for the public: `parties` are the names registered with their roles (王秀兰 → 申请人).
pub fn anonymise(text: &str, parties: &[(&str, &str)]) -> String {
    // Full-width letters and digits are read as their ASCII forms, so that `１３９…` is a phone too.
    let mut out: String = text
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    // The parties by their roles, longest name first so that 王秀 does not break 王秀兰; then the given names alone.
    let mut names: Vec<(String, &str)> = Vec::new();
    for (name, role) in parties {
        let name = name.trim();
        if name.chars().count() >= 2 {
            names.push((name.to_owned(), role));
            let given: String = if COMPOUND.iter().any(|c| name.starts_with(c)) {
                name.chars().skip(2).collect()
            } else {
                name.chars().skip(1).collect()
            };
            if given.chars().count() >= 2 && is_surname(name.chars().next().unwrap_or(' ')) {
                names.push((given, role));
            }
        }
    }
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    for (name, role) in &names {
        out = out.replace(name.as_str(), role);
        // 申请人王秀兰 reads 申请人, not 申请人申请人.
        out = out.replace(&format!("{role}{role}"), role);
    }
    let out = numbers_and_handles(&out);
    let out = titled(&out);
    people_and_estates(&out)
}

/// E-mail addresses, plates, handles, long numbers and the numbers of an address below the road.
fn numbers_and_handles(text: &str) -> String {
    let cs: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        // A licence plate: province, letter, five or six letters and digits (a dot or space may part them).
        if PLATE_PROVINCES.contains(c)
            && let Some(end) = plate_end(&cs, i)
        {
            out.push_str("***");
            i = end;
            continue;
        }
        if c.is_ascii_alphanumeric()
            || (c == '+' && cs.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            // An ASCII word with what e-mails and handles use inside.
            let mut j = i + 1;
            while j < cs.len() && (cs[j].is_ascii_alphanumeric() || "._%+-@".contains(cs[j])) {
                j += 1;
            }
            // Trailing dots and dashes are punctuation, not the word's.
            while j > start + 1 && ".-".contains(cs[j - 1]) {
                j -= 1;
            }
            let word: String = cs[start..j].iter().collect();
            let letters = word.chars().filter(char::is_ascii_alphabetic).count();
            let handle = HANDLE_BEFORE.iter().any(|h| {
                let before: String = cs[..start]
                    .iter()
                    .rev()
                    .take(6)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let before = before.trim_end_matches([' ', ':', '：']);
                before.ends_with(h)
            });
            if word.contains('@') && word.split('@').nth(1).is_some_and(|d| d.contains('.')) {
                out.push_str("***");
                i = j;
                continue;
            }
            if letters > 0 {
                let digits = word.chars().filter(char::is_ascii_digit).count();
                if digits >= 4 || (handle && word.chars().count() >= 3) {
                    out.push_str("***");
                } else {
                    out.push_str(&word);
                }
                i = j;
                continue;
            }
            // Digits, maybe in groups parted by one space, dash or bracket (139-1111-2222, 110107(1985)0312 4417).
            let (end, digits, parted) = digit_run(&cs, i);
            let run: String = cs[i..end].iter().collect();
            let next = cs.get(end).copied();
            let public_number =
                !parted && digits == 5 && (run.starts_with("12") || run.starts_with("95"));
            let date = is_iso_date(&run);
            let amount = !parted && next.is_some_and(|n| UNIT_AFTER.contains(n));
            if digits >= 5 && !public_number && !date && !amount {
                out.push_str("***");
            } else if !parted
                && (ADDRESS_AFTER.iter().any(|w| starts_at(&cs, end, w))
                    || ROOM_BEFORE.iter().any(|w| ends_at(&cs, i, w)))
                && !(next == Some('区') && digits > 2)
            {
                out.push('*');
            } else {
                out.push_str(&run);
            }
            i = end;
            continue;
        }
        // A phone read out in Chinese numerals (一三九一二三四五六七八).
        if is_pure_han_digit(c) {
            let mut j = i;
            while j < cs.len() && is_pure_han_digit(cs[j]) {
                j += 1;
            }
            if j - i >= 7 {
                out.push_str("***");
                i = j;
                continue;
            }
        }
        // 五号院, 三号楼, 二单元.
        if is_han_digit(c) {
            let mut j = i;
            while j < cs.len() && is_han_digit(cs[j]) {
                j += 1;
            }
            let before_word = i > 0 && (cs[i - 1] == '第' || cs[i - 1] == '每');
            if !before_word && ADDRESS_AFTER_HAN.iter().any(|w| starts_at(&cs, j, w)) {
                out.push('*');
                i = j;
                continue;
            }
            out.extend(&cs[i..j]);
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Where a licence plate that starts at `i` ends.
fn plate_end(cs: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let sep = |c: Option<&char>| matches!(c, Some(' ' | '·' | '•' | '.' | '-'));
    if sep(cs.get(j)) {
        j += 1;
    }
    if !cs.get(j).is_some_and(char::is_ascii_uppercase) {
        return None;
    }
    j += 1;
    if sep(cs.get(j)) {
        j += 1;
    }
    let start = j;
    while j < cs.len() && j - start < 6 && (cs[j].is_ascii_uppercase() || cs[j].is_ascii_digit()) {
        j += 1;
    }
    let body = &cs[start..j];
    (body.len() >= 5 && body.iter().any(char::is_ascii_digit)).then_some(j)
}

/// A run of digits from `i`, groups parted by one separator: where it ends, how many digits, whether it was parted.
fn digit_run(cs: &[char], i: usize) -> (usize, usize, bool) {
    let mut j = i;
    let mut digits = 0;
    let mut parted = false;
    if cs[j] == '+' {
        j += 1;
        parted = true;
    }
    loop {
        while j < cs.len() && (cs[j].is_ascii_digit() || (digits >= 14 && "Xx".contains(cs[j]))) {
            if cs[j].is_ascii_digit() {
                digits += 1;
            }
            j += 1;
        }
        // One separator, then more digits: the same number (a bracket may stand before a separator: `(010) 6888`).
        let mut k = j;
        let mut seps = 0;
        while k < cs.len() && " -()（）－".contains(cs[k]) && seps < 2 {
            k += 1;
            seps += 1;
        }
        if seps > 0 && cs.get(k).is_some_and(char::is_ascii_digit) && digits > 0 {
            j = k;
            parted = true;
            continue;
        }
        // A closing bracket after the digits belongs to the number only when more digits follow (handled above).
        break;
    }
    (j, digits, parted)
}

/// `2026-06-30`: a date, kept.
fn is_iso_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() <= 2
        && parts[2].len() <= 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// A surname followed by a title (张大爷, 熊经理, 欧阳先生) becomes 某 and the title.
fn titled(text: &str) -> String {
    let cs: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < cs.len() {
        let compound = COMPOUND.iter().find(|c| starts_at(&cs, i, c));
        let len = match compound {
            Some(_) => 2,
            None if is_surname(cs[i]) => 1,
            None => 0,
        };
        // Not the end of a word (保安队长: 安 is a surname, 保安 a word).
        let inside_word = i > 0 && JIEBA.has_word(&cs[i - 1..=i].iter().collect::<String>());
        if len > 0 && !inside_word && TITLES.iter().any(|t| starts_at(&cs, i + len, t)) {
            out.push('某');
            i += len;
            continue;
        }
        out.push(cs[i]);
        i += 1;
    }
    out
}

/// Full names, nicknames and estates' names, found with jieba's words and tags.
fn people_and_estates(text: &str) -> String {
    let cs: Vec<char> = text.chars().collect();
    let tags = JIEBA.tag(text, true);
    // Where each word starts, by character.
    let mut word_at: Vec<Option<usize>> = vec![None; cs.len() + 1];
    for (k, t) in tags.iter().enumerate() {
        if t.start < word_at.len() {
            word_at[t.start] = Some(k);
        }
    }
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    let taken = |spans: &Vec<(usize, usize, &str)>, a: usize| {
        spans.iter().any(|(s, e, _)| a >= *s && a < *e)
    };
    let person = |tag: &str| tag.starts_with("nr");
    let han_word = |k: usize| tags.get(k).is_some_and(|t| t.word.chars().all(is_han));
    let place_follows = |e: usize| PLACE_AFTER.iter().any(|p| starts_at(&cs, e, p));
    // The given name after a surname ending at `s`: one character, a second unless it ends the name or begins a word.
    let given_end = |s: usize| -> Option<usize> {
        let g1 = *cs.get(s)?;
        if !is_han(g1) || AFTER_NAME.contains(g1) || g1 == '某' {
            return None;
        }
        let mut e = s + 1;
        if let Some(&g2) = cs.get(s + 1)
            && is_han(g2)
            && !AFTER_NAME.contains(g2)
            && g2 != '某'
            && !begins_word(&cs, s + 1)
            && !TITLES.iter().any(|t| starts_at(&cs, s + 1, t))
        {
            e = s + 2;
        }
        Some(e)
    };
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if taken(&spans, i) {
            i += 1;
            continue;
        }
        let w = word_at[i].map(|k| (k, &tags[k]));
        // Nicknames: 老钱, 小刘 (老/小 and a surname), when jieba takes them for a person, or the word is 老/小 alone
        // before the surname, or a person is plainly meant (after 人称, 工人, 、; before 说, 家, 头).
        if (c == '老' || c == '小')
            && cs
                .get(i + 1)
                .is_some_and(|&x| is_surname(x) && !NOT_ALONE.contains(x))
        {
            let nick = match w {
                Some((k, t)) if t.word.chars().count() == 1 => tags.get(k + 1).is_some_and(|n| {
                    n.word.chars().count() == 1 || person(n.tag) || n.word.chars().count() == 2
                }),
                Some((_, t)) if t.word.chars().count() == 2 => {
                    person(t.tag)
                        || introduced(&cs, &spans, i)
                        || cs.get(i + 2).is_some_and(|n| NICK_AFTER.contains(*n))
                        || cs.get(i + 2) == Some(&'、')
                }
                Some((_, t)) => {
                    // A longer word: 老张头 is a nickname, 小高层 and 老白干 are not.
                    t.word.chars().count() == 3 && t.word.ends_with(['头', '家'])
                }
                None => false,
            };
            if nick && !place_follows(i + 2) {
                spans.push((i + 1, i + 2, "某"));
                i += 2;
                continue;
            }
        }
        // Compound surnames, wherever they stand.
        if let Some(cmp) = COMPOUND.iter().find(|p| starts_at(&cs, i, p)) {
            let s = i + cmp.chars().count();
            if let Some(e) = given_end(s) {
                spans.push((i, e, "某某"));
                i = e;
                continue;
            }
        }
        if is_surname(c) {
            let alone_ok = !NOT_ALONE.contains(c);
            // A word jieba tags as a person's name that starts with this surname.
            if let Some((k, t)) = w {
                let n = t.word.chars().count();
                if person(t.tag) && (2..=4).contains(&n) && t.word.chars().all(is_han) && alone_ok {
                    let mut e = i + n;
                    while e > i + 2 && AFTER_NAME.contains(cs[e - 1]) {
                        e -= 1;
                    }
                    let place = t.word.ends_with(['路', '街', '村', '桥', '道', '庄']);
                    if !place && !place_follows(i + n) && !NOT_NAMES.contains(&t.word) {
                        spans.push((i, e, "某某"));
                        i = e;
                        continue;
                    }
                }
                // A surname on its own followed by a given name: 李/nr 淑珍, 林 志强/nrfg, 周/nr 建华.
                if n == 1 && alone_ok {
                    let next = tags.get(k + 1);
                    let next_len = next.map_or(0, |t| t.word.chars().count());
                    let given_like = next.is_some_and(|t| {
                        han_word(k + 1)
                            && (1..=2).contains(&next_len)
                            && !t.word.chars().all(|c| AFTER_NAME.contains(c))
                            && !t.tag.starts_with('u')
                            && !t.tag.starts_with('p')
                            && !t.tag.starts_with('c')
                            && !t.tag.starts_with('v')
                            && !t.tag.starts_with('m')
                            && !t.tag.starts_with('q')
                            && !t.tag.starts_with('f')
                    });
                    if given_like
                        && (person(t.tag) || next.is_some_and(|t| person(t.tag)))
                        && !place_follows(i + 1 + next_len)
                    {
                        let e = i + 1 + next_len;
                        spans.push((i, e, "某某"));
                        i = e;
                        continue;
                    }
                }
            }
            // After a word that introduces a person: 女儿孙丽娜, 兄苏强, 叫常淑芬; not a word that begins here (主任安排).
            let word_here = w.is_some_and(|(_, t)| t.word.chars().count() >= 2 && !person(t.tag));
            if alone_ok
                && !word_here
                && introduced(&cs, &spans, i)
                && let Some(e) = given_end(i + 1)
                && !place_follows(e)
            {
                spans.push((i, e, "某某"));
                i = e;
                continue;
            }
        }
        // Estates: the name before 小区, 家园… (远洋山水小区 → 某小区), unless it is 我们, 这个, 老旧…
        if let Some((k, t)) = w
            && let Some(suffix) = ESTATES.iter().find(|s| t.word.ends_with(**s))
        {
            let n = t.word.chars().count();
            let sn = suffix.chars().count();
            if n > sn
                && t.word.chars().all(is_han)
                && !t.tag.starts_with('r')
                && !t.tag.starts_with('a')
            {
                spans.push((i, i + n - sn, "某"));
            } else if n == sn {
                // Up to two nouns before it, not a road's name.
                let mut first = None;
                for back in 1..=2 {
                    let Some(p) = k.checked_sub(back).and_then(|b| tags.get(b)) else {
                        break;
                    };
                    let nounish =
                        p.tag.starts_with('n') || p.tag == "x" && p.word.chars().all(is_han);
                    if !nounish
                        || !p.word.chars().all(is_han)
                        || p.word.ends_with(['路', '街', '道', '里'])
                        || p.word == "某"
                        || taken(&spans, p.start)
                    {
                        break;
                    }
                    first = Some(p.start);
                }
                if let Some(f) = first {
                    spans.push((f, i, "某"));
                }
            }
        }
        i += 1;
    }
    spans.sort_by_key(|s| s.0);
    let mut out = String::with_capacity(text.len());
    let mut found: Vec<String> = Vec::new();
    let mut at = 0;
    for (s, e, r) in spans {
        if s < at {
            continue;
        }
        out.extend(&cs[at..s]);
        out.push_str(r);
        if r == "某某" && e - s >= 2 {
            found.push(cs[s..e].iter().collect());
        }
        at = e;
    }
    out.extend(&cs[at.min(cs.len())..]);
    // A name found once is a name wherever it stands (要求祝海洋十日内搬离), longest first.
    found.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    for name in found {
        out = out.replace(&name, "某某");
    }
    out
}

/// Words jieba's dictionary tags as names that are everyday words in a dispute's facts.
const NOT_NAMES: [&str; 9] = [
    "高峰", "黄金", "金额", "常年", "白天", "江湖", "孙子", "孙女", "高空",
];

/// Whether a person is introduced right before `i`: by a word (女儿, 经理, 叫, a word ending in 员), or by 、, 和, 与
/// or 及 after a name just found (林志勇、林志强).
fn introduced(cs: &[char], spans: &[(usize, usize, &str)], i: usize) -> bool {
    let mut k = i;
    if k > 0 && " ：:".contains(cs[k - 1]) {
        k -= 1;
    }
    INTRODUCERS.iter().any(|w| ends_at(cs, k, w))
        || (k > 0 && "、和与及".contains(cs[k - 1]) && spans.iter().any(|(_, e, _)| *e == k - 1))
}

/// Whether a dictionary word of two or three characters begins at `i` (深夜 in 司马俊深夜): the name ended before it.
fn begins_word(cs: &[char], i: usize) -> bool {
    (2..=3).any(|n| {
        i + n <= cs.len() && {
            let w: String = cs[i..i + n].iter().collect();
            w.chars().all(is_han) && JIEBA.has_word(&w)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record of the corpus written apart from the code (`tests/library-corpus.txt`).
    struct Record {
        parties: Vec<(String, String)>,
        text: String,
        secrets: Vec<String>,
        kept: Vec<String>,
    }

    fn corpus() -> Vec<Record> {
        let raw = include_str!("../tests/library-corpus.txt");
        let mut out = Vec::new();
        for block in raw.split("\n\n") {
            let mut r = Record {
                parties: Vec::new(),
                text: String::new(),
                secrets: Vec::new(),
                kept: Vec::new(),
            };
            for line in block.lines() {
                if let Some(p) = line.strip_prefix("@ ") {
                    for pair in p.split_whitespace() {
                        let (n, role) = pair.split_once('=').expect("name=role");
                        r.parties.push((n.into(), role.into()));
                    }
                } else if let Some(t) = line.strip_prefix("> ") {
                    r.text.push_str(t);
                } else if let Some(s) = line.strip_prefix("- ") {
                    r.secrets.push(s.into());
                } else if let Some(k) = line.strip_prefix("+ ") {
                    r.kept.push(k.into());
                }
            }
            if !r.text.is_empty() {
                out.push(r);
            }
        }
        out
    }

    #[test]
    fn the_corpus_leaves_nothing_that_names_reaches_or_locates_anyone() {
        let records = corpus();
        assert!(records.len() >= 25, "the corpus is read: {}", records.len());
        let mut failures = Vec::new();
        let mut secrets = 0;
        for r in &records {
            let parties: Vec<(&str, &str)> = r
                .parties
                .iter()
                .map(|(n, role)| (n.as_str(), role.as_str()))
                .collect();
            let out = anonymise(&r.text, &parties);
            for s in &r.secrets {
                secrets += 1;
                if out.contains(s.as_str()) {
                    failures.push(format!("left {s:?} in {out}"));
                }
            }
            for k in &r.kept {
                if !out.contains(k.as_str()) {
                    failures.push(format!("scrubbed {k:?} from {out}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(
            secrets >= 100,
            "the corpus holds many identifiers: {secrets}"
        );
    }

    #[test]
    fn parties_become_their_roles_and_amounts_dates_and_hotlines_stay() {
        let out = anonymise(
            "王秀兰说秀兰家漏水，赔偿120000元，2026-06-30前付清，已打12345。",
            &[("王秀兰", "申请人")],
        );
        assert_eq!(
            out,
            "申请人说申请人家漏水，赔偿120000元，2026-06-30前付清，已打12345。"
        );
    }
}
