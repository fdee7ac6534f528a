//! Discovery: walk the `--data` roots, classify files by layout, name and type the tables.
//!
//! Steps, each parallel with rayon where it touches many files:
//!
//! 1. **Walk** every root (a file or a folder, recursively), sub-folders in parallel. Walks never
//!    leave their root: symlinks are followed only when their target lies inside it, and symlinked
//!    folders are not followed. Dot-files are skipped silently; other unrecognised files are
//!    summarised in one warning per root. Containers of tables the query does not read, and time
//!    folders outside its range, are not walked ([`crate::scope`]).
//! 2. **Classify** each file with [`crate::layout`] (table, row shape, format, path time). In a
//!    folder holding export containers, loose plain files (a generator's `manifest.json`) are
//!    ignored with a warning rather than read as tables.
//! 3. **Sample** files whose tables need it ([`crate::infer`]): plain JSON files to sniff their
//!    row shape, uncatalogued tables for their names (`category`, `Type`) and columns.
//! 4. **Build** one table per name: catalogued columns (§5.2) or inferred ones, a JSON provider,
//!    a Parquet listing table, or for a table found as both the two as one (`crate::mixed`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::datatypes::{Field, Schema};
use datafusion::catalog::TableProvider;
use kql_functions::types::kql_to_arrow;
use kql_syntax::KqlType;
use rayon::prelude::*;

use crate::catalog::{self, frame_columns, is_standard_column};
use crate::error::ExportError;
use crate::infer::{self, FileSample, PEEK_RECORDS, SAMPLE_RECORDS};
use crate::json::decode::Shape;
use crate::json::dedup::DuplicateMode;
use crate::json::provider::{JsonExportProvider, JsonTable, ScanFile};
use crate::json::prune::{FileTime, TimeRange};
use crate::layout::{
    self, Classified, Container, FilePath, Format, NameField, ShapeHint, TableSource,
};
use crate::mixed::{mixed_columns, mixed_schema, mixed_table};
use crate::parquet_table::{parquet_columns, parquet_table};
use crate::path_order::path_order;
use crate::report::ReportState;
use crate::scope::{ListingScope, ListingStats, looks_like_time_folder, time_folder_may_hold};
use crate::{ExportColumn, ExportTable, ScanOptions};

/// Files sampled per uncatalogued table for its schema.
const INFER_FILES: usize = 16;
/// Ignored files named in a warning.
const IGNORED_EXAMPLES: usize = 3;

/// A file found under a root.
#[derive(Debug)]
struct Found {
    path: PathBuf,
    bytes: u64,
    root_depth: usize,
    root_is_file: bool,
}

/// What a walk found.
#[derive(Debug, Default)]
struct Walk {
    files: Vec<Found>,
    ignored: Vec<PathBuf>,
    warnings: Vec<String>,
    /// What the listing scope left unwalked.
    skipped: ListingStats,
    /// Tables some of whose time folders were skipped: they exist even with no file left.
    time_skipped_tables: BTreeSet<&'static str>,
    /// An export container (or part of one) was skipped: loose files beside it stay ignored.
    skipped_container: bool,
    /// The whole root was skipped: the query reads no table of it.
    skipped_root: bool,
}

impl Walk {
    fn merge(mut self, other: Walk) -> Walk {
        self.files.extend(other.files);
        self.ignored.extend(other.ignored);
        self.warnings.extend(other.warnings);
        self.skipped.add(other.skipped);
        self.time_skipped_tables.extend(other.time_skipped_tables);
        self.skipped_container |= other.skipped_container;
        self.skipped_root |= other.skipped_root;
        self
    }

    /// True when the scope left a container or folder of exports unwalked.
    fn skipped_any(&self) -> bool {
        self.skipped_root || self.skipped != ListingStats::default()
    }

    /// A walk that lists nothing of its root.
    fn skipped_root(containers: usize) -> Walk {
        let mut walk = Walk {
            skipped_root: true,
            ..Walk::default()
        };
        walk.skipped.containers_skipped = containers;
        walk
    }
}

