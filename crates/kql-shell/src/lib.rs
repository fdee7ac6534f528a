//! The interactive `kql` shell: multi-line queries, history, highlighting, completion, dot
//! commands and results sized to the terminal; and the progress line of long scans.
//!
//! Part of the `kql` binary's user interface (it prints; the libraries below it do not):
//! `kql` with no subcommand on a terminal, or `kql shell --data …`, calls [`run`]. Built on
//! `reedline`: `input` decides where an entry ends, `highlight` styles it, `complete`
//! offers names by place (tables, the columns of the pipeline before the cursor's `|`,
//! operators, functions, `let` names), `command` parses dot commands and `session` runs
//! entries against a `kql_engine::Engine`, drawing the chart of a query ending in `render`
//! with kql-chart (`chart`); `interrupt` turns Ctrl-C into cancelling the running step. The words come from `kql_syntax::vocabulary` and the
//! function registry (`vocabulary`), never from a copy. [`progress`] draws the scan progress
//! line for the shell and for `kql query`.

mod chart;
mod command;
mod complete;
mod highlight;
mod input;
mod interrupt;
mod lexer;
pub mod progress;
mod session;
mod vocabulary;

use kql_engine::EngineOptions;
use kql_engine::messages::render_engine_error;
use reedline::{
    ColumnarMenu, Completer, Emacs, FileBackedHistory, KeyCode, KeyModifiers, MenuBuilder, Prompt,
    PromptEditMode, PromptHistorySearch, PromptHistorySearchStatus, Reedline, ReedlineEvent,
    ReedlineMenu, Signal, Span, Suggestion, default_emacs_keybindings,
};
use session::{EngineCatalog, Flow, Session};
use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use vocabulary::Vocabulary;

/// Exit code of a session that ended normally (`.quit`, Ctrl-D).
const EXIT_OK: i32 = 0;
/// Exit code when the shell could not start (the data roots could not be read).
const EXIT_ERROR: i32 = 1;

/// Entries kept in the history file.
const HISTORY_SIZE: usize = 10_000;

/// Runs the shell over the exports of `options` until `.quit` or Ctrl-D; returns the exit
/// code. Queries run on `runtime`.
pub fn run(options: EngineOptions, runtime: tokio::runtime::Runtime) -> i32 {
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let mut session = match Session::open(options, runtime, &mut stderr) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(stderr, "{}", render_engine_error(&e, "query", ""));
            return EXIT_ERROR;
        }
    };
    let vocabulary = Arc::new(Vocabulary::builtin());
    let mut editor = editor(
        &vocabulary,
        EngineCatalog(session.shared_engine()),
        &mut stderr,
    );
    let _ = writeln!(
        stdout,
        "kqlake {} shell: a query ends at a blank line or ';'; .help lists the commands",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        match editor.read_line(&KqlPrompt) {
            Ok(Signal::Success(entry)) => {
                if session.execute(&entry, &mut stdout, &mut stderr) == Flow::Quit {
                    return EXIT_OK;
                }
            }
            Ok(Signal::CtrlD) => return EXIT_OK,
            // Ctrl-C at the prompt discards the entry being typed.
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(stderr, "error: the terminal failed: {e}");
                return EXIT_ERROR;
            }
        }
    }
}

/// The line editor: history file, highlighter, completion menu on Tab, multi-line validator.
fn editor(vocabulary: &Arc<Vocabulary>, catalog: EngineCatalog, err: &mut dyn Write) -> Reedline {
    let menu = ColumnarMenu::default().with_name("completion_menu");
    let mut keys = default_emacs_keybindings();
    keys.add_binding(
        KeyModifiers::NONE,
        KeyCode::Tab,
        ReedlineEvent::UntilFound(vec![
            ReedlineEvent::Menu("completion_menu".to_owned()),
            ReedlineEvent::MenuNext,
        ]),
    );
    let mut editor = Reedline::create()
        .with_quick_completions(true)
        .with_partial_completions(true)
        .with_edit_mode(Box::new(Emacs::new(keys)))
        .with_completer(Box::new(KqlCompleter {
            vocabulary: Arc::clone(vocabulary),
            catalog,
        }))
        .with_menu(ReedlineMenu::EngineCompleter(Box::new(menu)))
        .with_highlighter(Box::new(highlight::KqlHighlighter {
            vocabulary: Arc::clone(vocabulary),
        }))
        .with_validator(Box::new(input::QueryValidator));
    match history_path().map(|path| FileBackedHistory::with_file(HISTORY_SIZE, path)) {
        Some(Ok(history)) => editor = editor.with_history(Box::new(history)),
        Some(Err(e)) => {
            let _ = writeln!(err, "warning: no history this session: {e}");
        }
        None => {
            let _ = writeln!(
                err,
                "warning: no history this session: no data directory (set HOME or XDG_DATA_HOME)"
            );
        }
    }
    editor
}

/// `<data dir>/kqlake/history.txt` (`~/.local/share/kqlake/history.txt` on Linux), its folder
/// created.
fn history_path() -> Option<PathBuf> {
    let dir = dirs::data_dir()?.join("kqlake");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history.txt"))
}

/// reedline's completion hook over [`complete::complete`].
struct KqlCompleter {
    vocabulary: Arc<Vocabulary>,
    catalog: EngineCatalog,
}

impl Completer for KqlCompleter {
    fn complete(&mut self, line: &str, pos: usize) -> Vec<Suggestion> {
        let (start, words) = complete::complete(line, pos, &self.vocabulary, &self.catalog);
        words
            .into_iter()
            .map(|value| Suggestion {
                value,
                span: Span::new(start, pos),
                append_whitespace: false,
                ..Suggestion::default()
            })
            .collect()
    }
}

/// `kql> ` on the first line of an entry, `  -> ` on the next ones.
struct KqlPrompt;

impl Prompt for KqlPrompt {
    fn render_prompt_left(&self) -> Cow<'_, str> {
        Cow::Borrowed("kql")
    }

    fn render_prompt_right(&self) -> Cow<'_, str> {
        Cow::Borrowed("")
    }

    fn render_prompt_indicator(&self, _mode: PromptEditMode) -> Cow<'_, str> {
        Cow::Borrowed("> ")
    }

    fn render_prompt_multiline_indicator(&self) -> Cow<'_, str> {
        Cow::Borrowed("  -> ")
    }

    fn render_prompt_history_search_indicator(&self, search: PromptHistorySearch) -> Cow<'_, str> {
        let failing = match search.status {
            PromptHistorySearchStatus::Passing => "",
            PromptHistorySearchStatus::Failing => "failing ",
        };
        Cow::Owned(format!("({failing}search: {}) ", search.term))
    }
}
