//! Management commands (`/v1/rest/mgmt`): the `.show` commands Kusto's clients send to learn
//! the database, its tables and their schemas, with Kusto's output columns.
//!
//! A command's result is written as a `datatable` and run by the engine, so a trailing
//! pipeline (`.show tables | where TableName startswith "Aml"`) is an ordinary query over it,
//! and every value is encoded as query results are. Commands kqlake does not know are refused
//! with a 400 naming them.

use crate::error::ServeError;
use kql_engine::{Engine, KqlType};
use kql_syntax::ast::Literal;
use serde_json::json;
use std::collections::BTreeSet;
use std::fmt::Write;

/// A table a command answers: its columns and rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CommandTable {
    /// Column names and types, in Kusto's order.
    pub(crate) columns: Vec<(&'static str, KqlType)>,
    /// The rows, one literal per column.
    pub(crate) rows: Vec<Vec<Literal>>,
}

impl CommandTable {
    /// The table as a `datatable` query.
    pub(crate) fn to_datatable(&self) -> String {
        let mut out = String::from("datatable(");
        for (i, (name, t)) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{name}:{t}");
        }
        out.push_str(")[");
        for (r, row) in self.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                if r + c > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{value}");
            }
        }
        out.push(']');
        out
    }
}

/// A table's name and columns, as a query sees them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableSchema {
    /// The table name.
    pub(crate) name: String,
    /// Column names and KQL types.
    pub(crate) columns: Vec<(String, KqlType)>,
    /// Whether exports under `--data` hold it (else it is a documented, empty table).
    pub(crate) has_data: bool,
}

/// The tables `kql tables` lists (documented Log Analytics tables and those under `--data`),
/// with their columns as a query sees them (planned from the bare table name).
pub(crate) fn table_schemas(engine: &Engine) -> Vec<TableSchema> {
    let exported = engine.table_names();
    let mut names: BTreeSet<String> = kql_engine::kql_schemas::table_names()
        .map(str::to_owned)
        .collect();
    names.extend(exported.iter().cloned());
    names
        .into_iter()
        .filter_map(|name| {
            let planned = engine.plan(&bracketed(&name)).ok()?;
            Some(TableSchema {
                has_data: exported.contains(&name),
                columns: planned
                    .columns
                    .into_iter()
                    .map(|c| (c.name, c.kql_type))
                    .collect(),
                name,
            })
        })
        .collect()
}

/// A table name as KQL text: bare if it is an identifier, else `['name']`.
fn bracketed(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
    {
        name.to_owned()
    } else {
        format!("[{}]", Literal::String(name.to_owned()))
    }
}

/// Splits a command into the command itself and its trailing pipeline (the text after the
/// first `|` outside quotes), with the pipeline's byte offset.
pub(crate) fn split_pipeline(text: &str) -> (&str, Option<(usize, &str)>) {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '|') => return (&text[..i], Some((i + 1, &text[i + 1..]))),
            _ => {}
        }
    }
    (text, None)
}

/// What the server knows when answering a command.
pub(crate) struct CommandContext<'a> {
    /// The database name.
    pub(crate) database: &'a str,
    /// The tables, in name order.
    pub(crate) tables: &'a [TableSchema],
}