/// What a walk of one root needs to know (see [`crate::scope`]).
#[derive(Debug, Clone, Copy)]
struct WalkCtx<'a> {
    /// The root, canonical.
    root: &'a Path,
    /// Its number of components.
    root_depth: usize,
    /// The tables the query can read.
    scope: &'a ListingScope,
    /// The query's time range, when bounded and pruning is on.
    time: Option<TimeRange>,
}

/// The container a folder of the walk lies in (the innermost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    /// None.
    Nothing,
    /// One whose time folders may be skipped: of a table with catalogued columns.
    Prunable(&'static str),
    /// Another.
    Other,
}

impl Inside {
    fn of(container: Container) -> Inside {
        match container {
            Container::Named(t)
                if catalog::table_by_name(t).is_some_and(|k| k.own_columns.is_some()) =>
            {
                Inside::Prunable(t)
            }
            _ => Inside::Other,
        }
    }
}

/// Whether the walk enters sub-folder `path` (named `name`) of a folder inside `inside`, and what
/// it is inside then; `None` (counted in `walk.skipped`) when the scope leaves it out.
fn enter(
    ctx: &WalkCtx<'_>,
    path: &Path,
    name: &str,
    inside: Inside,
    at_root: bool,
    walk: &mut Walk,
) -> Option<Inside> {
    if let Some(c) = layout::container(name) {
        if let Container::Named(t) = c
            && !ctx.scope.wants_table(t)
        {
            walk.skipped.containers_skipped += 1;
            walk.skipped_container = true;
            return None;
        }
        return Some(Inside::of(c));
    }
    // A table folder directly under the root (plain layout).
    if at_root
        && inside == Inside::Nothing
        && catalog::table_by_name(name).is_some_and(|t| !ctx.scope.wants_table(t.name))
    {
        walk.skipped.containers_skipped += 1;
        return None;
    }
    if let (Inside::Prunable(table), Some(range)) = (inside, ctx.time)
        && looks_like_time_folder(name)
    {
        let mut tail: Vec<&str> = path
            .components()
            .rev()
            .take(4)
            .map(|c| c.as_os_str().to_str().unwrap_or(""))
            .collect();
        tail.reverse();
        if !time_folder_may_hold(&tail, range.lo, range.hi) {
            walk.skipped.time_folders_skipped += 1;
            walk.skipped_container = true;
            walk.time_skipped_tables.insert(table);
            return None;
        }
    }
    Some(inside)
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Walks the folder `dir` (canonical, inside the root), which lies in `inside`.
fn walk_dir(dir: &Path, ctx: &WalkCtx<'_>, inside: Inside) -> Result<Walk, ExportError> {
    let (root, root_depth) = (ctx.root, ctx.root_depth);
    let at_root = dir == root;
    let mut walk = Walk::default();
    let mut subdirs = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(io_error(&path))?;
        let (is_file, bytes) = if file_type.is_symlink() {
            match fs::canonicalize(&path) {
                Ok(target) if target.starts_with(root) => {
                    let meta = fs::metadata(&target).map_err(io_error(&path))?;
                    if meta.is_dir() {
                        walk.warnings.push(format!(
                            "not following symlinked folder '{}'",
                            path.display()
                        ));
                        continue;
                    }
                    (meta.is_file(), meta.len())
                }
                _ => {
                    walk.warnings.push(format!(
                        "ignored symlink '{}': it points outside '{}'",
                        path.display(),
                        root.display()
                    ));
                    continue;
                }
            }
        } else if file_type.is_dir() {
            let name = entry.file_name();
            if let Some(inner) = enter(
                ctx,
                &path,
                &name.to_string_lossy(),
                inside,
                at_root,
                &mut walk,
            ) {
                subdirs.push((path, inner));
            }
            continue;
        } else {
            let meta = entry.metadata().map_err(io_error(&path))?;
            (file_type.is_file(), meta.len())
        };
        if is_file {
            // `DirEntry::path` leaves room to spare (the folder's path grown by the name): kept
            // for every file, that spare room was a third of a listing's memory.
            let mut path = path;
            path.shrink_to_fit();
            walk.files.push(Found {
                path,
                bytes,
                root_depth,
                root_is_file: false,
            });
        }
    }
    let nested = subdirs
        .par_iter()
        .map(|(d, inner)| walk_dir(d, ctx, *inner))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(nested.into_iter().fold(walk, Walk::merge))
}

