//! The digests behind `tdigest`, `tdigest_merge` and `percentile_tdigest`: the values of a
//! group with their weights, exact.
//!
//! Kusto's digest is a t-digest whose layout is not documented and may change
//! (tdigest-aggregation-function.md); its examples show `[[7],[values…],[weights…]]`, each
//! distinct value with its count while there are few. kqlake keeps that layout for every
//! group, exactly: `[[type],[distinct values, ascending],[their total weights]]`, type 7 for
//! long (as Kusto's examples), 8 real, 9 datetime, 10 timespan (kqlake's codes); datetimes and
//! timespans as nanoseconds. So `percentile_tdigest` gives the exact nearest-rank percentile
//! that `percentile`/`percentilew` give (rank ⌈P/100 · total weight⌉; the 0th is the
//! smallest), inside every error bound Kusto documents, at the price of memory per distinct
//! value. Digests of different types do not merge (a failure, as Kusto requires one type).

use super::udaf::KqlAggregate;
use crate::format::{write_datetime, write_timespan};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::Accumulator;
use kql_syntax::KqlType;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The type of a digest's values, with its code in the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::aggregate) enum DigestType {
    /// int and long (code 7).
    Long,
    /// real and decimal (code 8).
    Real,
    /// datetime (code 9).
    DateTime,
    /// timespan (code 10).
    TimeSpan,
}

impl DigestType {
    fn code(self) -> i64 {
        match self {
            DigestType::Long => 7,
            DigestType::Real => 8,
            DigestType::DateTime => 9,
            DigestType::TimeSpan => 10,
        }
    }

    fn from_code(code: i64) -> Option<DigestType> {
        Some(match code {
            7 => DigestType::Long,
            8 => DigestType::Real,
            9 => DigestType::DateTime,
            10 => DigestType::TimeSpan,
            _ => return None,
        })
    }

    /// The digest type of a KQL value type; `None` for types without percentiles.
    pub(in crate::aggregate) fn of(t: KqlType) -> Option<DigestType> {
        Some(match t {
            KqlType::Int | KqlType::Long => DigestType::Long,
            KqlType::Real | KqlType::Decimal => DigestType::Real,
            KqlType::DateTime => DigestType::DateTime,
            KqlType::TimeSpan => DigestType::TimeSpan,
            _ => return None,
        })
    }
}

/// A value's sort key: i64 order for the integer types, IEEE total order for reals.
fn key_of_long(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

fn long_of_key(k: u64) -> i64 {
    (k ^ (1 << 63)) as i64
}

fn key_of_real(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn real_of_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// A digest: its type (none before the first value) and each distinct value's total weight.
#[derive(Debug, Default, Clone, PartialEq)]
pub(in crate::aggregate) struct Digest {
    kind: Option<DigestType>,
    weights: BTreeMap<u64, i64>,
}

impl Digest {
    fn set_kind(&mut self, kind: DigestType) -> Result<()> {
        match self.kind {
            Some(k) if k != kind => exec_err!("tdigest: digests of different types do not merge"),
            _ => {
                self.kind = Some(kind);
                Ok(())
            }
        }
    }

    fn add(&mut self, key: u64, weight: i64) {
        let w = self.weights.entry(key).or_insert(0);
        *w = w.saturating_add(weight);
    }

    /// Reads digest JSON (`[[7],[1,2],[1,3]]`); `None` when it is not one.
    pub(in crate::aggregate) fn parse(json: &str) -> Option<Digest> {
        let (code, values, weights): (Vec<i64>, Vec<serde_json::Number>, Vec<i64>) =
            serde_json::from_str(json).ok()?;
        let kind = DigestType::from_code(*code.first()?)?;
        if values.len() != weights.len() {
            return None;
        }
        let mut digest = Digest {
            kind: Some(kind),
            weights: BTreeMap::new(),
        };
        for (v, w) in values.iter().zip(weights) {
            let key = match kind {
                DigestType::Real => key_of_real(v.as_f64()?),
                _ => key_of_long(v.as_i64()?),
            };
            digest.add(key, w);
        }
        Some(digest)
    }

    /// Adds every value of `other`.
    pub(in crate::aggregate) fn merge(&mut self, other: &Digest) -> Result<()> {
        if let Some(kind) = other.kind {
            self.set_kind(kind)?;
        }
        for (&k, &w) in &other.weights {
            self.add(k, w);
        }
        Ok(())
    }

    /// The digest's JSON; null (`None`) when it has no value.
    pub(in crate::aggregate) fn json(&self) -> Option<String> {
        let kind = self.kind?;
        let mut out = format!("[[{}],[", kind.code());
        for (i, k) in self.weights.keys().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match kind {
                DigestType::Real => {
                    let _ = write!(out, "{:?}", real_of_key(*k));
                }
                _ => {
                    let _ = write!(out, "{}", long_of_key(*k));
                }
            }
        }
        out.push_str("],[");
        for (i, w) in self.weights.values().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{w}");
        }
        out.push_str("]]");
        Some(out)
    }

    /// The nearest-rank percentile `p` (0 to 100) as dynamic JSON (a datetime or timespan as
    /// its quoted text); `None` for an empty digest or a `p` out of range.
    pub(in crate::aggregate) fn percentile_json(&self, p: f64) -> Option<String> {
        let kind = self.kind?;
        if !(0.0..=100.0).contains(&p) {
            return None;
        }
        let total: i64 = self.weights.values().sum();
        let exact = p / 100.0 * total as f64;
        // A rank within 1e-9 of an integer is that integer (99.9 % of 1000 is rank 999).
        let rank = if (exact - exact.round()).abs() < 1e-9 {
            exact.round()
        } else {
            exact.ceil()
        }
        .max(1.0) as i64;
        let mut seen = 0i64;
        let key = self.weights.iter().find_map(|(k, w)| {
            seen = seen.saturating_add(*w);
            (seen >= rank).then_some(*k)
        })?;
        let mut out = String::new();
        match kind {
            DigestType::Real => {
                let _ = write!(out, "{:?}", real_of_key(key));
            }
            DigestType::Long => {
                let _ = write!(out, "{}", long_of_key(key));
            }
            DigestType::DateTime | DigestType::TimeSpan => {
                out.push('"');
                if kind == DigestType::DateTime {
                    write_datetime(&mut out, long_of_key(key));
                } else {
                    write_timespan(&mut out, long_of_key(key));
                }
                out.push('"');
            }
        }
        Some(out)
    }
}

