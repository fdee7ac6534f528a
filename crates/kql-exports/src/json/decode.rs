//! Record → Arrow row decoding: the hot path of every JSON scan.
//!
//! A [`Decoder`] owns one pre-sized Arrow builder per projected column and a [`ShapePlan`] per
//! row shape (diagnostic record or flat Log Analytics row). Decoding a record takes these phases:
//!
//! 0. **Prefilter**: when pushed filters need literals, a record whose raw bytes hold none of a
//!    filter's literals is dropped unparsed ([`super::prefilter`]).
//! 1. **Capture**: the scanner of [`super::lazy`] walks the record's top-level map once,
//!    validating it and skipping unneeded values without materialising them. Keys match the
//!    projected columns case-insensitively (bucketed by length, no hashing, no allocation); only
//!    the byte range of a wanted value is kept. For diagnostic records, columns not found at the
//!    top level are then looked up in the `properties` bag the same way (top-level key first, then
//!    `properties`). [`super::reference`] does the same with serde_json: it words the error of a
//!    line the scanner rejects, and it is the oracle of the equivalence tests.
//! 2. **Filter**: the pushed-down row filters ([`super::filter`]) test the captured values of
//!    their columns; a record that certainly fails one is dropped before anything is converted.
//! 3. **Append**: each projected column converts its captured raw JSON (or its fallback: a
//!    constant, `""`, null, or the subscription of the resource ID) into its builder, coercing to
//!    the documented type ([`super::convert`]). A value that does not convert is appended as null
//!    and counted as a failed conversion.
//!
//! A record that fails phase 1 (malformed JSON) leaves the builders untouched, so the caller can
//! skip it. No `serde_json::Value` and no per-row `String` is created: reused scratch buffers hold
//! the rare unescaped or lower-cased value.

use std::path::Path;
use std::sync::Arc;

use super::filter::{Probe, RowFilter, Test};
use super::lazy::ScanScratch;
use super::prefilter::LinePrefilter;
use super::{convert, lazy, reference};
use crate::catalog::PROPERTIES_COLUMN;
use crate::report::{ProblemKind, ReportState};
use arrow::array::{
    ArrayRef, BooleanBuilder, Decimal128Builder, DurationNanosecondBuilder, Float64Builder,
    Int32Builder, Int64Builder, StringBuilder, TimestampNanosecondBuilder,
};
use arrow::datatypes::{Decimal128Type, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};
use kql_syntax::KqlType;

/// How a file's records map to columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Shape {
    /// A resource-log record (§2.4): `time`, `resourceId`, common fields, a `properties` bag.
    Diagnostic,
    /// A Log Analytics row with column names at the top level (workspace export, plain files).
    Flat,
    /// A record whose keys are exactly the columns, with no Log Analytics conventions
    /// (`externaldata`): a missing key is null (`""` for strings), never a derived value.
    Plain,
}

impl Shape {
    /// The index of the shape's plan in a [`Decoder`]'s plans.
    pub(crate) fn plan_index(self) -> usize {
        match self {
            Shape::Diagnostic => 0,
            Shape::Flat => 1,
            Shape::Plain => 2,
        }
    }
}

/// What fills a column when the record has no value for it.
#[derive(Debug, Clone)]
enum Fallback {
    /// Null (`""` for strings).
    Missing,
    /// A constant string (`Type`, `SourceSystem`, `TenantId`).
    Const(Arc<str>),
    /// The subscription segment of the captured resource ID, lower-cased.
    SubscriptionFromResourceId,
    /// A part of the captured resource ID, as written.
    ResourcePart(ResourcePart),
}

/// A part of an ARM resource ID
/// (`/SUBSCRIPTIONS/<sub>/RESOURCEGROUPS/<rg>/PROVIDERS/<namespace>/<type>/<name>[/<type>/<name>…]`),
/// the columns `AzureDiagnostics`, `AzureMetrics` and `AzureActivity` derive from a record's
/// `resourceId`. Values keep the ID's casing (upper case in storage records, §2.1), as those
/// tables show them [inferred].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourcePart {
    /// `ResourceId`: the whole ID.
    Whole,
    /// `SubscriptionId`.
    Subscription,
    /// `ResourceGroup`.
    Group,
    /// `ResourceProvider` (`MICROSOFT.KEYVAULT`).
    Provider,
    /// `ResourceType` (`VAULTS`; nested types joined: `SERVERS/DATABASES`).
    Type,
    /// `Resource`: the last name (`KV1`).
    Name,
}

impl ResourcePart {
    /// The part a derived column holds, by column name.
    fn of_column(column: &str) -> Option<ResourcePart> {
        Some(match column {
            "ResourceId" => ResourcePart::Whole,
            "SubscriptionId" => ResourcePart::Subscription,
            "ResourceGroup" => ResourcePart::Group,
            "ResourceProvider" | "ResourceProviderValue" => ResourcePart::Provider,
            "ResourceType" => ResourcePart::Type,
            "Resource" => ResourcePart::Name,
            _ => return None,
        })
    }

    /// This part of `id`, or `None` when the ID does not have it.
    fn of(self, id: &str) -> Option<String> {
        if self == ResourcePart::Whole {
            return Some(id.to_owned());
        }
        let segments: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
        let after = |key: &str| {
            segments
                .iter()
                .position(|s| s.eq_ignore_ascii_case(key))
                .map(|i| i + 1)
        };
        match self {
            ResourcePart::Subscription => segments
                .get(after("subscriptions")?)
                .map(|s| (*s).to_owned()),
            ResourcePart::Group => segments
                .get(after("resourcegroups")?)
                .map(|s| (*s).to_owned()),
            ResourcePart::Provider => segments.get(after("providers")?).map(|s| (*s).to_owned()),
            ResourcePart::Type | ResourcePart::Name => {
                let rest = segments.get(after("providers")? + 1..)?;
                let pick = usize::from(self == ResourcePart::Name);
                let parts: Vec<&str> = rest.iter().skip(pick).step_by(2).copied().collect();
                match self {
                    ResourcePart::Name => parts.last().map(|s| (*s).to_owned()),
                    _ => (!parts.is_empty()).then(|| parts.join("/")),
                }
            }
            ResourcePart::Whole => None,
        }
    }
}