/// Runs a command (without its pipeline) to a table.
pub(crate) fn run_command(
    command: &str,
    cx: &CommandContext<'_>,
) -> Result<CommandTable, ServeError> {
    let words: Vec<String> = command
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .map(unquote)
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let unknown = || {
        ServeError::bad_request(format!(
            "unknown or unsupported management command '{}': kqlake answers .show version, \
             .show databases, .show database [X] identity, .show tables, .show table T schema as \
             json, .show table T cslschema, .show database X cslschema, .show [database X] schema \
             as json, .show databases entities, .show functions, .show materialized-views and \
             .show external tables",
            command.trim()
        ))
    };
    let check_database = |name: &str| {
        if name.eq_ignore_ascii_case(cx.database) {
            Ok(())
        } else {
            Err(ServeError::bad_request(format!(
                "database '{name}' does not exist: this server's database is '{}'",
                cx.database
            )))
        }
    };
    let table = |name: &str| {
        cx.tables
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| ServeError::bad_request(format!("table '{name}' does not exist")))
    };
    match lower.as_slice() {
        [".show", "version"] => Ok(version()),
        [".show", "databases"] | [".show", "database"] => Ok(databases(cx)),
        [".show", "database", "identity"] => Ok(databases(cx)),
        [".show", "database", _, "identity"] => {
            check_database(&words[2])?;
            Ok(databases(cx))
        }
        [".show", "tables"] => Ok(tables(cx)),
        [".show", "table", _, "schema", "as", "json"] => {
            Ok(table_schema(cx, table(&words[2])?, true))
        }
        [".show", "table", _, "cslschema"] => Ok(table_schema(cx, table(&words[2])?, false)),
        [".show", "database", _, "cslschema"] => {
            check_database(&words[2])?;
            Ok(database_cslschema(cx))
        }
        [".show", "database", "cslschema"] => Ok(database_cslschema(cx)),
        [".show", "schema", "as", "json", ..]
        | [".show", "database", "schema", "as", "json", ..] => Ok(schema_json(cx)),
        [
            ".show",
            "database" | "databases",
            _,
            "schema",
            "as",
            "json",
            ..,
        ] => {
            check_database(&words[2])?;
            Ok(schema_json(cx))
        }
        [".show", "databases", "entities", ..] => Ok(entities(cx)),
        [".show", "functions"] => Ok(CommandTable {
            columns: string_columns(&["Name", "Parameters", "Body", "Folder", "DocString"]),
            rows: Vec::new(),
        }),
        [".show", "materialized-views"] => Ok(CommandTable {
            columns: vec![
                ("Name", KqlType::String),
                ("SourceTable", KqlType::String),
                ("Query", KqlType::String),
                ("MaterializedTo", KqlType::DateTime),
                ("LastRun", KqlType::DateTime),
                ("LastRunResult", KqlType::String),
                ("IsHealthy", KqlType::Bool),
                ("IsEnabled", KqlType::Bool),
                ("Folder", KqlType::String),
                ("DocString", KqlType::String),
                ("AutoUpdateSchema", KqlType::Bool),
                ("EffectiveDateTime", KqlType::DateTime),
                ("Lookback", KqlType::TimeSpan),
            ],
            rows: Vec::new(),
        }),
        [".show", "external", "tables"] => Ok(CommandTable {
            columns: string_columns(&[
                "TableName",
                "TableType",
                "Folder",
                "DocString",
                "Properties",
            ]),
            rows: Vec::new(),
        }),
        _ => Err(unknown()),
    }
}

