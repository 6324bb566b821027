//! What every JSON endpoint shares, below the modules that serve them: the typed body extractor (`ApiJson<T>`:
//! refuses what the OpenAPI document refuses, field by field), strict readers for query parameters, the error body,
//! and the schemas of the domain's codes. The document itself is assembled in `openapi`.

use std::borrow::Cow;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

use gongzhi_domain::validation::ValidationErrors;

use crate::error::AppError;

/// Free text: at least one visible character, and no control characters but tab, line feed and carriage return.
/// The same rule as the domain's `validation::text`, said so that a schema-valid text is never refused.
pub const TEXT_PATTERN: &str = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$";
/// Optional free text: the same characters, possibly none.
pub const OPTIONAL_TEXT_PATTERN: &str =
    "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$";
/// A case number: 14 digits (the receipt date and a running number).
pub const CASE_NO_PATTERN: &str = "^[0-9]{14}$";
/// A mainland mobile number (optionally with +86), or a fixed line with its area code, digits only.
pub const PHONE_PATTERN: &str = "^((\\+86)?1[3-9][0-9]{9}|0[1-9][0-9]{8,10})$";
/// A hyphenated UUID, lowercase or uppercase.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
/// The last four digits of a phone number.
pub const LAST4_PATTERN: &str = "^[0-9]{4}$";
/// A dispatch catalogue code: a capital letter and two digits.
pub const CATEGORY_PATTERN: &str = "^[A-Z][0-9]{2}$";

/// Exactly `CATEGORY_PATTERN`.
pub fn is_category_code(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 3 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

/// A JSON body typed as `T`: `Content-Type: application/json` (else 415), within the size limit (else 413), a JSON
/// object (else 422 `malformed_json`), and `T`'s fields with their types and `T::check`'s rules (else 422 with
/// each field and its code). Unknown fields are refused by name.
pub struct ApiJson<T>(pub T);

/// The rules of a body that serde's types do not carry (lengths, patterns), checked exactly as the schema says.
pub trait Checked {
    fn check(&self, errors: &mut ValidationErrors);
}

impl<S: Send + Sync, T: DeserializeOwned + Checked> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::MalformedJson
            }
        })?;
        let mut value = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            _ => return Err(AppError::MalformedJson),
        };
        // serde stops at the first bad field; to report every one at once, the bad field is set aside and the rest
        // read again, until nothing new turns up.
        let mut errors = ValidationErrors::default();
        let mut set_aside: Vec<String> = Vec::new();
        let parsed = loop {
            match serde_path_to_error::deserialize::<_, T>(value.clone()) {
                Ok(parsed) if errors.is_empty() => break parsed,
                Ok(_) => return Err(AppError::Validation(errors)),
                Err(e) => {
                    let found = field_error(&e);
                    let field = found.0[0].field.to_string();
                    let key = field.split(['.', '[']).next().unwrap_or("").to_owned();
                    let already = set_aside.contains(&key);
                    if !already {
                        errors.0.extend(found.0);
                    }
                    let removable = value
                        .as_object_mut()
                        .is_some_and(|o| o.remove(&key).is_some());
                    if already || !removable || set_aside.len() >= 32 {
                        return Err(AppError::Validation(errors));
                    }
                    set_aside.push(key);
                }
            }
        };
        parsed.check(&mut errors);
        if errors.is_empty() {
            Ok(ApiJson(parsed))
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

/// The field and the stable code of a deserialization error.
fn field_error(e: &serde_path_to_error::Error<serde_json::Error>) -> ValidationErrors {
    let message = e.inner().to_string();
    let path = e.path().to_string();
    // serde names a missing or unknown field in backticks, at the object's own path.
    let named = || message.split('`').nth(1).unwrap_or("body").to_owned();
    let (field, code): (Cow<'static, str>, &'static str) = if message.starts_with("missing field") {
        (named().into(), "required")
    } else if message.starts_with("unknown field") {
        (named().into(), "unknown_field")
    } else if message.starts_with("unknown variant") {
        (path.into(), "invalid_choice")
    } else if message.starts_with("invalid type") {
        (path.into(), "wrong_type")
    } else {
        (path.into(), "invalid")
    };
    let mut errors = ValidationErrors::default();
    errors.add_named(field.into_owned(), code);
    errors
}

/// Refuses a text longer than `max` characters as sent (before any trimming), as the schema's `maxLength` does.
pub fn check_len(errors: &mut ValidationErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.add(field, "too_long");
    }
}

/// Refuses a value that is not exactly a case number.
pub fn check_case_no(errors: &mut ValidationErrors, field: &'static str, value: &str) {
    if !is_case_no(value) {
        errors.add(field, "invalid");
    }
}

