//! What the case pages and the cases API share: names for ids, rows for lists, phone masking by role, parsing an
//! action from form or JSON fields, dates as typed.

use std::collections::HashMap;

use gongzhi_app::cases::Action;
use gongzhi_domain::Millis;
use gongzhi_domain::cases::{Case, CaseKind, CaseNo, Outcome, Satisfaction, mask_phone};
use gongzhi_domain::org::{UnitId, UserId};
use gongzhi_domain::validation::ValidationErrors;

use crate::error::AppError;
use crate::extract::Staff;
use crate::i18n::Lang;
use crate::state::AppState;

/// Largest attachment accepted.
pub const MAX_ATTACHMENT: usize = 5 * 1024 * 1024;

/// A case row as the staff pages show it.
pub struct CaseRow {
    pub case: Case,
    /// The resident's name, or a note that it is kept confidential from this viewer.
    pub resident: String,
    pub place: String,
    pub unit: String,
    pub agent: String,
    pub phone: String,
    pub overdue: bool,
    /// Whole days past the handling deadline (started days count), when overdue.
    pub overdue_days: i64,
    /// With a search: the title and a piece of the description, the matched words in `<mark>` (HTML, escaped).
    pub title_html: Option<String>,
    pub snippet_html: Option<String>,
    /// In the dispatcher's queue: the likeliest category (code, name, per cent).
    pub suggestion: Option<(String, String, u32)>,
    /// In the dispatcher's queue: open cases it may repeat.
    pub repeats: usize,
    /// In the dispatcher's queue: other cases of the same caller in the past 30 days.
    pub same_caller: i64,
}

/// Pieces of text as HTML, escaped, the matched ones in `<mark>`.
pub fn marked_html(pieces: &[(String, bool)]) -> String {
    let mut out = String::new();
    for (text, marked) in pieces {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        if *marked {
            out.push_str("<mark>");
            out.push_str(&escaped);
            out.push_str("</mark>");
        } else {
            out.push_str(&escaped);
        }
    }
    out
}

/// The title and description of a found case, highlighted for `query`.
pub fn highlights(case: &Case, query: &gongzhi_domain::search::Query) -> (String, String) {
    (
        marked_html(&gongzhi_domain::search::highlight(&case.title, query)),
        marked_html(&gongzhi_domain::search::snippet(
            &case.description,
            query,
            80,
        )),
    )
}

/// Whether the viewer may know who raised the case: always, unless it is confidential (举报), when only the hotline
/// centre's seats (intake, dispatch) may.
pub fn identity_visible(staff: &Staff, case: &Case) -> bool {
    !case.confidential || staff.does_intake()
}

/// The phone as this viewer may see it: hidden on a confidential case (unless a seat), whole for roles that call
/// residents, masked for everyone else.
pub fn phone_for(staff: &Staff, case: &Case) -> Option<String> {
    if !identity_visible(staff, case) {
        None
    } else if staff.session.user.roles.iter().any(|r| r.calls_residents()) {
        Some(case.phone.clone())
    } else {
        Some(mask_phone(&case.phone))
    }
}

/// The resident's name as this viewer may see it.
pub fn name_for(staff: &Staff, case: &Case) -> Option<String> {
    identity_visible(staff, case).then(|| case.resident_name.clone())
}

/// Unit and user names, for showing ids.
pub struct Names {
    pub units: HashMap<UnitId, String>,
    pub users: HashMap<UserId, String>,
}

impl Names {
    /// Loads the names the given cases refer to (their places, units and agents), and nothing else.
    pub async fn load(state: &AppState, cases: &[Case]) -> Result<Names, AppError> {
        let unit_ids: Vec<UnitId> = cases
            .iter()
            .flat_map(|c| [c.street_id, c.community_id, c.accountable_unit_id])
            .flatten()
            .collect();
        let user_ids: Vec<UserId> = cases.iter().filter_map(|c| c.agent_id).collect();
        Ok(Names {
            units: state.reads.unit_names(&unit_ids).await?,
            users: state.reads.user_names(&user_ids).await?,
        })
    }

    pub fn row(&self, staff: &Staff, case: Case, lang: Lang, now: Millis) -> CaseRow {
        let place = match (
            case.street_id.and_then(|s| self.units.get(&s)),
            case.community_id.and_then(|c| self.units.get(&c)),
        ) {
            (Some(s), Some(c)) => format!("{s} · {c}"),
            (Some(s), None) => s.clone(),
            _ => lang.t("cases.unplaced").to_owned(),
        };
        CaseRow {
            place,
            unit: case
                .accountable_unit_id
                .and_then(|u| self.units.get(&u).cloned())
                .unwrap_or_default(),
            agent: case
                .agent_id
                .and_then(|u| self.users.get(&u).cloned())
                .unwrap_or_default(),
            phone: phone_for(staff, &case)
                .unwrap_or_else(|| lang.t("cases.confidential").to_owned()),
            resident: name_for(staff, &case)
                .unwrap_or_else(|| lang.t("cases.confidential").to_owned()),
            overdue: case.status.is_open()
                && case.status != gongzhi_domain::cases::CaseStatus::Paused
                && case.handle_due_at.is_some_and(|d| d < now),
            overdue_days: match case.handle_due_at {
                Some(d) if d < now && case.status.is_open() => (now - d + 86_399_999) / 86_400_000,
                _ => 0,
            },
            title_html: None,
            snippet_html: None,
            suggestion: None,
            repeats: 0,
            same_caller: 0,
            case,
        }
    }
}

