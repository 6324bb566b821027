//! `gongzhi bench`: benchmarks anyone can rerun. `intake` starts the real server on a fresh SQLite database and sends
//! case intakes over HTTP (keep-alive connections, one request in flight per connection) at 1, 8 and 64 connections
//! for a bounded time, printing throughput, p50 and p99, then checks that every acknowledged intake is in the
//! database. `list` loads 100,000 cases and times the filtered staff list with its total, in the store and over
//! HTTP. Only loopback addresses are used; every loop is bounded in time.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use gongzhi_domain::org::Scope;
use gongzhi_store::cases::CaseFilter;
use gongzhi_store::{Actor, PageRequest, Store, now_ms};

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Case intakes over HTTP at several connection counts.
    Intake {
        /// Seconds per connection count.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Connection counts to try.
        #[arg(long, value_delimiter = ',', default_value = "1,8,64")]
        connections: Vec<usize>,
    },
    /// The filtered staff list (with total) over a large history.
    List {
        /// Cases to load first.
        #[arg(long, default_value_t = 100_000)]
        cases: usize,
        /// Requests per measured query.
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Keep the database afterwards (its path is printed), to inspect query plans.
        #[arg(long)]
        keep: bool,
    },
    /// The street's whistle board, a department's "summoned to" list and the district view over the demo history
    /// plus many generated whistles.
    Whistles {
        /// Whistles to generate on top of the demo history's.
        #[arg(long, default_value_t = 100_000)]
        whistles: usize,
        /// Requests per measured query.
        #[arg(long, default_value_t = 100)]
        requests: usize,
        /// Keep the database afterwards (its path is printed), to inspect query plans.
        #[arg(long)]
        keep: bool,
    },
    /// The census import (rows per second, creating and updating) and the settlement of a month for the demo
    /// district's providers.
    Care {
        /// Census rows to import.
        #[arg(long, default_value_t = 111_000)]
        elders: usize,
        /// Keep the database and the census file afterwards (their folder is printed).
        #[arg(long)]
        keep: bool,
    },
    /// A district month of the assessment: about 92,000 generated cases received from late September to the end of
    /// October 2026 (about 60,000 of them closed in October), then the month's tallies per unit, the full rankings
    /// (streets and departments), the same over HTTP, freezing the month and the frozen ranking.
    Assessment {
        /// Cases to generate.
        #[arg(long, default_value_t = 92_000)]
        cases: usize,
        /// Repetitions per measured computation.
        #[arg(long, default_value_t = 20)]
        requests: usize,
        /// An empty database to use instead of a fresh SQLite file (for PostgreSQL: `createdb gongzhi_bench` and
        /// `--database postgres://postgres@127.0.0.1:5432/gongzhi_bench`).
        #[arg(long)]
        database: Option<String>,
        /// Keep the SQLite database afterwards (its path is printed).
        #[arg(long)]
        keep: bool,
    },
    /// Chinese full-text search over many generated cases (received over two years): the index build rate, then the
    /// search for a two-character word and a place name in a street officer's scope and the district's, in the
    /// store and over HTTP.
    Search {
        /// Cases to generate.
        #[arg(long, default_value_t = 1_000_000)]
        cases: usize,
        /// Requests per measured query.
        #[arg(long, default_value_t = 100)]
        requests: usize,
        /// An empty database to use instead of a fresh SQLite file.
        #[arg(long)]
        database: Option<String>,
        /// Keep the SQLite database afterwards (its path is printed).
        #[arg(long)]
        keep: bool,
    },
    /// The mediators directory with load and record, a dispute's ranked proposal with similar past disputes, and the
    /// statistics by type, organisation and mediator, over the demo history plus many generated disputes.
    Disputes {
        /// Disputes to generate on top of the demo history's.
        #[arg(long, default_value_t = 100_000)]
        disputes: usize,
        /// Requests per measured query.
        #[arg(long, default_value_t = 100)]
        requests: usize,
        /// Keep the database afterwards (its path is printed), to inspect query plans.
        #[arg(long)]
        keep: bool,
    },
}

/// A fresh SQLite database in a temporary folder, with the demo district's units and accounts.
async fn fresh_store() -> anyhow::Result<(Store, std::path::PathBuf)> {
    store_on(None).await
}

/// The demo district's units and accounts on the given (empty) database, or on a fresh SQLite file.
async fn store_on(database: Option<&str>) -> anyhow::Result<(Store, std::path::PathBuf)> {
    let dir =
        std::env::temp_dir().join(format!("gongzhi-bench-{}-{}", std::process::id(), now_ms()));
    std::fs::create_dir_all(&dir)?;
    let url = database
        .map(str::to_owned)
        .unwrap_or_else(|| format!("sqlite:{}?mode=rwc", dir.join("bench.db").display()));
    let store = Store::connect(&url).await?;
    let actor = Actor::system(now_ms());
    store.ensure_calendar(&actor).await?;
    let hash = gongzhi_app::accounts::hash_password("bench-password".into())
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    gongzhi_demo::seed_district(&store, &actor, &hash).await?;
    Ok((store, dir))
}

