//! Static files, embedded in the binary: nothing is fetched from the internet at run time. Pages link them with a
//! content-hash query (`/static/app.css?v=…`), so they can be cached for a year and still change on upgrade.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::state::AppState;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../static/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/app.js"),
    },
    Asset {
        name: "charts.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/charts.js"),
    },
    Asset {
        name: "map.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/map.js"),
    },
    // The icon (two linked rings: governing together), drawn for gongzhi: the tab's and the phone's home screen's.
    Asset {
        name: "favicon.png",
        content_type: "image/png",
        bytes: include_bytes!("../static/favicon.png"),
    },
    Asset {
        name: "touch-icon.png",
        content_type: "image/png",
        bytes: include_bytes!("../static/touch-icon.png"),
    },
    // ECharts 6.1.0 from npm (`npm pack echarts@6.1.0`, dist/echarts.min.js; Apache-2.0, LICENSE beside it).
    Asset {
        name: "echarts.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/vendor/echarts.min.js"),
    },
];

/// A short hash of all assets together; it changes whenever any of them does.
pub static VERSION: LazyLock<String> = LazyLock::new(|| {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for a in ASSETS {
        h.update(a.bytes);
    }
    hex::encode(&h.finalize()[..6])
});

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(serve_asset))
        // Browsers and phones ask for these at the site's root whatever the page links.
        .route(
            "/favicon.ico",
            get(|headers: HeaderMap| serve_asset(Path("favicon.png".into()), headers)),
        )
        .route(
            "/apple-touch-icon.png",
            get(|headers: HeaderMap| serve_asset(Path("touch-icon.png".into()), headers)),
        )
}

async fn serve_asset(Path(name): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", *VERSION);
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, cache),
            (
                header::ETAG,
                HeaderValue::from_str(&etag).expect("hex is a valid header"),
            ),
        ],
        asset.bytes,
    )
        .into_response())
}
