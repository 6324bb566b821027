//! The GeoReport v2 endpoints under `/open311/v2/`: `discovery`, `services`, `services/{code}`, `requests` (GET and
//! POST), `requests/{id}` and `tokens/{token}`, each as XML (the default, or `.xml`) or JSON (`.json`). Every
//! answer is a typed struct: serde writes its JSON (and the OpenAPI document describes the JSON forms), and
//! `ToNode` the same fields, in the specification's order, as its XML. Errors are the specification's list of
//! `{code, description}` with the HTTP status of the code, the description in the caller's language.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use gongzhi_domain::cases::Case;
use gongzhi_domain::catalogue::Category;
use gongzhi_domain::open311::{self, Format, Node};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, ReqLang};
use crate::i18n::Lang;
use crate::state::AppState;

/// What an answer is written from, in either format.
pub trait ToNode {
    fn node(&self) -> Node;
}

fn text_opt(s: &Option<String>) -> Node {
    s.as_ref().map_or(Node::Null, |s| Node::text(s.clone()))
}

/// A service: a category of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Service)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// Whether `services/{code}` defines attributes (every service takes `attribute[kind]`).
    pub metadata: bool,
    /// `realtime`: a request becomes a case at once.
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    pub group: String,
}

impl ToNode for Service {
    fn node(&self) -> Node {
        Node::Fields(vec![
            ("service_code", Node::text(&self.service_code)),
            ("service_name", Node::text(&self.service_name)),
            ("description", Node::text(&self.description)),
            ("metadata", Node::Bool(self.metadata)),
            ("type", Node::text(&self.kind)),
            ("keywords", Node::text(&self.keywords)),
            ("group", Node::text(&self.group)),
        ])
    }
}

/// One value of a list attribute.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311AttributeValue)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// An attribute a request of the service takes, as `attribute[code]`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Attribute)]
pub struct Attribute {
    /// Whether the client asks the user for it.
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: i64,
    pub description: String,
    pub values: Vec<AttributeValue>,
}

/// A service's definition: its attributes.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311ServiceDefinition)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