/// Serves the application on a free loopback port; returns the address and a stopper.
async fn start(store: &Store) -> anyhow::Result<(SocketAddr, tokio::sync::oneshot::Sender<()>)> {
    let state = gongzhi_web::AppState::new(
        store.clone(),
        Default::default(),
        gongzhi_app::Clock::system(),
    );
    let app = gongzhi_web::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        // The production server loop, with its per-address cap lifted: every benchmark connection comes from 127.0.0.1.
        let limits = gongzhi_web::server::ServerLimits {
            max_connections_per_address: 0,
            ..Default::default()
        };
        gongzhi_web::server::serve(listener, app, limits, async {
            let _ = rx.await;
        })
        .await;
    });
    Ok((addr, tx))
}

/// A minimal HTTP/1.1 keep-alive client: one request at a time on one connection.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> anyhow::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
        })
    }

    /// Sends a request and returns the status code and body.
    async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &str,
        body: &[u8],
    ) -> anyhow::Result<(u16, Vec<u8>)> {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {}\r\n{headers}\r\n",
            body.len()
        );
        self.stream.write_all(head.as_bytes()).await?;
        self.stream.write_all(body).await?;
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let header = std::str::from_utf8(&self.buf[..end])?.to_owned();
                let status: u16 = header.get(9..12).context("short status line")?.parse()?;
                let length: usize = header
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().to_owned())
                    })
                    .context("no content-length")?
                    .parse()?;
                while self.buf.len() < end + 4 + length {
                    self.read_more().await?;
                }
                let body = self.buf[end + 4..end + 4 + length].to_vec();
                self.buf.drain(..end + 4 + length);
                return Ok((status, body));
            }
            self.read_more().await?;
        }
    }

    async fn read_more(&mut self) -> anyhow::Result<()> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("connection closed");
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One resident's request, varied by `i`, placed in the district.
fn intake_body(i: u64) -> Vec<u8> {
    let lat = 39.90 + (i % 70) as f64 * 0.001;
    let lon = 116.15 + (i % 80) as f64 * 0.001;
    serde_json::json!({
        "kind": "complaint",
        "title": format!("夜间施工噪音扰民 {i}"),
        "description": "工地每晚十一点后仍在施工，影响休息，希望尽快处理。",
        "address": "八角街道杨庄东街12号",
        "lat": lat, "lon": lon,
        "name": "王女士",
        "phone": format!("139{:08}", i % 100_000_000),
    })
    .to_string()
    .into_bytes()
}

pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Intake {
            seconds,
            connections,
        } => intake(seconds, &connections).await,
        BenchCommand::List {
            cases,
            requests,
            keep,
        } => list(cases, requests, keep).await,
        BenchCommand::Whistles {
            whistles,
            requests,
            keep,
        } => whistles_bench(whistles, requests, keep).await,
        BenchCommand::Disputes {
            disputes,
            requests,
            keep,
        } => disputes_bench(disputes, requests, keep).await,
        BenchCommand::Care { elders, keep } => care_bench(elders, keep).await,
        BenchCommand::Assessment {
            cases,
            requests,
            database,
            keep,
        } => assessment_bench(cases, requests, database, keep).await,
        BenchCommand::Search {
            cases,
            requests,
            database,
            keep,
        } => search_bench(cases, requests, database, keep).await,
    }
}

