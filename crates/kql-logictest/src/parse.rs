//! Reading `.kqltest` files into records.

use std::path::{Path, PathBuf};

/// One parsed test file, includes resolved.
#[derive(Debug, Clone, Default)]
pub struct TestFile {
    /// `now` directive, if any.
    pub now: Option<String>,
    /// `data` directives, as written.
    pub data: Vec<PathBuf>,
    /// The records in order.
    pub records: Vec<Record>,
}

/// What a record expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordKind {
    /// A result with these KQL column types and these CSV rows.
    Query {
        /// The KQL types of the result columns, in order.
        types: Vec<String>,
        /// Compare rows as sorted lists.
        rowsort: bool,
        /// The expected rows (CSV, no header).
        rows: Vec<String>,
    },
    /// A failure whose message matches this regex, pointing at the `«…»` span if marked.
    Error {
        /// The message pattern.
        pattern: String,
        /// The byte range marked with `«…»` in the query, if any.
        span: Option<(usize, usize)>,
    },
}

/// One query and its expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The file the record is in.
    pub path: PathBuf,
    /// The 1-based line of the record's directive.
    pub line: usize,
    /// The KQL text (markers removed).
    pub query: String,
    /// Query parameter values (`param name=value` lines before the record), as `--param`
    /// gives them.
    pub params: Vec<(String, String)>,
    /// The expectation.
    pub kind: RecordKind,
}

/// Removes `«` and `»` from a query, returning the text and the marked byte range.
fn strip_markers(text: &str) -> (String, Option<(usize, usize)>) {
    let (mut out, mut start, mut end) = (String::with_capacity(text.len()), None, None);
    for c in text.chars() {
        match c {
            '«' => start = Some(out.len()),
            '»' => end = Some(out.len()),
            _ => out.push(c),
        }
    }
    (out, start.zip(end))
}

/// Parses the file at `path` (and the files it includes). The file must name where its
/// expected answers come from in a `# Source:` comment before its first record (STYLE §6);
/// included `.part` files share their includer's source.
pub fn parse_file(path: &Path) -> Result<TestFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !names_its_source(&text) {
        return Err(format!(
            "{}:1: a .kqltest file must start with a '# Source:' comment naming where its \
             expected answers come from (Kusto's docs, a hand calculation, a second engine)",
            path.display()
        ));
    }
    let mut file = TestFile::default();
    parse_into(path, &text, &mut file, 0)?;
    Ok(file)
}

/// True when a `# Source:` line comes before the first directive.
fn names_its_source(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .take_while(|l| l.is_empty() || l.starts_with('#'))
        .any(|l| {
            l.trim_start_matches('#')
                .trim_start()
                .strip_prefix("Source:")
                .is_some_and(|rest| !rest.trim().is_empty())
        })
}

