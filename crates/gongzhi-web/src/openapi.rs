//! The OpenAPI 3.1 document of the JSON API, generated from the Rust types the handlers take and answer (utoipa), so
//! it cannot drift from them: served at `/api/v1/openapi.json`, with Swagger UI (vendored, nothing fetched at run
//! time) at `/api/docs`. The case actions come from the same table that dispatches them (`cases::api::actions!`).
//! A test checks that every `/api/v1` route the router serves is described; schemathesis checks the rest.

use axum::Router;
use utoipa::OpenApi;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::{ResponseBuilder, ResponsesBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, RefOr, Required};

use crate::api::{CASE_NO_PATTERN, ErrorBody};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "gongzhi API",
        description = "共治 gongzhi: cases (requests, complaints, petitions, disputes) for a city district. Errors carry a \
            stable `code` and a message in Chinese (English with `Accept-Language: en`). Coordinates are WGS84. Instants \
            are RFC 3339 in UTC, always with milliseconds. Staff authenticate with a Bearer token from \
            `POST /api/v1/auth/login`; browser sessions are not accepted here."
    ),
    paths(
        crate::accounts::api_login,
        crate::accounts::api_logout,
        crate::accounts::api_me,
        crate::cases::api::create,
        crate::cases::api::list,
        crate::cases::api::read,
        crate::cases::api::track_public,
        crate::cases::api::rate,
        crate::cases::api::reopen,
        crate::cases::api::review,
        crate::cases::api::catalogue,
        crate::cases::api::inbox,
        crate::whistle::api::blow,
        crate::whistle::api::list,
        crate::whistle::api::read,
        crate::whistle::api::report,
        crate::whistle::api::progress,
        crate::whistle::api::summon,
        crate::whistle::api::close,
        crate::whistle::api::rate,
        crate::whistle::api::stats,
        crate::whistle::api::reasons,
        crate::powers::api_list,
        crate::enforcement::api::open,
        crate::enforcement::api::list,
        crate::enforcement::api::read,
        crate::enforcement::api::file,
        crate::enforcement::api::evidence,
        crate::enforcement::api::notify,
        crate::enforcement::api::hearing,
        crate::enforcement::api::review,
        crate::enforcement::api::decide,
        crate::enforcement::api::extend,
        crate::enforcement::api::serve,
        crate::enforcement::api::payment,
        crate::enforcement::api::execute,
        crate::enforcement::api::close,
        crate::enforcement::api::compulsion,
        crate::enforcement::api::challenge,
        crate::enforcement::api::publish,
        crate::enforcement::api::published,
        crate::enforcement::api::results,
        crate::dispute::api::file,
        crate::dispute::api::convert,
        crate::dispute::api::read,
        crate::dispute::api::types,
        crate::dispute::api::mediators,
        crate::dispute::api::proposals,
        crate::dispute::api::evaluation,
        crate::dispute::api::mediation,
        crate::dispute::api::consent,
        crate::dispute::api::session,
        crate::dispute::api::minutes,
        crate::dispute::api::extension,
        crate::dispute::api::agreement,
        crate::dispute::api::failure,
        crate::dispute::api::confirmation,
        crate::dispute::api::signature,
        crate::dispute::api::publication,
        crate::dispute::api::performance,
        crate::dispute::api::litigation,
        crate::care::api::compute,
        crate::care::api::elders,
        crate::care::api::elder,
        crate::care::api::record,
        crate::care::api::assessments,
        crate::care::api::assessment,
        crate::care::api::review,
        crate::care::api::confirm,
        crate::care::api::appeal,
        crate::care::api::census_import,
        crate::care::api::bands,
        crate::care::api::add_bands,
        crate::care::api::coverage,
        crate::cases::api::similar,
        crate::suggest::suggest,
        crate::open311::doc::discovery,
        crate::open311::doc::services,
        crate::open311::doc::service,
        crate::open311::doc::requests,
        crate::open311::doc::post_request,
        crate::open311::doc::request,
        crate::open311::doc::token,
        crate::assessment::api::units,
        crate::assessment::api::petitions,
        crate::assessment::api::governance,
        crate::assessment::api::unit_cases,
        crate::assessment::api::street,
        crate::assessment::api::trend,
        crate::assessment::api::freeze,
        crate::assessment::api::differences,
        crate::assessment::api::report,
        crate::assessment::api::records,
        crate::assessment::api::review,
        crate::assessment::api::review_batch,
        crate::assessment::api::summary,
        crate::assessment::api::hotspots,
        crate::assessment::api::topics,
        crate::assessment::api::candidates,
        crate::assessment::api::adopt,
        crate::assessment::api::progress,
        crate::assessment::api::schemes,
        crate::assessment::api::save_scheme,
        crate::care::network::facilities,
        crate::care::network::record,
        crate::care::network::records,
        crate::care::network::verify,
        crate::care::network::propose,
        crate::care::network::decide,
        crate::care::network::insurance,
        crate::care::network::contribute,
        crate::care::network::check_contribution,
        crate::care::network::roster,
        crate::care::network::build_roster,
        crate::care::network::settlements,
        crate::care::network::enter,
        crate::care::network::settlement,
        crate::care::network::check,
        crate::care::network::settle,
        crate::care::network::rules,
    ),
    components(schemas(ErrorBody, crate::cases::api::CaseDetail, crate::dispute::api::PartyBody, crate::dispute::api::TermBody)),
    modifiers(&Generated)
)]
struct ApiDoc;

