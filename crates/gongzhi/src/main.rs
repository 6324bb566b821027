//! The `gongzhi` binary: reads settings, then serves the web application, applies migrations, or verifies the
//! audit chain. Thin by design: everything it runs lives in the library crates.

#[cfg(feature = "bench")]
mod bench;
mod senders;
mod settings;

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use gongzhi_store::import::Seeded;
use gongzhi_store::{Actor, Store};
use settings::DatabaseArg;

#[derive(Parser)]
#[command(
    name = "gongzhi",
    version,
    about = "共治 gongzhi: grassroots governance for a city district"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (pages and JSON API).
    Serve(Box<ServeArgs>),
    /// Apply the embedded database migrations and exit.
    Migrate {
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Audit-log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Benchmarks (see `gongzhi bench --help`); built with `--features bench`, and with --release for meaningful
    /// figures.
    #[cfg(feature = "bench")]
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
    /// Working-day calendar tools.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Imports from files.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The full-text search index.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Open311 GeoReport v2 API keys.
    Open311 {
        #[command(subcommand)]
        command: Open311Command,
    },
    /// Category suggestions.
    Suggest {
        #[command(subcommand)]
        command: SuggestCommand,
    },
}

#[derive(Subcommand)]
enum Open311Command {
    /// Issue an API key to an organisation and print it (shown this once; only its SHA-256 is stored). The
    /// organisation's Open311 clients post requests with it; an administrator revokes it on /admin/open311.
    IssueKey {
        /// The organisation's name.
        organisation: String,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum SuggestCommand {
    /// Train the category-suggestion model from the closed cases now (servers also train daily), print its top-1 and
    /// top-3 accuracy on the tenth of the cases held back from training, and store it: every server uses it within a
    /// minute.
    Train {
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Rebuild every case's search document (title, description, address, public replies; never names or phones),
    /// with a progress bar. Safe while servers run.
    Reindex {
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import an elders' census (XLSX or UTF-8 CSV with the columns 姓名, 公民身份号码, 性别, 出生日期, 街道, 社区,
    /// 居住状况, 经济状况, 联系电话, 服务需求, in any order, and optionally 户籍类型). Good rows create or update elders
    /// by ID number; bad rows are skipped and reported in FILE-errors.csv next to the file. Exit status 0 when every
    /// row was imported.
    Census {
        /// The census file.
        file: std::path::PathBuf,
        /// The survey round the rows belong to (default: this year).
        #[arg(long)]
        round: Option<String>,
        /// The census's reference date (普查标准时点, YYYY-MM-DD) on which ages are counted (default: today).
        #[arg(long)]
        reference_date: Option<String>,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Load an official holiday schedule (the format of data/cn-holidays-2025-2026.toml) and recompute the
    /// provisional deadlines it settles.
    Load {
        /// The schedule file.
        file: std::path::PathBuf,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain and report the first entry that no longer matches, or a head that does not point at the
    /// last entry (truncation); exit code 1 if any.
    Verify {
        #[command(flatten)]
        database: DatabaseArg,
        /// An anchor printed earlier by `audit anchor` (`SEQ:HASH`), kept outside the database: proves that nothing
        /// up to it was rewritten or removed since.
        #[arg(long)]
        anchor: Option<String>,
    },
    /// Print the chain's head as `SEQ:HASH`, to keep outside the database (the server also logs it at start-up and
    /// every hour).
    Anchor {
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GONGZHI_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    #[command(flatten)]
    database: DatabaseArg,
    /// Create the demo district (Shijingshan) when the database is empty; a restart creates nothing twice.
    #[arg(long, env = "GONGZHI_DEMO")]
    demo: bool,
    /// The password shared by every demo account.
    #[arg(long, env = "GONGZHI_DEMO_PASSWORD", default_value = gongzhi_demo::DEMO_PASSWORD)]
    demo_password: String,
    /// With --demo: how many historical cases (2025-01 to 2026-11) to generate, once.
    #[arg(long, env = "GONGZHI_DEMO_HISTORY", default_value_t = 20_000)]
    demo_history: usize,
    /// With --demo: how many elders the demo census holds (created once, through the census import), with their
    /// assessments, care and insurance. Default: 111,000, or none with `--demo-history 0` (a district with no
    /// history in any module).
    #[arg(long, env = "GONGZHI_DEMO_ELDERS")]
    demo_elders: Option<usize>,
    /// Seconds between sweeps (chases, overdue notices, escalations); 0 turns this server's sweeper off.
    #[arg(long, env = "GONGZHI_SWEEP_INTERVAL", default_value_t = 60)]
    sweep_interval: u64,
    /// Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of the server.
    #[arg(long, env = "GONGZHI_TRUST_PROXY")]
    trust_proxy: bool,
    /// With --trust-proxy: how many proxies append to X-Forwarded-For (the client is that many hops from the right).
    #[arg(long, env = "GONGZHI_TRUSTED_PROXIES", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
    trusted_proxies: u16,
    /// Concurrent connections one client address may hold (0: no cap, e.g. behind a proxy that caps them itself).
    #[arg(
        long,
        env = "GONGZHI_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 64
    )]
    max_connections_per_address: usize,
    /// Start the server's clock at this instant (RFC 3339) and let it run on from there: for tests and demos
    /// that must not depend on the day they run. Leave unset in production.
    #[arg(long, env = "GONGZHI_NOW", hide = true)]
    now: Option<String>,
    /// Mark cookies Secure (set when the server is only reached over HTTPS).
    #[arg(long, env = "GONGZHI_SECURE_COOKIES")]
    secure_cookies: bool,
    #[command(flatten)]
    senders: senders::SenderArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    // HTTPS and SMTP over TLS use rustls with the ring provider (already built for the database's TLS).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("start the async runtime");
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(*args).await.map(|()| ExitCode::SUCCESS),
            Command::Migrate { database } => migrate(database).await.map(|()| ExitCode::SUCCESS),
            Command::Audit {
                command: AuditCommand::Verify { database, anchor },
            } => verify(database, anchor).await,
            Command::Audit {
                command: AuditCommand::Anchor { database },
            } => anchor(database).await.map(|()| ExitCode::SUCCESS),
            #[cfg(feature = "bench")]
            Command::Bench { command } => bench::run(command).await.map(|()| ExitCode::SUCCESS),
            Command::Calendar {
                command: CalendarCommand::Load { file, database },
            } => load_calendar(file, database)
                .await
                .map(|()| ExitCode::SUCCESS),
            Command::Import {
                command:
                    ImportCommand::Census {
                        file,
                        round,
                        reference_date,
                        database,
                    },
            } => import_census(file, round, reference_date, database).await,
            Command::Search {
                command: SearchCommand::Reindex { database },
            } => reindex(database).await.map(|()| ExitCode::SUCCESS),
            Command::Suggest {
                command: SuggestCommand::Train { database },
            } => train_suggestions(database).await,
            Command::Open311 {
                command:
                    Open311Command::IssueKey {
                        organisation,
                        database,
                    },
            } => issue_key(organisation, database).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gongzhi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("GONGZHI_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colour only on a terminal: a log file or a pipe gets plain text.
    use std::io::IsTerminal;
    let ansi = std::io::stderr().is_terminal();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .init();
}

async fn connect(database: &DatabaseArg) -> anyhow::Result<(Store, String)> {
    let resolved = database.resolve()?;
    let store = Store::connect(&resolved.url)
        .await
        .with_context(|| format!("cannot open the database {}", resolved.display))?;
    Ok((store, resolved.display))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let clock = match &args.now {
        Some(raw) => {
            let at: jiff::Timestamp = raw
                .parse()
                .with_context(|| format!("--now {raw:?} is not an RFC 3339 instant"))?;
            gongzhi_app::Clock::starting_at(at.as_millisecond())
        }
        None => gongzhi_app::Clock::system(),
    };
    let (store, display) = connect(&args.database).await?;
    store.ensure_calendar(&Actor::system(clock.now())).await?;
    store.optimize().await?;
    // An import its process never finished (killed, crashed) is marked interrupted: on the embedded database this
    // process is the only writer, so every running import is one; on PostgreSQL, those silent past the window.
    {
        let now = clock.now();
        let silent_since = match store.backend() {
            gongzhi_store::Backend::Sqlite => i64::MAX,
            gongzhi_store::Backend::Postgres => now - gongzhi_app::care::IMPORT_SILENCE_MS,
        };
        let n = store
            .interrupt_silent_imports(&Actor::system(now), silent_since)
            .await?;
        if n > 0 {
            tracing::warn!(
                imports = n,
                "census imports interrupted by a stop were marked so; import the same file again to complete them"
            );
        }
    }
    let demo_note = if args.demo {
        Some(seed_demo(&store, &args.demo_password, clock.now()).await?)
    } else {
        None
    };
    if args.demo {
        let started = std::time::Instant::now();
        let n = gongzhi_demo::seed_history(&store, &Actor::system(clock.now()), args.demo_history)
            .await?;
        if n > 0 {
            tracing::info!(
                cases = n,
                seconds = started.elapsed().as_secs_f64(),
                "created the demo history"
            );
        }
        let started = std::time::Instant::now();
        let app = gongzhi_app::App::new(store.clone(), clock.clone());
        let elders = args
            .demo_elders
            .unwrap_or(if args.demo_history == 0 { 0 } else { 111_000 });
        let n = gongzhi_demo::care::seed(&app, elders)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if n > 0 {
            tracing::info!(
                elders = n,
                seconds = started.elapsed().as_secs_f64(),
                "created the demo census"
            );
        }
    }

    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let config = gongzhi_web::WebConfig {
        trust_proxy: args.trust_proxy,
        trusted_proxies: args.trusted_proxies as usize,
        secure_cookies: args.secure_cookies,
        ..Default::default()
    };
    let state = gongzhi_web::AppState::new(store.clone(), config, clock);
    gongzhi_app::sweeper::log_audit_head(&state.app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // The district's own units and codes: what is missing is said now, clearly, not found at the first escalation.
    // The server still starts, so an administrator can put it right on /admin/settings and /admin/units.
    for problem in gongzhi_app::settings::district_problems(&state.app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        tracing::error!(%problem, "the district's settings need attention");
    }
    // Cases written before the search index existed get their documents in the background.
    let indexer = state.app.clone();
    tokio::spawn(async move {
        match gongzhi_app::search::catch_up(&indexer).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(cases = n, "indexed the cases that had no search document"),
            Err(e) => {
                tracing::warn!(error = %e, "could not index the cases without a search document; run `gongzhi search reindex`")
            }
        }
        match gongzhi_app::suggest::train_if_missing(&indexer).await {
            Ok(Some(t)) => tracing::info!(
                cases = t.info.cases,
                top1 = t.info.top1,
                top3 = t.info.top3,
                seconds = t.seconds,
                "trained the category-suggestion model"
            ),
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "could not train the category-suggestion model; run `gongzhi suggest train`")
            }
        }
    });
    let app = gongzhi_web::router(state.clone());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let sweeper = (args.sweep_interval > 0).then(|| {
        gongzhi_app::sweeper::spawn(
            state.app.clone(),
            std::time::Duration::from_secs(args.sweep_interval),
            stop_rx.clone(),
        )
    });
    // Residents' messages: the outbox is sent by whichever servers run a postman; without a sender for a medium its
    // messages wait.
    let postman = senders::postman(&args.senders, &addr.to_string())?;
    let media: Vec<&str> = postman.senders.iter().map(|s| s.medium().code()).collect();
    tracing::info!(senders = ?media, "residents' messages");
    let notifier = (args.senders.notify_interval > 0).then(|| {
        gongzhi_app::notify::spawn(
            state.app.clone(),
            postman,
            std::time::Duration::from_secs(args.senders.notify_interval),
            stop_rx,
        )
    });

    let shutdown = shutdown_signal();
    println!(
        "gongzhi {} listening on http://{addr}",
        env!("CARGO_PKG_VERSION")
    );
    println!("database: {} {display}", store.backend().name());
    if let Some(note) = demo_note {
        print_demo_accounts(&store, &args.demo_password, note).await?;
    }

    let limits = gongzhi_web::server::ServerLimits {
        max_connections_per_address: args.max_connections_per_address,
        ..Default::default()
    };
    gongzhi_web::server::serve(listener, app, limits, shutdown).await;
    // In-flight requests have finished; every acknowledged write was committed before its response was sent.
    let _ = stop_tx.send(true);
    if let Some(sweeper) = sweeper {
        let _ = sweeper.await;
    }
    if let Some(notifier) = notifier {
        let _ = notifier.await;
    }
    store.close().await;
    println!("gongzhi stopped");
    Ok(())
}

async fn seed_demo(store: &Store, password: &str, now: i64) -> anyhow::Result<&'static str> {
    let hash = gongzhi_app::accounts::hash_password(password.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("cannot hash the demo password: {e}"))?;
    Ok(
        match gongzhi_demo::seed_district(store, &Actor::system(now), &hash).await? {
            Seeded::Created { units, users } => {
                tracing::info!(units, users, "created the demo district");
                "created now"
            }
            Seeded::AlreadyPresent => "already present; passwords are as they were set",
        },
    )
}

async fn print_demo_accounts(store: &Store, password: &str, note: &str) -> anyhow::Result<()> {
    let users = gongzhi_demo::district::users();
    println!("demo district: 石景山区 ({note})");
    println!(
        "demo accounts (password: {password}); {} in all, among them:",
        users.len()
    );
    for user in users
        .iter()
        .filter(|u| gongzhi_demo::FEATURED_USERS.contains(&u.username.as_str()))
    {
        let unit = store
            .get_unit_by_code(&user.unit_code)
            .await
            .map(|u| u.unit.name)
            .unwrap_or_default();
        let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
        println!("  {:<22} {:<12} {unit}", user.username, roles.join(","));
    }
    println!(
        "  … and street-<street>-2, c-<street>-<nn> (every community), dept-<dept>, ent-<enterprise>, leader-2"
    );
    Ok(())
}

async fn load_calendar(file: std::path::PathBuf, database: DatabaseArg) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let schedules = gongzhi_domain::calendar::parse_schedules(&text)
        .with_context(|| format!("{} is not a valid schedule", file.display()))?;
    let (store, display) = connect(&database).await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let loaded = gongzhi_app::calendar::load_schedules(
        &app,
        &gongzhi_app::Principal::System,
        &schedules,
        &file.display().to_string(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for (year, off, work) in loaded.years {
        println!("loaded {year} ({off} days off, {work} make-up working days) into {display}");
    }
    println!("recomputed {} provisional deadlines", loaded.recomputed);
    store.close().await;
    Ok(())
}

async fn reindex(database: DatabaseArg) -> anyhow::Result<()> {
    let (store, display) = connect(&database).await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let started = std::time::Instant::now();
    let (total, _) = store.index_counts().await?;
    let mut bar = ProgressBar::new("indexing", total.max(0) as usize, "cases");
    let done =
        gongzhi_app::search::reindex(&app, |done, total| bar.show(done as usize, total as usize))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish();
    store.close().await;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "indexed {done} cases in {display} in {seconds:.1} s ({:.0} cases/s)",
        done as f64 / seconds.max(1e-9)
    );
    Ok(())
}

async fn issue_key(organisation: String, database: DatabaseArg) -> anyhow::Result<ExitCode> {
    let (store, _) = connect(&database).await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let mut actor = Actor::system(app.now());
    actor.label = "command line".into();
    let issued = gongzhi_app::open311::issue_key(&app, &actor, &organisation).await;
    store.close().await;
    match issued {
        Ok((key, _)) => {
            println!("{key}");
            Ok(ExitCode::SUCCESS)
        }
        Err(gongzhi_app::AppError::Invalid(_)) => {
            eprintln!(
                "机构名称不能为空，且不超过 100 个字符（the organisation's name: 1 to 100 characters）"
            );
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

async fn train_suggestions(database: DatabaseArg) -> anyhow::Result<ExitCode> {
    let (store, display) = connect(&database).await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let trained = gongzhi_app::suggest::train(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store.close().await;
    let Some(t) = trained else {
        eprintln!("no closed case with a category in {display}: nothing to learn from");
        return Ok(ExitCode::from(1));
    };
    let i = &t.info;
    println!(
        "trained model version {} on {} closed cases in {display} in {:.1} s; on the {} held back: top-1 {:.1}%, top-3 {:.1}% (temperature {})",
        i.version,
        i.cases,
        t.seconds,
        i.held_cases,
        i.top1 * 100.0,
        i.top3 * 100.0,
        i.temperature
    );
    Ok(ExitCode::SUCCESS)
}

async fn import_census(
    file: std::path::PathBuf,
    round: Option<String>,
    reference_date: Option<String>,
    database: DatabaseArg,
) -> anyhow::Result<ExitCode> {
    let data = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let census = match gongzhi_app::care::read_census(&data) {
        Ok(c) => c,
        Err(rejection) => {
            eprintln!(
                "{}: {}（未导入任何数据）",
                file.display(),
                rejection.message()
            );
            return Ok(ExitCode::from(1));
        }
    };
    let (store, display) = connect(&database).await?;
    let app = gongzhi_app::App::new(store.clone(), gongzhi_app::Clock::system());
    let round = round.unwrap_or_else(|| gongzhi_app::care::default_round(&app));
    let actor = Actor::system(app.now());
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let reference = reference_date.unwrap_or_default();
    let id = gongzhi_app::care::start_import_as(&app, &actor, &name, &round, &reference, &census)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = std::time::Instant::now();
    let mut bar = ProgressBar::new("importing", census.rows(), "rows");
    let outcome = gongzhi_app::care::run_census(&app, &actor, &id, &census, |done, total| {
        bar.show(done, total)
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish();
    store.close().await;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "imported {} rows into {display} in {seconds:.1} s ({:.0} rows/s): {} created, {} updated, {} rows with errors",
        outcome.rows,
        outcome.rows as f64 / seconds.max(1e-9),
        outcome.created,
        outcome.updated,
        outcome.bad_rows()
    );
    if outcome.errors.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "census".into());
    let report = file.with_file_name(format!("{stem}-errors.csv"));
    std::fs::write(&report, gongzhi_app::care::error_report(&outcome.errors))
        .with_context(|| format!("cannot write {}", report.display()))?;
    println!("error report (row, column, reason): {}", report.display());
    Ok(ExitCode::from(1))
}

/// A progress bar on standard error: redrawn in place on a terminal, a line every tenth otherwise.
struct ProgressBar {
    terminal: bool,
    last_tenth: usize,
}

impl ProgressBar {
    /// A bar for `total` things, announced as "`verb` `total` `noun`".
    fn new(verb: &str, total: usize, noun: &str) -> ProgressBar {
        use std::io::IsTerminal;
        let bar = ProgressBar {
            terminal: std::io::stderr().is_terminal(),
            last_tenth: 0,
        };
        eprintln!("{verb} {total} {noun}");
        bar
    }
    fn show(&mut self, done: usize, total: usize) {
        let ratio = done as f64 / total.max(1) as f64;
        let filled = (ratio * 30.0).round() as usize;
        let line = format!(
            "[{}{}] {:>3.0}% {done}/{total}",
            "#".repeat(filled),
            " ".repeat(30 - filled.min(30)),
            ratio * 100.0
        );
        if self.terminal {
            eprint!("\r{line}");
        } else if (ratio * 10.0) as usize > self.last_tenth || done == total {
            self.last_tenth = (ratio * 10.0) as usize;
            eprintln!("{line}");
        }
    }
    fn finish(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}

/// Ctrl-C or SIGTERM, registered when called (before the banner is printed), so a signal sent the moment the server
/// says it is listening already stops it gracefully.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {},
                () = wait(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        println!("shutting down: finishing in-flight requests");
    }
}

async fn migrate(database: DatabaseArg) -> anyhow::Result<()> {
    let resolved = database.resolve()?;
    let store = Store::connect_without_migrating(&resolved.url)
        .await
        .with_context(|| format!("cannot open the database {}", resolved.display))?;
    let applied = store.migrate().await?;
    if applied.is_empty() {
        println!("database {} is up to date", resolved.display);
    } else {
        println!("applied migrations {applied:?} to {}", resolved.display);
    }
    store.close().await;
    Ok(())
}

async fn verify(database: DatabaseArg, anchor: Option<String>) -> anyhow::Result<ExitCode> {
    let anchor = match anchor {
        Some(raw) => Some(
            gongzhi_domain::audit::Anchor::parse(&raw)
                .context("--anchor must be SEQ:HASH as `gongzhi audit anchor` prints it")?,
        ),
        None => None,
    };
    let (store, display) = connect(&database).await?;
    let report = store.verify_audit(anchor.as_ref()).await?;
    store.close().await;
    match report.first_break {
        None => {
            println!(
                "audit log of {display}: {} entries, chain intact",
                report.verified
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(b) => {
            println!(
                "audit log of {display}: BROKEN after {} good entries: {b}",
                report.verified
            );
            Ok(ExitCode::from(1))
        }
    }
}

async fn anchor(database: DatabaseArg) -> anyhow::Result<()> {
    let (store, _) = connect(&database).await?;
    let (seq, hash) = store.audit_head().await?;
    store.close().await;
    println!("{}", gongzhi_domain::audit::Anchor { seq, hash });
    Ok(())
}
