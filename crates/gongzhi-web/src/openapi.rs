//! The OpenAPI 3.1 description of the JSON API, served at `/api/v1/openapi.json`. Written out here rather than
//! derived with a macro crate: the API is small, and the description stays readable next to the handlers. A test
//! checks that every `/api/v1` route the router serves is described.

use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn op(summary: &str, auth: bool, body: Option<Value>, ok: (&str, Value), errors: &[(&str, &str)]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(ok.0.to_owned(), json!({ "description": "OK", "content": { "application/json": { "schema": ok.1 } } }));
    for (code, d) in errors {
        responses.insert((*code).to_owned(), error_response(d));
    }
    let mut o = json!({ "summary": summary, "responses": responses });
    if auth {
        o["security"] = json!([{ "bearer": [] }]);
    }
    if let Some(b) = body {
        o["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": b } } });
    }
    o
}

fn path_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } })
}

fn query_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": "string" } })
}

/// Action names accepted by `POST /api/v1/cases/{case_no}/{action}`, with the fields each takes.
pub const ACTIONS: &[(&str, &str)] = &[
    ("accept", "—"),
    ("contact", "note (internal, optional)"),
    ("reply", "text (public)"),
    ("note", "text (internal)"),
    ("pause", "reason"),
    ("resume", "—"),
    ("escalate", "reason"),
    ("send_back", "reason"),
    ("reject_send_back", "note (dispatcher)"),
    ("route", "category, unit (optional; dispatcher; approves a pending send-back)"),
    ("reassign", "agent (user id; unit head or dispatcher)"),
    ("set_due", "due (YYYY-MM-DD, Beijing), reason (dispatcher)"),
    ("merge", "case_no (the surviving case)"),
    ("link", "case_no"),
    ("close", "outcome (resolved | explained | not_substantiated), note"),
    ("callback", "resolved (bool), satisfaction (satisfied | basic | dissatisfied)"),
    ("step", "note (petitions: completes the next of the six steps)"),
    ("extend", "reason (petitions, once)"),
    ("answer", "kb_id (consultations at intake: answer from the knowledge base and close)"),
];

