//! Text codecs every layer of the web crate uses, with no dependency on any other module of it: cookies,
//! `application/x-www-form-urlencoded` components (strictly: invalid UTF-8 or a bad escape is refused), and the one
//! form the API writes instants in.

use axum::http::{HeaderMap, header};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "gz_session";

/// The value of a cookie, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
}

/// Percent-decodes one `application/x-www-form-urlencoded` component, refusing bad escapes and invalid UTF-8 (a
/// lossy decode would silently store U+FFFD in a resident's text).
pub fn decode_component(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes a string for a query component.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses a whole urlencoded body or query string.
pub fn parse_urlencoded(raw: &str) -> Option<Vec<(String, String)>> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode_component(k)?, decode_component(v)?))
        })
        .collect()
}

/// Every instant the API writes has one fixed form, UTC with milliseconds (`2026-12-03T16:00:00.000Z`), so that
/// clients may sort them as text; clients should still compare them as instants.
pub fn iso(at: i64) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_components_are_decoded_strictly() {
        assert_eq!(decode_component("a+b%E8%B7%AF").as_deref(), Some("a b路"));
        assert_eq!(
            decode_component("%FF%FE"),
            None,
            "invalid UTF-8 is refused, not replaced"
        );
        assert_eq!(decode_component("%4"), None);
        assert_eq!(decode_component("%zz"), None);
        let pairs = parse_urlencoded("kind=help&title=%E7%81%AF&empty=&flag").unwrap();
        assert_eq!(pairs[1], ("title".into(), "灯".into()));
        assert_eq!(pairs[3], ("flag".into(), "".into()));
    }

    #[test]
    fn cookies_are_found_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; lang=en; gz_session=abc".parse().unwrap(),
        );
        assert_eq!(cookie(&headers, "lang").as_deref(), Some("en"));
        assert_eq!(cookie(&headers, "gz_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn encoding_round_trips() {
        let s = "/staff/cases?page=2&kind=help 路";
        assert_eq!(decode_component(&encode_component(s)).as_deref(), Some(s));
    }

    #[test]
    fn instants_always_carry_milliseconds() {
        assert_eq!(iso(1_796_313_600_000), "2026-12-03T16:00:00.000Z");
        assert_eq!(iso(1_796_313_600_005), "2026-12-03T16:00:00.005Z");
    }
}
