//! The reference record capture: phase 1 of [`super::decode`] as a serde visitor over
//! `serde_json`'s borrowing deserializer.
//!
//! It walks the record's top-level map, borrowing keys (`Cow<str>`, owned only when a key has
//! escapes) and taking every value as a `&RawValue`, so unneeded values are skipped without being
//! materialised. It was the scan's only path before [`super::lazy`]; it stays as the oracle of the
//! equivalence tests (same captures, same accepted lines) and as the source of the error message
//! of a line the fast scanner rejects (serde_json's words, with line and column).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::decode::{Capture, Range, ShapePlan};

fn range_of(raw: &RawValue, base: usize) -> Range {
    let s = raw.get().as_ptr() as usize - base;
    (s, s + raw.get().len())
}

/// A map key, borrowed unless it has escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// Phase 1 over a record's top-level map.
struct TopVisitor<'a> {
    plan: &'a ShapePlan,
    capture: &'a mut Capture,
    base: usize,
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(t) = self.plan.top.get(&key) else {
                map.next_value::<&'de RawValue>()?;
                continue;
            };
            // Without a projected `properties` column the bag is descended right here: one pass
            // over the record instead of two (the bag is most of a diagnostic record's bytes).
            if t.properties && t.slot.is_none() && !self.capture.bag_done {
                self.capture.bag_done = true;
                let raw: &'de RawValue = map.next_value()?;
                read_bag(raw.get(), self.plan, &mut *self.capture, self.base, true)
                    .map_err(<A::Error as de::Error>::custom)?;
                continue;
            }
            let raw: &'de RawValue = map.next_value()?;
            // A top-level null does not hide a `properties` value.
            if raw.get() == "null" {
                continue;
            }
            self.capture.top_level_value(*t, range_of(raw, self.base));
        }
        Ok(())
    }
}

/// Phase 1 over the `properties` bag: fills only columns the top level left empty.
struct PropertiesVisitor<'a> {
    plan: &'a ShapePlan,
    capture: &'a mut Capture,
    base: usize,
    /// Descending while the top level is still being read: values may be replaced by top-level
    /// keys that come later.
    inline: bool,
}

impl<'de> DeserializeSeed<'de> for PropertiesVisitor<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropertiesVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property bag")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let raw: &'de RawValue = map.next_value()?;
            if raw.get() == "null" {
                continue;
            }
            if let Some(s) = self.plan.properties.get(&key).and_then(|t| t.slot) {
                self.capture
                    .bag_value(s, range_of(raw, self.base), self.inline);
            }
        }
        Ok(())
    }

    // A bag that is not an object (a string of escaped JSON, an array…) has no columns.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Phase 1: parses `text` as one JSON object and captures the wanted values.
pub(crate) fn capture_record(
    text: &str,
    plan: &ShapePlan,
    capture: &mut Capture,
) -> Result<(), serde_json::Error> {
    capture.reset(plan.slots.len());
    let base = text.as_ptr() as usize;
    let mut de = serde_json::Deserializer::from_str(text);
    de::Deserializer::deserialize_map(
        &mut de,
        TopVisitor {
            plan,
            capture: &mut *capture,
            base,
        },
    )?;
    de.end()?;
    if let Some((s, e)) = capture.properties
        && capture.needs_bag(plan)
    {
        read_bag(&text[s..e], plan, capture, base, false)?;
    }
    Ok(())
}

/// Reads a `properties` value (`bag`, a slice of the record at `base`, already validated as
/// JSON by `RawValue`) into the columns it fills.
///
/// A number is skipped without being parsed, whatever its magnitude: `1e400` or a 400-digit
/// integer is valid JSON (RFC 8259's grammar has no range), so a line holding one is read, not
/// skipped as malformed, by both decoders. Where such a number is a column's value, the
/// conversion decides: a `real` column gets ±infinity (as `str::parse::<f64>` and .NET's
/// `double.Parse`, which Kusto's JSON reader uses, round an overflow [inferred]), an `int` or
/// `long` column gets null counted as a failed conversion (drift), and `dynamic` keeps the
/// number's text. serde_json's `deserialize_any` would instead reject the whole line ("number
/// out of range").
fn read_bag(
    bag: &str,
    plan: &ShapePlan,
    capture: &mut Capture,
    base: usize,
    inline: bool,
) -> Result<(), serde_json::Error> {
    if bag.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Ok(());
    }
    let mut de = serde_json::Deserializer::from_str(bag);
    PropertiesVisitor {
        plan,
        capture,
        base,
        inline,
    }
    .deserialize(&mut de)
}
