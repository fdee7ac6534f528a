//! The `kql-datagen` binary: parses flags, generates, prints a one-line summary to stderr.

use std::process::ExitCode;

use clap::Parser;
use kql_datagen::cli::Args;

#[expect(
    clippy::print_stderr,
    reason = "the binary reports its result and errors on stderr"
)]
fn main() -> ExitCode {
    let args = Args::parse();
    match args.run() {
        Ok(s) => {
            let q = s.query_rows;
            eprintln!(
                "kql-datagen: {} rows in {} files, {} bytes ({} days, {} workspaces, rate {}); {} anomalies; expected rows q1..q5 = {} {} {} {} {}",
                s.rows,
                s.files,
                s.bytes,
                s.days,
                s.workspaces,
                s.rate,
                s.anomalies,
                q[0],
                q[1],
                q[2],
                q[3],
                q[4]
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
