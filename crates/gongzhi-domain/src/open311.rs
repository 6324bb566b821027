//! Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), the open standard civic-request clients speak: the
//! rules that do not touch HTTP or the database — the response format a path's suffix asks for, W3C date-times in
//! Beijing time, the default search window, statuses, the one attribute every service takes, API keys, and one
//! document tree written either as the specification's XML or as its JSON.

use crate::Millis;
use crate::cases::{CaseKind, CaseStatus};

/// The specification this endpoint implements, as discovery names it.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// Requests searched by default: the most recent 90 days…
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
/// …and at most this many.
pub const MAX_REQUESTS: i64 = 1_000;
/// Where API keys start, so a leaked one is recognisable.
pub const KEY_PREFIX: &str = "gz311_";
/// The attribute every service takes: what kind of matter the request is (the spine's public kinds but
/// consultation, which a form on a map is not for).
pub const KIND_ATTRIBUTE: &str = "kind";
/// The kinds a request may be (`attribute[kind]`), the first being the default.
pub const REQUEST_KINDS: [CaseKind; 4] = [
    CaseKind::Help,
    CaseKind::Complaint,
    CaseKind::Report,
    CaseKind::Suggestion,
];

/// A response format: XML (the specification's default) or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

/// Splits a path segment into the resource and the format its suffix asks for: `services.json` → (`services`,
/// JSON); no suffix means XML. `None` for another suffix.
pub fn split_format(segment: &str) -> Option<(&str, Format)> {
    match segment.rsplit_once('.') {
        None => Some((segment, Format::Xml)),
        Some((name, "xml")) => Some((name, Format::Xml)),
        Some((name, "json")) => Some((name, Format::Json)),
        Some(_) => None,
    }
}

fn offset() -> jiff::tz::Offset {
    jiff::tz::Offset::from_seconds(crate::CHINA_OFFSET_SECONDS).expect("UTC+8")
}

/// An instant as a W3C date-time in Beijing time, e.g. `2026-11-30T15:58:25+08:00`.
pub fn w3c(at: Millis) -> String {
    let ts = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    offset()
        .to_datetime(ts)
        .strftime("%Y-%m-%dT%H:%M:%S+08:00")
        .to_string()
}

/// A W3C date-time with its zone (`2010-01-01T00:00:00Z`, `…+08:00`), or a date alone (its Beijing midnight).
pub fn parse_w3c(raw: &str) -> Option<Millis> {
    let raw = raw.trim();
    if let Ok(t) = raw.parse::<jiff::Timestamp>() {
        return Some(t.as_millisecond());
    }
    if raw.len() == 10 {
        let d: jiff::civil::Date = raw.parse().ok()?;
        return Some(crate::calendar::start_of(d));
    }
    None
}

/// Why a search window is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// A date that is not a W3C date-time.
    NotADate(&'static str),
    /// The end before the start.
    Reversed,
    /// More than 90 days.
    TooLong,
}

/// The window of `requested_datetime` searched: the most recent 90 days by default; from the start or up to the
/// end for 90 days when only one is given; never more than 90 days.
pub fn window(
    start: Option<&str>,
    end: Option<&str>,
    now: Millis,
) -> Result<(Millis, Millis), WindowError> {
    let span = DEFAULT_WINDOW_DAYS * 86_400_000;
    // Present, a date is a W3C date-time (the document declares the format): an empty value is not one.
    let start = start
        .map(|s| parse_w3c(s).ok_or(WindowError::NotADate("start_date")))
        .transpose()?;
    let end = end
        .map(|s| parse_w3c(s).ok_or(WindowError::NotADate("end_date")))
        .transpose()?;
    let (from, to) = match (start, end) {
        (None, None) => (now - span, now),
        (Some(s), None) => (s, s + span),
        (None, Some(e)) => (e - span, e),
        (Some(s), Some(e)) => (s, e),
    };
    if to < from {
        return Err(WindowError::Reversed);
    }
    if to - from > span {
        return Err(WindowError::TooLong);
    }
    Ok((from, to))
}

/// A case's status as GeoReport says it: open until closed (a merged duplicate is closed too).
pub fn status(s: CaseStatus) -> &'static str {
    if s.is_open() { "open" } else { "closed" }
}

/// The statuses a search asks for (`open`, `closed`, comma-delimited; none means both); `None` for another word.
pub fn parse_statuses(raw: &str) -> Option<(bool, bool)> {
    let mut open = false;
    let mut closed = false;
    for s in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match s {
            "open" => open = true,
            "closed" => closed = true,
            _ => return None,
        }
    }
    Some(if !open && !closed {
        (true, true)
    } else {
        (open, closed)
    })
}

/// The kind of a request from its `attribute[kind]` (the default when absent); `None` for an unknown value.
pub fn request_kind(raw: Option<&str>) -> Option<CaseKind> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(REQUEST_KINDS[0]),
        Some(code) => REQUEST_KINDS.into_iter().find(|k| k.code() == code),
    }
}

/// A new API key: the prefix and 32 random bytes in hex. Only its SHA-256 is stored.
pub fn new_key(random: [u8; 32]) -> String {
    format!("{KEY_PREFIX}{}", hex::encode(random))
}