/// Top-level keys, `properties` keys and default of an `AzureActivity` column.
type ActivityKeys = (
    &'static [&'static str],
    &'static [&'static str],
    Option<&'static str>,
);

/// Where `AzureActivity` takes the columns Log Analytics renames or derives from activity-log
/// records (azure-exports.md §2.5): top-level keys, `properties` keys and a default.
/// `category` holds the operation kind (`Write`, `Delete`, `Action`), so `Category` and
/// `CategoryValue` come from `properties.eventCategory`, `Administrative` when absent [doc].
fn activity_keys(column: &str) -> Option<ActivityKeys> {
    Some(match column {
        "OperationName" | "OperationNameValue" => (&["operationName"], &[], None),
        "ActivityStatus" | "ActivityStatusValue" => (&["resultType"], &[], None),
        "ActivitySubstatus" | "ActivitySubstatusValue" => (&["resultSignature"], &[], None),
        "Category" | "CategoryValue" => (&[], &["eventCategory"], Some("Administrative")),
        "Properties" | "Properties_d" => (&["properties"], &[], None),
        _ => return None,
    })
}

/// How one projected column is filled.
#[derive(Debug, Clone)]
pub(crate) struct SlotPlan {
    name: Arc<str>,
    kql: KqlType,
    /// Lower-case the value (diagnostic `_ResourceId`, §2.4).
    lower: bool,
    /// Also looked up in the `properties` bag.
    pub(crate) from_properties: bool,
    /// Always filled from the fallback, whatever the record holds.
    constant: bool,
    fallback: Fallback,
    /// Takes the value captured for another projected column that reads the same key
    /// (`AzureActivity`'s `OperationName` and `OperationNameValue`).
    copy_of: Option<usize>,
}

impl SlotPlan {
    /// The column's value is the captured JSON value as written (not a constant, not derived
    /// from the resource ID, not lower-cased): what pushed filters may test before conversion.
    pub(crate) fn read_verbatim(&self) -> bool {
        !self.constant && !self.lower && matches!(self.fallback, Fallback::Missing)
    }
}

/// What a matched key feeds.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KeyTargets {
    pub(crate) slot: Option<usize>,
    pub(crate) resource_id: bool,
    pub(crate) properties: bool,
}

/// Case-insensitive key → targets lookup, bucketed by key length.
#[derive(Debug, Default, Clone)]
pub(crate) struct KeyMatcher {
    by_len: Vec<Vec<(Box<[u8]>, KeyTargets)>>,
}

impl KeyMatcher {
    fn entry(&mut self, key: &str) -> &mut KeyTargets {
        let lower = key.to_ascii_lowercase().into_bytes().into_boxed_slice();
        let len = lower.len();
        if self.by_len.len() <= len {
            self.by_len.resize_with(len + 1, Vec::new);
        }
        let bucket = &mut self.by_len[len];
        let pos = match bucket.iter().position(|(k, _)| *k == lower) {
            Some(p) => p,
            None => {
                bucket.push((lower, KeyTargets::default()));
                bucket.len() - 1
            }
        };
        &mut bucket[pos].1
    }

    pub(crate) fn get(&self, key: &str) -> Option<&KeyTargets> {
        let b = key.as_bytes();
        self.by_len
            .get(b.len())?
            .iter()
            .find(|(k, _)| b.eq_ignore_ascii_case(k))
            .map(|(_, t)| t)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_len.iter().all(Vec::is_empty)
    }
}

/// The column plan of one row shape over one projection.
#[derive(Debug, Clone)]
pub(crate) struct ShapePlan {
    pub(crate) slots: Vec<SlotPlan>,
    pub(crate) top: KeyMatcher,
    pub(crate) properties: KeyMatcher,
}

impl ShapePlan {
    /// Plans the projected `columns` (name, type) of table `table` for records of `shape`.
    pub(crate) fn new(table: &str, columns: &[(String, KqlType)], shape: Shape) -> ShapePlan {
        let table: Arc<str> = Arc::from(table);
        let mut slots = Vec::with_capacity(columns.len());
        let mut top = KeyMatcher::default();
        let mut properties = KeyMatcher::default();
        for (i, (name, kql)) in columns.iter().enumerate() {
            let mut slot = SlotPlan {
                name: Arc::from(name.as_str()),
                kql: *kql,
                lower: false,
                from_properties: false,
                constant: false,
                fallback: Fallback::Missing,
                copy_of: None,
            };
            let mut keys: Vec<&str> = Vec::with_capacity(2);
            let activity = (shape == Shape::Diagnostic && &*table == "AzureActivity")
                .then(|| activity_keys(name))
                .flatten();
            let flattened = (shape == Shape::Diagnostic
                && &*table == kql_schemas::AZURE_DIAGNOSTICS)
                .then(|| crate::catalog::azure_diagnostics_property(name))
                .flatten();
            let part = (shape == Shape::Diagnostic)
                .then(|| ResourcePart::of_column(name))
                .flatten();
            match (shape, name.as_str()) {
                (Shape::Diagnostic, _) if activity.is_some() => {
                    let (top_keys, bag_keys, default) = activity.unwrap_or_default();
                    keys.extend(top_keys);
                    for key in bag_keys {
                        slot.from_properties = true;
                        claim(&mut properties, key, i, &mut slot);
                    }
                    if let Some(d) = default {
                        slot.fallback = Fallback::Const(Arc::from(d));
                    }
                }
                (Shape::Diagnostic, _) if part.is_some() => {
                    let part = part.unwrap_or(ResourcePart::Whole);
                    // `ResourceId` is the record's `resourceId` itself; other parts may be
                    // top-level fields of their own (Storage logs' `resourceType`).
                    if part == ResourcePart::Whole {
                        slot.constant = true;
                    } else {
                        keys.push(name);
                    }
                    slot.fallback = Fallback::ResourcePart(part);
                    top.entry("resourceId").resource_id = true;
                }
                (Shape::Diagnostic, _) if flattened.is_some() => {
                    let key = flattened.unwrap_or_default();
                    keys.push(key);
                    slot.from_properties = true;
                    claim(&mut properties, key, i, &mut slot);
                }
                (Shape::Diagnostic, "TimeGenerated") => keys.extend(["time", "TimeGenerated"]),
                (Shape::Diagnostic, "_ResourceId") => {
                    keys.push("resourceId");
                    slot.lower = true;
                }
                (Shape::Diagnostic, "_SubscriptionId") => {
                    slot.fallback = Fallback::SubscriptionFromResourceId;
                    slot.constant = true;
                    top.entry("resourceId").resource_id = true;
                }
                // §2.4 / gotcha 14: the record's `tenantId` is the Entra tenant, not the
                // workspace, so `TenantId` is never read from it.
                (Shape::Diagnostic, "TenantId" | "_IsBillable") => {
                    slot.constant = true;
                    slot.fallback = Fallback::Const(Arc::from(""));
                }
                (Shape::Diagnostic, "_BilledSize") => slot.constant = true,
                (Shape::Diagnostic, "SourceSystem") => {
                    slot.constant = true;
                    slot.fallback = Fallback::Const(Arc::from("Azure"));
                }
                (Shape::Diagnostic, "Type") => {
                    slot.constant = true;
                    slot.fallback = Fallback::Const(Arc::clone(&table));
                }
                (Shape::Diagnostic, PROPERTIES_COLUMN) => keys.push(PROPERTIES_COLUMN),
                (Shape::Diagnostic, other) => {
                    keys.push(other);
                    slot.from_properties = true;
                    claim(&mut properties, other, i, &mut slot);
                }
                (Shape::Flat, "_SubscriptionId") => {
                    keys.push("_SubscriptionId");
                    slot.fallback = Fallback::SubscriptionFromResourceId;
                    top.entry("_ResourceId").resource_id = true;
                }
                (Shape::Flat, "Type") => {
                    keys.push("Type");
                    slot.fallback = Fallback::Const(Arc::clone(&table));
                }
                (Shape::Flat | Shape::Plain, other) => keys.push(other),
            }
            for key in keys {
                claim(&mut top, key, i, &mut slot);
            }
            slots.push(slot);
        }
        if slots.iter().any(|s| s.from_properties) {
            top.entry(PROPERTIES_COLUMN).properties = true;
        }
        ShapePlan {
            slots,
            top,
            properties,
        }
    }
}