/// Walks one root (a file or a folder), leaving out what `scope` allows.
fn walk_root(
    root: &Path,
    scope: &ListingScope,
    time: Option<TimeRange>,
) -> Result<Walk, ExportError> {
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ExportError::NotFound {
                path: root.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(ExportError::Io {
                path: root.to_path_buf(),
                source,
            });
        }
    };
    let canonical = fs::canonicalize(root).map_err(io_error(root))?;
    if meta.is_file() {
        return Ok(Walk {
            files: vec![Found {
                root_depth: components(&canonical).len().saturating_sub(1),
                path: canonical,
                bytes: meta.len(),
                root_is_file: true,
            }],
            ..Walk::default()
        });
    }
    if !meta.is_dir() {
        return Err(ExportError::NoExports {
            path: root.to_path_buf(),
        });
    }
    let comps = components(&canonical);
    let ctx = WalkCtx {
        root: &canonical,
        root_depth: comps.len(),
        scope,
        time,
    };
    if scope.tables.as_ref().is_some_and(BTreeSet::is_empty) {
        // The query reads no table: nothing to list.
        return Ok(Walk::skipped_root(0));
    }
    // The root may itself lie in a container (`--data …/insights-logs-<category>`).
    let container = comps.iter().rev().find_map(|c| layout::container(c));
    if let Some(Container::Named(t)) = container
        && !scope.wants_table(t)
    {
        return Ok(Walk::skipped_root(1));
    }
    let inside = container.map_or(Inside::Nothing, Inside::of);
    let mut walk = walk_dir(&canonical, &ctx, inside)?;
    walk.files.sort_by(|a, b| path_order(&a.path, &b.path));
    Ok(walk)
}

/// A classified file.
#[derive(Debug)]
struct Entry {
    found: Found,
    class: Classified,
}

/// Classifies the files of one root; warns about what it ignores.
fn classify_root(
    root: &Path,
    walk: Walk,
    warnings: &mut Vec<String>,
) -> Result<Vec<Entry>, ExportError> {
    let mut entries = Vec::new();
    let scoped_out = walk.skipped_any();
    let beside_container = walk.skipped_container;
    let mut ignored = walk.ignored;
    warnings.extend(walk.warnings);
    for found in walk.files {
        // Split here, one file at a time: kept for every file of a walk, the components were
        // most of a listing's memory (about 1.4 KB a file at these paths' depth).
        let fp = FilePath {
            components: components(&found.path),
            root_depth: found.root_depth,
            root_is_file: found.root_is_file,
        };
        match layout::classify(&fp) {
            Some(class) => entries.push(Entry { found, class }),
            None => ignored.push(found.path),
        }
    }
    // A folder of export containers: loose plain files are not tables of it.
    if beside_container || entries.iter().any(|e| e.class.depth > 0) {
        let (containers, loose): (Vec<Entry>, Vec<Entry>) =
            entries.into_iter().partition(|e| e.class.depth > 0);
        entries = containers;
        if !loose.is_empty() {
            warnings.push(format!(
                "ignored {} file(s) under '{}' outside any export container (e.g. '{}'); name \
                 such a file with its own --data to read it as a table",
                loose.len(),
                root.display(),
                loose[0].found.path.display()
            ));
        }
    }
    if !ignored.is_empty() {
        let examples: Vec<String> = ignored
            .iter()
            .take(IGNORED_EXAMPLES)
            .map(|p| format!("'{}'", p.display()))
            .collect();
        warnings.push(format!(
            "ignored {} file(s) under '{}' that are not exports (e.g. {}); recognised: {}",
            ignored.len(),
            root.display(),
            examples.join(", "),
            layout::layout_names()
        ));
    }
    if entries.is_empty() && !scoped_out {
        return Err(ExportError::NoExports {
            path: root.to_path_buf(),
        });
    }
    Ok(entries)
}