pub fn is_case_no(value: &str) -> bool {
    value.len() == 14 && value.bytes().all(|b| b.is_ascii_digit())
}

/// Exactly `PHONE_PATTERN` (the pages accept separators; the API takes the number as the schema says).
pub fn is_api_phone(value: &str) -> bool {
    let mobile = |d: &[u8]| {
        d.len() == 11
            && d.iter().all(u8::is_ascii_digit)
            && d[0] == b'1'
            && (b'3'..=b'9').contains(&d[1])
    };
    let landline = |d: &[u8]| {
        (10..=12).contains(&d.len())
            && d.iter().all(u8::is_ascii_digit)
            && d[0] == b'0'
            && d[1] != b'0'
    };
    mobile(value.strip_prefix("+86").unwrap_or(value).as_bytes()) || landline(value.as_bytes())
}

/// Exactly `UUID_PATTERN`.
pub fn parse_uuid(value: &str) -> Option<uuid::Uuid> {
    let b = value.as_bytes();
    let shape = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if shape {
        uuid::Uuid::parse_str(value).ok()
    } else {
        None
    }
}

/// Exactly `YYYY-MM-DD`, and a real date (JSON Schema's `date` format).
pub fn parse_date(value: &str) -> Option<jiff::civil::Date> {
    let b = value.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if shape { value.parse().ok() } else { None }
}

/// A query parameter that must be `true` or `false` when present.
pub fn query_bool(
    errors: &mut ValidationErrors,
    field: &'static str,
    raw: Option<&str>,
) -> Option<bool> {
    match raw? {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            errors.add(field, "wrong_type");
            None
        }
    }
}

/// A query parameter that must be a whole number in `min..=max` when present.
pub fn query_int(
    errors: &mut ValidationErrors,
    field: &'static str,
    raw: Option<&str>,
    min: u32,
    max: u32,
) -> Option<u32> {
    let raw = raw?;
    let digits_only = !raw.is_empty() && raw.len() <= 9 && raw.bytes().all(|b| b.is_ascii_digit());
    match raw
        .parse::<u32>()
        .ok()
        .filter(|n| digits_only && (min..=max).contains(n))
    {
        Some(n) => Some(n),
        None => {
            errors.add(
                field,
                if digits_only {
                    "out_of_range"
                } else {
                    "wrong_type"
                },
            );
            None
        }
    }
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code: `validation_failed`, `not_found`, `case_closed`, `not_your_case`, `stale`, …
    pub code: String,
    /// In Chinese, or English with `Accept-Language: en`.
    pub message: String,
    /// For `validation_failed`: each field and its code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldProblem>>,
    /// For `internal`: quote it when asking for help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A string type, or a string-or-null type.
fn string_type(nullable: bool) -> ObjectBuilder {
    if nullable {
        ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
    } else {
        ObjectBuilder::new().schema_type(Type::String)
    }
}

/// A string schema limited to the given codes (a domain enum's `code()`s), optionally nullable.
pub fn codes_schema<'a>(
    codes: impl IntoIterator<Item = &'a str>,
    nullable: bool,
    description: &str,
) -> RefOr<Schema> {
    let mut values: Vec<serde_json::Value> = codes
        .into_iter()
        .map(|c| serde_json::Value::from(c.to_owned()))
        .collect();
    if nullable {
        values.push(serde_json::Value::Null);
    }
    let builder = string_type(nullable);
    RefOr::T(Schema::Object(
        builder
            .enum_values(Some(values))
            .description(Some(description))
            .build(),
    ))
}

/// A string schema with the given bounds and pattern, optionally nullable.
pub fn string_schema(
    min: Option<usize>,
    max: Option<usize>,
    pattern: Option<&str>,
    nullable: bool,
) -> RefOr<Schema> {
    let builder = string_type(nullable);
    RefOr::T(Schema::Object(
        builder
            .min_length(min)
            .max_length(max)
            .pattern(pattern)
            .build(),
    ))
}