async fn intake(seconds: u64, connections: &[usize]) -> anyhow::Result<()> {
    let (store, dir) = fresh_store().await?;
    // Every request comes from this one address: lift the per-address limit on public submissions.
    store
        .set_setting(
            &Actor::system(now_ms()),
            gongzhi_app::settings::SUBMISSIONS_PER_ADDRESS,
            "0",
        )
        .await?;
    let (addr, stop) = start(&store).await?;
    println!(
        "bench intake: POST /api/v1/cases on a fresh SQLite database ({}), {seconds} s per run",
        dir.display()
    );
    println!(
        "{:>11} {:>10} {:>12} {:>9} {:>9} {:>9}",
        "connections", "requests", "intakes/s", "p50 ms", "p99 ms", "max ms"
    );
    let mut acknowledged = 0u64;
    let mut counter = 0u64;
    for &n in connections {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..n {
            let base = counter + c as u64 * 10_000_000;
            tasks.push(tokio::spawn(async move {
                let mut conn = Conn::open(addr).await?;
                let mut lat = Vec::new();
                let mut ok = 0u64;
                let mut i = base;
                while Instant::now() < deadline {
                    let body = intake_body(i);
                    i += 1;
                    let t = Instant::now();
                    let (status, _) = conn
                        .request(
                            "POST",
                            "/api/v1/cases",
                            "Content-Type: application/json\r\n",
                            &body,
                        )
                        .await?;
                    lat.push(t.elapsed());
                    if status == 201 {
                        ok += 1;
                    } else {
                        bail!("intake answered {status}");
                    }
                }
                Ok::<_, anyhow::Error>((lat, ok))
            }));
        }
        let mut all = Vec::new();
        let mut ok = 0;
        for t in tasks {
            let (lat, k) = t.await??;
            all.extend(lat);
            ok += k;
        }
        let elapsed = started.elapsed().as_secs_f64();
        counter += n as u64 * 10_000_000;
        acknowledged += ok;
        all.sort();
        println!(
            "{:>11} {:>10} {:>12.0} {:>9.2} {:>9.2} {:>9.2}",
            n,
            all.len(),
            ok as f64 / elapsed,
            ms(percentile(&all, 0.5)),
            ms(percentile(&all, 0.99)),
            ms(*all.last().unwrap_or(&Duration::ZERO))
        );
    }
    let _ = stop.send(());
    let stored = store
        .list_cases(
            &CaseFilter::new(Scope::District, now_ms()),
            PageRequest::new(1, 1),
        )
        .await?
        .total as u64;
    println!("acknowledged {acknowledged} intakes; {stored} cases in the database after the runs");
    if stored != acknowledged {
        bail!(
            "{} acknowledged intakes are missing from the database",
            acknowledged.saturating_sub(stored)
        );
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

async fn list(cases: usize, requests: usize, keep: bool) -> anyhow::Result<()> {
    let (store, dir) = fresh_store().await?;
    let started = Instant::now();
    let n = gongzhi_demo::seed_history(&store, &Actor::system(now_ms()), cases).await?;
    println!(
        "bench list: loaded {n} cases in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    let bajiao = store.get_unit_by_code("street.bajiao").await?.unit.id;
    let now = now_ms();
    let queries: Vec<(&str, CaseFilter)> = vec![
        (
            "whole district, newest first",
            CaseFilter::new(Scope::District, now),
        ),
        (
            "one street's scope",
            CaseFilter::new(Scope::Street(bajiao), now),
        ),
        (
            "street scope + closed + category",
            CaseFilter {
                status: Some(gongzhi_domain::cases::CaseStatus::Closed),
                category: Some("A01".into()),
                ..CaseFilter::new(Scope::Street(bajiao), now)
            },
        ),
        (
            "district + overdue",
            CaseFilter {
                overdue: true,
                ..CaseFilter::new(Scope::District, now)
            },
        ),
        (
            "district + kind + period",
            CaseFilter {
                kind: Some(gongzhi_domain::cases::CaseKind::Complaint),
                received_from: bench_day("2026-03-01"),
                received_to: bench_day("2026-04-01"),
                ..CaseFilter::new(Scope::District, now)
            },
        ),
    ];
    println!(
        "{:<36} {:>8} {:>9} {:>9}",
        "store: list page 1 (20) + total", "total", "p50 ms", "p99 ms"
    );
    for (name, filter) in &queries {
        let mut lat = Vec::with_capacity(requests);
        let mut total = 0;
        for _ in 0..requests {
            let t = Instant::now();
            total = store
                .list_cases(filter, PageRequest::new(1, 20))
                .await?
                .total;
            lat.push(t.elapsed());
        }
        lat.sort();
        println!(
            "{:<36} {:>8} {:>9.2} {:>9.2}",
            name,
            total,
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99))
        );
    }
    // Over HTTP, as a street officer with a Bearer token.
    let (addr, stop) = start(&store).await?;
    let mut conn = Conn::open(addr).await?;
    let (status, body) = conn
        .request(
            "POST",
            "/api/v1/auth/login",
            "Content-Type: application/json\r\n",
            br#"{"username":"street-bajiao","password":"bench-password"}"#,
        )
        .await?;
    if status != 200 {
        bail!("login answered {status}");
    }
    let token = serde_json::from_slice::<serde_json::Value>(&body)?["token"]
        .as_str()
        .context("token")?
        .to_owned();
    let auth = format!("Authorization: Bearer {token}\r\n");
    println!(
        "{:<36} {:>8} {:>9} {:>9}",
        "HTTP: GET /api/v1/cases (street officer)", "", "p50 ms", "p99 ms"
    );
    for (name, path) in [
        ("scope only", "/api/v1/cases"),
        (
            "status=closed&category=A01",
            "/api/v1/cases?status=closed&category=A01",
        ),
        ("overdue=true", "/api/v1/cases?overdue=true"),
    ] {
        let mut lat = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            let (status, _) = conn.request("GET", path, &auth, b"").await?;
            if status != 200 {
                bail!("{path} answered {status}");
            }
            lat.push(t.elapsed());
        }
        lat.sort();
        println!(
            "{:<36} {:>8} {:>9.2} {:>9.2}",
            name,
            "",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99))
        );
    }
    let _ = stop.send(());
    store.close().await;
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