/// `['name']` or `"name"` → `name`.
fn unquote(word: &str) -> String {
    let w = word
        .strip_prefix('[')
        .and_then(|w| w.strip_suffix(']'))
        .unwrap_or(word);
    for q in ['\'', '"'] {
        if let Some(inner) = w.strip_prefix(q).and_then(|w| w.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    w.to_owned()
}

fn s(text: impl Into<String>) -> Literal {
    Literal::String(text.into())
}

/// String columns with these names.
fn string_columns(names: &[&'static str]) -> Vec<(&'static str, KqlType)> {
    names.iter().map(|n| (*n, KqlType::String)).collect()
}

/// The columns of the schema commands (`.show table T schema as json`, `… cslschema`).
const SCHEMA_COLUMNS: &[&str] = &["TableName", "Schema", "DatabaseName", "Folder", "DocString"];

/// A row of a schema command: the table and its schema text.
fn schema_row(cx: &CommandContext<'_>, t: &TableSchema, schema: String) -> Vec<Literal> {
    vec![
        s(&t.name),
        s(schema),
        s(cx.database),
        s(""),
        s(doc_string(t)),
    ]
}

/// `.show version`.
fn version() -> CommandTable {
    let version = env!("CARGO_PKG_VERSION");
    CommandTable {
        columns: vec![
            ("BuildVersion", KqlType::String),
            ("BuildTime", KqlType::DateTime),
            ("ServiceType", KqlType::String),
            ("ProductVersion", KqlType::String),
        ],
        rows: vec![vec![
            s(version),
            Literal::Null(KqlType::DateTime),
            s("Engine"),
            s(format!("kqlake {version}")),
        ]],
    }
}

/// `.show databases` and `.show database [X] identity`: the one database, with the columns
/// of `management/show-database.md` (identity option).
fn databases(cx: &CommandContext<'_>) -> CommandTable {
    CommandTable {
        columns: vec![
            ("DatabaseName", KqlType::String),
            ("PersistentStorage", KqlType::String),
            ("Version", KqlType::String),
            ("IsCurrent", KqlType::Bool),
            ("DatabaseAccessMode", KqlType::String),
            ("PrettyName", KqlType::String),
            ("CurrentUserIsUnrestrictedViewer", KqlType::Bool),
            ("DatabaseId", KqlType::Guid),
            ("InTransitionTo", KqlType::String),
            ("SuspensionState", KqlType::String),
        ],
        rows: vec![vec![
            s(cx.database),
            s(""),
            s("v1.0"),
            Literal::Bool(true),
            s("ReadOnly"),
            s(""),
            Literal::Bool(true),
            Literal::Guid("00000000-0000-0000-0000-000000000000".to_owned()),
            s(""),
            s(""),
        ]],
    }
}

/// A table's doc string: where its rows come from.
fn doc_string(t: &TableSchema) -> &'static str {
    if t.has_data {
        "exports under --data"
    } else {
        "documented Log Analytics table without exports (no rows)"
    }
}

/// `.show tables`.
fn tables(cx: &CommandContext<'_>) -> CommandTable {
    CommandTable {
        columns: string_columns(&["TableName", "DatabaseName", "Folder", "DocString"]),
        rows: cx
            .tables
            .iter()
            .map(|t| vec![s(&t.name), s(cx.database), s(""), s(doc_string(t))])
            .collect(),
    }
}

/// A table's schema as JSON (`{"Name", "OrderedColumns": [{"Name", "Type", "CslType"}]}`).
fn table_json(t: &TableSchema) -> serde_json::Value {
    json!({
        "Name": t.name,
        "EntityType": "Table",
        "OrderedColumns": t.columns.iter().map(|(name, kql)| json!({
            "Name": name,
            "Type": kql_planner::dotnet_type(*kql),
            "CslType": kql.to_string(),
        })).collect::<Vec<_>>(),
        "Folder": "",
        "DocString": doc_string(t),
    })
}

/// A table's schema in CSL form: `a:string, b:long`.
fn cslschema(t: &TableSchema) -> String {
    t.columns
        .iter()
        .map(|(name, kql)| format!("{}:{kql}", bracketed(name)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `.show table T schema as json` / `.show table T cslschema`.
fn table_schema(cx: &CommandContext<'_>, t: &TableSchema, as_json: bool) -> CommandTable {
    let schema = if as_json {
        table_json(t).to_string()
    } else {
        cslschema(t)
    };
    CommandTable {
        columns: string_columns(SCHEMA_COLUMNS),
        rows: vec![schema_row(cx, t, schema)],
    }
}

/// `.show database X cslschema`: one row per table.
fn database_cslschema(cx: &CommandContext<'_>) -> CommandTable {
    CommandTable {
        columns: string_columns(SCHEMA_COLUMNS),
        rows: cx
            .tables
            .iter()
            .map(|t| schema_row(cx, t, cslschema(t)))
            .collect(),
    }
}

/// `.show database schema as json`: the database with every table, in one JSON text.
fn schema_json(cx: &CommandContext<'_>) -> CommandTable {
    let tables: serde_json::Map<String, serde_json::Value> = cx
        .tables
        .iter()
        .map(|t| (t.name.clone(), table_json(t)))
        .collect();
    let schema = json!({
        "Plugins": [],
        "Databases": {
            cx.database: {
                "Name": cx.database,
                "Tables": tables,
                "ExternalTables": {},
                "MaterializedViews": {},
                "Functions": {},
                "EntityGroups": {},
                "MajorVersion": 1,
                "MinorVersion": 0,
                "DatabaseAccessMode": "ReadOnly",
            }
        }
    });
    CommandTable {
        columns: vec![("DatabaseSchema", KqlType::String)],
        rows: vec![vec![s(schema.to_string())]],
    }
}

/// `.show databases entities`: every table as an entity.
fn entities(cx: &CommandContext<'_>) -> CommandTable {
    CommandTable {
        columns: vec![
            ("DatabaseName", KqlType::String),
            ("EntityType", KqlType::String),
            ("EntityName", KqlType::String),
            ("DocString", KqlType::String),
            ("Folder", KqlType::String),
            ("CslInputSchema", KqlType::String),
            ("Content", KqlType::String),
            ("CslOutputSchema", KqlType::String),
            ("Properties", KqlType::Dynamic),
        ],
        rows: cx
            .tables
            .iter()
            .map(|t| {
                vec![
                    s(cx.database),
                    s("Table"),
                    s(&t.name),
                    s(doc_string(t)),
                    s(""),
                    s(""),
                    s(""),
                    s(cslschema(t)),
                    Literal::Null(KqlType::Dynamic),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context_tables() -> Vec<TableSchema> {
        vec![TableSchema {
            name: "My-Table".to_owned(),
            columns: vec![
                ("a".to_owned(), KqlType::String),
                ("b c".to_owned(), KqlType::Long),
            ],
            has_data: true,
        }]
    }

    #[test]
    fn pipelines_split_at_the_first_bar_outside_quotes() {
        assert_eq!(
            split_pipeline(".show tables | where TableName == 'a|b'"),
            (".show tables ", Some((14, " where TableName == 'a|b'")))
        );
        assert_eq!(
            split_pipeline(".show table 'x|y' schema as json"),
            (".show table 'x|y' schema as json", None)
        );
    }

    #[test]
    fn commands_answer_kustos_columns() {
        let tables = context_tables();
        let cx = CommandContext {
            database: "exports",
            tables: &tables,
        };
        let t = run_command(".show table ['My-Table'] cslschema", &cx).expect("known table");
        let Literal::String(schema) = &t.rows[0][1] else {
            panic!("a string schema: {t:?}");
        };
        // The name with a space is bracketed and quoted; the other is bare.
        assert!(
            schema == "a:string, ['b c']:long" || schema == "a:string, [\"b c\"]:long",
            "{schema}"
        );
        let t = run_command(".SHOW   Tables", &cx).expect("case of keywords does not matter");
        assert_eq!(t.columns[0], ("TableName", KqlType::String));
        assert_eq!(t.rows.len(), 1);
        let e = run_command(".drop table x", &cx).expect_err("not a show command");
        assert!(e.message.contains("'.drop table x'"), "{}", e.message);
        let e = run_command(".show database Other cslschema", &cx).expect_err("other database");
        assert!(e.message.contains("'Other'"), "{}", e.message);
    }

    #[test]
    fn a_command_table_is_a_datatable_query() {
        let t = CommandTable {
            columns: vec![("A", KqlType::String), ("B", KqlType::Bool)],
            rows: vec![
                vec![s("x\"y"), Literal::Bool(true)],
                vec![s(""), Literal::Null(KqlType::Bool)],
            ],
        };
        let text = t.to_datatable();
        kql_syntax::parse_query(&text).expect("the datatable parses");
        assert!(text.starts_with("datatable(A:string, B:bool)["), "{text}");
    }
}
