//! The OpenAPI document's description of the GeoReport endpoints' JSON forms (`.json`; the same paths with `.xml`
//! or no suffix answer the same fields as the specification's XML). The handlers read the format from the path, so
//! these functions only carry the description; their types are the handlers' answers (`api`).

#![allow(dead_code)]

use super::api::{
    Created, Discovery, Open311Error, Service, ServiceDefinition, ServiceRequest, TokenAnswer,
};

/// A request posted by an organisation's client, form-encoded as the specification says.
#[derive(utoipa::ToSchema)]
#[schema(as = Open311Post)]
pub struct PostForm {
    /// The organisation's API key (issued by the district's administrators).
    pub api_key: String,
    /// A service's code (`services.json`).
    #[schema(pattern = "^[A-Z][0-9]{2}$")]
    pub service_code: String,
    /// WGS84, inside mainland China; with `long`, or give `address_string`.
    #[schema(minimum = 3.8, maximum = 53.6)]
    pub lat: Option<f64>,
    #[schema(minimum = 73.5, maximum = 135.1)]
    pub long: Option<f64>,
    #[schema(max_length = 200)]
    pub address_string: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    #[schema(max_length = 25)]
    pub first_name: Option<String>,
    #[schema(max_length = 25)]
    pub last_name: Option<String>,
    /// A mainland mobile or a fixed line with its area code, so the district can call back (never published).
    pub phone: Option<String>,
    /// Where progress is also sent by e-mail (never published).
    #[schema(schema_with = crate::cases::api::email_opt_schema)]
    pub email: Option<String>,
    /// A photo's address (http or https).
    #[schema(max_length = 500)]
    pub media_url: Option<String>,
    /// `help` (default), `complaint`, `report` or `suggestion` (the service's one attribute).
    #[schema(rename = "attribute[kind]")]
    pub attribute_kind: Option<String>,
}

#[utoipa::path(get, path = "/open311/v2/discovery.json", tag = "open311",
    description = "GeoReport v2 discovery: the specification, this endpoint's address and formats.",
    responses((status = 200, description = "discovery", body = Discovery)))]
pub fn discovery() {}

#[utoipa::path(get, path = "/open311/v2/services.json", tag = "open311",
    params(("jurisdiction_id" = Option<String>, Query, description = "the district's jurisdiction id (the open311.jurisdiction_id setting; the demo's is shijingshan.beijing), or none")),
    description = "The services: the district catalogue's categories a resident may raise.",
    responses((status = 200, description = "the services", body = Vec<Service>),
        (status = 404, description = "another jurisdiction", body = Vec<Open311Error>)))]
pub fn services() {}

#[utoipa::path(get, path = "/open311/v2/services/{service_code}.json", tag = "open311",
    params(("service_code" = String, Path, description = "a service's code"),
        ("jurisdiction_id" = Option<String>, Query, description = "the district's jurisdiction id (the open311.jurisdiction_id setting; the demo's is shijingshan.beijing), or none")),
    description = "A service's definition: its attributes (every service takes `kind`).",
    responses((status = 200, description = "the definition", body = ServiceDefinition),
        (status = 404, description = "no such service", body = Vec<Open311Error>)))]
pub fn service() {}

#[utoipa::path(get, path = "/open311/v2/requests.json", tag = "open311",
    params(("service_request_id" = Option<String>, Query, description = "case numbers, comma-delimited (overrides the rest)"),
        ("service_code" = Option<String>, Query, description = "service codes, comma-delimited"),
        ("start_date" = Option<String>, Query, format = DateTime, description = "W3C date-time, e.g. 2026-11-01T00:00:00+08:00"),
        ("end_date" = Option<String>, Query, format = DateTime, description = "W3C date-time; at most 90 days after start_date"),
        ("status" = Option<String>, Query, description = "open, closed, or both comma-delimited"),
        ("jurisdiction_id" = Option<String>, Query, description = "the district's jurisdiction id (the open311.jurisdiction_id setting; the demo's is shijingshan.beijing), or none")),
    description = "The requests posted through Open311, newest first: the last 90 days and at most 1,000 by default. \
        Never a name, phone or e-mail; a confidential request without its text and place.",
    responses((status = 200, description = "the requests", body = Vec<ServiceRequest>),
        (status = 400, description = "a parameter is wrong", body = Vec<Open311Error>),
        (status = 404, description = "another jurisdiction", body = Vec<Open311Error>)))]
pub fn requests() {}

#[utoipa::path(post, path = "/open311/v2/requests.json", tag = "open311",
    request_body(content = PostForm, content_type = "application/x-www-form-urlencoded"),
    description = "Posts a request with an organisation's API key: it becomes a case (channel open311) routed by its \
        service. Rules the schema cannot state, answered with 400: `lat` and `long` together or `address_string`; \
        a name and a phone unless the request is an anonymous report.",
    responses((status = 201, description = "registered", body = Vec<Created>),
        (status = 400, description = "a field is wrong", body = Vec<Open311Error>),
        (status = 403, description = "no key, or an unknown or revoked one", body = Vec<Open311Error>),
        (status = 404, description = "no such service", body = Vec<Open311Error>),
        (status = 413, description = "the body is over the limit", body = Vec<Open311Error>),
        (status = 429, description = "over the key's allowance (60 a minute)", body = Vec<Open311Error>)))]
pub fn post_request() {}

#[utoipa::path(get, path = "/open311/v2/requests/{service_request_id}.json", tag = "open311",
    params(("service_request_id" = String, Path, description = "the case number"),
        ("jurisdiction_id" = Option<String>, Query, description = "the district's jurisdiction id (the open311.jurisdiction_id setting; the demo's is shijingshan.beijing), or none")),
    description = "One request posted through Open311, as a list of one.",
    responses((status = 200, description = "the request", body = Vec<ServiceRequest>),
        (status = 404, description = "no such request", body = Vec<Open311Error>)))]
pub fn request() {}

#[utoipa::path(get, path = "/open311/v2/tokens/{token}.json", tag = "open311",
    params(("token" = String, Path, description = "the token a post answered")),
    description = "The request a token was given for.",
    responses((status = 200, description = "the request's id", body = Vec<TokenAnswer>),
        (status = 404, description = "no such token", body = Vec<Open311Error>)))]
pub fn token() {}