async fn whistles_bench(n: usize, requests: usize, keep: bool) -> anyhow::Result<()> {
    let (store, dir) = fresh_store().await?;
    let actor = Actor::system(now_ms());
    let started = Instant::now();
    let cases = gongzhi_demo::seed_history(&store, &actor, 20_000).await?;
    let index = store.district_index().await?;
    let generated = gongzhi_demo::whistles::generate_whistles(&index, n, 7, 1000);
    store
        .insert_whistle_history(&actor, &generated, gongzhi_demo::history::history_end())
        .await?;
    store.optimize().await?;
    println!(
        "bench whistles: {cases} cases and {} + demo whistles loaded in {:.1} s ({})",
        generated.len(),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    let (addr, stop) = start(&store).await?;
    let mut conn = Conn::open(addr).await?;
    let mut auth = Vec::new();
    for user in ["street-bajiao", "dept-cgzf", "evaluator"] {
        let body = format!(r#"{{"username":"{user}","password":"bench-password"}}"#);
        let (status, body) = conn
            .request(
                "POST",
                "/api/v1/auth/login",
                "Content-Type: application/json\r\n",
                body.as_bytes(),
            )
            .await?;
        if status != 200 {
            bail!("login of {user} answered {status}");
        }
        auth.push(format!(
            "Authorization: Bearer {}\r\n",
            serde_json::from_slice::<serde_json::Value>(&body)?["token"]
                .as_str()
                .context("token")?
        ));
    }
    let (street, dept, evaluator) = (auth[0].clone(), auth[1].clone(), auth[2].clone());
    let year = gongzhi_domain::calendar::local_date(now_ms()).year();
    let stats = format!(
        "/api/v1/whistles/stats?from={}-01-01&to={}-12-31",
        year - 1,
        year
    );
    println!(
        "{:<52} {:>9} {:>9}",
        "HTTP (p50 / p99 over the requests)", "p50 ms", "p99 ms"
    );
    for (name, path, auth) in [
        (
            "street board, page 1 of 50 (all)",
            "/api/v1/whistles?view=street&per_page=50",
            &street,
        ),
        (
            "street board, open",
            "/api/v1/whistles?view=street&narrow=open&per_page=50",
            &street,
        ),
        (
            "street board, overdue reports",
            "/api/v1/whistles?view=street&narrow=overdue&per_page=50",
            &street,
        ),
        (
            "department: summoned to",
            "/api/v1/whistles?view=summoned&per_page=50",
            &dept,
        ),
        ("district view, two years", stats.as_str(), &evaluator),
    ] {
        time_gets(&mut conn, name, path, auth, requests).await?;
    }
    let _ = stop.send(());
    store.close().await;
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

async fn disputes_bench(n: usize, requests: usize, keep: bool) -> anyhow::Result<()> {
    let (store, dir) = fresh_store().await?;
    let actor = Actor::system(now_ms());
    let started = Instant::now();
    let cases = gongzhi_demo::seed_history(&store, &actor, 20_000).await?;
    // Copies of one demo dispute case, received over two years, each with a type and a street of its own, played
    // through the rules like the demo's.
    let index = store.district_index().await?;
    let template = store
        .dispute_case_refs_all_ids()
        .await?
        .into_iter()
        .next()
        .context("a dispute case in the demo history")?;
    let end = gongzhi_demo::history::history_end();
    let span = 730 * 86_400_000_i64;
    let received: Vec<i64> = (0..n)
        .map(|i| end - span + (i as i64 * span / n.max(1) as i64))
        .collect();
    let mut refs = store
        .clone_dispute_cases_for_bench(&template, &received)
        .await?;
    let mut streets: Vec<_> = index.communities.iter().map(|c| c.street_id).collect();
    streets.sort();
    streets.dedup();
    let categories = [
        "K01", "K06", "D02", "D08", "G03", "H01", "H02", "D06", "X00",
    ];
    for (i, r) in refs.iter_mut().enumerate() {
        r.category = Some(categories[i % categories.len()].to_owned());
        r.street_id = Some(streets[(i / categories.len()) % streets.len()]);
    }
    let mediators = store.mediator_candidates().await?;
    let generated = gongzhi_demo::disputes::generate_disputes(
        &refs,
        &mediators,
        index.dispatcher,
        None,
        end,
        11,
    );
    store.insert_dispute_history(&actor, &generated).await?;
    store.optimize().await?;
    println!(
        "bench disputes: {cases} cases, {} generated disputes + the demo's loaded in {:.1} s ({})",
        generated.len(),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    // In the store: the statistics the pages and the proposal read.
    println!(
        "{:<52} {:>9} {:>9}",
        "store (p50 / p99 over the requests)", "p50 ms", "p99 ms"
    );
    for (name, key) in [
        (
            "outcomes by type",
            gongzhi_store::dispute::OutcomeKey::DisputeType,
        ),
        (
            "outcomes by organisation",
            gongzhi_store::dispute::OutcomeKey::Org,
        ),
        (
            "outcomes by mediator",
            gongzhi_store::dispute::OutcomeKey::Mediator,
        ),
    ] {
        let mut lat = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            store.outcome_stats(key).await?;
            lat.push(t.elapsed());
        }
        lat.sort();
        println!(
            "{:<52} {:>9.2} {:>9.2}",
            name,
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99))
        );
    }
    let mut lat = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        store
            .similar_disputes("neighbour", Some(gongzhi_domain::dispute::Channel::Peoples))
            .await?;
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "{:<52} {:>9.2} {:>9.2}",
        "similar disputes (type and channel)",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
    // Over HTTP.
    let (addr, stop) = start(&store).await?;
    let mut conn = Conn::open(addr).await?;
    let (status, body) = conn
        .request(
            "POST",
            "/api/v1/auth/login",
            "Content-Type: application/json\r\n",
            br#"{"username":"dispatcher","password":"bench-password"}"#,
        )
        .await?;
    if status != 200 {
        bail!("login answered {status}");
    }
    let auth = format!(
        "Authorization: Bearer {}\r\n",
        serde_json::from_slice::<serde_json::Value>(&body)?["token"]
            .as_str()
            .context("token")?
    );
    let open = store
        .open_dispute_for_bench()
        .await?
        .context("an evaluated dispute")?;
    let proposals = format!("/api/v1/disputes/{open}/proposals");
    println!(
        "{:<52} {:>9} {:>9}",
        "HTTP (p50 / p99 over the requests)", "p50 ms", "p99 ms"
    );
    for (name, path) in [
        (
            "mediators directory (all, with load and record)",
            "/api/v1/mediators",
        ),
        (
            "mediators for neighbour disputes",
            "/api/v1/mediators?type=neighbour",
        ),
        (
            "a dispute's proposal with similar disputes",
            proposals.as_str(),
        ),
    ] {
        time_gets(&mut conn, name, path, &auth, requests).await?;
    }
    let _ = stop.send(());
    store.close().await;
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// Times `requests` GETs of `path` on one connection (each must answer 200) and prints the p50 and p99.
async fn time_gets(
    conn: &mut Conn,
    name: &str,
    path: &str,
    auth: &str,
    requests: usize,
) -> anyhow::Result<()> {
    let mut lat = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        let (status, _) = conn.request("GET", path, auth, b"").await?;
        if status != 200 {
            bail!("{path} answered {status}");
        }
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "{:<52} {:>9.2} {:>9.2}",
        name,
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
    Ok(())
}

/// The start of a local date, for benchmark filters.
fn bench_day(day: &str) -> Option<i64> {
    day.parse::<jiff::civil::Date>()
        .ok()
        .map(gongzhi_domain::calendar::start_of)
}

/// The census import (the command line's path: read and check the file, then import it in batches) on a fresh
/// SQLite database, once creating every elder and once updating them all; then the demo's care network and a month
/// of deliveries, and the settlement of that month for every provider.
async fn care_bench(n: usize, keep: bool) -> anyhow::Result<()> {
    let (store, dir) = fresh_store().await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let units = store.list_units().await?;
    let names: std::collections::HashMap<_, _> = units
        .iter()
        .map(|u| (u.unit.id, u.unit.name.clone()))
        .collect();
    let places: Vec<(String, String)> = units
        .iter()
        .filter(|u| u.unit.kind == gongzhi_domain::org::UnitKind::Community)
        .filter_map(|u| Some((names.get(&u.unit.parent_id?)?.clone(), u.unit.name.clone())))
        .collect();
    let today = gongzhi_domain::calendar::local_date(now_ms());
    let rows = gongzhi_demo::census::census_rows(&places, n, today, 7);
    let mut csv = gongzhi_demo::census::census_csv(&rows);
    // One row in a hundred carries a mistake, as real files do.
    for i in (0..n).step_by(100) {
        csv.push_str(&format!(
            "错行{i},1101071950010100X,男,1950-02-30,无此街道,无此社区,独居,无,123,唱歌\n"
        ));
    }
    let file = dir.join("census.csv");
    std::fs::write(&file, &csv)?;
    println!(
        "bench care: census of {n} rows (+{} bad) on a fresh SQLite database ({})",
        n.div_ceil(100),
        dir.display()
    );
    println!("{:<44} {:>10} {:>12}", "", "seconds", "rows/s");
    for pass in [
        "import (every elder created)",
        "import again (every elder updated)",
    ] {
        let started = Instant::now();
        let data = std::fs::read(&file)?;
        let census =
            gongzhi_app::care::read_census(&data).map_err(|e| anyhow::anyhow!(e.message()))?;
        let actor = Actor::system(now_ms());
        let id =
            gongzhi_app::care::start_import_as(&app, &actor, "census.csv", "2026", "", &census)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        let out = gongzhi_app::care::run_census(&app, &actor, &id, &census, |_, _| {})
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let s = started.elapsed().as_secs_f64();
        println!(
            "{:<44} {:>10.2} {:>12.0}   created {} updated {} bad rows {}",
            pass,
            s,
            out.rows as f64 / s,
            out.created,
            out.updated,
            out.bad_rows()
        );
    }
    store.close().await;
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    // The demo district's census, assessments, network, insurance and last month's deliveries, then that month's
    // settlement for every provider.
    let (store, dir) = fresh_store().await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let started = Instant::now();
    gongzhi_demo::care::seed_with(&app, n, false)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let seeded = started.elapsed().as_secs_f64();
    let actor = Actor::system(now_ms());
    let month =
        gongzhi_domain::care::ltc::previous_month(gongzhi_app::care::services::month_of(now_ms()));
    let providers: Vec<String> = store
        .facilities(None)
        .await?
        .into_iter()
        .filter(|f| f.home_care_slots > 0)
        .map(|f| f.id)
        .collect();
    let records = store
        .service_records(None, month, PageRequest::new(1, 1))
        .await?
        .total;
    println!("demo district seeded in {seeded:.1} s ({n} elders, {records} deliveries in {month})");
    let started = Instant::now();
    let (mut fund, mut lines) = (0, 0);
    for f in &providers {
        let id = gongzhi_app::care::services::settle_as(&app, &actor, f, month)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let t = store.settlement(&id).await?.totals;
        fund += t.fund_fen;
        lines += t.lines;
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "settlement of {month} for {} providers, {lines} lines (entered, checked, settled): {s:.2} s, fund ¥{}",
        providers.len(),
        gongzhi_domain::powers::format_yuan(fund)
    );
    store.close().await;
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// Times an async computation `n` times: p50 and p99 in milliseconds.
async fn timed<F, Fut, T>(n: usize, mut f: F) -> anyhow::Result<(f64, f64, T)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut lat = Vec::with_capacity(n);
    let mut last = None;
    for _ in 0..n.max(1) {
        let t = Instant::now();
        last = Some(f().await?);
        lat.push(t.elapsed());
    }
    lat.sort();
    Ok((
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        last.expect("ran at least once"),
    ))
}

async fn assessment_bench(
    n: usize,
    requests: usize,
    database: Option<String>,
    keep: bool,
) -> anyhow::Result<()> {
    use gongzhi_domain::assessment::{Month, RankedKind};
    let (store, dir) = store_on(database.as_deref()).await?;
    let backend = if database
        .as_deref()
        .is_some_and(|d| d.starts_with("postgres"))
    {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let month = Month::parse("2026-10").expect("a month");
    let received = (
        gongzhi_domain::calendar::start_of(jiff::civil::date(2026, 9, 20)),
        month.bounds().1,
    );
    let started = Instant::now();
    let loaded =
        gongzhi_demo::seed_cases_received(&store, &Actor::system(now_ms()), n, received).await?;
    let tallies = store
        .assessment_tallies(month, gongzhi_store::assessment::Source::Live)
        .await?;
    let closings: i64 = tallies.iter().map(|t| t.tally.cases).sum();
    println!(
        "bench assessment ({backend}): {loaded} cases loaded in {:.1} s; {closings} closings assessed in {month}",
        started.elapsed().as_secs_f64()
    );
    // Early December 2026: October is over (it can be frozen) whenever the benchmark runs.
    let app = gongzhi_app::App::new(
        store.clone(),
        gongzhi_app::Clock::starting_at(month.next().next().bounds().0 + 34 * 3_600_000),
    );
    let evaluator = store.get_credentials("evaluator").await?.user;
    let unit = store.get_unit(evaluator.unit_id).await?;
    let staff = gongzhi_app::StaffPrincipal {
        user_id: evaluator.id,
        username: evaluator.username.clone(),
        unit_id: evaluator.unit_id,
        unit_kind: unit.unit.kind,
        street_id: unit.street_id,
        roles: evaluator.roles.clone(),
        unit_head: evaluator.unit_head,
        address: "127.0.0.1".into(),
    };
    let err = |e: gongzhi_app::AppError| anyhow::anyhow!("{e:?}");
    println!(
        "{:<52} {:>9} {:>9}",
        "computation (p50 / p99)", "p50 ms", "p99 ms"
    );
    let (p50, p99, rows) = timed(requests, || async {
        Ok(store
            .assessment_tallies(month, gongzhi_store::assessment::Source::Live)
            .await?
            .len())
    })
    .await?;
    println!(
        "{:<52} {:>9.2} {:>9.2}   ({rows} unit × street rows)",
        "store: the month's tallies (one range scan)", p50, p99
    );
    for (name, kind) in [
        ("app: full ranking of the streets", RankedKind::Street),
        (
            "app: full ranking of the departments",
            RankedKind::Department,
        ),
    ] {
        let (p50, p99, ranked) = timed(requests, || async {
            Ok(gongzhi_app::assessment::ranking(&app, &staff, month, kind)
                .await
                .map_err(err)?
                .rows
                .iter()
                .filter(|r| r.rank.is_some())
                .count())
        })
        .await?;
        println!("{:<52} {:>9.2} {:>9.2}   ({ranked} ranked)", name, p50, p99);
    }
    let (p50, p99, _) = timed(requests.min(5), || async {
        gongzhi_app::assessment::report_xlsx(&app, &staff, month)
            .await
            .map_err(err)
    })
    .await?;
    println!(
        "{:<52} {:>9.2} {:>9.2}",
        "app: the month's XLSX report (three rankings)", p50, p99
    );
    let (addr, stop) = start(&store).await?;
    let mut conn = Conn::open(addr).await?;
    let (status, body) = conn
        .request(
            "POST",
            "/api/v1/auth/login",
            "Content-Type: application/json\r\n",
            br#"{"username":"evaluator","password":"bench-password"}"#,
        )
        .await?;
    if status != 200 {
        bail!("login answered {status}");
    }
    let auth = format!(
        "Authorization: Bearer {}\r\n",
        serde_json::from_slice::<serde_json::Value>(&body)?["token"]
            .as_str()
            .context("token")?
    );
    time_gets(
        &mut conn,
        "HTTP: GET /api/v1/assessment/units (streets)",
        &format!("/api/v1/assessment/units?month={month}&kind=street"),
        &auth,
        requests,
    )
    .await?;
    time_gets(
        &mut conn,
        "HTTP: the cases behind a street's response rate",
        &format!("/api/v1/assessment/units/street.bajiao/cases?month={month}&measure=response"),
        &auth,
        requests,
    )
    .await?;
    let t = Instant::now();
    let copied = gongzhi_app::assessment::freeze(&app, &staff, month)
        .await
        .map_err(err)?;
    println!(
        "{:<52} {:>9.2}             ({copied} closings copied)",
        "app: freeze the month (once)",
        ms(t.elapsed())
    );
    let (p50, p99, _) = timed(requests, || async {
        Ok(
            gongzhi_app::assessment::ranking(&app, &staff, month, RankedKind::Street)
                .await
                .map_err(err)?
                .differences,
        )
    })
    .await?;
    println!(
        "{:<52} {:>9.2} {:>9.2}",
        "app: frozen ranking with its differences", p50, p99
    );
    let _ = stop.send(());
    finish(store, &dir, keep).await
}

async fn search_bench(
    n: usize,
    requests: usize,
    database: Option<String>,
    keep: bool,
) -> anyhow::Result<()> {
    use gongzhi_domain::search::parse;
    let (store, dir) = store_on(database.as_deref()).await?;
    let backend = if database
        .as_deref()
        .is_some_and(|d| d.starts_with("postgres"))
    {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let received = (
        gongzhi_domain::calendar::start_of(jiff::civil::date(2024, 11, 27)),
        gongzhi_demo::history::history_end(),
    );
    let started = Instant::now();
    // One generation (case numbers run per day, and a day's duplicates come later), held in memory while written; a
    // database given with --database that already holds the cases is searched as it is.
    let (existing, _) = store.index_counts().await?;
    let reuse = existing as usize >= n;
    let loaded = if reuse {
        existing as usize
    } else {
        gongzhi_demo::seed_cases_received(&store, &Actor::system(now_ms()), n, received).await?
    };
    let seconds = started.elapsed().as_secs_f64();
    if reuse {
        println!("bench search ({backend}): searching the {loaded} cases already there");
    } else {
        println!(
            "bench search ({backend}): {loaded} cases with their search documents written in {seconds:.1} s ({:.0} cases/s, generation included)",
            loaded as f64 / seconds
        );
    }
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let sample: Vec<_> = if reuse {
        Vec::new()
    } else {
        store.case_ids_after(None, 20_000).await?
    };
    let t = Instant::now();
    for chunk in sample.chunks(500) {
        store.index_cases(chunk).await?;
    }
    if !sample.is_empty() {
        println!(
            "index rebuild rate (read, segment, write): {:.0} cases/s over {} cases",
            sample.len() as f64 / t.elapsed().as_secs_f64(),
            sample.len()
        );
    }
    let _ = app;
    let bajiao = store.get_unit_by_code("street.bajiao").await?.unit.id;
    let now = now_ms();
    println!(
        "{:<52} {:>8} {:>9} {:>9}",
        "store: search page 1 (20) + total", "total", "p50 ms", "p99 ms"
    );
    for (name, q, scope) in [
        (
            "油烟 — a street officer's scope",
            "油烟",
            Scope::Street(bajiao),
        ),
        (
            "漏水 — a street officer's scope",
            "漏水",
            Scope::Street(bajiao),
        ),
        (
            "鲁谷 — a street officer's scope",
            "鲁谷",
            Scope::Street(bajiao),
        ),
        (
            "噪音 扰民 — a street officer's scope",
            "噪音 扰民",
            Scope::Street(bajiao),
        ),
        ("油烟 — the whole district", "油烟", Scope::District),
        ("八角北路 — the whole district", "八角北路", Scope::District),
    ] {
        let query = parse(q, scope).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let filter = CaseFilter::new(scope, now);
        let (p50, p99, total) = timed(requests, || async {
            Ok(store
                .search_cases(&filter, &query, PageRequest::new(1, 20))
                .await?
                .total)
        })
        .await?;
        println!("{:<52} {:>8} {:>9.2} {:>9.2}", name, total, p50, p99);
    }
    // Category suggestions: training on the most recent closed cases, then suggesting for typical texts.
    let t = Instant::now();
    let trained = gongzhi_app::suggest::train(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .context("no closed cases to train on")?;
    println!(
        "suggestion model: trained on {} closed cases in {:.1} s; held back {}: top-1 {:.1}%, top-3 {:.1}%",
        trained.info.cases,
        t.elapsed().as_secs_f64(),
        trained.info.held_cases,
        trained.info.top1 * 100.0,
        trained.info.top3 * 100.0
    );
    let point = store
        .get_unit_by_code("street.bajiao.c01")
        .await?
        .unit
        .centre;
    let texts = [
        ("楼下饭馆油烟太大", "烧烤店油烟直接排到居民楼，开不了窗。"),
        ("暖气不热", "家里暖气冰凉，老人冻得不行。"),
        ("路灯坏了", "小区门口一排路灯都不亮，晚上很黑。"),
    ];
    let turn = std::sync::atomic::AtomicUsize::new(0);
    let (p50, p99, _) = timed(requests, || async {
        let (title, description) =
            texts[turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % texts.len()];
        Ok(
            gongzhi_app::suggest::suggest(&app, title, description, point, "")
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .0
                .len(),
        )
    })
    .await?;
    println!(
        "{:<52} {:>8} {:>9.2} {:>9.2}",
        "app: suggest three categories for a text and a point", "", p50, p99
    );
    let (addr, stop) = start(&store).await?;
    let mut conn = Conn::open(addr).await?;
    let (status, body) = conn
        .request(
            "POST",
            "/api/v1/auth/login",
            "Content-Type: application/json\r\n",
            br#"{"username":"street-bajiao","password":"bench-password"}"#,
        )
        .await?;
    if status != 200 {
        bail!("login answered {status}");
    }
    let auth = format!(
        "Authorization: Bearer {}\r\n",
        serde_json::from_slice::<serde_json::Value>(&body)?["token"]
            .as_str()
            .context("token")?
    );
    time_gets(
        &mut conn,
        "HTTP: GET /api/v1/cases?q=油烟 (street officer)",
        "/api/v1/cases?q=%E6%B2%B9%E7%83%9F",
        &auth,
        requests,
    )
    .await?;
    let headers = format!("{auth}Content-Type: application/json\r\n");
    let body = serde_json::json!({"title": "楼下饭馆油烟太大", "description": "烧烤店油烟直接排到居民楼，开不了窗。"}).to_string();
    let mut times = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        let (status, _) = conn
            .request("POST", "/api/v1/suggest", &headers, body.as_bytes())
            .await?;
        if status != 200 {
            bail!("POST /api/v1/suggest answered {status}");
        }
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{:<52} {:>8} {:>9.2} {:>9.2}",
        "HTTP: POST /api/v1/suggest",
        "",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );
    let _ = stop.send(());
    finish(store, &dir, keep).await
}

/// Closes the benchmark's database, and removes its folder unless it is to be kept.
async fn finish(store: Store, dir: &std::path::Path, keep: bool) -> anyhow::Result<()> {
    store.close().await;
    if keep {
        println!("kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}