/// What discovery produced.
#[derive(Debug)]
pub(crate) struct Discovered {
    /// Tables by name.
    pub(crate) tables: BTreeMap<String, ExportTable>,
    /// Discovery-time warnings.
    pub(crate) warnings: Vec<String>,
    /// The report every table's scans share.
    pub(crate) report: Arc<ReportState>,
    /// Per table, its workspace-export files and the resource id of their workspace.
    pub(crate) workspace_files: BTreeMap<String, Vec<(PathBuf, String)>>,
    /// What the listing scope left unwalked.
    pub(crate) listing: ListingStats,
}

/// Runs discovery (see the module doc), leaving out what `scope` allows.
pub(crate) fn discover(
    roots: &[PathBuf],
    options: ScanOptions,
    scope: &ListingScope,
) -> Result<Discovered, ExportError> {
    let mut warnings = Vec::new();
    let time = scope.time_range().filter(|_| !options.no_pruning);
    let walks: Vec<Walk> = roots
        .par_iter()
        .map(|r| walk_root(r, scope, time))
        .collect::<Result<_, _>>()?;
    let mut entries = Vec::new();
    let mut listing = ListingStats::default();
    let mut time_skipped_tables = BTreeSet::new();
    for (root, mut walk) in roots.iter().zip(walks) {
        listing.add(walk.skipped);
        time_skipped_tables.append(&mut walk.time_skipped_tables);
        entries.extend(classify_root(root, walk, &mut warnings)?);
    }
    // The same file reached from two roots is read once.
    entries.sort_by(|a, b| path_order(&a.found.path, &b.found.path));
    entries.dedup_by(|a, b| a.found.path == b.found.path);

    // Group by table source.
    let mut groups: BTreeMap<TableSourceKey, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        groups
            .entry(TableSourceKey(e.class.table.clone()))
            .or_default()
            .push(i);
    }

    // Sample what needs sampling.
    let mut tasks: Vec<(usize, usize, Option<Shape>)> = Vec::new();
    for (key, group) in &groups {
        let needs_schema = match &key.0 {
            TableSource::Known(name) => {
                catalog::table_by_name(name).is_none_or(|t| t.own_columns.is_none())
            }
            _ => true,
        };
        let json: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| entries[i].class.format == Format::Json)
            .collect();
        let inferred: Vec<usize> = if needs_schema {
            infer::spread(&json, INFER_FILES)
        } else {
            Vec::new()
        };
        for &i in &json {
            let forced = match entries[i].class.shape {
                ShapeHint::Diagnostic => Some(Shape::Diagnostic),
                ShapeHint::Flat => Some(Shape::Flat),
                ShapeHint::Sniff => None,
            };
            if inferred.contains(&i) {
                tasks.push((i, SAMPLE_RECORDS, forced));
            } else if forced.is_none() {
                tasks.push((i, PEEK_RECORDS, None));
            }
        }
    }
    let samples: HashMap<usize, FileSample> = tasks
        .par_iter()
        .map(|&(i, n, shape)| (i, infer::sample_file(&entries[i].found.path, n, shape)))
        .collect();

    // Resolve names and merge groups that share one.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (key, group) in groups {
        let name = match key.0 {
            TableSource::Known(n) => n.to_owned(),
            TableSource::Named(n) => n,
            TableSource::FromRecords { field, fallback } => name_from_records(
                field,
                &fallback,
                group.iter().filter_map(|i| samples.get(i)),
            ),
        };
        by_name.entry(name).or_default().extend(group);
    }
    // A table whose every file lay in skipped time folders is there, without files.
    for table in time_skipped_tables {
        by_name.entry(table.to_owned()).or_default();
    }

    let report = Arc::new(ReportState::default());
    let mut tables = BTreeMap::new();
    let mut workspace_files = BTreeMap::new();
    for (name, mut members) in by_name {
        members.sort_by(|&a, &b| path_order(&entries[a].found.path, &entries[b].found.path));
        let in_workspaces: Vec<(PathBuf, String)> = members
            .iter()
            .filter_map(|&i| {
                let e = &entries[i];
                e.class.workspace.clone().map(|w| (e.found.path.clone(), w))
            })
            .collect();
        if !in_workspaces.is_empty() {
            workspace_files.insert(name.clone(), in_workspaces);
        }
        let table = build_table(
            &name,
            &members,
            &entries,
            &samples,
            options,
            &report,
            &mut warnings,
        )?;
        tables.insert(name, table);
    }
    Ok(Discovered {
        tables,
        warnings,
        report,
        workspace_files,
        listing,
    })
}

