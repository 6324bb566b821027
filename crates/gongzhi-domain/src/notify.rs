//! Telling residents what happens to their case: which moments send a message (registered, accepted, routed, a
//! public reply, closed with the request for a verdict), the messages' words, the e-mail address rule, the retry
//! schedule of the outbox, and the SMS gateway's URL template. Messages name the case number and what happened,
//! never the resident's name, phone or address.

use crate::Millis;

/// A moment the resident is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tell {
    pub kind: TellKind,
    /// What the message names besides the case number: the unit a case went to, the reply's text.
    pub detail: String,
}

impl Tell {
    pub fn new(kind: TellKind, detail: impl Into<String>) -> Tell {
        Tell {
            kind,
            detail: detail.into(),
        }
    }
}

coded! {
    /// What happened.
    TellKind {
        /// 已受理: the case has its number.
        Received = "received",
        /// 已接单: the accountable unit took it up.
        Accepted = "accepted",
        /// 已派单: the case went to a unit (first routing, a re-route, an escalation).
        Routed = "routed",
        /// 有答复: a public reply.
        Replied = "replied",
        /// 已办结, with the request for a verdict.
        Closed = "closed",
        /// A party's one-time code (the respondent's answer to a mediation); `detail` is the code. Sent to the
        /// party's phone, not the case's.
        PartyCode = "party_code",
    }
}

coded! {
    /// How a message travels.
    Medium {
        Sms = "sms",
        Email = "email",
    }
}

coded! {
    /// Where an outbox message stands.
    Delivery {
        /// Waiting for its next attempt (or for a sender to be configured).
        Pending = "pending",
        Sent = "sent",
        /// Every attempt failed; kept, and an administrator can send it again.
        Failed = "failed",
    }
}

/// The words of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub subject: String,
    pub body: String,
}

/// The message for `tell` on case `case_no`. `track` is the tracking page's address for the case; `verdict_days`
/// the days the resident has to give a verdict. SMS bodies are short and carry no reply text (a reply may be long
/// and is read on the tracking page); e-mails carry it.
pub fn words(
    medium: Medium,
    kind: TellKind,
    detail: &str,
    case_no: &str,
    track: &str,
    verdict_days: u32,
    signature: &str,
) -> Words {
    let sign = if signature.is_empty() {
        String::new()
    } else {
        format!("【{signature}】")
    };
    let what = match kind {
        TellKind::Received => {
            format!("您的诉求已受理，编号 {case_no}。凭编号和手机号后四位可查询办理进度：{track}")
        }
        TellKind::Accepted => {
            format!("您的诉求（编号 {case_no}）已由承办单位接单，将按时与您联系。")
        }
        TellKind::Routed if detail.is_empty() => format!("您的诉求（编号 {case_no}）已派单办理。"),
        TellKind::Routed => format!("您的诉求（编号 {case_no}）已派至{detail}办理。"),
        TellKind::Replied if medium == Medium::Email && !detail.is_empty() => {
            format!("您的诉求（编号 {case_no}）有新的答复：\n\n{detail}\n\n查看办理进度：{track}")
        }
        TellKind::Replied => format!("您的诉求（编号 {case_no}）有新的答复，请查看：{track}"),
        TellKind::Closed => format!(
            "您的诉求（编号 {case_no}）已办结。请在 {verdict_days} 日内评价办理结果：{track}"
        ),
        TellKind::PartyCode => format!(
            "您的调解答复验证码为 {detail}（纠纷编号 {case_no}），10 分钟内有效。请勿告诉他人；如非本人操作请忽略。"
        ),
    };
    let subject = match kind {
        TellKind::Received => "诉求已受理",
        TellKind::Accepted => "诉求已接单",
        TellKind::Routed => "诉求已派单",
        TellKind::Replied => "诉求有新的答复",
        TellKind::Closed => "诉求已办结，请评价",
        TellKind::PartyCode => "调解答复验证码",
    };
    Words {
        subject: format!("{subject}（{case_no}）"),
        body: format!("{sign}{what}"),
    }
}

/// Waits before each retry: a minute, then longer, up to a day; after the last the message is marked failed.
pub const RETRY_AFTER: [Millis; 8] = [
    60_000,
    300_000,
    900_000,
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    24 * 3_600_000,
];