/// Gives `key` to column `i`, or, when another column already reads it, makes column `i` a copy
/// of that column's value (a key feeds one slot).
fn claim(matcher: &mut KeyMatcher, key: &str, i: usize, slot: &mut SlotPlan) {
    let e = matcher.entry(key);
    match e.slot {
        None => e.slot = Some(i),
        Some(j) if j != i && slot.copy_of.is_none() => slot.copy_of = Some(j),
        Some(_) => {}
    }
}

/// Byte range of a captured value inside the record text.
pub(crate) type Range = (usize, usize);

/// What phase 1 captured for one record (the same for [`super::lazy`] and
/// [`super::reference`]: the precedence rules live in the methods below).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Capture {
    pub(crate) values: Vec<Option<Range>>,
    /// The value came from the `properties` bag (a top-level key replaces it).
    pub(crate) from_bag: Vec<bool>,
    pub(crate) resource_id: Option<Range>,
    /// The raw bag, kept when the `properties` column is projected (descended after the top level).
    pub(crate) properties: Option<Range>,
    /// The bag was already descended while reading the top level.
    pub(crate) bag_done: bool,
}

impl Capture {
    pub(crate) fn reset(&mut self, n: usize) {
        self.values.clear();
        self.values.resize(n, None);
        self.from_bag.clear();
        self.from_bag.resize(n, false);
        self.resource_id = None;
        self.properties = None;
        self.bag_done = false;
    }

    /// A non-null top-level value of a matched key: the first one wins, and it replaces a value
    /// taken from the bag.
    pub(crate) fn top_level_value(&mut self, t: KeyTargets, r: Range) {
        if let Some(s) = t.slot
            && (self.values[s].is_none() || self.from_bag[s])
        {
            self.values[s] = Some(r);
            self.from_bag[s] = false;
        }
        if t.resource_id && self.resource_id.is_none() {
            self.resource_id = Some(r);
        }
        if t.properties && self.properties.is_none() {
            self.properties = Some(r);
        }
    }

    /// A non-null bag member for `slot`: fills only what is still empty. `inline`: read while the
    /// top level is still being read, so a later top-level key may replace it.
    pub(crate) fn bag_value(&mut self, slot: usize, r: Range, inline: bool) {
        if self.values[slot].is_none() {
            self.values[slot] = Some(r);
            self.from_bag[slot] = inline;
        }
    }

    /// After the top level: the kept bag must still be descended for columns left empty.
    pub(crate) fn needs_bag(&self, plan: &ShapePlan) -> bool {
        !plan.properties.is_empty()
            && plan
                .slots
                .iter()
                .zip(&self.values)
                .any(|(slot, v)| slot.from_properties && v.is_none())
    }
}

/// One column's builder, by KQL type.
#[derive(Debug)]
enum ColumnBuilder {
    Str(StringBuilder),
    Dynamic(StringBuilder),
    Bool(BooleanBuilder),
    Int(Int32Builder),
    Long(Int64Builder),
    Real(Float64Builder),
    Decimal(Decimal128Builder),
    DateTime(TimestampNanosecondBuilder),
    TimeSpan(DurationNanosecondBuilder),
}

impl ColumnBuilder {
    fn new(kql: KqlType, rows: usize, bytes: usize) -> ColumnBuilder {
        match kql {
            KqlType::String | KqlType::Guid => {
                ColumnBuilder::Str(StringBuilder::with_capacity(rows, bytes))
            }
            KqlType::Dynamic => ColumnBuilder::Dynamic(StringBuilder::with_capacity(rows, bytes)),
            KqlType::Bool => ColumnBuilder::Bool(BooleanBuilder::with_capacity(rows)),
            KqlType::Int => ColumnBuilder::Int(Int32Builder::with_capacity(rows)),
            KqlType::Long => ColumnBuilder::Long(Int64Builder::with_capacity(rows)),
            KqlType::Real => ColumnBuilder::Real(Float64Builder::with_capacity(rows)),
            KqlType::Decimal => ColumnBuilder::Decimal(Decimal128Builder::with_capacity(rows)),
            KqlType::DateTime => {
                ColumnBuilder::DateTime(TimestampNanosecondBuilder::with_capacity(rows))
            }
            KqlType::TimeSpan => {
                ColumnBuilder::TimeSpan(DurationNanosecondBuilder::with_capacity(rows))
            }
        }
    }

