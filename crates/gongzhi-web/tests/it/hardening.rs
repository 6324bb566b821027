//! The findings of the second penetration test (issue 22), each reproduced and shown closed on both databases:
//! spreadsheets that would stop the server, re-identifiable masked numbers, scope leaks of whistles and enforcement
//! cases, community workers acting for the street, carers billing outside their scope, one person settling money,
//! interrupted imports, formulas in exports, and a respondent's consent given by the other party.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::support::*;

/// A workbook of two cells, A1 and XFD1048576: a few kilobytes that claim 16,384 × 1,048,576 cells.
fn sparse_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 16 * 1024, "the sparse workbook is small: {} bytes", bytes.len());
    bytes
}

/// A zip bomb in the shape of a workbook: a sheet of 300 MB of blanks that deflates to about 300 KB.
fn bomb_workbook() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    out.start_file("[Content_Types].xml", options).unwrap();
    out.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    out.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let blanks = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        out.write_all(&blanks).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "the bomb is small: {} bytes", bytes.len());
    bytes
}

/// A request body that records whether anyone read it.
struct Watched {
    data: Option<axum::body::Bytes>,
    read: Arc<AtomicBool>,
}

impl axum::body::HttpBody for Watched {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.read.store(true, Ordering::SeqCst);
        std::task::Poll::Ready(self.data.take().map(|d| Ok(http_body::Frame::data(d))))
    }
}

async fn upload_as(app: &TestApp, browser: &Browser, path: &str, data: &[u8]) -> (Reply, bool) {
    let (content_type, body) = multipart(&[("csrf", &browser.csrf), ("round", "2026"), ("note", "x")], &[("file", "census.xlsx", data)]);
    let read = Arc::new(AtomicBool::new(false));
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, &browser.cookie)
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", "10.0.0.1")
        .body(Body::new(Watched { data: Some(body.into()), read: read.clone() }))
        .unwrap();
    let reply = app.send(request).await;
    (reply, read.load(Ordering::SeqCst))
}

on_both_backends!(a_sparse_workbook_and_a_zip_bomb_are_refused_by_their_limits_and_the_server_answers_the_next_request);

async fn a_sparse_workbook_and_a_zip_bomb_are_refused_by_their_limits_and_the_server_answers_the_next_request(app: TestApp) {
    let (sparse, bomb) = (sparse_workbook(), bomb_workbook());
    // Someone without the import right is refused before a byte of the body is read.
    for user in ["provider", "community-bajiao", "station"] {
        let browser = app.login(user).await;
        let (reply, read) = upload_as(&app, &browser, "/staff/care/census", &bomb).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{user}: {}", reply.body);
        assert!(!read, "{user}: the body was read before the role was checked");
    }
    let dispatcher = app.login("dispatcher").await;
    let (reply, read) = upload_as(&app, &dispatcher, "/admin/powers", &sparse).await;
    assert_eq!((reply.status, read), (StatusCode::FORBIDDEN, false));

    // The officer's upload is read within the limits and refused with the limit named.
    let officer = app.login("careadmin").await;
    let token = app.token("careadmin").await;
    for (file, message) in [(&sparse, "工作表超过 600000 行"), (&bomb, "解压后超过 256 MB")] {
        let (reply, _) = upload_as(&app, &officer, "/staff/care/census", file).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let id = reply.location().rsplit('/').next().unwrap().to_owned();
        let import = app.get_api(&format!("/api/v1/care/census/{id}"), Some(&token)).await.json();
        assert_eq!(import["status"], "rejected");
        assert!(import["message"].as_str().unwrap().contains(message), "{import}");
    }
    let admin = app.login("admin").await;
    for (file, message) in [(&sparse, "工作表超过 600000 行"), (&bomb, "解压后超过 256 MB")] {
        let (reply, _) = upload_as(&app, &admin, "/admin/powers", file).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains(message), "{}", reply.body.split("<main").nth(1).unwrap_or(&reply.body));
    }
    // The server is still there.
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(app.get("/staff/care/census", Some(&officer.cookie)).await.status, StatusCode::OK);
    app.finish().await;
}