/// Adds what the derive cannot: the bearer scheme, one operation per case action (from the dispatch table), and
/// this document's own path.
struct Generated;

fn error(description: &str) -> utoipa::openapi::response::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    "ErrorBody",
                ))))
                .build(),
        )
        .build()
}

impl utoipa::Modify for Generated {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        for action in crate::cases::api::action_docs() {
            let (schema_name, schema) = action.body;
            components.schemas.insert(schema_name.clone(), schema);
            let operation = OperationBuilder::new()
                .tag("cases")
                .operation_id(Some(format!("act_{}", action.name)))
                .summary(Some(action.summary))
                .parameter(
                    ParameterBuilder::new()
                        .name("case_no")
                        .parameter_in(ParameterIn::Path)
                        .required(Required::True)
                        .description(Some("14 digits"))
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String).pattern(Some(CASE_NO_PATTERN)))),
                )
                .request_body(Some(
                    RequestBodyBuilder::new()
                        .required(Some(Required::True))
                        .content("application/json", ContentBuilder::new().schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(schema_name)))).build())
                        .build(),
                ))
                .securities(Some([SecurityRequirement::new("bearer", Vec::<String>::new())]))
                .responses(
                    ResponsesBuilder::new()
                        .response(
                            "200",
                            ResponseBuilder::new()
                                .description("the case after the action")
                                .content("application/json", ContentBuilder::new().schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("CaseDetail")))).build()),
                        )
                        .response("403", error("forbidden, not_your_case, dispatcher_only, head_only"))
                        .response("404", error("no such case (or other case), or outside your scope"))
                        .response("409", error("the case's state does not allow it: case_closed, case_merged, already_accepted, not_in_progress, top_tier, reopen_used, stale, …")),
                )
                .build();
            doc.paths.paths.insert(
                format!("/api/v1/cases/{{case_no}}/{}", action.name),
                PathItem::new(HttpMethod::Post, operation),
            );
        }
        let own = OperationBuilder::new()
            .tag("meta")
            .operation_id(Some("openapi"))
            .summary(Some("This document"))
            .responses(
                ResponsesBuilder::new().response(
                    "200",
                    ResponseBuilder::new()
                        .description("the OpenAPI document")
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Schema::Object(
                                    ObjectBuilder::new().schema_type(Type::Object).build(),
                                )))
                                .build(),
                        ),
                ),
            )
            .build();
        doc.paths.paths.insert(
            "/api/v1/openapi.json".into(),
            PathItem::new(HttpMethod::Get, own),
        );
        // The answers every operation of a kind can give, listed once here rather than on each handler: a JSON body
        // can be too large (413), of another type (415) or malformed (422); a token can be missing or stale (401).
        for item in doc.paths.paths.values_mut() {
            if let Some(post) = item.post.as_mut() {
                // Every state change refuses a cross-site browser request (by `Sec-Fetch-Site` / `Origin`).
                post.responses
                    .responses
                    .entry("403".to_owned())
                    .or_insert_with(|| {
                        RefOr::T(error("csrf: a cross-site request from a browser"))
                    });
            }
            for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
                let mut add = |code: &str, description: &str| {
                    operation
                        .responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| RefOr::T(error(description)));
                };
                if operation.request_body.is_some() {
                    add("413", "too_large");
                    add("415", "unsupported_media_type");
                    add("422", "validation_failed or malformed_json");
                }
                let signed_in_only = operation.security.as_ref().is_some_and(|s| {
                    !s.is_empty() && !s.iter().any(|r| r == &SecurityRequirement::default())
                });
                if signed_in_only {
                    add("401", "unauthorized: no token, or a revoked or expired one");
                }
            }
        }
    }
}

/// The document as served.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc
}

/// `/api/v1/openapi.json` (the document) and `/api/docs` (Swagger UI over it).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(
            utoipa_swagger_ui::SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", document()),
        )
        .layer(axum::middleware::map_response(docs_policy))
}

/// Swagger UI sets one inline style attribute, which the site-wide policy (`style-src 'self'`) blocks; these pages
/// alone allow inline styles. Scripts stay `'self'` only, so no inline script can run here either.
async fn docs_policy(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}