fn parse_into(path: &Path, text: &str, file: &mut TestFile, depth: usize) -> Result<(), String> {
    if depth > 8 {
        return Err(format!("{}: includes nest too deeply", path.display()));
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut params = Vec::new();
    let error = |line: usize, m: &str| format!("{}:{}: {m}", path.display(), line + 1);
    while i < lines.len() {
        let line = lines[i].trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let (word, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        let rest = rest.split(" #").next().unwrap_or("").trim();
        match word {
            "now" => {
                file.now = Some(rest.to_owned());
                i += 1;
            }
            "data" => {
                file.data.push(PathBuf::from(rest));
                i += 1;
            }
            "sources" => {
                return Err(error(
                    i,
                    "directive 'sources' is not supported yet: records run on the data as mounted",
                ));
            }
            "param" => {
                let Some((name, value)) = rest.split_once('=') else {
                    return Err(error(i, "expected 'param name=value'"));
                };
                params.push((name.trim().to_owned(), value.trim().to_owned()));
                i += 1;
            }
            "include" => {
                let target = path.parent().unwrap_or(Path::new(".")).join(rest);
                let text = std::fs::read_to_string(&target)
                    .map_err(|e| error(i, &format!("include {}: {e}", target.display())))?;
                parse_into(&target, &text, file, depth + 1)?;
                i += 1;
            }
            "query" | "error" => {
                let start = i;
                i += 1;
                let mut query = Vec::new();
                while i < lines.len() && lines[i].trim() != "----" && !lines[i].trim().is_empty() {
                    query.push(lines[i]);
                    i += 1;
                }
                let (query, span) = strip_markers(&query.join("\n"));
                if query.trim().is_empty() {
                    return Err(error(
                        start,
                        "a record needs a query on the lines after its directive",
                    ));
                }
                let kind = if word == "query" {
                    if i >= lines.len() || lines[i].trim() != "----" {
                        return Err(error(
                            start,
                            "a query record needs a '----' line before its rows",
                        ));
                    }
                    i += 1;
                    let mut rows = Vec::new();
                    while i < lines.len() && !lines[i].trim().is_empty() {
                        rows.push(lines[i].to_owned());
                        i += 1;
                    }
                    let mut words = rest.split_whitespace();
                    let types = words
                        .next()
                        .map(|t| t.split(',').map(str::to_owned).collect())
                        .unwrap_or_default();
                    let rowsort = words.any(|w| w == "rowsort");
                    RecordKind::Query {
                        types,
                        rowsort,
                        rows,
                    }
                } else {
                    RecordKind::Error {
                        pattern: rest.to_owned(),
                        span,
                    }
                };
                file.records.push(Record {
                    path: path.to_owned(),
                    line: start + 1,
                    query,
                    params: std::mem::take(&mut params),
                    kind,
                });
            }
            other => return Err(error(i, &format!("unknown directive '{other}'"))),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_byte_ranges() {
        let (q, span) = strip_markers("T | project «Nodé»");
        assert_eq!(q, "T | project Nodé");
        assert_eq!(span, Some((12, 17)));
    }

    #[test]
    fn a_source_comment_is_required_first() {
        assert!(names_its_source(
            "# Source: hand\nquery long\nprint 1\n----\n1\n"
        ));
        assert!(names_its_source("# t.kqltest\n# Source: docs\n"));
        assert!(!names_its_source("# hand\nquery long\n"));
        assert!(!names_its_source("query long\nprint 1\n# Source: late\n"));
        assert!(!names_its_source("# Source:\n"));
    }

    #[test]
    fn unknown_directives_are_rejected() {
        let mut f = TestFile::default();
        let e = parse_into(
            Path::new("t.kqltest"),
            "# Source: x\nqeury long\n",
            &mut f,
            0,
        )
        .unwrap_err();
        assert_eq!(e, "t.kqltest:2: unknown directive 'qeury'");
        let e = parse_into(Path::new("t.kqltest"), "sources jsonl\n", &mut f, 0).unwrap_err();
        assert!(e.contains("'sources' is not supported yet"), "{e}");
    }

    #[test]
    fn records_parse() {
        let text = "# Source: hand\nnow 2021-10-21T00:00:00Z\n\nquery long rowsort\nprint 1\n----\n1\n\nparam n=5\nerror unknown column\nT | project «x»\n";
        let mut f = TestFile::default();
        parse_into(Path::new("t.kqltest"), text, &mut f, 0).expect("valid file");
        assert_eq!(f.now.as_deref(), Some("2021-10-21T00:00:00Z"));
        assert_eq!(f.records.len(), 2);
        assert_eq!(
            f.records[0].kind,
            RecordKind::Query {
                types: vec!["long".into()],
                rowsort: true,
                rows: vec!["1".into()]
            }
        );
        assert_eq!(f.records[1].line, 10);
        assert!(f.records[0].params.is_empty());
        assert_eq!(f.records[1].params, [("n".to_owned(), "5".to_owned())]);
        assert_eq!(
            f.records[1].kind,
            RecordKind::Error {
                pattern: "unknown column".into(),
                span: Some((12, 13))
            }
        );
    }
}
