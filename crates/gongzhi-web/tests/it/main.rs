//! In-process HTTP tests: the real router over a real SQLite database holding the demo district, driven request by
//! request with `tower::ServiceExt::oneshot`. They prove the permissions and, as much, the refusals.

mod accounts;
mod admin;
mod cases;
mod security;
mod server;
mod spine;
mod support;
