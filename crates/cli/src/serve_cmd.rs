//! `hanseek serve`: the HTTP API and the search page (the `hanseek-server` crate).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use hanseek_search::config::{ALIASES_ENV, INDEX_ENV};
use hanseek_search::{AliasSource, Analysis, AnalyzerKind, SearchConfig};
use hanseek_server::access::Access;
use hanseek_server::http;
use hanseek_server::{AppState, ConnectionLimits, RequestLimits, ServerLimits, DEFAULT_LISTEN};

#[derive(Args)]
#[command(
    after_help = "The page is at http://127.0.0.1:8417/ by default; the API at /api/search?q=…, \
                        /api/documents/ID, /api/analyze?text=…, /api/stats, /health, /metrics, described in \
                        /api/openapi.json. Each request logs one line on stderr.

Examples:
  hanseek serve
  hanseek serve --index /data/hanseek-index --listen 127.0.0.1:9000
  hanseek serve --behind-proxy --auth-file /etc/hanseek/access --allow-host search.office

Serving a team (access file, nginx with TLS under /hanseek/, /metrics): docs/server.md."
)]
pub struct ServeArgs {
    /// Index folder. It may not exist yet: until a build makes it, searches answer
    /// 503; every `index build` or `update` is served from its next request on,
    /// without a restart.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
    /// Address to listen on; port 0 picks a free one. Anything but a loopback
    /// address lets whoever reaches this machine read the index (a warning says so).
    #[arg(long, default_value = DEFAULT_LISTEN, value_name = "ADDR")]
    listen: SocketAddr,
    /// Alias file [default: the one the index was built with].
    #[arg(long, env = ALIASES_ENV, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// A host name the team reaches the server by (repeatable): requests must name an
    /// IP address, `localhost` or one of these, so that a page on another site cannot
    /// read the API through DNS rebinding.
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
    /// After Ctrl-C or SIGTERM, how long requests in flight may finish before the
    /// server stops anyway (a client sending half a request kept it up forever).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    shutdown_grace: f64,
    /// Connections open at once; further clients wait until one ends. Keep it under
    /// the process's descriptor limit (`ulimit -n`), which the index's files share.
    #[arg(long, default_value_t = ConnectionLimits::default().max_connections, value_name = "N")]
    max_connections: usize,
    /// Connections one client address may hold at once; more are closed at once (a
    /// browser opens six at most). Not counted for a local proxy with --behind-proxy.
    #[arg(long, default_value_t = ConnectionLimits::default().max_per_client, value_name = "N")]
    max_connections_per_client: usize,
    /// Requests served at once (more get 429 at once), and what one client address may
    /// hold of them, so that one busy script cannot lock the team out.
    #[arg(long, default_value_t = RequestLimits::default().max_concurrent, value_name = "N")]
    max_requests: usize,
    #[arg(long, default_value_t = RequestLimits::default().max_per_client, value_name = "N")]
    max_per_client: usize,
    /// Only the people this file names may search: one `name:secret` line each
    /// (secrets of 12 characters or more; keep the file readable by you only). The
    /// page asks for them (HTTP Basic); scripts send `Authorization: Bearer SECRET`.
    /// `/health` stays open. Read at start: restart to change it.
    #[arg(long, value_name = "FILE")]
    auth_file: Option<PathBuf>,
    /// Listen on a non-loopback address without --auth-file: whoever reaches it may
    /// read the whole index. Without this flag such a --listen is refused.
    #[arg(long)]
    public: bool,
    /// A web origin whose pages may call the API from the browser (repeatable), e.g.
    /// `https://wiki.office`. None by default: browsers let only the server's own page
    /// read the answers.
    #[arg(long, value_name = "ORIGIN", value_parser = parse_origin)]
    cors_origin: Vec<http::HeaderValue>,
    /// `/api/stats` shows where the index and the corpus are on the server (by
    /// default only their folder names: paths tell a client about the machine).
    #[arg(long)]
    show_paths: bool,
    /// A reverse proxy on this machine (nginx, docs/server.md) forwards the requests:
    /// each request counts against, and is logged as, the client address the proxy
    /// appends to `X-Forwarded-For` — believed only from a loopback peer.
    #[arg(long)]
    behind_proxy: bool,
}

/// An origin as browsers send it: scheme, host and port, no path.
fn parse_origin(text: &str) -> Result<http::HeaderValue, String> {
    let (scheme, rest) = text
        .split_once("://")
        .ok_or_else(|| format!("'{text}' is not an origin: write it as https://host or http://host:port"))?;
    if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.contains(['/', '?', '#', '*', ' ']) {
        return Err(format!(
            "'{text}' is not an origin: scheme http or https, a host, an optional port, no path or wildcard"
        ));
    }
    http::HeaderValue::from_str(text).map_err(|e| format!("'{text}': {e}"))
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let aliases = match args.aliases {
        Some(path) => AliasSource::File(path),
        None => AliasSource::Recorded,
    };
    // One thread per query: concurrent requests use the other cores.
    let config = SearchConfig::new(&args.index).with_aliases(aliases);
    anyhow::ensure!(
        args.shutdown_grace.is_finite() && args.shutdown_grace >= 0.0,
        "--shutdown-grace must be a number of seconds, not {}",
        args.shutdown_grace
    );
    anyhow::ensure!(
        args.max_connections > 0
            && args.max_connections_per_client > 0
            && args.max_requests > 0
            && args.max_per_client > 0,
        "--max-connections, --max-connections-per-client, --max-requests and --max-per-client must be at least 1"
    );
    hanseek_server::check_exposure(args.listen, args.auth_file.is_some(), args.public).map_err(anyhow::Error::msg)?;
    let mut limits = ServerLimits {
        requests: RequestLimits {
            max_concurrent: args.max_requests,
            max_per_client: args.max_per_client,
            ..RequestLimits::default()
        },
        connections: ConnectionLimits {
            max_connections: args.max_connections,
            max_per_client: args.max_connections_per_client,
            behind_proxy: args.behind_proxy,
            shutdown_grace: std::time::Duration::from_secs_f64(args.shutdown_grace),
            ..ConnectionLimits::default()
        },
    };
    hanseek_server::connections::fit_descriptors(&mut limits.connections);
    let mut state = AppState::new(config, limits)?
        .allow_hosts(args.allow_host)
        .allow_origins(args.cors_origin)
        .show_paths(args.show_paths);
    if let Some(file) = &args.auth_file {
        let access = Access::read(file).map_err(anyhow::Error::msg)?;
        warn_if_others_can_read(file);
        state = state.with_access(access);
    }
    let state = Arc::new(state);
    if let Ok(Some(note)) = state.searcher.alias_note() {
        say!("{}", crate::alias_warning(&note));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = hanseek_server::bind(args.listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr()?;
        match state.searcher.generation() {
            Ok(generation) => say!("serving {} ({generation}) at http://{address}/", args.index.display()),
            Err(e) => say!("serving at http://{address}/ — {}", crate::explained(&e.into())),
        }
        // The dictionaries load on first use (~0.5 s); load them now, not during the
        // first user's query.
        std::thread::spawn(|| Analysis::of(AnalyzerKind::Main, "인공지능 人工智能"));
        hanseek_server::serve(listener, state).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Secrets readable by every account on the machine are not secrets: say so.
fn warn_if_others_can_read(file: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(metadata) = std::fs::metadata(file) {
            if metadata.permissions().mode() & 0o077 != 0 {
                say!(
                    "warning: {} can be read by other accounts on this machine; chmod 600 it",
                    crate::terminal::shown(&file.display().to_string())
                );
            }
        }
    }
}
