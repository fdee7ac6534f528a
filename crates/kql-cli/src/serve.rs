//! `kql serve`: opens the engine over `--data`, binds 127.0.0.1 (or `--bind`), prints
//! `listening on http://ADDR:PORT` once ready and answers Kusto's REST API until Ctrl-C.

use crate::args::ServeArgs;
use crate::report::{EXIT_OK, EXIT_QUERY_ERROR, render_engine_error};
use kql_engine::{Engine, EngineOptions, ScanOptions};
use kql_serve::{ServeOptions, Server};
use std::io::Write;
use std::net::SocketAddr;

/// Opens a long-lived engine (`kql serve`, `kql bench`) over `options.data`, printing its
/// warnings, or its error and `None`.
pub(crate) fn open_over_data(options: EngineOptions) -> Option<Engine> {
    match Engine::open(options) {
        Ok(engine) => {
            for w in engine.warnings() {
                eprintln!("warning: {w}");
            }
            Some(engine)
        }
        Err(e) => {
            eprintln!("{}", render_engine_error(&e, "data", ""));
            None
        }
    }
}

/// Runs the server on `runtime`; returns the exit code.
pub(crate) fn run_serve(args: &ServeArgs, runtime: tokio::runtime::Runtime) -> i32 {
    let Some(engine) = open_over_data(EngineOptions {
        data: args.data.clone(),
        now_nanos: None,
        scan: ScanOptions {
            strict: args.strict,
            no_pruning: false,
            ..ScanOptions::default()
        },
        target_partitions: None,
    }) else {
        return EXIT_QUERY_ERROR;
    };
    let server = match Server::new(
        engine,
        ServeOptions {
            database: args.database.clone(),
            allow_origins: args.allow_origins.clone(),
            data_roots: args.data.clone(),
            ..ServeOptions::default()
        },
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_QUERY_ERROR;
        }
    };
    let addr = SocketAddr::new(args.bind, args.port);
    let result = runtime.block_on(async {
        let listener = kql_serve::bind(addr).await.map_err(|e| {
            format!("error: cannot listen on {addr}: {e} (choose another --port, or 0 for any free port)")
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("error: cannot read the listening address: {e}"))?;
        // The line scripts and tests wait for: it is printed only once the socket accepts.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{local}");
        let _ = out.flush();
        drop(out);
        server
            .run(listener, kql_serve::ctrl_c())
            .await
            .map_err(|e| format!("error: the server stopped: {e}"))
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(m) => {
            eprintln!("{m}");
            EXIT_QUERY_ERROR
        }
    }
}