impl ToNode for ServiceDefinition {
    fn node(&self) -> Node {
        let attributes = self
            .attributes
            .iter()
            .map(|a| {
                Node::Fields(vec![
                    ("variable", Node::Bool(a.variable)),
                    ("code", Node::text(&a.code)),
                    ("datatype", Node::text(&a.datatype)),
                    ("required", Node::Bool(a.required)),
                    ("datatype_description", Node::text(&a.datatype_description)),
                    ("order", Node::Int(a.order)),
                    ("description", Node::text(&a.description)),
                    (
                        "values",
                        Node::List(
                            "value",
                            a.values
                                .iter()
                                .map(|v| {
                                    Node::Fields(vec![
                                        ("key", Node::text(&v.key)),
                                        ("name", Node::text(&v.name)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ])
            })
            .collect();
        Node::Fields(vec![
            ("service_code", Node::text(&self.service_code)),
            ("attributes", Node::List("attribute", attributes)),
        ])
    }
}

/// A request just posted: its id (the case number), what the district says about the service, and a token.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Created)]
pub struct Created {
    pub service_request_id: String,
    pub service_notice: String,
    pub account_id: Option<String>,
    /// Looks the request up through `tokens/{token}` too.
    pub token: String,
}

impl ToNode for Created {
    fn node(&self) -> Node {
        Node::Fields(vec![
            ("service_request_id", Node::text(&self.service_request_id)),
            ("service_notice", Node::text(&self.service_notice)),
            ("account_id", text_opt(&self.account_id)),
            ("token", Node::text(&self.token)),
        ])
    }
}

/// A request as anyone may read it: never a name, phone or e-mail; a confidential one without its text and place.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Request)]
pub struct ServiceRequest {
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: String,
    /// The newest reply the resident was given.
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: Option<String>,
    /// The unit accountable for it now.
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    /// W3C date-times in Beijing time.
    pub requested_datetime: String,
    pub updated_datetime: String,
    /// The handling deadline while open.
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

impl ToNode for ServiceRequest {
    fn node(&self) -> Node {
        let float = |f: Option<f64>| f.map_or(Node::Null, Node::Float);
        Node::Fields(vec![
            ("service_request_id", Node::text(&self.service_request_id)),
            ("status", Node::text(&self.status)),
            ("status_notes", text_opt(&self.status_notes)),
            ("service_name", Node::text(&self.service_name)),
            ("service_code", Node::text(&self.service_code)),
            ("description", text_opt(&self.description)),
            ("agency_responsible", text_opt(&self.agency_responsible)),
            ("service_notice", text_opt(&self.service_notice)),
            ("requested_datetime", Node::text(&self.requested_datetime)),
            ("updated_datetime", Node::text(&self.updated_datetime)),
            ("expected_datetime", text_opt(&self.expected_datetime)),
            ("address", text_opt(&self.address)),
            ("address_id", text_opt(&self.address_id)),
            ("zipcode", text_opt(&self.zipcode)),
            ("lat", float(self.lat)),
            ("long", float(self.long)),
            ("media_url", text_opt(&self.media_url)),
        ])
    }
}

/// The request a token was given for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Token)]
pub struct TokenAnswer {
    pub service_request_id: String,
    pub token: String,
}

impl ToNode for TokenAnswer {
    fn node(&self) -> Node {
        Node::Fields(vec![
            ("service_request_id", Node::text(&self.service_request_id)),
            ("token", Node::text(&self.token)),
        ])
    }
}

/// An endpoint discovery names.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Endpoint)]
pub struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

/// Where and how this district speaks GeoReport.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Discovery)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

impl ToNode for Discovery {
    fn node(&self) -> Node {
        let endpoints = self
            .endpoints
            .iter()
            .map(|e| {
                Node::Fields(vec![
                    ("specification", Node::text(&e.specification)),
                    ("url", Node::text(&e.url)),
                    ("changeset", Node::text(&e.changeset)),
                    ("type", Node::text(&e.kind)),
                    (
                        "formats",
                        Node::List("format", e.formats.iter().map(Node::text).collect()),
                    ),
                ])
            })
            .collect();
        Node::Fields(vec![
            ("changeset", Node::text(&self.changeset)),
            ("contact", Node::text(&self.contact)),
            ("key_service", Node::text(&self.key_service)),
            ("endpoints", Node::List("endpoint", endpoints)),
        ])
    }
}

/// One error of the specification's error list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Open311Error)]
pub struct Open311Error {
    pub code: u16,
    pub description: String,
}

/// An answer: a list (root and item names for XML) or one document (root name), in the format asked for.
fn respond(
    format: Format,
    status: StatusCode,
    json: serde_json::Value,
    xml_root: &str,
    node: Node,
) -> Response {
    let body = match format {
        Format::Json => json.to_string(),
        Format::Xml => node.to_xml(xml_root),
    };
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    r
}

fn list<T: ToNode + Serialize>(
    format: Format,
    status: StatusCode,
    root: &str,
    item: &'static str,
    items: &[T],
) -> Response {
    let json = serde_json::to_value(items).unwrap_or(serde_json::Value::Null);
    respond(
        format,
        status,
        json,
        root,
        Node::List(item, items.iter().map(ToNode::node).collect()),
    )
}

fn one<T: ToNode + Serialize>(format: Format, root: &str, doc: &T) -> Response {
    respond(
        format,
        StatusCode::OK,
        serde_json::to_value(doc).unwrap_or(serde_json::Value::Null),
        root,
        doc.node(),
    )
}

/// The specification's error list, with the code as the HTTP status.
fn errors(format: Format, code: u16, descriptions: Vec<String>) -> Response {
    let items: Vec<Open311Error> = descriptions
        .into_iter()
        .map(|description| Open311Error { code, description })
        .collect();
    let json = serde_json::to_value(&items).unwrap_or(serde_json::Value::Null);
    let node = Node::List(
        "error",
        items
            .iter()
            .map(|e| {
                Node::Fields(vec![
                    ("code", Node::Int(e.code as i64)),
                    ("description", Node::text(&e.description)),
                ])
            })
            .collect(),
    );
    respond(
        format,
        StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST),
        json,
        "errors",
        node,
    )
}

fn error(format: Format, code: u16, description: impl Into<String>) -> Response {
    errors(format, code, vec![description.into()])
}

/// A field and what is wrong with it, in the caller's language.
fn field_message(lang: Lang, field: &str, code: &str) -> String {
    format!("{field}{}{}", lang.t("open311.field_sep"), lang.error(code))
}

fn internal(format: Format, lang: Lang, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "open311 request failed");
    error(format, 500, lang.t("open311.internal"))
}

/// The path's last segment (`services.json`).
fn last_segment(uri: &axum::http::Uri) -> &str {
    uri.path().rsplit('/').next().unwrap_or("")
}

/// The query string's parameters; `None` when it is not well-formed.
fn query(uri: &axum::http::Uri) -> Option<Vec<(String, String)>> {
    crate::codec::parse_urlencoded(uri.query().unwrap_or(""))
}

fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The refusal of a request naming another jurisdiction than the district's (the `open311.jurisdiction_id` setting;
/// naming none is fine), or of one the setting could not be read for; `None` when the request may go on.
async fn jurisdiction_refusal(
    state: &AppState,
    named: &[Option<&str>],
    format: Format,
    lang: Lang,
) -> Option<Response> {
    let ours = match gongzhi_app::settings::jurisdiction_id(&state.app).await {
        Ok(j) => j,
        Err(_) => return Some(error(format, 500, lang.t("error.internal"))),
    };
    named
        .iter()
        .flatten()
        .any(|j| !j.is_empty() && *j != ours)
        .then(|| error(format, 404, lang.t("open311.no_jurisdiction")))
}

fn to_service(c: &Category, lang: Lang) -> Service {
    let mut keywords: Vec<&str> = vec![c.theme.as_str()];
    keywords.extend(
        c.name
            .split(['、', '（', '）', '，'])
            .filter(|s| !s.is_empty()),
    );
    Service {
        service_code: c.code.clone(),
        service_name: c.name.clone(),
        description: c.notice.clone(),
        metadata: true,
        kind: "realtime".into(),
        keywords: keywords.join(lang.t("open311.keyword_sep")),
        group: c.theme.clone(),
    }
}

fn definition(c: &Category, lang: Lang) -> ServiceDefinition {
    ServiceDefinition {
        service_code: c.code.clone(),
        attributes: vec![Attribute {
            variable: true,
            code: open311::KIND_ATTRIBUTE.into(),
            datatype: "singlevaluelist".into(),
            required: false,
            datatype_description: lang.t("open311.kind_help").into(),
            order: 1,
            description: lang.t("open311.kind").into(),
            values: open311::REQUEST_KINDS
                .iter()
                .map(|k| AttributeValue {
                    key: k.code().into(),
                    name: lang.t(&format!("kind.{}", k.code())).into(),
                })
                .collect(),
        }],
    }
}

fn to_request(
    listed: &gongzhi_store::open311::Listed,
    category: Option<Category>,
    names: &std::collections::HashMap<gongzhi_domain::org::UnitId, String>,
) -> ServiceRequest {
    let c: &Case = &listed.case;
    // A confidential matter (a report, say) is listed without its text and place.
    let open = !c.confidential && !c.anonymous;
    ServiceRequest {
        service_request_id: c.case_no.as_str().to_owned(),
        status: open311::status(c.status).into(),
        status_notes: listed.status_notes.clone(),
        service_name: category
            .as_ref()
            .map_or_else(|| c.title.clone(), |k| k.name.clone()),
        service_code: c.category_code.clone().unwrap_or_default(),
        description: open.then(|| c.description.clone()),
        agency_responsible: c.accountable_unit_id.and_then(|u| names.get(&u).cloned()),
        service_notice: category.map(|k| k.notice),
        requested_datetime: open311::w3c(c.received_at),
        updated_datetime: open311::w3c(listed.updated_at),
        expected_datetime: gongzhi_app::open311::expected(c).map(open311::w3c),
        address: open.then(|| c.address.clone()),
        address_id: None,
        zipcode: None,
        lat: c.point.filter(|_| open).map(|p| p.lat),
        long: c.point.filter(|_| open).map(|p| p.lon),
        media_url: listed.media_url.clone().filter(|_| open),
    }
}

async fn unit_names(
    state: &AppState,
) -> Result<std::collections::HashMap<gongzhi_domain::org::UnitId, String>, gongzhi_store::StoreError>
{
    Ok(state
        .reads
        .list_units()
        .await?
        .into_iter()
        .map(|u| (u.unit.id, u.unit.name))
        .collect())
}

/// `GET /open311/v2/{discovery|services|requests}[.xml|.json]`.
pub async fn get_root(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let Some((resource, format)) = open311::split_format(last_segment(&uri)) else {
        return error(Format::Xml, 404, lang.t("open311.no_format"));
    };
    let Some(q) = query(&uri) else {
        return error(format, 400, lang.t("open311.bad_query"));
    };
    if let Some(refused) =
        jurisdiction_refusal(&state, &[param(&q, "jurisdiction_id")], format, lang).await
    {
        return refused;
    }
    match resource {
        "discovery" => one(
            format,
            "discovery",
            &discovery(&state, &headers, lang).await,
        ),
        "services" => match gongzhi_app::open311::services(&state.app).await {
            Ok(services) => list(
                format,
                StatusCode::OK,
                "services",
                "service",
                &services
                    .iter()
                    .map(|c| to_service(c, lang))
                    .collect::<Vec<_>>(),
            ),
            Err(e) => internal(format, lang, e),
        },
        "requests" => {
            let search = gongzhi_app::open311::Search {
                service_request_id: param(&q, "service_request_id").map(str::to_owned),
                service_code: param(&q, "service_code").map(str::to_owned),
                start_date: param(&q, "start_date").map(str::to_owned),
                end_date: param(&q, "end_date").map(str::to_owned),
                status: param(&q, "status").map(str::to_owned),
            };
            requests(&state, lang, format, &search).await
        }
        _ => error(format, 404, lang.t("open311.no_resource")),
    }
}

async fn requests(
    state: &AppState,
    lang: Lang,
    format: Format,
    search: &gongzhi_app::open311::Search,
) -> Response {
    let found = match gongzhi_app::open311::search(&state.app, search).await {
        Ok(Ok(found)) => found,
        Ok(Err(bad)) => return error(format, 400, field_message(lang, bad.0, bad.1)),
        Err(e) => return internal(format, lang, e),
    };
    listed(state, lang, format, &found).await
}

/// Found requests as the specification's list.
async fn listed(
    state: &AppState,
    lang: Lang,
    format: Format,
    found: &[gongzhi_store::open311::Listed],
) -> Response {
    let names = match unit_names(state).await {
        Ok(n) => n,
        Err(e) => return internal(format, lang, e),
    };
    let cases: Vec<Case> = found.iter().map(|l| l.case.clone()).collect();
    let categories = match gongzhi_app::cases::case_categories(&state.app, &cases).await {
        Ok(c) => c,
        Err(e) => return internal(format, lang, e),
    };
    let items: Vec<ServiceRequest> = found
        .iter()
        .zip(categories)
        .map(|(l, category)| to_request(l, category, &names))
        .collect();
    list(
        format,
        StatusCode::OK,
        "service_requests",
        "request",
        &items,
    )
}

async fn discovery(state: &AppState, headers: &HeaderMap, lang: Lang) -> Discovery {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let changeset = open311::w3c(gongzhi_domain::calendar::start_of(jiff::civil::date(
        2026, 11, 30,
    )));
    Discovery {
        changeset: changeset.clone(),
        contact: lang.t("open311.contact").into(),
        key_service: lang.t("open311.key_service").into(),
        endpoints: vec![Endpoint {
            specification: open311::SPECIFICATION.into(),
            url: format!("{scheme}://{host}/open311/v2"),
            changeset,
            kind: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    }
}

/// `POST /open311/v2/requests[.xml|.json]`, form-encoded.
pub async fn post_root(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    addr: ClientAddr,
    uri: axum::http::Uri,
    form: Result<FormData, AppError>,
) -> Response {
    let Some((resource, format)) = open311::split_format(last_segment(&uri)) else {
        return error(Format::Xml, 404, lang.t("open311.no_format"));
    };
    if resource != "requests" {
        return error(format, 404, lang.t("open311.no_resource"));
    }
    // A body over the limit, or not a form, is answered as GeoReport errors in the format asked for.
    let form = match form {
        Ok(form) => form,
        Err(AppError::TooLarge) => return error(format, 413, lang.t("error.too_large")),
        Err(_) => return error(format, 400, lang.t("error.malformed_form")),
    };
    let q = query(&uri).unwrap_or_default();
    let field = |name: &str| form.get(name).to_owned();
    if let Some(refused) = jurisdiction_refusal(
        &state,
        &[
            param(&q, "jurisdiction_id"),
            Some(form.get("jurisdiction_id")),
        ],
        format,
        lang,
    )
    .await
    {
        return refused;
    }
    // A key may come in the form (the specification) or the query string (some clients).
    let api_key = match form.get("api_key") {
        "" => param(&q, "api_key").unwrap_or("").to_owned(),
        k => k.to_owned(),
    };
    let submission = gongzhi_app::open311::Submission {
        api_key,
        service_code: field("service_code"),
        lat: field("lat"),
        long: field("long"),
        address_string: field("address_string"),
        description: field("description"),
        first_name: field("first_name"),
        last_name: field("last_name"),
        phone: field("phone"),
        email: field("email"),
        media_url: field("media_url"),
        kind: form
            .0
            .iter()
            .find(|(k, _)| k == "attribute[kind]")
            .map(|(_, v)| v.clone()),
    };
    use gongzhi_app::open311::Refusal;
    match gongzhi_app::open311::submit(&state.app, &addr.0, &submission).await {
        Ok((case, token, category)) => {
            let created = Created {
                service_request_id: case.case_no.as_str().to_owned(),
                service_notice: category.notice,
                account_id: None,
                token,
            };
            list(
                format,
                StatusCode::CREATED,
                "service_requests",
                "request",
                &[created],
            )
        }
        Err(Refusal::Key) => error(format, 403, lang.t("open311.bad_key")),
        Err(Refusal::Service) => error(format, 404, lang.t("open311.no_service")),
        Err(Refusal::Fields(problems)) => errors(
            format,
            400,
            problems
                .iter()
                .map(|(f, c)| field_message(lang, f, c))
                .collect(),
        ),
        Err(Refusal::Other(gongzhi_app::AppError::Throttled)) => {
            error(format, 429, lang.t("error.too_many_requests"))
        }
        Err(Refusal::Other(gongzhi_app::AppError::Conflict(code))) => error(
            format,
            409,
            lang.try_t(&format!("case_err.{code}")).unwrap_or(code),
        ),
        Err(Refusal::Other(e)) => internal(format, lang, e),
    }
}

/// `GET /open311/v2/services/{code}[.xml|.json]`: the service's definition.
pub async fn get_service(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    uri: axum::http::Uri,
    Path(file): Path<String>,
) -> Response {
    let Some((code, format)) = open311::split_format(&file) else {
        return error(Format::Xml, 404, lang.t("open311.no_format"));
    };
    let Some(q) = query(&uri) else {
        return error(format, 400, lang.t("open311.bad_query"));
    };
    if let Some(refused) =
        jurisdiction_refusal(&state, &[param(&q, "jurisdiction_id")], format, lang).await
    {
        return refused;
    }
    match gongzhi_app::open311::service(&state.app, code).await {
        Ok(Some(c)) => one(format, "service_definition", &definition(&c, lang)),
        Ok(None) => error(format, 404, lang.t("open311.no_service")),
        Err(e) => internal(format, lang, e),
    }
}

/// `GET /open311/v2/requests/{id}[.xml|.json]`: one request, as a list of one.
pub async fn get_request(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    uri: axum::http::Uri,
    Path(file): Path<String>,
) -> Response {
    let Some((id, format)) = open311::split_format(&file) else {
        return error(Format::Xml, 404, lang.t("open311.no_format"));
    };
    let Some(q) = query(&uri) else {
        return error(format, 400, lang.t("open311.bad_query"));
    };
    if let Some(refused) =
        jurisdiction_refusal(&state, &[param(&q, "jurisdiction_id")], format, lang).await
    {
        return refused;
    }
    if !(id.len() == 14 && id.bytes().all(|b| b.is_ascii_digit())) {
        return error(format, 404, lang.t("open311.no_request"));
    }
    let search = gongzhi_app::open311::Search {
        service_request_id: Some(id.to_owned()),
        ..Default::default()
    };
    match gongzhi_app::open311::search(&state.app, &search).await {
        Ok(Ok(found)) if found.is_empty() => error(format, 404, lang.t("open311.no_request")),
        Ok(Ok(found)) => listed(&state, lang, format, &found).await,
        Ok(Err(bad)) => error(format, 400, field_message(lang, bad.0, bad.1)),
        Err(e) => internal(format, lang, e),
    }
}

/// `GET /open311/v2/tokens/{token}[.xml|.json]`: the request a token was given for.
pub async fn get_token(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(file): Path<String>,
) -> Response {
    let Some((token, format)) = open311::split_format(&file) else {
        return error(Format::Xml, 404, lang.t("open311.no_format"));
    };
    match gongzhi_app::open311::token(&state.app, token).await {
        Ok(Some(no)) => list(
            format,
            StatusCode::OK,
            "service_requests",
            "request",
            &[TokenAnswer {
                service_request_id: no,
                token: token.to_owned(),
            }],
        ),
        Ok(None) => error(format, 404, lang.t("open311.no_token")),
        Err(e) => internal(format, lang, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The XML is written from the same fields as the JSON: each answer's tree equals its serde JSON.
    #[test]
    fn xml_and_json_carry_the_same_fields() {
        let r = ServiceRequest {
            service_request_id: "20261130000001".into(),
            status: "open".into(),
            status_notes: None,
            service_name: "餐饮油烟扰民".into(),
            service_code: "B04".into(),
            description: Some("油烟".into()),
            agency_responsible: Some("区城管委".into()),
            service_notice: None,
            requested_datetime: "2026-11-30T10:00:00+08:00".into(),
            updated_datetime: "2026-11-30T10:00:00+08:00".into(),
            expected_datetime: None,
            address: Some("八角北路".into()),
            address_id: None,
            zipcode: None,
            lat: Some(39.9),
            long: Some(116.2),
            media_url: None,
        };
        assert_eq!(r.node().to_json(), serde_json::to_value(&r).unwrap());
        let s = Service {
            service_code: "B04".into(),
            service_name: "x".into(),
            description: "d".into(),
            metadata: true,
            kind: "realtime".into(),
            keywords: "k".into(),
            group: "g".into(),
        };
        assert_eq!(s.node().to_json(), serde_json::to_value(&s).unwrap());
        let d = ServiceDefinition {
            service_code: "B04".into(),
            attributes: vec![Attribute {
                variable: true,
                code: "kind".into(),
                datatype: "singlevaluelist".into(),
                required: false,
                datatype_description: "".into(),
                order: 1,
                description: "类型".into(),
                values: vec![AttributeValue {
                    key: "help".into(),
                    name: "求助".into(),
                }],
            }],
        };
        assert_eq!(d.node().to_json(), serde_json::to_value(&d).unwrap());
        let c = Created {
            service_request_id: "1".into(),
            service_notice: "n".into(),
            account_id: None,
            token: "t".into(),
        };
        assert_eq!(c.node().to_json(), serde_json::to_value(&c).unwrap());
        let t = TokenAnswer {
            service_request_id: "1".into(),
            token: "t".into(),
        };
        assert_eq!(t.node().to_json(), serde_json::to_value(&t).unwrap());
        let disc = Discovery {
            changeset: "c".into(),
            contact: "c".into(),
            key_service: "k".into(),
            endpoints: vec![Endpoint {
                specification: "s".into(),
                url: "u".into(),
                changeset: "c".into(),
                kind: "production".into(),
                formats: vec!["text/xml".into()],
            }],
        };
        assert_eq!(disc.node().to_json(), serde_json::to_value(&disc).unwrap());
    }
}