/// Schemas of the strings the API takes, for `#[schema(schema_with = …)]` (attributes take no constants).
pub mod strings {
    use super::*;
    pub fn text_50() -> RefOr<Schema> {
        string_schema(Some(1), Some(50), Some(TEXT_PATTERN), false)
    }
    pub fn text_100() -> RefOr<Schema> {
        string_schema(Some(1), Some(100), Some(TEXT_PATTERN), false)
    }
    pub fn text_200() -> RefOr<Schema> {
        string_schema(Some(1), Some(200), Some(TEXT_PATTERN), false)
    }
    pub fn text_2000() -> RefOr<Schema> {
        string_schema(Some(1), Some(2000), Some(TEXT_PATTERN), false)
    }
    pub fn text_4000() -> RefOr<Schema> {
        string_schema(Some(1), Some(4000), Some(TEXT_PATTERN), false)
    }
    pub fn optional_text_2000() -> RefOr<Schema> {
        string_schema(None, Some(2000), Some(OPTIONAL_TEXT_PATTERN), true)
    }
    pub fn optional_text_1000() -> RefOr<Schema> {
        string_schema(None, Some(1000), Some(OPTIONAL_TEXT_PATTERN), true)
    }
    pub fn optional_text_500() -> RefOr<Schema> {
        string_schema(None, Some(500), Some(OPTIONAL_TEXT_PATTERN), true)
    }
    pub fn case_no() -> RefOr<Schema> {
        string_schema(None, None, Some(CASE_NO_PATTERN), false)
    }
    pub fn case_no_opt() -> RefOr<Schema> {
        string_schema(None, None, Some(CASE_NO_PATTERN), true)
    }
    pub fn phone() -> RefOr<Schema> {
        string_schema(None, None, Some(PHONE_PATTERN), false)
    }
    pub fn phone_opt() -> RefOr<Schema> {
        string_schema(None, None, Some(PHONE_PATTERN), true)
    }
    pub fn text_50_opt() -> RefOr<Schema> {
        string_schema(Some(1), Some(50), Some(TEXT_PATTERN), true)
    }
    pub fn last4() -> RefOr<Schema> {
        string_schema(None, None, Some(LAST4_PATTERN), false)
    }
    pub fn uuid() -> RefOr<Schema> {
        string_schema(None, None, Some(UUID_PATTERN), false)
    }
    pub fn uuid_opt() -> RefOr<Schema> {
        string_schema(None, None, Some(UUID_PATTERN), true)
    }
    /// A calendar date (`YYYY-MM-DD`, a real date: the format says so, a pattern could not).
    pub fn date() -> RefOr<Schema> {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
                .description(Some("YYYY-MM-DD"))
                .build(),
        ))
    }
    /// A calendar date or null.
    pub fn date_opt() -> RefOr<Schema> {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                    Type::String,
                    Type::Null,
                ]))
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
                .description(Some("YYYY-MM-DD"))
                .build(),
        ))
    }
    pub fn optional_text_8000() -> RefOr<Schema> {
        string_schema(None, Some(8000), Some(OPTIONAL_TEXT_PATTERN), true)
    }
    pub fn category() -> RefOr<Schema> {
        string_schema(None, None, Some(CATEGORY_PATTERN), false)
    }
    pub fn category_opt() -> RefOr<Schema> {
        string_schema(None, None, Some(CATEGORY_PATTERN), true)
    }
}

/// An instant the API was given (RFC 3339), as epoch milliseconds; `None` when it does not parse.
pub fn millis(raw: &str) -> Option<i64> {
    raw.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

/// An instant as the API writes it (UTC, milliseconds), optionally nullable.
/// An instant, for `schema_with`.
pub fn instant() -> RefOr<Schema> {
    instant_schema(false)
}

/// An instant or null, for `schema_with`.
pub fn instant_opt() -> RefOr<Schema> {
    instant_schema(true)
}

pub fn instant_schema(nullable: bool) -> RefOr<Schema> {
    let builder = string_type(nullable);
    RefOr::T(Schema::Object(
        builder
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some(
                "UTC, always with milliseconds: 2026-12-03T16:00:00.000Z",
            ))
            .build(),
    ))
}

/// Whole numbers as JSON Schema counts them: `5` and `5.0` alike (schemathesis and some clients write integers with
/// a fraction of zero); anything else is the wrong type.
pub mod whole {
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn of(n: serde_json::Number) -> Option<i64> {
        n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
    }

    pub fn one<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        of(serde_json::Number::deserialize(d)?)
            .ok_or_else(|| D::Error::custom("not a whole number"))
    }

    pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(d)? {
            None => Ok(None),
            Some(n) => of(n)
                .map(Some)
                .ok_or_else(|| D::Error::custom("not a whole number")),
        }
    }

    /// Rows of whole numbers (JSON Schema's `integer` admits `3.0`; so do we).
    pub fn rows<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<i64>>, D::Error> {
        Vec::<Vec<serde_json::Number>>::deserialize(d)?
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|n| of(n).ok_or_else(|| D::Error::custom("not a whole number")))
                    .collect()
            })
            .collect()
    }

    pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        match opt(d)? {
            None => Ok(None),
            Some(v) => u32::try_from(v)
                .map(Some)
                .map_err(|_| D::Error::custom("out of range")),
        }
    }
}