    /// Bytes of string data held (to size the next batch's builder).
    fn data_bytes(&self) -> usize {
        match self {
            ColumnBuilder::Str(b) | ColumnBuilder::Dynamic(b) => b.values_slice().len(),
            _ => 0,
        }
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        Ok(match self {
            ColumnBuilder::Str(b) | ColumnBuilder::Dynamic(b) => Arc::new(b.finish()),
            ColumnBuilder::Bool(b) => Arc::new(b.finish()),
            ColumnBuilder::Int(b) => Arc::new(b.finish()),
            ColumnBuilder::Long(b) => Arc::new(b.finish()),
            ColumnBuilder::Real(b) => Arc::new(b.finish()),
            ColumnBuilder::Decimal(b) => Arc::new(b.finish().with_precision_and_scale(38, 18)?),
            ColumnBuilder::DateTime(b) => {
                Arc::new(b.finish().with_timezone(kql_functions::types::UTC))
            }
            ColumnBuilder::TimeSpan(b) => Arc::new(b.finish()),
        })
    }

    /// Appends the column's "missing" value: `""` for strings, null otherwise.
    fn append_missing(&mut self) {
        match self {
            ColumnBuilder::Str(b) => b.append_value(""),
            ColumnBuilder::Dynamic(b) => b.append_null(),
            ColumnBuilder::Bool(b) => b.append_null(),
            ColumnBuilder::Int(b) => b.append_null(),
            ColumnBuilder::Long(b) => b.append_null(),
            ColumnBuilder::Real(b) => b.append_null(),
            ColumnBuilder::Decimal(b) => b.append_null(),
            ColumnBuilder::DateTime(b) => b.append_null(),
            ColumnBuilder::TimeSpan(b) => b.append_null(),
        }
    }
}

/// The JSON kind of a raw value, from its first byte.
enum RawKind<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    /// A string: its body between the quotes, and whether it has escapes.
    Str(&'a str, bool),
    /// An object or array.
    Json,
}

fn raw_kind(raw: &str) -> RawKind<'_> {
    match raw.as_bytes().first() {
        Some(b'n') => RawKind::Null,
        Some(b't') => RawKind::Bool(true),
        Some(b'f') => RawKind::Bool(false),
        Some(b'"') if raw.len() >= 2 => {
            let body = &raw[1..raw.len() - 1];
            RawKind::Str(body, memchr::memchr(b'\\', body.as_bytes()).is_some())
        }
        Some(b'{' | b'[') => RawKind::Json,
        _ => RawKind::Number(raw),
    }
}

/// Reused buffers for the rare values that must be rewritten.
#[derive(Debug, Default)]
struct Scratch {
    a: String,
    b: String,
}

/// The string content of a raw JSON string body, unescaped into `buf` only when needed.
fn string_body<'s>(body: &'s str, escaped: bool, buf: &'s mut String) -> Option<&'s str> {
    if !escaped {
        return Some(body);
    }
    buf.clear();
    convert::unescape_json_string(body, buf).then_some(buf.as_str())
}

/// Lower-cases `s` into `out`.
fn lower_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        for c in s.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

/// The subscription segment of an ARM resource ID (`/SUBSCRIPTIONS/<sub>/…` → `<sub>`).
fn subscription_of(resource_id: &str) -> &str {
    let mut parts = resource_id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case("subscriptions") {
            return parts.next().unwrap_or("");
        }
    }
    ""
}

/// Appends one raw JSON value to a builder, coercing it to the column type. `Err(())` when the
/// value cannot be converted (the builder then got a null).
fn append_raw(
    builder: &mut ColumnBuilder,
    raw: &str,
    lower: bool,
    scratch: &mut Scratch,
) -> Result<(), ()> {
    append_kind(builder, raw_kind(raw), raw, lower, scratch)
}

/// Appends one field of a text record (CSV, TXT) to a builder: the text as a string value
/// (blank is null for non-string columns), except that a dynamic column parses it as JSON
/// and keeps text that is not JSON as a JSON string. `Err(())` when the value cannot be
/// converted (the builder then got a null).
fn append_text(builder: &mut ColumnBuilder, text: &str, scratch: &mut Scratch) -> Result<(), ()> {
    if let ColumnBuilder::Dynamic(b) = builder {
        if text.trim().is_empty() {
            b.append_null();
        } else if let Ok(raw) = serde_json::from_str::<&serde_json::value::RawValue>(text) {
            append_compact(b, raw.get(), &mut scratch.a);
        } else {
            // Serialising a `&str` into a `String` cannot fail.
            let quoted = serde_json::to_string(text).unwrap_or_default();
            b.append_value(quoted);
        }
        return Ok(());
    }
    append_kind(builder, RawKind::Str(text, false), text, false, scratch)
}

