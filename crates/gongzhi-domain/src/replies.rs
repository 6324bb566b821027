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
}
