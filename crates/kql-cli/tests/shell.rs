//! The interactive shell and the progress line, driven in a real terminal: `tmux` runs `kql`
//! in a detached session, `send-keys` types, `capture-pane` reads the screen (and `pipe-pane`
//! records every byte written to the terminal, for the progress line that is drawn and then
//! cleared; `resize-window` shrinks the terminal under a running shell, whose tables follow
//! its width; a `$BROWSER` script records the chart `.open on` opens). Without tmux the
//! terminal tests skip, unless `KQLAKE_CI=1` (then they fail);
//! `.ci/setup-shell.sh` installs it.
//!
//! Expected values are computed here from the files themselves (lines counted with serde_json)
//! or by hand, never from kqlake's output.

use crate::support::{SAMPLE, SAMPLE_NOW, kql, root, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (`-L`), so tests never touch a user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A session running `command` (a shell command line) in a 120x40 terminal, or `None` when
    /// tmux is missing and `KQLAKE_CI` is unset.
    fn start(name: &str, command: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var("KQLAKE_CI").as_deref() != Ok("1"),
                "tmux is not installed (KQLAKE_CI=1): run .ci/setup-shell.sh"
            );
            #[allow(
                clippy::print_stderr,
                reason = "the skip message of a test without its tool"
            )]
            {
                eprintln!("skipped: tmux is not installed (.ci/setup-shell.sh installs it)");
            }
            return None;
        }
        let tmux = Tmux {
            socket: format!("kqltest-{}-{name}", std::process::id()),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "120",
            "-y",
            "40",
            "-c",
            root().to_str().expect("utf-8 path"),
            command,
        ]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` literally. tmux reads a `;` ending an argument as a command separator
    /// unless escaped.
    fn type_text(&self, text: &str) {
        let escaped = match text.strip_suffix(';') {
            Some(head) => format!("{head}\\;"),
            None => text.to_owned(),
        };
        self.run(&["send-keys", "-t", "t", "-l", &escaped]);
    }

    /// The id of the process running `program` in the pane: the pane's process or one of its
    /// children (the pane runs its command through `sh -c`).
    fn process_of(&self, program: &str) -> u32 {
        let pane: u32 = self
            .run(&["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .trim()
            .parse()
            .expect("tmux names the pane's process");
        let children = std::fs::read_to_string(format!("/proc/{pane}/task/{pane}/children"))
            .unwrap_or_default();
        let wanted = std::fs::canonicalize(program).expect("the program exists");
        std::iter::once(pane)
            .chain(children.split_whitespace().filter_map(|c| c.parse().ok()))
            .find(|pid| {
                std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == wanted)
            })
            .unwrap_or_else(|| panic!("{program} runs in the pane"))
    }

    /// Presses keys by tmux name (`Enter`, `Tab`, `C-c`).
    fn press(&self, key: &str) {
        self.run(&["send-keys", "-t", "t", key]);
    }

    /// Appends every byte the program writes to the terminal to `file` (`pipe-pane`).
    fn record_to(&self, file: &Path) {
        self.run(&[
            "pipe-pane",
            "-t",
            "t",
            "-o",
            &format!("cat >> {}", file.display()),
        ]);
    }

    /// The screen and its scroll-back.
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t", "-S", "-500"])
    }

    /// The screen and its scroll-back, with lines the terminal wrapped joined again (`-J`).
    fn joined_screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-J", "-t", "t", "-S", "-500"])
    }

    /// Waits until the screen satisfies `ok`; panics with the screen after 30 s.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_for_screen(what, || self.screen(), ok)
    }

    /// Waits until the joined screen satisfies `ok`.
    fn wait_for_joined(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_for_screen(what, || self.joined_screen(), ok)
    }

    fn wait_for_screen(
        &self,
        what: &str,
        capture: impl Fn() -> String,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let started = Instant::now();
        loop {
            let screen = capture();
            if ok(&screen) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the session's program has ended (tmux then closes the session).
    fn wait_for_exit(&self) {
        let started = Instant::now();
        while Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", "t"])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the program did not end"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A fresh folder for a test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kql-shell-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The records of every JSON file below `dir`, parsed independently of kqlake.
/// The JSON files under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable test data") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out
}

/// One drawn progress line: `scanning: 3/12 files, 1.2 MB/40.0 MB, 52,113 rows [2s]`.
struct ProgressLine {
    text: String,
    read_mb: f64,
    selected_mb: f64,
}

/// Every complete progress line the terminal saw, each checked part by part: files, bytes
/// read of bytes selected (in MB, one decimal), rows and the elapsed time in brackets.
fn progress_lines(terminal: &str) -> Vec<ProgressLine> {
    let mut out = Vec::new();
    for start in terminal.match_indices("scanning: ").map(|(i, _)| i) {
        let rest = &terminal[start..];
        let Some(end) = rest.find(']') else { continue };
        let text = &rest[..=end];
        let part = |text: &str, prefix: &str, suffix: &str| -> Option<String> {
            let at = text.find(prefix)? + prefix.len();
            let len = text[at..].find(suffix)?;
            Some(text[at..at + len].to_owned())
        };
        let files = part(text, "scanning: ", " files, ").expect("files read of files selected");
        let (read, selected) = files.split_once('/').expect("files read/selected");
        assert!(
            read.parse::<u64>().is_ok() && selected.parse::<u64>().is_ok(),
            "files in {text:?}"
        );
        let bytes = part(text, " files, ", ", ").expect("bytes read of bytes selected");
        let (read, selected) = bytes.split_once('/').expect("bytes read/selected");
        let megabytes = |s: &str| -> f64 {
            let number = s.strip_suffix(" MB").expect("bytes in MB");
            let (whole, tenths) = number.split_once('.').expect("one decimal");
            assert!(
                whole.parse::<u64>().is_ok() && tenths.len() == 1,
                "{s:?} in {text:?}"
            );
            number.parse().expect("a number")
        };
        let (read_mb, selected_mb) = (megabytes(read), megabytes(selected));
        let rows = part(text, " MB, ", " rows").expect("rows");
        assert!(
            !rows.is_empty() && rows.chars().all(|c| c.is_ascii_digit() || c == ','),
            "rows in {text:?}"
        );
        let elapsed = part(text, " rows [", "]").expect("the elapsed time");
        assert!(
            elapsed.ends_with('s')
                && elapsed.chars().any(|c| c.is_ascii_digit())
                && elapsed
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, 'h' | 'm' | 's' | ' ')),
            "elapsed time in {text:?}"
        );
        out.push(ProgressLine {
            text: text.to_owned(),
            read_mb,
            selected_mb,
        });
    }
    out
}

fn records(dir: &Path) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for path in files(dir) {
        let text = std::fs::read_to_string(&path).expect("utf-8 test data");
        out.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).expect("valid JSON line")),
        );
    }
    out
}

/// The command line of a shell whose history goes under `home`.
fn shell_command(home: &Path, extra: &str) -> String {
    format!(
        "env HOME={home} XDG_DATA_HOME={home}/data {extra} {kql} shell --data {SAMPLE} --now {SAMPLE_NOW}",
        home = home.display(),
        kql = env!("CARGO_BIN_EXE_kql"),
    )
}

#[test]
fn a_session_completes_runs_fails_cancels_and_saves() {
    let home = scratch("session");
    let Some(tmux) = Tmux::start("session", &shell_command(&home, "KQL_PROGRESS_DELAY_MS=0"))
    else {
        return;
    };
    // Every byte the shell writes to the terminal, for the progress line that is cleared.
    let raw = home.join("terminal.raw");
    tmux.record_to(&raw);
    tmux.wait_for("the prompt", |s| s.contains("kql>"));

    // Completion of a table name, then (on the next line of the same query) of a column of
    // the table before the cursor's pipe.
    tmux.type_text("AmlComputeJ");
    tmux.press("Tab");
    tmux.wait_for("the table name completed", |s| {
        s.contains("kql> AmlComputeJobEvent")
    });
    tmux.press("Enter");
    tmux.type_text("| where isnotempty(JobN");
    tmux.press("Tab");
    tmux.wait_for("the column completed", |s| {
        s.contains("| where isnotempty(JobName")
    });
    tmux.type_text(")");
    tmux.press("Enter");
    tmux.type_text("| count");
    tmux.press("Enter");
    // A blank line ends the multi-line query.
    tmux.press("Enter");
    let expected = records(&root().join(SAMPLE).join("insights-logs-amlcomputejobevent"))
        .iter()
        .filter(|r| {
            r["properties"]["JobName"]
                .as_str()
                .is_some_and(|n| !n.is_empty())
        })
        .count();
    assert!(expected > 0, "the sample has named jobs");
    let screen = tmux.wait_for("the count", |s| s.contains("│ Count"));
    assert!(
        screen.contains(&format!("│ {expected} ")),
        "expected {expected} named job events; the screen:\n{screen}"
    );
    let terminal = std::fs::read_to_string(&raw).unwrap_or_default();
    assert!(
        !progress_lines(&terminal).is_empty(),
        "the shell drew the scan's progress line; the terminal saw:\n{terminal}"
    );
    assert!(
        !screen.contains("scanning: "),
        "and cleared it; the screen:\n{screen}"
    );

    // An error: the same caret diagnostic as `kql query`, and the shell goes on.
    tmux.type_text("datatable(x: long) [1] | project y;");
    tmux.press("Enter");
    let screen = tmux.wait_for("the error", |s| s.contains("error: "));
    assert!(screen.contains("--> query:1:"), "{screen}");
    assert!(screen.contains("^"), "{screen}");
    assert!(screen.contains("'y'"), "{screen}");

    // Cancellation: a query that would run for hours stops at Ctrl-C; the shell stays.
    tmux.type_text("range x from 1 to 1000000000000 step 1 | summarize count();");
    tmux.press("Enter");
    std::thread::sleep(Duration::from_millis(700));
    tmux.press("C-c");
    tmux.wait_for("the cancellation", |s| s.contains("query cancelled"));

    // The row cap, then `.save` of every row: 1 + 2 + … + 5 by hand.
    tmux.type_text(".set rows=2");
    tmux.press("Enter");
    tmux.type_text("datatable(x: long) [1, 2, 3, 4, 5] | extend sum_to_x = x * (x + 1) / 2;");
    tmux.press("Enter");
    tmux.wait_for("the row cap", |s| {
        s.contains("(3 more rows; .save to get all)")
    });
    let saved = home.join("all.csv");
    tmux.type_text(&format!(".save {}", saved.display()));
    tmux.press("Enter");
    tmux.wait_for("the save", |s| s.contains("saved 5 row(s)"));
    assert_eq!(
        std::fs::read_to_string(&saved).expect("saved file"),
        "x,sum_to_x\n1,1\n2,3\n3,6\n4,10\n5,15\n"
    );

    tmux.type_text(".quit");
    tmux.press("Enter");
    tmux.wait_for_exit();
    let history = std::fs::read_to_string(home.join("data/kqlake/history.txt"))
        .expect("the history is kept in the data directory");
    assert!(history.contains("| count"), "{history}");
    assert!(history.contains(".set rows=2"), "{history}");
}

/// The widest line of a table (one holding `│`) in the part of `screen` after the last
/// `marker`, in characters.
fn widest_table_line(screen: &str, marker: &str) -> usize {
    let tail = &screen[screen.rfind(marker).expect("the marker is on the screen")..];
    tail.lines()
        .filter(|l| l.contains('│'))
        .map(|l| l.trim_end().chars().count())
        .max()
        .expect("a table after the marker")
}

#[test]
fn render_draws_a_chart_opens_it_and_the_shell_survives_a_resize() {
    let home = scratch("chart");
    // `$BROWSER`: a script that records the file it was asked to open. TMPDIR keeps the
    // session's chart folder under the test's folder.
    let opener = home.join("opener.sh");
    let opened = home.join("opened.txt");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\necho \"$1\" > {}.part && mv {}.part {}\n",
            opened.display(),
            opened.display(),
            opened.display()
        ),
    )
    .expect("the opener script");
    let chmod = Command::new("chmod")
        .arg("+x")
        .arg(&opener)
        .status()
        .expect("chmod runs");
    assert!(chmod.success());
    let extra = format!("BROWSER={} TMPDIR={}", opener.display(), home.display());
    let Some(tmux) = Tmux::start("chart", &shell_command(&home, &extra)) else {
        return;
    };
    tmux.wait_for("the prompt", |s| s.contains("kql>"));
    tmux.type_text(".open on");
    tmux.press("Enter");
    // Two states: their table, and a pie of them whose labels are the states.
    tmux.type_text(
        "datatable(State: string, Jobs: long) [\"Running\", 3, \"Failed\", 1] | render piechart;",
    );
    tmux.press("Enter");
    let screen = tmux.wait_for_joined("the chart's path", |s| s.contains("chart: "));
    assert!(
        screen.contains("│ Running ") && screen.contains("│ Failed "),
        "the table is shown too; the screen:\n{screen}"
    );
    let path = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("chart: "))
        .map(PathBuf::from)
        .expect("a path after 'chart: '");
    assert!(
        path.starts_with(&home) && path.extension().is_some_and(|e| e == "svg"),
        "{}",
        path.display()
    );
    let svg = std::fs::read_to_string(&path).expect("the chart file exists");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Running") && svg.contains("Failed"), "{svg}");
    let started = Instant::now();
    let asked = loop {
        if let Ok(text) = std::fs::read_to_string(&opened) {
            break text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the opener was not started"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(asked.trim_end(), path.to_str().expect("utf-8 path"));

    // A 150-character cell is wrapped to the terminal's width: 120 columns, then, after the
    // window shrinks to 60, 60.
    let wide = "print s = strrep('abcdefghij', 15);";
    tmux.type_text(wide);
    tmux.press("Enter");
    let screen = tmux.wait_for_joined("the wide table", |s| {
        s.rfind(wide).is_some_and(|at| s[at..].contains("└"))
    });
    let before = widest_table_line(&screen, wide);
    assert!(
        before > 60 && before <= 120,
        "{before}; the screen:\n{screen}"
    );
    tmux.run(&["resize-window", "-t", "t", "-x", "60", "-y", "30"]);
    tmux.type_text(&wide.replace("print s", "print t"));
    tmux.press("Enter");
    let narrow = wide.replace("print s", "print t");
    let screen = tmux.wait_for_joined("the table after the resize", |s| {
        s.rfind(&narrow).is_some_and(|at| s[at..].contains("└"))
    });
    let after = widest_table_line(&screen, &narrow);
    assert!(after <= 60, "{after}; the screen:\n{screen}");
    assert!(screen.contains("abcdefghij"), "{screen}");

    tmux.type_text(".quit");
    tmux.press("Enter");
    tmux.wait_for_exit();
}

#[test]
fn kql_alone_on_a_terminal_opens_the_shell() {
    let home = scratch("alone");
    let Some(tmux) = Tmux::start(
        "alone",
        &format!(
            "env HOME={home} XDG_DATA_HOME={home}/data {kql}",
            home = home.display(),
            kql = env!("CARGO_BIN_EXE_kql")
        ),
    ) else {
        return;
    };
    tmux.wait_for("the banner", |s| s.contains(".help lists the commands"));
    // A SIGINT (what Ctrl-C sends while the shell works) before any query: the listener is
    // installed when the shell starts, so the shell lives on and answers the next query.
    let kql = tmux.process_of(env!("CARGO_BIN_EXE_kql"));
    let sent = Command::new("kill")
        .args(["-INT", &kql.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    tmux.type_text("print answer = 40 + 2;");
    tmux.press("Enter");
    let screen = tmux.wait_for("the answer", |s| s.contains("│ 42 "));
    assert!(screen.contains("answer"), "{screen}");
    tmux.type_text(".quit");
    tmux.press("Enter");
    tmux.wait_for_exit();
}

#[test]
fn progress_is_drawn_on_a_terminal_and_cleared() {
    let dir = scratch("progress");
    let Some(tmux) = Tmux::start("progress", "sh") else {
        return;
    };
    let raw = dir.join("terminal.raw");
    tmux.record_to(&raw);
    let out = dir.join("out.csv");
    tmux.type_text(&format!(
        "KQL_PROGRESS_DELAY_MS=0 {} query --data {SAMPLE} --format csv 'AmlComputeJobEvent | count' > {}; echo finished-$((40+2))",
        env!("CARGO_BIN_EXE_kql"),
        out.display()
    ));
    tmux.press("Enter");
    tmux.wait_for("the query", |s| s.contains("finished-42"));
    let started = Instant::now();
    let terminal = loop {
        let text = std::fs::read_to_string(&raw).unwrap_or_default();
        if text.contains("finished-42") || started.elapsed() > Duration::from_secs(10) {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let lines = progress_lines(&terminal);
    assert!(
        !lines.is_empty(),
        "the progress line was drawn on stderr; the terminal saw:\n{terminal}"
    );
    // The bytes selected can be no more than the table's files hold (1.9 MB: the sizes of its
    // JSON files on disk, summed here), and no more are read than selected.
    let on_disk: u64 = files(&root().join(SAMPLE).join("insights-logs-amlcomputejobevent"))
        .iter()
        .map(|f| std::fs::metadata(f).expect("a sample file").len())
        .sum();
    for line in &lines {
        assert!(
            line.read_mb <= line.selected_mb && line.selected_mb <= on_disk as f64 / 1e6 + 0.05,
            "bytes read {} of {} MB selected, {on_disk} bytes on disk: {}",
            line.read_mb,
            line.selected_mb,
            line.text
        );
    }
    let expected = records(&root().join(SAMPLE).join("insights-logs-amlcomputejobevent")).len();
    assert_eq!(
        std::fs::read_to_string(&out).expect("the result file"),
        format!("Count\n{expected}\n"),
        "standard output holds only the result"
    );
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kql"));
    command
        .args([
            "query",
            "--data",
            SAMPLE,
            "--format",
            "csv",
            "AmlComputeJobEvent | count",
        ])
        .env("KQL_PROGRESS_DELAY_MS", "0")
        .current_dir(root());
    let out = command.output().expect("kql runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "stderr stays clean for scripts");
    let expected = records(&root().join(SAMPLE).join("insights-logs-amlcomputejobevent")).len();
    assert_eq!(stdout(&out), format!("Count\n{expected}\n"));
    // Without a terminal and without a subcommand, `kql` is a usage error, not a shell.
    let out = kql(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