/// [`append_raw`] for a value whose JSON kind is known: `raw` is its JSON text (for strings
/// and dynamic values kept as they are).
fn append_kind(
    builder: &mut ColumnBuilder,
    kind: RawKind<'_>,
    raw: &str,
    lower: bool,
    scratch: &mut Scratch,
) -> Result<(), ()> {
    match builder {
        ColumnBuilder::Str(b) => {
            match kind {
                RawKind::Null => b.append_value(""),
                RawKind::Str(body, escaped) => {
                    let Some(s) = string_body(body, escaped, &mut scratch.a) else {
                        b.append_value("");
                        return Err(());
                    };
                    if lower {
                        lower_into(s, &mut scratch.b);
                        b.append_value(&scratch.b);
                    } else {
                        b.append_value(s);
                    }
                }
                RawKind::Bool(_) | RawKind::Number(_) => b.append_value(raw),
                RawKind::Json => append_compact(b, raw, &mut scratch.a),
            }
            Ok(())
        }
        ColumnBuilder::Dynamic(b) => {
            match kind {
                RawKind::Null => b.append_null(),
                _ => append_compact(b, raw, &mut scratch.a),
            }
            Ok(())
        }
        ColumnBuilder::Bool(b) => {
            let v = match kind {
                RawKind::Null => Ok(None),
                RawKind::Bool(v) => Ok(Some(v)),
                RawKind::Number(n) => convert::parse_bool(n).map(Some).ok_or(()),
                RawKind::Str(body, escaped) => {
                    text_value(body, escaped, &mut scratch.a, convert::parse_bool)
                }
                RawKind::Json => Err(()),
            };
            finish_option(v, |v| b.append_option(v))
        }
        ColumnBuilder::Int(b) => {
            let v = long_value(kind, &mut scratch.a);
            let v = match v {
                Ok(Some(v)) => match i32::try_from(v) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        b.append_null();
                        return Err(());
                    }
                },
                Ok(None) => None,
                Err(()) => {
                    b.append_null();
                    return Err(());
                }
            };
            b.append_option(v);
            Ok(())
        }
        ColumnBuilder::Long(b) => match long_value(kind, &mut scratch.a) {
            Ok(v) => {
                b.append_option(v);
                Ok(())
            }
            Err(()) => {
                b.append_null();
                Err(())
            }
        },
        ColumnBuilder::Real(b) => {
            let v = match kind {
                RawKind::Null => Ok(None),
                RawKind::Number(n) => convert::parse_real(n).map(Some).ok_or(()),
                RawKind::Str(body, escaped) => {
                    text_value(body, escaped, &mut scratch.a, convert::parse_real)
                }
                RawKind::Bool(_) | RawKind::Json => Err(()),
            };
            finish_option(v, |v| b.append_option(v))
        }
        ColumnBuilder::Decimal(b) => {
            let parse = |s: &str| {
                arrow::compute::kernels::cast_utils::parse_decimal::<Decimal128Type>(
                    s.trim(),
                    38,
                    18,
                )
                .ok()
            };
            let v = match kind {
                RawKind::Null => Ok(None),
                RawKind::Number(n) => parse(n).map(Some).ok_or(()),
                RawKind::Str(body, escaped) => text_value(body, escaped, &mut scratch.a, parse),
                RawKind::Bool(_) | RawKind::Json => Err(()),
            };
            finish_option(v, |v| b.append_option(v))
        }
        ColumnBuilder::DateTime(b) => {
            let v = match kind {
                RawKind::Null => Ok(None),
                RawKind::Str(body, escaped) => {
                    text_value(body, escaped, &mut scratch.a, convert::parse_datetime)
                }
                RawKind::Number(_) | RawKind::Bool(_) | RawKind::Json => Err(()),
            };
            finish_option(v, |v| b.append_option(v))
        }
        ColumnBuilder::TimeSpan(b) => {
            let v = match kind {
                RawKind::Null => Ok(None),
                RawKind::Str(body, escaped) => {
                    text_value(body, escaped, &mut scratch.a, convert::parse_timespan)
                }
                RawKind::Number(_) | RawKind::Bool(_) | RawKind::Json => Err(()),
            };
            finish_option(v, |v| b.append_option(v))
        }
    }
}

/// Appends `v`, or null on error; passes the error on.
fn finish_option<T>(v: Result<Option<T>, ()>, mut append: impl FnMut(Option<T>)) -> Result<(), ()> {
    match v {
        Ok(v) => {
            append(v);
            Ok(())
        }
        Err(()) => {
            append(None);
            Err(())
        }
    }
}

