//! Canned replies (常用答复): wordings an agent starts a public reply from, each for one category of the dispatch
//! catalogue or for every category, kept by the dispatch centre. Filling one in only fills the reply's text box;
//! the agent edits it and sends it as any reply.

use crate::validation::{self, ValidationErrors};

/// A canned reply as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedReply {
    pub id: String,
    /// The catalogue code it is for; `None`: every category.
    pub category: Option<String>,
    pub title: String,
    pub text: String,
}

/// A canned reply as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReply {
    pub category: Option<String>,
    pub title: String,
    pub text: String,
}

/// Checks a canned reply's fields: a title of at most 50 characters, a text of at most 2,000 (a reply's limit), and
/// a category that is `known` (or empty, for every category). Every problem is reported at once.
pub fn validate(
    category: &str,
    title: &str,
    text: &str,
    known: &dyn Fn(&str) -> bool,
) -> Result<NewReply, ValidationErrors> {
    let mut e = ValidationErrors::default();
    let title = validation::text(&mut e, "title", title, true, 50);
    let text = validation::text(&mut e, "text", text, true, 2000);
    let category = match category.trim() {
        "" => None,
        code if known(code) => Some(code.to_owned()),
        _ => {
            e.add("category", "invalid_choice");
            None
        }
    };
    e.into_result(|| NewReply {
        category,
        title,
        text,
    })
}

/// The demo district's canned replies: general wordings and a few for common categories.
pub fn demo() -> Vec<NewReply> {
    let r = |category: Option<&str>, title: &str, text: &str| NewReply {
        category: category.map(String::from),
        title: title.into(),
        text: text.into(),
    };
    vec![
        r(
            None,
            "已受理，正在核实",
            "您好，您反映的问题我们已收到，正在安排工作人员现场核实，核实后将及时答复您。感谢您对我们工作的支持。",
        ),
        r(
            None,
            "已转相关单位协同办理",
            "您好，您反映的问题涉及多个单位职责，我们已协调相关单位共同办理，办理进展将及时告知您。",
        ),
        r(
            None,
            "已办结，请评价",
            "您好，您反映的问题已处理完毕。如仍有问题，请在评价时说明，我们将继续跟进。",
        ),
        r(
            Some("A01"),
            "垃圾已清运",
            "您好，您反映的垃圾清运不及时问题，社区已协调物业和环卫单位完成清运，并已要求按时清运、加强巡查。",
        ),
        r(
            Some("A10"),
            "路灯已报修",
            "您好，您反映的路灯不亮问题，已通知路灯养护单位，预计 3 个工作日内修复。",
        ),
        r(
            Some("B01"),
            "夜间施工已查处",
            "您好，您反映的夜间施工噪音问题，生态环境部门已到现场核查，对无夜间施工许可的已责令停工并依法处理。",
        ),
        r(
            Some("B04"),
            "餐饮油烟已整改",
            "您好，您反映的餐饮油烟扰民问题，执法人员已到现场检查，已责令商户清洗油烟净化设施并限期整改，后续将复查。",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canned_reply_is_checked_field_by_field() {
        let known = |c: &str| c == "A01";
        let ok = validate("A01", "垃圾已清运", "已完成清运。", &known).unwrap();
        assert_eq!(ok.category.as_deref(), Some("A01"));
        assert_eq!(
            validate(" ", "通用", "文本", &known).unwrap().category,
            None,
            "empty: every category"
        );
        let e = validate("Z99", "", &"字".repeat(2001), &known).unwrap_err();
        let codes: Vec<_> = e.0.iter().map(|f| (f.field.as_ref(), f.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("title", "required"),
                ("text", "too_long"),
                ("category", "invalid_choice")
            ]
        );
    }

    #[test]
    fn the_demo_replies_are_valid() {
        for r in demo() {
            assert!(
                validate(
                    r.category.as_deref().unwrap_or(""),
                    &r.title,
                    &r.text,
                    &|_| true
                )
                .is_ok(),
                "{}",
                r.title
            );
        }
    }
}
