//! `kql shell`, and `kql` alone: the interactive shell of `kql-shell` on a terminal.

use crate::args::{Cli, Command, ShellArgs};
use crate::report::EXIT_QUERY_ERROR;
use clap::CommandFactory;
use kql_engine::{EngineOptions, ScanOptions};
use std::io::IsTerminal;

/// The command of `kql` without a subcommand: the shell when standard input and output are a
/// terminal; otherwise clap's usage error (exit code 2), as before the shell existed.
pub(crate) fn default_command() -> Command {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Command::Shell(ShellArgs::default());
    }
    Cli::command()
        .error(
            clap::error::ErrorKind::MissingSubcommand,
            "a subcommand is required when not on a terminal (on one, `kql` alone opens the shell)",
        )
        .exit()
}

/// Runs the shell; its exit code.
pub(crate) fn run_shell(args: &ShellArgs) -> i32 {
    let now_nanos = match crate::parse_now(args.now.as_deref()) {
        Ok(n) => n,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    let options = EngineOptions {
        data: args.data.clone(),
        now_nanos,
        scan: ScanOptions {
            strict: args.strict,
            no_pruning: false,
            ..ScanOptions::default()
        },
        target_partitions: None,
    };
    kql_shell::run(options, crate::runtime())
}