/// Converts a string value: `""` (or blank) is null without complaint (§8.13: AML writes `""`
/// for absent values); otherwise `parse` must succeed.
fn text_value<T>(
    body: &str,
    escaped: bool,
    buf: &mut String,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ()> {
    let s = string_body(body, escaped, buf).ok_or(())?;
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse(s).map(Some).ok_or(())
}

fn long_value(kind: RawKind<'_>, buf: &mut String) -> Result<Option<i64>, ()> {
    match kind {
        RawKind::Null => Ok(None),
        RawKind::Number(n) => match n.parse::<i64>() {
            Ok(v) => Ok(Some(v)),
            Err(_) => convert::parse_long(n).map(Some).ok_or(()),
        },
        RawKind::Str(body, escaped) => text_value(body, escaped, buf, convert::parse_long),
        RawKind::Bool(v) => Ok(Some(i64::from(v))),
        RawKind::Json => Err(()),
    }
}

fn append_compact(b: &mut StringBuilder, raw: &str, buf: &mut String) {
    if convert::is_compact(raw) {
        b.append_value(raw);
    } else {
        buf.clear();
        convert::minify_json(raw, buf);
        b.append_value(buf.as_str());
    }
}

/// Decodes records of one table into batches of the projected columns.
#[derive(Debug)]
pub(crate) struct Decoder {
    schema: SchemaRef,
    kinds: Vec<KqlType>,
    plans: [ShapePlan; 3],
    builders: Vec<ColumnBuilder>,
    capture: Capture,
    scratch: Scratch,
    scan_scratch: ScanScratch,
    /// Pushed filters: projected column index and test.
    filters: Vec<(usize, Test)>,
    /// Skips records whose bytes cannot pass `filters`, before parsing them.
    prefilter: Option<LinePrefilter>,
    /// Capture with [`reference`] only (benches and equivalence tests).
    reference_only: bool,
    rows: usize,
    /// Records read since the last [`Decoder::take_counts`], how many of them the filters
    /// dropped, and how many of those the line prefilter dropped unparsed.
    scanned: u64,
    filtered: u64,
    prefiltered: u64,
    batch_size: usize,
    report: Arc<ReportState>,
}

impl Decoder {
    /// A decoder for `table`'s `columns` (already projected) with output `schema`.
    pub(crate) fn new(
        table: &str,
        columns: &[(String, KqlType)],
        schema: SchemaRef,
        batch_size: usize,
        report: Arc<ReportState>,
    ) -> Decoder {
        let batch_size = batch_size.max(1);
        let kinds: Vec<KqlType> = columns.iter().map(|(_, t)| *t).collect();
        let builders = kinds
            .iter()
            .map(|&t| ColumnBuilder::new(t, batch_size, batch_size * 16))
            .collect();
        Decoder {
            schema,
            plans: [
                ShapePlan::new(table, columns, Shape::Diagnostic),
                ShapePlan::new(table, columns, Shape::Flat),
                ShapePlan::new(table, columns, Shape::Plain),
            ],
            kinds,
            builders,
            capture: Capture::default(),
            scratch: Scratch::default(),
            scan_scratch: ScanScratch::default(),
            filters: Vec::new(),
            prefilter: None,
            reference_only: false,
            rows: 0,
            scanned: 0,
            filtered: 0,
            prefiltered: 0,
            batch_size,
            report,
        }
    }

    /// Drops records that certainly fail one of `filters` (those on projected columns; others are
    /// ignored, DataFusion applies every filter anyway). With `line_prefilter`, records whose
    /// bytes cannot pass are dropped before they are parsed ([`LinePrefilter`]), so a malformed
    /// one among them is not counted.
    pub(crate) fn set_filters(
        &mut self,
        filters: &[RowFilter],
        columns: &[(String, KqlType)],
        line_prefilter: bool,
    ) {
        self.filters = filters
            .iter()
            .filter_map(|f| {
                let slot = columns.iter().position(|(n, _)| *n == f.column)?;
                Some((slot, f.test.clone()))
            })
            .collect();
        self.prefilter = if line_prefilter {
            LinePrefilter::new(&self.filters, &self.plans)
        } else {
            None
        };
    }

    /// Captures with the serde_json reference only (for comparisons).
    pub(crate) fn set_reference_capture(&mut self) {
        self.reference_only = true;
    }

    /// Records read, records dropped by filters and, of those, records the line prefilter
    /// dropped unparsed, since the last call.
    pub(crate) fn take_counts(&mut self) -> (u64, u64, u64) {
        let counts = (self.scanned, self.filtered, self.prefiltered);
        self.scanned = 0;
        self.filtered = 0;
        self.prefiltered = 0;
        counts
    }

    /// Rows decoded since the last [`Decoder::finish_batch`].
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Decodes one record; on a JSON error nothing is appended and the error is returned.
    pub(crate) fn decode(
        &mut self,
        bytes: &[u8],
        shape: Shape,
        path: &Path,
        line: u64,
    ) -> Result<(), String> {
        if let Some(p) = &self.prefilter
            && !p.may_pass(shape.plan_index(), bytes)
        {
            self.scanned += 1;
            self.filtered += 1;
            self.prefiltered += 1;
            return Ok(());
        }
        // simdutf8's vector validation (Q6 of the side-by-side spent 4% of its time in std's
        // from_utf8); std words the error of a line that is not UTF-8.
        let text = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => std::str::from_utf8(bytes).map_err(|e| format!("invalid UTF-8: {e}"))?,
        };
        let plan = &self.plans[shape.plan_index()];
        if self.reference_only
            || lazy::capture_record(text, plan, &mut self.capture, &mut self.scan_scratch).is_err()
        {
            // The scanner rejected the line: serde_json words the error (and, should the two
            // ever disagree, its capture is the one kept).
            reference::capture_record(text, plan, &mut self.capture).map_err(|e| e.to_string())?;
        }
        for (i, slot) in plan.slots.iter().enumerate() {
            if let Some(j) = slot.copy_of
                && self.capture.values[i].is_none()
            {
                self.capture.values[i] = self.capture.values[j];
            }
        }
        self.scanned += 1;
        if !self.filters.is_empty() && self.rejected(text, shape) {
            self.filtered += 1;
            return Ok(());
        }
        self.append_row(text, shape, path, line);
        Ok(())
    }

    /// True when a pushed filter certainly rejects the captured record.
    fn rejected(&mut self, text: &str, shape: Shape) -> bool {
        let plan = &self.plans[shape.plan_index()];
        for (slot, test) in &self.filters {
            let sp = &plan.slots[*slot];
            // Constants, fallbacks and lower-cased columns are left to DataFusion.
            if !sp.read_verbatim() {
                continue;
            }
            let is_string = matches!(sp.kql, KqlType::String | KqlType::Guid);
            let raw = self.capture.values[*slot].map(|(s, e)| &text[s..e]);
            let (probe, text_of) = match raw.map(raw_kind) {
                None | Some(RawKind::Null) if is_string => (Probe::Str(""), None),
                None | Some(RawKind::Null) => (Probe::Other, None),
                Some(RawKind::Str(body, escaped)) => {
                    match string_body(body, escaped, &mut self.scratch.a) {
                        Some(s) if is_string => (Probe::Str(s), None),
                        Some(s) => (Probe::Other, Some(s)),
                        None => (Probe::Unknown, None),
                    }
                }
                Some(RawKind::Number(n)) if !is_string => (Probe::Number(n), Some(n)),
                Some(_) if is_string => (Probe::Unknown, None),
                Some(_) => (Probe::Other, None),
            };
            if test.rejects(probe, sp.kql, text_of) {
                return true;
            }
        }
        false
    }

    /// Phase 2: appends the captured values (or fallbacks) of one record.
    fn append_row(&mut self, text: &str, shape: Shape, path: &Path, line: u64) {
        let plan = &self.plans[shape.plan_index()];
        for (i, slot) in plan.slots.iter().enumerate() {
            let builder = &mut self.builders[i];
            let captured = if slot.constant {
                None
            } else {
                self.capture.values[i]
            };
            let result = match captured {
                Some((s, e)) => append_raw(builder, &text[s..e], slot.lower, &mut self.scratch),
                None => {
                    append_fallback(
                        builder,
                        &slot.fallback,
                        self.capture.resource_id.map(|(s, e)| &text[s..e]),
                        &mut self.scratch,
                    );
                    Ok(())
                }
            };
            if result.is_err() {
                let (s, e) = self.capture.values[i].unwrap_or((0, 0));
                let value = &text[s..e];
                self.report
                    .record(ProblemKind::FailedConversion, path, line, || {
                        format!(
                            "column '{}' ({}): cannot convert {}",
                            slot.name,
                            slot.kql,
                            snippet(value)
                        )
                    });
            }
        }
        self.rows += 1;
    }

    /// Appends one text record (a CSV row, a TXT line): field `i` goes to column `i`; columns
    /// past the last field get their missing value, fields past the last column are ignored.
    /// Returns how many fields did not convert to their column's type (each became null).
    pub(crate) fn decode_fields<'f>(&mut self, fields: impl IntoIterator<Item = &'f str>) -> usize {
        let mut fields = fields.into_iter();
        let mut failed = 0;
        for builder in &mut self.builders {
            match fields.next() {
                Some(text) => {
                    if append_text(builder, text, &mut self.scratch).is_err() {
                        failed += 1;
                    }
                }
                None => builder.append_missing(),
            }
        }
        self.rows += 1;
        failed
    }

    /// Builds a batch of the rows decoded so far and resets the builders (sized like this batch).
    pub(crate) fn finish_batch(&mut self) -> Result<RecordBatch, ArrowError> {
        let rows = self.rows;
        let mut arrays = Vec::with_capacity(self.builders.len());
        for (b, &kql) in self.builders.iter_mut().zip(&self.kinds) {
            let bytes = b.data_bytes();
            arrays.push(b.finish()?);
            *b = ColumnBuilder::new(kql, self.batch_size, bytes.max(self.batch_size * 16));
        }
        self.rows = 0;
        RecordBatch::try_new_with_options(
            Arc::clone(&self.schema),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(rows)),
        )
    }
}

