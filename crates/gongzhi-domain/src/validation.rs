//! Field-level validation errors: a stable field name and a stable code, translated into the user's language by the web
//! layer. Validators collect every problem at once so a form can show all of them beside their fields.

use std::borrow::Cow;
use std::fmt;

/// One problem with one input field, for example `("phone", "phone_invalid")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// A field of ours, or one a client sent that we do not know (`unknown_field`).
    pub field: Cow<'static, str>,
    pub code: &'static str,
}

/// All problems found in one input; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn add(&mut self, field: &'static str, code: &'static str) {
        self.0.push(FieldError {
            field: Cow::Borrowed(field),
            code,
        });
    }
    /// A problem with a field named by the client (an unknown field, a path inside a body).
    pub fn add_named(&mut self, field: String, code: &'static str) {
        self.0.push(FieldError {
            field: Cow::Owned(field),
            code,
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The first code reported for a field, if any.
    pub fn code_for(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.code))
            .collect();
        write!(f, "invalid input ({})", parts.join(", "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Trims a text field and checks its length in characters (not bytes: Chinese text is three bytes a character).
/// Control characters other than newlines and tabs are refused, since they only ever arrive by accident or attack.
pub fn text(
    errors: &mut ValidationErrors,
    field: &'static str,
    raw: &str,
    required: bool,
    max_chars: usize,
) -> String {
    let value = raw.trim();
    if value.is_empty() {
        if required {
            errors.add(field, "required");
        }
        return String::new();
    }
    if value.chars().count() > max_chars {
        errors.add(field, "too_long");
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, "control_characters");
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_length_counts_characters_not_bytes() {
        let mut errors = ValidationErrors::default();
        let ok = text(&mut errors, "title", "  路灯不亮  ", true, 4);
        assert_eq!(ok, "路灯不亮");
        assert!(errors.is_empty());
        text(&mut errors, "title", "路灯不亮了", true, 4);
        assert_eq!(errors.code_for("title"), Some("too_long"));
    }

    #[test]
    fn blank_required_text_and_control_characters_are_refused() {
        let mut errors = ValidationErrors::default();
        text(&mut errors, "a", "   ", true, 10);
        text(&mut errors, "b", "x\u{0}y", true, 10);
        text(&mut errors, "c", "", false, 10);
        assert_eq!(errors.code_for("a"), Some("required"));
        assert_eq!(errors.code_for("b"), Some("control_characters"));
        assert_eq!(errors.code_for("c"), None);
    }
}