/// A value of a response document: the same tree is written as XML or JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// JSON null; an empty element in XML.
    Null,
    /// Named fields in order: a JSON object; child elements in XML.
    Fields(Vec<(&'static str, Node)>),
    /// A JSON array; in XML each item is an element of the given name.
    List(&'static str, Vec<Node>),
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Text(s.into())
    }
    /// Text, or null when empty.
    pub fn text_or_null(s: impl Into<String>) -> Node {
        let s = s.into();
        if s.is_empty() {
            Node::Null
        } else {
            Node::Text(s)
        }
    }

    /// The document as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Text(s) => Value::String(s.clone()),
            Node::Int(i) => Value::from(*i),
            Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::Fields(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
            Node::List(_, items) => Value::Array(items.iter().map(Node::to_json).collect()),
        }
    }

    /// The document as XML under a root element, with the XML declaration.
    pub fn to_xml(&self, root: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        self.write_xml(root, &mut out);
        out.push('\n');
        out
    }

    fn write_xml(&self, name: &str, out: &mut String) {
        match self {
            Node::Null => {
                out.push('<');
                out.push_str(name);
                out.push_str("/>");
            }
            Node::Fields(fields) => {
                open(name, out);
                for (k, v) in fields {
                    v.write_xml(k, out);
                }
                close(name, out);
            }
            Node::List(item, items) => {
                open(name, out);
                for v in items {
                    v.write_xml(item, out);
                }
                close(name, out);
            }
            scalar => {
                open(name, out);
                match scalar {
                    Node::Text(s) => escape_into(s, out),
                    Node::Int(i) => out.push_str(&i.to_string()),
                    Node::Float(f) => out.push_str(&f.to_string()),
                    Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    _ => {}
                }
                close(name, out);
            }
        }
    }
}

fn open(name: &str, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escapes text for XML, dropping the control characters XML 1.0 cannot carry.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The specification's error document: a list of `{code, description}`.
pub fn errors(code: u16, description: &str) -> Node {
    Node::List(
        "error",
        vec![Node::Fields(vec![
            ("code", Node::Int(code as i64)),
            ("description", Node::text(description)),
        ])],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suffix_chooses_the_format_and_xml_is_the_default() {
        assert_eq!(
            split_format("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(
            split_format("services.xml"),
            Some(("services", Format::Xml))
        );
        assert_eq!(split_format("services"), Some(("services", Format::Xml)));
        assert_eq!(
            split_format("20261130000001.json"),
            Some(("20261130000001", Format::Json))
        );
        assert_eq!(split_format("services.html"), None);
    }

    #[test]
    fn dates_are_w3c_in_beijing_time_and_read_with_any_zone() {
        let at = parse_w3c("2010-01-01T00:00:00Z").unwrap();
        assert_eq!(w3c(at), "2010-01-01T08:00:00+08:00");
        assert_eq!(parse_w3c("2010-01-01T08:00:00+08:00"), Some(at));
        assert_eq!(parse_w3c("2010-01-01"), Some(at - 8 * 3_600_000));
        assert_eq!(parse_w3c("2010-01-01 00:00"), None);
        assert_eq!(
            parse_w3c("2010-02-30T00:00:00Z"),
            None,
            "an impossible date"
        );
    }

    #[test]
    fn the_window_is_ninety_days_at_most() {
        let now = parse_w3c("2026-11-30T12:00:00+08:00").unwrap();
        let day = 86_400_000;
        assert_eq!(window(None, None, now), Ok((now - 90 * day, now)));
        let s = parse_w3c("2026-01-01").unwrap();
        assert_eq!(window(Some("2026-01-01"), None, now), Ok((s, s + 90 * day)));
        assert_eq!(window(None, Some("2026-01-01"), now), Ok((s - 90 * day, s)));
        assert_eq!(
            window(Some("2026-01-01"), Some("2026-03-31"), now),
            Ok((s, parse_w3c("2026-03-31").unwrap()))
        );
        assert_eq!(
            window(Some("2026-01-01"), Some("2026-04-02"), now),
            Err(WindowError::TooLong)
        );
        assert_eq!(
            window(Some("2026-02-01"), Some("2026-01-01"), now),
            Err(WindowError::Reversed)
        );
        assert_eq!(
            window(Some("yesterday"), None, now),
            Err(WindowError::NotADate("start_date"))
        );
    }

    #[test]
    fn statuses_and_kinds_are_read_strictly() {
        assert_eq!(parse_statuses(""), Some((true, true)));
        assert_eq!(parse_statuses("open"), Some((true, false)));
        assert_eq!(parse_statuses("open,closed"), Some((true, true)));
        assert_eq!(parse_statuses("pending"), None);
        assert_eq!(status(CaseStatus::Received), "open");
        assert_eq!(status(CaseStatus::Closed), "closed");
        assert_eq!(request_kind(None), Some(CaseKind::Help));
        assert_eq!(request_kind(Some("complaint")), Some(CaseKind::Complaint));
        assert_eq!(request_kind(Some("petition")), None);
    }

    #[test]
    fn one_tree_is_written_as_the_specifications_xml_and_json() {
        let doc = Node::List(
            "service",
            vec![Node::Fields(vec![
                ("service_code", Node::text("B04")),
                ("service_name", Node::text("餐饮油烟 & <扰民>")),
                ("metadata", Node::Bool(true)),
                ("keywords", Node::Null),
            ])],
        );
        assert_eq!(
            doc.to_xml("services"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>B04</service_code>\
             <service_name>餐饮油烟 &amp; &lt;扰民&gt;</service_name><metadata>true</metadata><keywords/></service></services>\n"
        );
        assert_eq!(
            doc.to_json(),
            serde_json::json!([{"service_code": "B04", "service_name": "餐饮油烟 & <扰民>", "metadata": true, "keywords": null}])
        );
        assert_eq!(
            errors(404, "无").to_xml("errors"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>404</code><description>无</description></error></errors>\n"
        );
        assert!(new_key([7; 32]).starts_with("gz311_") && new_key([7; 32]).len() == 6 + 64);
    }
}