/// `TableSource` ordered for grouping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TableSourceKey(TableSource);

impl TableSourceKey {
    fn sort_key(&self) -> (u8, &str, u8) {
        match &self.0 {
            TableSource::Known(n) => (0, n, 0),
            TableSource::Named(n) => (1, n, 0),
            TableSource::FromRecords { field, fallback } => (
                2,
                fallback,
                match field {
                    NameField::Category => 0,
                    NameField::Type => 1,
                },
            ),
        }
    }
}

impl PartialOrd for TableSourceKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TableSourceKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

/// The table name given by records: a `category` whose lower case is the container's (else the
/// first seen), or the first `Type`; the container-derived fallback otherwise.
fn name_from_records<'a>(
    field: NameField,
    fallback: &str,
    samples: impl Iterator<Item = &'a FileSample>,
) -> String {
    let values: Vec<&String> = samples
        .flat_map(|s| match field {
            NameField::Category => s.categories.iter(),
            NameField::Type => s.types.iter(),
        })
        .collect();
    values
        .iter()
        .find(|v| v.eq_ignore_ascii_case(fallback))
        .or_else(|| values.first())
        .map_or_else(|| fallback.to_owned(), |v| (*v).clone())
}

/// Builds one table from its member files.
fn build_table(
    name: &str,
    members: &[usize],
    entries: &[Entry],
    samples: &HashMap<usize, FileSample>,
    options: ScanOptions,
    report: &Arc<ReportState>,
    warnings: &mut Vec<String>,
) -> Result<ExportTable, ExportError> {
    let (json, parquet): (Vec<usize>, Vec<usize>) = members
        .iter()
        .partition(|&&i| entries[i].class.format == Format::Json);
    let mut parquet: Vec<usize> = parquet;
    // Zero-byte Parquet files (an explicitly named empty file, an unfinished copy) cannot be read.
    parquet.retain(|&i| {
        let f = &entries[i].found;
        if f.bytes == 0 {
            warnings.push(format!(
                "'{}' is empty: no rows from it for table '{name}'",
                f.path.display()
            ));
        }
        f.bytes > 0
    });
    let bytes: u64 = members.iter().map(|&i| entries[i].found.bytes).sum();
    let parquet_files: Vec<(PathBuf, FileTime)> = parquet
        .iter()
        .map(|&i| (entries[i].found.path.clone(), entries[i].class.time))
        .collect();
    let parquet_paths: Vec<PathBuf> = parquet_files.iter().map(|(p, _)| p.clone()).collect();
    if json.is_empty() && !parquet.is_empty() {
        let (table, more) = parquet_table(name, &parquet_files, options)?.into_export_table(
            name,
            parquet_paths.len(),
            bytes,
        );
        warnings.extend(more);
        return Ok(table);
    }
    // JSON (or nothing readable at all).
    let shape_of = |i: usize| match entries[i].class.shape {
        ShapeHint::Diagnostic => Shape::Diagnostic,
        ShapeHint::Flat => Shape::Flat,
        ShapeHint::Sniff => samples.get(&i).and_then(|s| s.shape).unwrap_or(Shape::Flat),
    };
    for &i in &json {
        let f = &entries[i].found;
        if f.root_is_file
            && samples
                .get(&i)
                .is_some_and(|s| s.records == 0 && s.bad == 0)
        {
            warnings.push(format!(
                "'{}' is empty: table '{name}' has no rows",
                f.path.display()
            ));
        }
    }
    let sampled = || json.iter().filter_map(|i| samples.get(i));
    let documented = if name == kql_schemas::AZURE_DIAGNOSTICS {
        // Properties flattened into type-suffixed columns, names as the records spell them.
        let flattened =
            catalog::azure_diagnostics_flattened(infer::infer_columns_as_written(sampled()));
        catalog::documented_columns(name, flattened)
    } else {
        catalog::documented_columns(name, infer::infer_columns(sampled()))
    };
    let catalogued = catalog::table_by_name(name).and_then(catalog::table_columns);
    let is_documented = catalogued.is_some() || documented.is_some();
    let columns = match catalogued {
        Some(cols) => cols,
        None if documented.is_some() => documented.unwrap_or_default(),
        None => {
            let inferred = infer::infer_columns(sampled());
            if json.iter().any(|&i| shape_of(i) == Shape::Diagnostic) {
                frame_columns(
                    inferred
                        .into_iter()
                        .filter(|(n, _)| !is_standard_column(n))
                        .collect(),
                )
            } else {
                inferred
            }
        }
    };
    let files: Vec<Arc<ScanFile>> = json
        .iter()
        .map(|&i| {
            Arc::new(ScanFile {
                path: entries[i].found.path.clone(),
                bytes: entries[i].found.bytes,
                shape: shape_of(i),
                time: entries[i].class.time,
                range: None,
            })
        })
        .collect();
    // Found as Parquet too: one table over both (module `mixed`).
    let parquet_part = if parquet_paths.is_empty() {
        None
    } else {
        let found = parquet_columns(name, &parquet_paths)?;
        warnings.extend(found.warnings.iter().cloned());
        Some(found)
    };
    let columns = match &parquet_part {
        Some(p) => mixed_columns(is_documented, columns, p),
        None => columns,
    };
    let schema = match &parquet_part {
        Some(_) => mixed_schema(&columns),
        None => Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, t)| {
                    // KQL strings are never null: missing values read as "" (§8.13).
                    let nullable = !matches!(t, KqlType::String | KqlType::Guid);
                    Field::new(n, kql_to_arrow(*t), nullable)
                })
                .collect::<Vec<_>>(),
        )),
    };
    let n_files = files.len();
    let table = JsonTable {
        name: name.to_owned(),
        columns: columns.clone(),
        schema,
        files,
        strict: options.strict,
        no_pruning: options.no_pruning,
        no_pushdown: options.no_pushdown,
        // A mixed table compares rows itself, after both parts.
        duplicates: match parquet_part {
            Some(_) => DuplicateMode::Ignore,
            None => options.duplicates,
        },
        report: Arc::clone(report),
    };
    let export_columns = columns
        .into_iter()
        .map(|(name, kql_type)| ExportColumn { name, kql_type })
        .collect();
    let provider: Arc<dyn TableProvider> = match &parquet_part {
        Some(p) => {
            let parquet_bytes = parquet.iter().map(|&i| entries[i].found.bytes).sum();
            Arc::new(mixed_table(
                table,
                p,
                &parquet_files,
                parquet_bytes,
                options.duplicates,
            )?)
        }
        None => Arc::new(JsonExportProvider {
            table: Arc::new(table),
        }),
    };
    Ok(ExportTable {
        name: name.to_owned(),
        columns: export_columns,
        provider,
        files: n_files + parquet_paths.len(),
        bytes,
    })
}