fn required_text(errors: &mut ValidationErrors, field: &'static str, raw: &str) -> String {
    gongzhi_domain::validation::text(errors, field, raw, true, 2000)
}

pub use crate::api::{parse_day_end, parse_day_start};

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// An optional unit id field: empty is none; anything else must be a unit id.
fn optional_unit(e: &mut ValidationErrors, field: &'static str, raw: &str) -> Option<UnitId> {
    match raw.trim() {
        "" => None,
        u => {
            let id = UnitId::parse(u);
            if id.is_none() {
                e.add(field, "unknown_unit");
            }
            id
        }
    }
}

/// Parses an action and its fields from a form or a JSON object (values as text).
pub fn parse_action(name: &str, get: &dyn Fn(&str) -> String) -> Result<Action, AppError> {
    let mut e = ValidationErrors::default();
    let action = match name {
        "accept" => Action::Accept,
        "resume" => Action::Resume,
        "contact" => Action::Contact {
            note: gongzhi_domain::validation::text(&mut e, "note", &get("note"), false, 2000),
        },
        "reply" => Action::Reply {
            text: required_text(&mut e, "text", &get("text")),
        },
        "note" => Action::Note {
            text: required_text(&mut e, "text", &get("text")),
        },
        "pause" => Action::Pause {
            reason: required_text(&mut e, "reason", &get("reason")),
        },
        "escalate" => Action::Escalate {
            reason: required_text(&mut e, "reason", &get("reason")),
        },
        "send_back" => Action::SendBack {
            reason: required_text(&mut e, "reason", &get("reason")),
        },
        "reject_send_back" => Action::RejectSendBack {
            note: required_text(&mut e, "note", &get("note")),
        },
        "reject_escalation" => Action::RejectEscalation {
            note: required_text(&mut e, "note", &get("note")),
        },
        "answer_supervision" => Action::AnswerSupervision {
            text: required_text(&mut e, "text", &get("text")),
        },
        "supervise" => {
            let instruction = required_text(&mut e, "instruction", &get("instruction"));
            match parse_day_end(&get("answer_by")) {
                Some(answer_by) => Action::Supervise {
                    instruction,
                    answer_by,
                },
                None => {
                    e.add("answer_by", "not_a_date");
                    Action::Accept
                }
            }
        }
        "step" => Action::Step {
            note: required_text(&mut e, "note", &get("note")),
        },
        "extend" => Action::Extend {
            reason: required_text(&mut e, "reason", &get("reason")),
        },
        "route" => {
            let category = get("category").trim().to_owned();
            if category.is_empty() {
                e.add("category", "required");
            }
            let unit = optional_unit(&mut e, "unit", &get("unit"));
            let community = optional_unit(&mut e, "community", &get("community"));
            Action::Route {
                category,
                unit,
                community,
            }
        }
        "request_due" => {
            let reason = required_text(&mut e, "reason", &get("reason"));
            match parse_day_end(&get("due")) {
                Some(due) => Action::RequestDue { due, reason },
                None => {
                    e.add("due", "not_a_date");
                    Action::Accept
                }
            }
        }
        "approve_pause" => Action::ApprovePause {
            note: gongzhi_domain::validation::text(&mut e, "note", &get("note"), false, 2000),
        },
        "reject_request" => Action::RejectRequest {
            note: required_text(&mut e, "note", &get("note")),
        },
        "request_exclusion" => Action::RequestExclusion {
            reason: required_text(&mut e, "reason", &get("reason")),
        },
        "approve_exclusion" => Action::ApproveExclusion {
            note: required_text(&mut e, "note", &get("note")),
        },
        "redo" => {
            let note = required_text(&mut e, "note", &get("note"));
            let unit = optional_unit(&mut e, "unit", &get("unit"));
            Action::Redo { unit, note }
        }
        "instruct" => Action::Instruct {
            text: required_text(&mut e, "text", &get("text")),
        },
        "add_cohandler" => {
            let task = required_text(&mut e, "task", &get("task"));
            match UnitId::parse(get("unit").trim()) {
                Some(unit) => Action::AddCohandler { unit, task },
                None => {
                    e.add("unit", "unknown_unit");
                    Action::Accept
                }
            }
        }
        "finish_cohandling" => Action::FinishCohandling {
            note: required_text(&mut e, "note", &get("note")),
        },
        "refuse_petition" => Action::RefusePetition {
            reason: required_text(&mut e, "reason", &get("reason")),
            channel: required_text(&mut e, "channel", &get("channel")),
        },
        "answer_petition" => {
            let text = required_text(&mut e, "text", &get("text"));
            match gongzhi_domain::cases::PetitionAnswer::parse(get("answer").trim()) {
                Some(answer) => Action::AnswerPetition { answer, text },
                None => {
                    e.add("answer", "invalid_choice");
                    Action::Accept
                }
            }
        }
        "reassign" => match UserId::parse(get("agent").trim()) {
            Some(agent) => Action::Reassign { agent },
            None => {
                e.add("agent", "required");
                Action::Accept
            }
        },
        "set_due" => {
            let reason = required_text(&mut e, "reason", &get("reason"));
            match parse_day_end(&get("due")) {
                Some(due) => Action::SetDue { due, reason },
                None => {
                    e.add("due", "not_a_date");
                    Action::Accept
                }
            }
        }
        "merge" | "link" => match CaseNo::parse(&get("case_no")) {
            Some(no) if name == "merge" => Action::Merge { into: no },
            Some(no) => Action::Link { other: no },
            None => {
                e.add("case_no", "invalid");
                Action::Accept
            }
        },
        "close" => {
            let note = required_text(&mut e, "note", &get("note"));
            match Outcome::parse(get("outcome").trim())
                .filter(|o| o.closable_for(gongzhi_domain::cases::CaseKind::Suggestion))
            {
                Some(outcome) => Action::Close { outcome, note },
                None => {
                    e.add("outcome", "invalid_choice");
                    Action::Accept
                }
            }
        }
        "callback" => match (
            parse_bool(&get("resolved")),
            Satisfaction::parse(get("satisfaction").trim()),
        ) {
            (Some(resolved), Some(satisfaction)) => Action::Callback {
                resolved,
                satisfaction,
            },
            (r, s) => {
                if r.is_none() {
                    e.add("resolved", "invalid_choice");
                }
                if s.is_none() {
                    e.add("satisfaction", "invalid_choice");
                }
                Action::Accept
            }
        },
        "invalidate" => {
            let note = gongzhi_domain::validation::text(&mut e, "note", &get("note"), false, 2000);
            match gongzhi_domain::cases::InvalidReason::parse(get("reason").trim()) {
                Some(reason) => Action::Invalidate { reason, note },
                None => {
                    e.add("reason", "invalid_choice");
                    Action::Accept
                }
            }
        }
        "restore" => Action::Restore {
            note: required_text(&mut e, "note", &get("note")),
        },
        "answer" => {
            let kb_id = get("kb_id").trim().to_owned();
            if kb_id.is_empty() {
                e.add("kb_id", "required");
            }
            Action::Answer { kb_id }
        }
        _ => return Err(AppError::NotFound),
    };
    if e.is_empty() {
        Ok(action)
    } else {
        Err(AppError::Validation(e))
    }
}