fn append_fallback(
    builder: &mut ColumnBuilder,
    fallback: &Fallback,
    resource_id: Option<&str>,
    scratch: &mut Scratch,
) {
    match (fallback, &mut *builder) {
        (Fallback::Const(v), ColumnBuilder::Str(b)) => b.append_value(v),
        (Fallback::SubscriptionFromResourceId, ColumnBuilder::Str(b)) => {
            let rid = resource_id.and_then(|raw| match raw_kind(raw) {
                RawKind::Str(body, escaped) => string_body(body, escaped, &mut scratch.a),
                _ => None,
            });
            match rid {
                Some(rid) => {
                    lower_into(subscription_of(rid), &mut scratch.b);
                    b.append_value(&scratch.b);
                }
                None => b.append_value(""),
            }
        }
        (Fallback::ResourcePart(part), ColumnBuilder::Str(b)) => {
            let value = resource_id
                .and_then(|raw| match raw_kind(raw) {
                    RawKind::Str(body, escaped) => string_body(body, escaped, &mut scratch.a),
                    _ => None,
                })
                .and_then(|rid| part.of(rid));
            b.append_value(value.as_deref().unwrap_or(""));
        }
        _ => builder.append_missing(),
    }
}

/// A short, char-safe excerpt of a raw value for messages.
fn snippet(raw: &str) -> String {
    const MAX: usize = 80;
    if raw.len() <= MAX {
        return raw.to_owned();
    }
    let mut end = MAX;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &raw[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{Field, Schema};
    use kql_functions::types::kql_to_arrow;

    fn decoder(cols: &[(&str, KqlType)]) -> (Decoder, Arc<ReportState>) {
        let columns: Vec<(String, KqlType)> =
            cols.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect();
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, t)| Field::new(n, kql_to_arrow(*t), true))
                .collect::<Vec<_>>(),
        ));
        let report = Arc::new(ReportState::default());
        (
            Decoder::new("T", &columns, schema, 8, Arc::clone(&report)),
            report,
        )
    }

    fn strings(batch: &RecordBatch, i: usize) -> Vec<Option<String>> {
        let a = batch.column(i).as_string::<i32>();
        (0..a.len())
            .map(|r| a.is_valid(r).then(|| a.value(r).to_owned()))
            .collect()
    }

    #[test]
    fn diagnostic_mapping_and_precedence() {
        let (mut d, report) = decoder(&[
            ("TenantId", KqlType::String),
            ("OperationName", KqlType::String),
            ("ResultSignature", KqlType::String),
            ("VmSize", KqlType::String),
            ("_ResourceId", KqlType::String),
            ("_SubscriptionId", KqlType::String),
            ("Type", KqlType::String),
            ("SourceSystem", KqlType::String),
            ("properties", KqlType::Dynamic),
        ]);
        let rec = br#"{"tenantId":"entra","resourceId":"/SUBSCRIPTIONS/AB-CD/RESOURCEGROUPS/RG","operationName":"Top","properties":{"OperationName":"Inner","resultSignature":"fromBag","vmSize":"STANDARD_D1_V2"}}"#;
        d.decode(rec, Shape::Diagnostic, Path::new("f"), 1).unwrap();
        let batch = d.finish_batch().unwrap();
        let row: Vec<Option<String>> = (0..9).map(|i| strings(&batch, i)[0].clone()).collect();
        assert_eq!(
            row,
            vec![
                Some(String::new()),
                Some("Top".into()),
                Some("fromBag".into()),
                Some("STANDARD_D1_V2".into()),
                Some("/subscriptions/ab-cd/resourcegroups/rg".into()),
                Some("ab-cd".into()),
                Some("T".into()),
                Some("Azure".into()),
                Some(
                    r#"{"OperationName":"Inner","resultSignature":"fromBag","vmSize":"STANDARD_D1_V2"}"#
                        .into()
                ),
            ]
        );
        assert!(report.snapshot().is_clean());
    }

    #[test]
    fn top_level_wins_even_after_the_bag() {
        // `properties` not projected: the bag is descended inline, before the top-level key.
        let (mut d, _) = decoder(&[("ResultSignature", KqlType::String), ("X", KqlType::String)]);
        let rec = br#"{"properties":{"ResultSignature":"bag","x":"bagx","X":"second"},"resultSignature":"top","RESULTSIGNATURE":"dup"}"#;
        d.decode(rec, Shape::Diagnostic, Path::new("f"), 1).unwrap();
        let batch = d.finish_batch().unwrap();
        assert_eq!(strings(&batch, 0), vec![Some("top".into())]);
        assert_eq!(strings(&batch, 1), vec![Some("bagx".into())]);
    }

    #[test]
    fn coercions() {
        let (mut d, report) = decoder(&[
            ("N", KqlType::Int),
            ("L", KqlType::Long),
            ("S", KqlType::String),
            ("R", KqlType::Real),
            ("B", KqlType::Bool),
            ("D", KqlType::DateTime),
            ("J", KqlType::String),
        ]);
        let lines: [&[u8]; 4] = [
            br#"{"n":4,"l":"5","s":24,"r":"87.5","b":"True","d":"2024-05-01T13:07:44.1234567Z","j":{"a": [1, 2]}}"#,
            br#"{"N":"4","L":5.0,"S":"24","R":1,"B":false,"D":"5/1/2024 1:07:44 PM","J":[1]}"#,
            br#"{"N":"","L":null,"S":null,"R":"","B":"","D":""}"#,
            br#"{"N":"x","L":{},"S":true,"R":"y","B":"maybe","D":"tomorrow","J":"a\"b"}"#,
        ];
        for (i, l) in lines.iter().enumerate() {
            d.decode(l, Shape::Flat, Path::new("f"), i as u64 + 1)
                .unwrap();
        }
        let batch = d.finish_batch().unwrap();
        let n = batch
            .column(0)
            .as_primitive::<arrow::datatypes::Int32Type>();
        assert_eq!(
            (0..4)
                .map(|r| n.is_valid(r).then(|| n.value(r)))
                .collect::<Vec<_>>(),
            vec![Some(4), Some(4), None, None]
        );
        let l = batch
            .column(1)
            .as_primitive::<arrow::datatypes::Int64Type>();
        assert_eq!(
            (0..4)
                .map(|r| l.is_valid(r).then(|| l.value(r)))
                .collect::<Vec<_>>(),
            vec![Some(5), Some(5), None, None]
        );
        assert_eq!(
            strings(&batch, 2),
            vec![
                Some("24".into()),
                Some("24".into()),
                Some(String::new()),
                Some("true".into())
            ]
        );
        let r = batch
            .column(3)
            .as_primitive::<arrow::datatypes::Float64Type>();
        assert_eq!(
            (0..4)
                .map(|i| r.is_valid(i).then(|| r.value(i)))
                .collect::<Vec<_>>(),
            vec![Some(87.5), Some(1.0), None, None]
        );
        let b = batch.column(4).as_boolean();
        assert_eq!(
            (0..4)
                .map(|i| b.is_valid(i).then(|| b.value(i)))
                .collect::<Vec<_>>(),
            vec![Some(true), Some(false), None, None]
        );
        let t = batch
            .column(5)
            .as_primitive::<arrow::datatypes::TimestampNanosecondType>();
        // 2024-05-01T13:07:44Z = 1714568864 s (19844 days × 86400 + 47264).
        let t0 = 1_714_568_864_000_000_000i64;
        assert_eq!(
            (0..4)
                .map(|i| t.is_valid(i).then(|| t.value(i)))
                .collect::<Vec<_>>(),
            vec![Some(t0 + 123_456_700), Some(t0), None, None]
        );
        assert_eq!(
            strings(&batch, 6),
            vec![
                Some(r#"{"a":[1,2]}"#.into()),
                Some("[1]".into()),
                Some(String::new()),
                Some("a\"b".into())
            ]
        );
        let rep = report.snapshot();
        // Row 4: N, L, R, B, D fail; S (bool → text) and J convert.
        assert_eq!(rep.failed_conversions, 5);
        let first = rep.first_failed_conversion.unwrap();
        assert_eq!(first.line, 4);
        assert!(
            first.reason.contains("column 'N' (int)"),
            "{}",
            first.reason
        );
    }

    #[test]
    fn malformed_records_leave_builders_untouched() {
        let (mut d, _) = decoder(&[("A", KqlType::Long), ("B", KqlType::String)]);
        d.decode(br#"{"a":1,"b":"x"}"#, Shape::Flat, Path::new("f"), 1)
            .unwrap();
        assert!(
            d.decode(br#"{"a":2,"b":"#, Shape::Flat, Path::new("f"), 2)
                .is_err()
        );
        assert!(
            d.decode(br#"[1,2]"#, Shape::Flat, Path::new("f"), 3)
                .is_err()
        );
        assert!(
            d.decode(br#"{"a":3} x"#, Shape::Flat, Path::new("f"), 4)
                .is_err()
        );
        assert!(
            d.decode(b"{\"a\":\"\xff\"}", Shape::Flat, Path::new("f"), 5)
                .is_err()
        );
        d.decode(br#"{"A":9}"#, Shape::Flat, Path::new("f"), 6)
            .unwrap();
        let batch = d.finish_batch().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(
            strings(&batch, 1),
            vec![Some("x".into()), Some(String::new())]
        );
    }

    #[test]
    fn deep_nesting_does_not_crash() {
        // Values are taken as raw JSON, which serde_json skips iteratively: 10,000 levels neither
        // recurse nor overflow the stack, whether the value is kept or skipped.
        let (mut d, _) = decoder(&[("A", KqlType::Dynamic)]);
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let rec = format!("{{\"a\":{deep},\"b\":{deep}}}");
        d.decode(rec.as_bytes(), Shape::Flat, Path::new("f"), 1)
            .unwrap();
        let unclosed = format!("{{\"a\":{}", "[".repeat(10_000));
        assert!(
            d.decode(unclosed.as_bytes(), Shape::Flat, Path::new("f"), 2)
                .is_err()
        );
        let batch = d.finish_batch().unwrap();
        assert_eq!(strings(&batch, 0), vec![Some(deep)]);
    }

    #[test]
    fn empty_projection_counts_rows() {
        let (mut d, _) = decoder(&[]);
        d.decode(br#"{"a":1}"#, Shape::Diagnostic, Path::new("f"), 1)
            .unwrap();
        d.decode(br#"{"b":2}"#, Shape::Flat, Path::new("f"), 2)
            .unwrap();
        let batch = d.finish_batch().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.num_columns(), 0);
    }

    #[test]
    fn subscription_segment() {
        assert_eq!(subscription_of("/SUBSCRIPTIONS/Abc/RG"), "Abc");
        assert_eq!(subscription_of("/tenants/x/providers/y"), "");
        assert_eq!(subscription_of(""), "");
    }
}