/// The end of a local calendar date typed as `YYYY-MM-DD` (the deadline falls at its 24:00).
pub fn parse_day_end(raw: &str) -> Option<gongzhi_domain::Millis> {
    let d: jiff::civil::Date = raw.trim().parse().ok()?;
    Some(gongzhi_domain::calendar::start_of(d.tomorrow().ok()?))
}

/// The start of a local calendar date typed as `YYYY-MM-DD`.
pub fn parse_day_start(raw: &str) -> Option<gongzhi_domain::Millis> {
    let d: jiff::civil::Date = raw.trim().parse().ok()?;
    Some(gongzhi_domain::calendar::start_of(d))
}

/// A period from the `from` and `to` query fields (Beijing dates, both inclusive), or the fields' errors.
pub fn date_range(
    query: &crate::extract::QueryData,
) -> Result<(gongzhi_domain::Millis, gongzhi_domain::Millis), AppError> {
    let mut e = ValidationErrors::default();
    let from = query
        .0
        .get("from")
        .and_then(|d| parse_date(d).and_then(|_| parse_day_start(d)));
    let to = query
        .0
        .get("to")
        .and_then(|d| parse_date(d).and_then(|_| parse_day_end(d)));
    if from.is_none() {
        e.add("from", "not_a_date");
    }
    if to.is_none() {
        e.add("to", "not_a_date");
    }
    match (from, to) {
        (Some(f), Some(t)) => Ok((f, t)),
        _ => Err(AppError::Validation(e)),
    }
}

/// Declares a page of items as the API answers it — `{ total, page, per_page, items }` — under its own name in the
/// OpenAPI document, with `of` building it from the store's page and a function that shows each item. One shape
/// for every list, written once.
macro_rules! paged_list {
    ($(#[$meta:meta])* $name:ident of $item:ty) => {
        $(#[$meta])*
        #[derive(serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub total: i64,
            pub page: u32,
            pub per_page: u32,
            pub items: Vec<$item>,
        }

        impl $name {
            /// The store's page, each item shown.
            #[allow(dead_code)]
            pub fn of<T>(found: gongzhi_store::Page<T>, show: impl FnMut(T) -> $item) -> $name {
                $name {
                    total: found.total,
                    page: found.page,
                    per_page: found.per_page,
                    items: found.items.into_iter().map(show).collect(),
                }
            }
        }
    };
}
pub(crate) use paged_list;

/// The `page` (default 1) and `per_page` (1–200, default `default_per_page`) query parameters of every list.
pub(crate) fn page_params(
    errors: &mut ValidationErrors,
    query: &std::collections::HashMap<String, String>,
    default_per_page: u32,
) -> gongzhi_store::PageRequest {
    let page = query_int(
        errors,
        "page",
        query.get("page").map(String::as_str),
        1,
        100_000,
    )
    .unwrap_or(1);
    let per_page = query_int(
        errors,
        "per_page",
        query.get("per_page").map(String::as_str),
        1,
        200,
    )
    .unwrap_or(default_per_page);
    gongzhi_store::PageRequest::new(page, per_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_readers_take_exactly_what_the_schema_says() {
        assert!(
            is_case_no("20261202000001")
                && !is_case_no("2026-1202000001")
                && !is_case_no(" 20261202000001")
        );
        assert!(is_api_phone("13912345678") && is_api_phone("+8613912345678"));
        assert!(
            !is_api_phone("139 1234 5678")
                && !is_api_phone("12912345678")
                && !is_api_phone("8613912345678")
        );
        assert!(
            is_api_phone("01068871234")
                && is_api_phone("075512345678")
                && !is_api_phone("010-68871234")
                && !is_api_phone("+8601068871234")
        );
        assert!(parse_uuid("0192f4a0-7b1c-7d2e-8f30-123456789abc").is_some());
        assert!(parse_uuid("0192f4a07b1c7d2e8f30123456789abc").is_none());
        assert!(parse_uuid("{0192f4a0-7b1c-7d2e-8f30-123456789abc}").is_none());
        assert!(
            parse_date("2026-12-02").is_some()
                && parse_date("2026-02-30").is_none()
                && parse_date("+2026-12-02").is_none()
        );
        let mut e = ValidationErrors::default();
        assert_eq!(query_int(&mut e, "page", Some("3"), 1, 10), Some(3));
        assert_eq!(query_int(&mut e, "page", Some("+3"), 1, 10), None);
        assert_eq!(query_int(&mut e, "per_page", Some("0"), 1, 10), None);
        assert_eq!(query_bool(&mut e, "mine", Some("1")), None);
        assert_eq!(
            e.0.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["wrong_type", "out_of_range", "wrong_type"]
        );
    }
}