/// When a message that has failed `attempts` times is tried again, or `None` when it has failed for good.
pub fn retry_at(attempts: u32, now: Millis) -> Option<Millis> {
    RETRY_AFTER
        .get(attempts.checked_sub(1)? as usize)
        .map(|wait| now + wait)
}

/// The longest e-mail address accepted (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// The e-mail addresses accepted, as a JSON Schema pattern (the same rule as `valid_email`).
pub const EMAIL_PATTERN: &str = "^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$";

/// A plausible e-mail address: a local part of letters, digits and `._%+-` (at most 64), `@`, and a domain of two
/// or more dot-separated labels of letters, digits and `-`; at most 254 characters in all. (Deliverability is the
/// mail server's to say.)
pub fn valid_email(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    let label =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    raw.len() <= MAX_EMAIL
        && (1..=64).contains(&local.len())
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
        && domain.split('.').count() >= 2
        && domain.split('.').all(label)
}

/// The SMS gateway's address for one message: `{phone}`, `{text}` and `{key}` in the template are replaced, each
/// percent-encoded (so a gateway that takes everything in the query string works, and one that takes a JSON body
/// simply has no placeholders).
pub fn gateway_url(template: &str, phone: &str, text: &str, key: &str) -> String {
    template
        .replace("{phone}", &percent_encode(phone))
        .replace("{text}", &percent_encode(text))
        .replace("{key}", &percent_encode(key))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_case_and_what_happened_and_ask_for_the_verdict_at_closing() {
        let w = words(
            Medium::Sms,
            TellKind::Closed,
            "",
            "20261202000001",
            "https://x/track?case_no=20261202000001",
            7,
            "石景山区接诉即办",
        );
        assert!(w.body.starts_with("【石景山区接诉即办】"));
        assert!(w.body.contains("20261202000001") && w.body.contains("7 日内评价"));
        let routed = words(Medium::Sms, TellKind::Routed, "八角街道", "1", "t", 7, "");
        assert!(routed.body.contains("已派至八角街道办理"));
        // A reply's text goes by e-mail, not by SMS.
        let reply = "已联系物业，明日清理。";
        assert!(
            words(Medium::Email, TellKind::Replied, reply, "1", "t", 7, "")
                .body
                .contains(reply)
        );
        assert!(
            !words(Medium::Sms, TellKind::Replied, reply, "1", "t", 7, "")
                .body
                .contains(reply)
        );
        assert_eq!(
            words(Medium::Email, TellKind::Received, "", "9", "t", 7, "").subject,
            "诉求已受理（9）"
        );
    }

    #[test]
    fn failures_are_retried_later_and_later_then_given_up() {
        assert_eq!(retry_at(1, 0), Some(60_000));
        assert_eq!(retry_at(2, 1_000), Some(301_000));
        assert_eq!(retry_at(8, 0), Some(24 * 3_600_000));
        assert_eq!(retry_at(9, 0), None);
        assert_eq!(
            retry_at(0, 0),
            None,
            "nothing failed yet: no retry to schedule"
        );
        let mut last = 0;
        for wait in RETRY_AFTER {
            assert!(wait > last);
            last = wait;
        }
    }

    #[test]
    fn e_mail_addresses_are_checked_for_shape() {
        for good in ["li.ming@example.cn", "a+b@mail.bjsjs.gov.cn", "x@y.z"] {
            assert!(valid_email(good), "{good}");
        }
        for bad in [
            "",
            "li",
            "li@",
            "@example.cn",
            "li@example",
            "li ming@example.cn",
            "li@exa mple.cn",
            "<li@x.cn>",
            "li@@x.cn",
            "li@x..cn",
            "li@.x.cn",
            "li@x.cn.",
            "李@x.cn",
            "li@x_y.cn",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert!(!valid_email(&format!("{}@x.cn", "a".repeat(65))));
    }

    #[test]
    fn the_gateway_template_takes_encoded_values() {
        let url = gateway_url(
            "http://sms.local/send?to={phone}&msg={text}&k={key}",
            "13800138000",
            "编号 1&x",
            "k/1",
        );
        assert_eq!(
            url,
            "http://sms.local/send?to=13800138000&msg=%E7%BC%96%E5%8F%B7%201%26x&k=k%2F1"
        );
        assert_eq!(
            gateway_url("http://sms.local/send", "1", "2", "3"),
            "http://sms.local/send"
        );
    }
}