/// The digest aggregates: from values (`tdigest(expr [, weight])`, of type `kind`) or from
/// digests (`tdigest_merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::aggregate) enum DigestAggregate {
    /// `tdigest`: values of one type, weighted or not.
    Values { kind: DigestType, weighted: bool },
    /// `tdigest_merge`: digests.
    Digests,
}

impl KqlAggregate for DigestAggregate {
    fn name(&self) -> &'static str {
        match self {
            DigestAggregate::Values {
                weighted: false, ..
            } => "kql_tdigest",
            DigestAggregate::Values { weighted: true, .. } => "kql_tdigestw",
            DigestAggregate::Digests => "kql_tdigest_merge",
        }
    }
    fn returns(&self) -> DataType {
        DataType::Utf8
    }
    fn state(&self) -> Vec<DataType> {
        vec![DataType::Utf8]
    }
    fn accumulator(&self, _: &[DataType]) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(DigestAccumulator {
            aggregate: *self,
            digest: Digest::default(),
        }))
    }
}

/// One group's digest.
#[derive(Debug)]
struct DigestAccumulator {
    aggregate: DigestAggregate,
    digest: Digest,
}

impl DigestAccumulator {
    fn merge_texts(&mut self, array: &ArrayRef) -> Result<()> {
        let Some(texts) = array.as_string_opt::<i32>() else {
            return exec_err!("tdigest_merge(): expected digests");
        };
        for text in texts.iter().flatten() {
            if let Some(digest) = Digest::parse(text) {
                self.digest.merge(&digest)?;
            }
        }
        Ok(())
    }
}

impl Accumulator for DigestAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(array) = values.first() else {
            return Ok(());
        };
        let (kind, weighted) = match self.aggregate {
            DigestAggregate::Digests => return self.merge_texts(array),
            DigestAggregate::Values { kind, weighted } => (kind, weighted),
        };
        let weights = match values.get(1) {
            Some(w) if weighted => Some(cast(w, &DataType::Int64)?),
            _ => None,
        };
        let weight_of = |row: usize| -> Option<i64> {
            match &weights {
                None => Some(1),
                Some(w) => {
                    let w = w.as_primitive::<Int64Type>();
                    (w.is_valid(row) && w.value(row) > 0).then(|| w.value(row))
                }
            }
        };
        let mut added = false;
        if kind == DigestType::Real {
            let reals = cast(array, &DataType::Float64)?;
            for (row, v) in reals.as_primitive::<Float64Type>().iter().enumerate() {
                if let (Some(v), Some(w)) = (v.filter(|v| !v.is_nan()), weight_of(row)) {
                    self.digest.add(key_of_real(v), w);
                    added = true;
                }
            }
        } else {
            let longs = cast(array, &DataType::Int64)?;
            for (row, v) in longs.as_primitive::<Int64Type>().iter().enumerate() {
                if let (Some(v), Some(w)) = (v, weight_of(row)) {
                    self.digest.add(key_of_long(v), w);
                    added = true;
                }
            }
        }
        if added {
            self.digest.set_kind(kind)?;
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Utf8(self.digest.json()))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.digest.weights.len() * 48
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Utf8(self.digest.json())])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        match states.first() {
            Some(partials) => self.merge_texts(partials),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_order_of_values() {
        let longs = [i64::MIN, -5, 0, 3, i64::MAX];
        for pair in longs.windows(2) {
            assert!(key_of_long(pair[0]) < key_of_long(pair[1]));
        }
        for v in longs {
            assert_eq!(long_of_key(key_of_long(v)), v);
        }
        let reals = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            7.25,
            f64::INFINITY,
        ];
        for pair in reals.windows(2) {
            assert!(key_of_real(pair[0]) < key_of_real(pair[1]));
        }
        for v in reals {
            assert_eq!(real_of_key(key_of_real(v)).to_bits(), v.to_bits());
        }
    }

    #[test]
    fn digests_round_trip_and_give_nearest_rank_percentiles() {
        // The docs' example: 1.0 with weight 1 and 2.0 with weight 2; the 50th is 2.
        let d = Digest::parse("[[8],[2.0,1.0],[2,1]]").unwrap_or_default();
        assert_eq!(d.json().as_deref(), Some("[[8],[1.0,2.0],[1,2]]"));
        assert_eq!(d.percentile_json(50.0).as_deref(), Some("2.0"));
        assert_eq!(d.percentile_json(0.0).as_deref(), Some("1.0"));
        assert_eq!(d.percentile_json(33.0).as_deref(), Some("1.0"));
        assert_eq!(d.percentile_json(101.0), None);
        let mut longs = Digest::parse("[[7],[5],[1]]").unwrap_or_default();
        assert!(longs.merge(&d).is_err(), "types do not mix");
        assert_eq!(Digest::parse("[1,2]"), None);
        assert_eq!(Digest::default().json(), None);
    }
}