/// What is wrong with a list's date filters (`from`, `to`), said in the page's language; empty when nothing is.
pub fn date_notices(lang: Lang, query: &crate::extract::QueryData) -> Vec<String> {
    let mut notices = Vec::new();
    for (key, label) in [("from", "cases.from_date"), ("to", "cases.to_date")] {
        let raw = query.get(key).trim();
        if !raw.is_empty() && parse_day_start(raw).is_none() {
            notices.push(format!(
                "{}{}{}",
                lang.t(label),
                lang.t("open311.field_sep"),
                lang.error("not_a_date")
            ));
        }
    }
    notices
}

/// The intake fields of a submitted form, as typed.
pub fn case_input(form: &crate::extract::FormData) -> gongzhi_domain::cases::CaseInput {
    gongzhi_domain::cases::CaseInput {
        kind: form.get("kind").into(),
        title: form.get("title").into(),
        description: form.get("description").into(),
        address: form.get("address").into(),
        lat: form.get("lat").into(),
        lon: form.get("lon").into(),
        name: form.get("name").into(),
        phone: form.get("phone").into(),
        anonymous: form.get("anonymous").into(),
        email: form.get("email").into(),
    }
}

/// The kinds offered to staff intake (all) and to residents (the public five).
pub fn kind_options(lang: Lang, kinds: &[CaseKind]) -> Vec<(&'static str, &'static str)> {
    kinds
        .iter()
        .map(|k| (k.code(), lang.t(&format!("kind.{}", k.code()))))
        .collect()
}

/// A stored file as a download: never rendered inline, never cached by shared caches.
pub fn download_response(
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        crate::codec::encode_component(filename)
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(content_type).map_err(AppError::internal)?,
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        data,
    )
        .into_response())
}
