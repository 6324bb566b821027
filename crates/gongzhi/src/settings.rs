//! Where the database is: the default SQLite file under `./data/`, another SQLite file that must already exist, or
//! a PostgreSQL URL. Anything else stops start-up with a message rather than silently creating an empty database.

use std::path::Path;

use anyhow::bail;

/// The database option shared by every subcommand.
#[derive(clap::Args, Clone, Debug)]
pub struct DatabaseArg {
    /// Database URL: `sqlite:PATH` (the file must exist; add `?mode=rwc` to create it) or
    /// `postgres://user:password@host/db`. Default: `sqlite:data/gongzhi.db`, created when missing.
    #[arg(long = "database", env = "GONGZHI_DATABASE_URL")]
    pub url: Option<String>,
}

/// A URL ready for the store, and how to show it (password hidden).
pub struct Resolved {
    pub url: String,
    pub display: String,
}

pub const DEFAULT_DIR: &str = "data";
pub const DEFAULT_FILE: &str = "data/gongzhi.db";

impl DatabaseArg {
    pub fn resolve(&self) -> anyhow::Result<Resolved> {
        let Some(url) = self.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            std::fs::create_dir_all(DEFAULT_DIR)?;
            return Ok(Resolved {
                url: format!("sqlite:{DEFAULT_FILE}?mode=rwc"),
                display: DEFAULT_FILE.into(),
            });
        };
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Resolved {
                url: url.to_owned(),
                display: redact(url),
            });
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
            let creates = query.split('&').any(|p| p == "mode=rwc");
            if path.is_empty() || path == ":memory:" {
                bail!(
                    "an in-memory SQLite database would lose every write on exit; give a file path"
                );
            }
            if !creates && !Path::new(path).exists() {
                bail!(
                    "the SQLite database file {path} does not exist; check the path, or add ?mode=rwc to create a new \
                     database there (leave --database out to use the default {DEFAULT_FILE})"
                );
            }
            return Ok(Resolved {
                url: url.to_owned(),
                display: path.to_owned(),
            });
        }
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or(url);
        bail!("unsupported database URL scheme `{scheme}`: use sqlite:PATH or postgres://…")
    }
}

/// Hides the password of a URL's user info: `postgres://app:secret@db/x` → `postgres://app:***@db/x`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest
        .split_once('/')
        .map(|(a, t)| (a, format!("/{t}")))
        .unwrap_or((rest, String::new()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo
                .split_once(':')
                .map(|(u, _)| format!("{u}:***"))
                .unwrap_or_else(|| userinfo.to_owned());
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(url: &str) -> DatabaseArg {
        DatabaseArg {
            url: Some(url.into()),
        }
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cr%40t@db.local:5432/gz"),
            "postgres://app:***@db.local:5432/gz"
        );
        assert_eq!(redact("postgres://db.local/gz"), "postgres://db.local/gz");
        assert_eq!(
            redact("postgres://app@db.local/gz"),
            "postgres://app@db.local/gz"
        );
    }

    #[test]
    fn unknown_schemes_and_missing_files_are_refused() {
        let e = arg("mysql://root@localhost/gz")
            .resolve()
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("unsupported database URL scheme `mysql`"), "{e}");
        let e = arg("sqlite:/nonexistent/dir/x.db")
            .resolve()
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("does not exist"), "{e}");
        assert!(arg("sqlite:/tmp/new.db?mode=rwc").resolve().is_ok());
        assert!(arg("sqlite::memory:").resolve().is_err());
        assert!(
            arg("postgres://u:p@h/d")
                .resolve()
                .unwrap()
                .display
                .contains("***")
        );
    }
}