pub fn document() -> Value {
    let errors_common: &[(&str, &str)] = &[("401", "not signed in"), ("403", "role or unit may not"), ("404", "no such case, or outside your scope")];
    let case_ref = json!({ "$ref": "#/components/schemas/Case" });
    let intake_body = json!({ "$ref": "#/components/schemas/Intake" });
    let list_params: Vec<Value> = ["kind", "status", "category", "unit", "street", "from", "to", "overdue", "mine", "page", "per_page"]
        .iter()
        .map(|p| query_param(p, "filter"))
        .collect();
    let actions_description = ACTIONS.iter().map(|(a, f)| format!("`{a}`: {f}")).collect::<Vec<_>>().join("; ");
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "gongzhi API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "共治 gongzhi: cases (requests, complaints, petitions, disputes) for a city district. Errors carry a stable `code` and a message in Chinese (English with `Accept-Language: en`). Coordinates are WGS84. Times are RFC 3339 (UTC)."
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "token from POST /api/v1/auth/login" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
                        "code": { "type": "string", "description": "stable snake_case code, e.g. validation_failed, not_found, case_closed, not_your_case, stale" },
                        "message": { "type": "string" },
                        "request_id": { "type": "string" },
                        "fields": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "code": { "type": "string" }, "message": { "type": "string" } } } }
                    } } }
                },
                "Intake": {
                    "type": "object",
                    "required": ["kind", "title", "description", "address", "name", "phone"],
                    "properties": {
                        "kind": { "enum": ["consultation", "help", "complaint", "report", "suggestion", "petition", "dispute"], "description": "residents: the first five" },
                        "title": { "type": "string", "maxLength": 100 },
                        "description": { "type": "string", "maxLength": 4000 },
                        "address": { "type": "string", "maxLength": 200 },
                        "lat": { "type": "number", "description": "WGS84, inside China" },
                        "lon": { "type": "number" },
                        "name": { "type": "string", "maxLength": 50 },
                        "phone": { "type": "string", "description": "mainland mobile number" },
                        "channel": { "enum": ["web", "hotline", "walk_in", "letter", "api"], "description": "staff only" },
                        "category": { "type": "string", "description": "catalogue code; staff only; routes the case at once" },
                        "received_at": { "type": "string", "format": "date-time", "description": "staff only; not in the future; deadlines count from it" }
                    }
                },
                "Case": {
                    "type": "object",
                    "properties": {
                        "case_no": { "type": "string" }, "status": { "enum": ["received", "assigned", "in_progress", "paused", "closed", "merged"] },
                        "kind": { "type": "string" }, "channel": { "type": "string" }, "category": { "type": ["string", "null"] },
                        "tier": { "enum": ["community", "street", "district", null] },
                        "accountable_unit": { "type": ["object", "null"] }, "agent": { "type": ["object", "null"] },
                        "received_at": { "type": "string" }, "contact_due_at": { "type": ["string", "null"] }, "handle_due_at": { "type": ["string", "null"] },
                        "handle_due_provisional": { "type": "boolean" }, "phone": { "type": "string", "description": "masked unless the caller's role calls residents" },
                        "timeline": { "type": "array" }
                    }
                }
            }
        },
        "paths": {
            "/api/v1/auth/login": { "post": op("Sign in; answers a Bearer token", false,
                Some(json!({ "type": "object", "required": ["username", "password"], "properties": { "username": { "type": "string" }, "password": { "type": "string" } } })),
                ("200", json!({ "type": "object", "properties": { "token": { "type": "string" }, "expires_at": { "type": "string" } } })),
                &[("401", "bad_credentials"), ("403", "account_inactive"), ("422", "validation_failed"), ("429", "too_many_requests")]) },
            "/api/v1/auth/logout": { "post": op("Revoke the token", true, None, ("204", json!({})), &[("401", "unauthorized")]) },
            "/api/v1/me": { "get": op("Who the token belongs to", true, None, ("200", json!({ "type": "object" })), &[("401", "unauthorized")]) },
            "/api/v1/cases": {
                "post": op("Register a case (public, or staff intake)", false, Some(intake_body), ("201", case_ref.clone()),
                    &[("413", "too_large"), ("415", "unsupported_media_type"), ("422", "validation_failed or malformed_json")]),
                "get": {
                    "summary": "Cases in the caller's scope, newest first, with the total",
                    "security": [{ "bearer": [] }],
                    "parameters": list_params,
                    "responses": { "200": { "description": "OK" }, "401": error_response("unauthorized"), "403": error_response("forbidden"), "422": error_response("validation_failed") }
                }
            },
            "/api/v1/cases/{case_no}": { "get": {
                "summary": "One case with its whole timeline", "security": [{ "bearer": [] }],
                "parameters": [path_param("case_no", "14 digits")],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": case_ref } } }, "401": error_response("unauthorized"), "404": error_response("not_found") }
            } },
            "/api/v1/cases/{case_no}/{action}": { "post": {
                "summary": "Act on a case",
                "description": actions_description,
                "security": [{ "bearer": [] }],
                "parameters": [path_param("case_no", "14 digits"), path_param("action", "see the description")],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": {
                    "200": { "description": "the case after the action" },
                    "401": error_response(errors_common[0].1), "403": error_response("not_your_case, dispatcher_only, head_only"),
                    "404": error_response(errors_common[2].1), "409": error_response("an illegal transition: case_closed, case_merged, already_accepted, not_in_progress, top_tier, reopen_used, stale, ..."),
                    "422": error_response("validation_failed")
                }
            } },
            "/api/v1/track": { "get": {
                "summary": "Public status and timeline (case number + last four digits of the phone)",
                "parameters": [query_param("case_no", "14 digits"), query_param("phone_last4", "4 digits")],
                "responses": { "200": { "description": "OK" }, "404": error_response("not_found (also for a wrong phone)"), "422": error_response("validation_failed"), "429": error_response("too_many_requests") }
            } },
            "/api/v1/track/rate": { "post": op("The resident's verdict on a closed case", false,
                Some(json!({ "type": "object", "required": ["case_no", "phone_last4", "resolved", "satisfaction"], "properties": { "resolved": { "type": "boolean" }, "satisfaction": { "enum": ["satisfied", "basic", "dissatisfied"] } } })),
                ("200", json!({ "type": "object" })), &[("404", "not_found"), ("409", "not_closed or already_rated"), ("422", "validation_failed")]) },
            "/api/v1/track/reopen": { "post": op("Reopen once after a dissatisfied verdict (the case is redone)", false,
                Some(json!({ "type": "object", "required": ["case_no", "phone_last4", "reason"] })),
                ("200", json!({ "type": "object" })), &[("404", "not_found"), ("409", "not_dissatisfied or reopen_used"), ("422", "validation_failed")]) },
            "/api/v1/catalogue": { "get": op("The current dispatch catalogue", false, None, ("200", json!({ "type": "object" })), &[]) },
            "/api/v1/inbox": { "get": op("The caller's notices", true, None, ("200", json!({ "type": "object" })), &[("401", "unauthorized")]) },
            "/api/v1/openapi.json": { "get": op("This document", false, None, ("200", json!({ "type": "object" })), &[]) }
        }
    })
}
