//! The senders residents' messages leave by, configured from the command line or the environment: SMTP (lettre,
//! a real SMTP client: plain on a trusted relay, STARTTLS or TLS) and an HTTP SMS gateway (a URL template and a
//! key). Both answer errors in their own words, which the outbox keeps; neither logs a recipient or a text.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use gongzhi_app::notify::{Outgoing, Sender, Sending};
use gongzhi_domain::notify::Medium;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// How the senders are configured.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SenderArgs {
    /// SMTP relay for residents' e-mail: `smtp://host:25` (plain, a trusted relay), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465`. Unset: e-mails wait in the outbox.
    #[arg(long, env = "GONGZHI_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From of residents' e-mail, e.g. `石景山区接诉即办 <noreply@example.cn>`.
    #[arg(
        long,
        env = "GONGZHI_SMTP_FROM",
        default_value = "gongzhi <noreply@localhost.localdomain>"
    )]
    pub smtp_from: String,
    /// The SMS gateway: a URL template; `{phone}`, `{text}` and `{key}` are replaced (percent-encoded). It is sent
    /// a POST with the JSON body `{"phone": …, "text": …}` and `Authorization: Bearer <key>`. Unset: SMS wait in
    /// the outbox.
    #[arg(long, env = "GONGZHI_SMS_URL")]
    pub sms_url: Option<String>,
    /// The SMS gateway's key.
    #[arg(
        long,
        env = "GONGZHI_SMS_KEY",
        default_value = "",
        hide_env_values = true
    )]
    pub sms_key: String,
    /// The signature SMS carry (【…】).
    #[arg(long, env = "GONGZHI_SMS_SIGNATURE", default_value = "接诉即办")]
    pub sms_signature: String,
    /// The public site's address for the tracking links in messages (default: the address the server listens on).
    #[arg(long, env = "GONGZHI_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds between rounds of sending; 0 turns this server's sending off (another server sends).
    #[arg(long, env = "GONGZHI_NOTIFY_INTERVAL", default_value_t = 10)]
    pub notify_interval: u64,
}

/// E-mail through an SMTP relay.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Smtp> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("the SMTP URL is not smtp://host:port or smtps://… (see --smtp-url)")?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from
            .parse()
            .context("--smtp-from is not an address like `name <box@example.cn>`")?;
        Ok(Smtp { transport, from })
    }
}

impl Sender for Smtp {
    fn medium(&self) -> Medium {
        Medium::Email
    }
    fn send<'a>(&'a self, m: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            let to: Mailbox =
                m.to.parse()
                    .map_err(|_| "the recipient is not an e-mail address".to_owned())?;
            let email = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(&m.subject)
                .header(ContentType::TEXT_PLAIN)
                .body(m.body.clone())
                .map_err(|e| format!("cannot build the message: {e}"))?;
            self.transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}"))
        })
    }
}

/// SMS through an HTTP gateway.
pub struct SmsGateway {
    client: reqwest::Client,
    template: String,
    key: String,
}

impl SmsGateway {
    pub fn new(template: &str, key: &str) -> anyhow::Result<SmsGateway> {
        if !(template.starts_with("http://") || template.starts_with("https://")) {
            anyhow::bail!("--sms-url must start with http:// or https://");
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .context("cannot build the HTTP client")?;
        Ok(SmsGateway {
            client,
            template: template.to_owned(),
            key: key.to_owned(),
        })
    }
}

impl Sender for SmsGateway {
    fn medium(&self) -> Medium {
        Medium::Sms
    }
    fn send<'a>(&'a self, m: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            let url =
                gongzhi_domain::notify::gateway_url(&self.template, &m.to, &m.body, &self.key);
            let mut request = self
                .client
                .post(url)
                .json(&serde_json::json!({ "phone": m.to, "text": m.body }));
            if !self.key.is_empty() {
                request = request.bearer_auth(&self.key);
            }
            // reqwest's errors name the URL, which may carry the number: say only what kind of error it was.
            let answer = request.send().await.map_err(|e| {
                if e.is_timeout() {
                    "SMS gateway: timed out".to_owned()
                } else if e.is_connect() {
                    "SMS gateway: cannot connect".to_owned()
                } else {
                    "SMS gateway: request failed".to_owned()
                }
            })?;
            let status = answer.status();
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("SMS gateway answered HTTP {}", status.as_u16()))
            }
        })
    }
}

/// The postman for `serve`: the senders configured, the links' address and the signature.
pub fn postman(args: &SenderArgs, listening: &str) -> anyhow::Result<gongzhi_app::notify::Postman> {
    let mut senders: Vec<Arc<dyn Sender>> = Vec::new();
    if let Some(url) = args.smtp_url.as_deref().filter(|u| !u.is_empty()) {
        senders.push(Arc::new(Smtp::new(url, &args.smtp_from)?));
    }
    if let Some(url) = args.sms_url.as_deref().filter(|u| !u.is_empty()) {
        senders.push(Arc::new(SmsGateway::new(url, &args.sms_key)?));
    }
    Ok(gongzhi_app::notify::Postman {
        senders,
        public_url: args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{listening}")),
        signature: args.sms_signature.clone(),
    })
}
