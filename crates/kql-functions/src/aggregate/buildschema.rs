//! `buildschema(DynamicExpr)`: the minimal schema that admits every dynamic value of the group.

use super::common::udaf::{KqlAggregate, call};
use crate::json::{self, JsonKind};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::Accumulator;
use kql_syntax::KqlType;

/// `buildschema`: see [`DOC`].
pub(crate) struct BuildschemaFunc;

/// The reference entry of `buildschema`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "buildschema",
    aliases: &[],
    category: "aggregate",
    syntax: "buildschema(DynamicExpr)",
    description: "The minimal schema that admits all values of DynamicExpr in the group: a \
        property bag's schema is a bag of its keys' schemas; an array's is a bag with the one \
        key `indexer` holding its elements' schema; a scalar's is its type name (long, \
        double, string, bool, datetime, timespan, guid). Where values differ, the schema is \
        the array of the alternatives in the order first met (a type name, or one merged \
        bag). Null values are skipped; null over no rows. Keys keep the order first met. An \
        empty array adds a bag without keys.",
    returns: "dynamic",
    examples: &[Example {
        query: r#"datatable(value:string)['{"x":1, "y":3.5}', '{"x":"somevalue", "z":[1, 2, 3]}', '{"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]}'] | summarize buildschema(parse_json(value))"#,
        output: r#"schema_value
"{""x"":[""long"",""string""],""y"":[""double"",{""w"":""string""}],""z"":{""`indexer`"":[""long"",""string""]},""t"":{""`indexer`"":""string""}}""#,
    }],
};

/// The key under which an array's element schema is kept.
const INDEXER: &str = "`indexer`";

/// A schema: the alternatives met, in order; at most one of them is a bag.
#[derive(Debug, Default, Clone, PartialEq)]
struct Schema {
    alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq)]
enum Alternative {
    /// A scalar type name.
    Type(String),
    /// A bag (or an array, as the bag with the key `indexer`): the keys' schemas in order.
    Bag(Vec<(String, Schema)>),
}

impl Schema {
    fn add_type(&mut self, name: &str) {
        let known = self
            .alternatives
            .iter()
            .any(|a| matches!(a, Alternative::Type(t) if t == name));
        if !known {
            self.alternatives.push(Alternative::Type(name.to_owned()));
        }
    }

    /// The bag alternative, added if missing.
    fn bag(&mut self) -> &mut Vec<(String, Schema)> {
        let at = match self
            .alternatives
            .iter()
            .position(|a| matches!(a, Alternative::Bag(_)))
        {
            Some(at) => at,
            None => {
                self.alternatives.push(Alternative::Bag(Vec::new()));
                self.alternatives.len() - 1
            }
        };
        match &mut self.alternatives[at] {
            Alternative::Bag(keys) => keys,
            Alternative::Type(_) => unreachable!("`at` is the position of a bag"),
        }
    }

    /// The schema of `key` in the bag alternative, added if missing.
    fn child(&mut self, key: &str) -> &mut Schema {
        let keys = self.bag();
        let at = match keys.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                keys.push((key.to_owned(), Schema::default()));
                keys.len() - 1
            }
        };
        &mut keys[at].1
    }

    /// Widens the schema to admit the value with JSON text `value`.
    fn admit(&mut self, value: &str) {
        match json::kind(value) {
            JsonKind::Null => {}
            JsonKind::Object => {
                self.bag();
                for (key, member) in json::entries(value).unwrap_or_default() {
                    self.child(&key).admit(member);
                }
            }
            JsonKind::Array => {
                self.bag();
                for element in json::elements(value).unwrap_or_default() {
                    self.child(INDEXER).admit(element);
                }
            }
            _ => self.add_type(match crate::dynamic::gettype::json_type(value) {
                "int" | "long" => "long",
                "real" => "double",
                other => other,
            }),
        }
    }

    /// Widens the schema to admit everything `other` admits.
    fn merge(&mut self, other: &Schema) {
        for alternative in &other.alternatives {
            match alternative {
                Alternative::Type(t) => self.add_type(t),
                Alternative::Bag(keys) => {
                    self.bag();
                    for (key, schema) in keys {
                        self.child(key).merge(schema);
                    }
                }
            }
        }
    }

    /// The schema as JSON text; `None` when it admits nothing yet.
    fn to_json(&self) -> Option<String> {
        let texts: Vec<String> = self
            .alternatives
            .iter()
            .map(|a| match a {
                Alternative::Type(t) => {
                    let mut out = String::new();
                    json::push_json_string(&mut out, t);
                    out
                }
                Alternative::Bag(keys) => {
                    let mut out = String::from("{");
                    for (key, schema) in keys {
                        if let Some(text) = schema.to_json() {
                            if out.len() > 1 {
                                out.push(',');
                            }
                            json::push_json_string(&mut out, key);
                            out.push(':');
                            out.push_str(&text);
                        }
                    }
                    out.push('}');
                    out
                }
            })
            .collect();
        match texts.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            _ => Some(format!("[{}]", texts.join(","))),
        }
    }

    /// Reads [`Schema::to_json`] back (the partial state).
    fn from_json(text: &str) -> Schema {
        let mut schema = Schema::default();
        let alternatives = match json::kind(text) {
            JsonKind::Array => json::elements(text).unwrap_or_default(),
            _ => vec![text],
        };
        for alternative in alternatives {
            match json::kind(alternative) {
                JsonKind::Object => {
                    schema.bag();
                    for (key, child) in json::entries(alternative).unwrap_or_default() {
                        schema.child(&key).merge(&Schema::from_json(child));
                    }
                }
                _ => {
                    if let Some(name) = json::string_value(alternative) {
                        schema.add_type(&name);
                    }
                }
            }
        }
        schema
    }
}

/// The `buildschema` UDAF.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Buildschema;

impl KqlAggregate for Buildschema {
    fn name(&self) -> &'static str {
        "kql_buildschema"
    }
    fn returns(&self) -> DataType {
        DataType::Utf8
    }
    fn state(&self) -> Vec<DataType> {
        vec![DataType::Utf8]
    }
    fn accumulator(&self, _: &[DataType]) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(SchemaAccumulator(Schema::default())))
    }
}

#[derive(Debug)]
struct SchemaAccumulator(Schema);

impl Accumulator for SchemaAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(values) = values.first().and_then(|v| v.as_string_opt::<i32>()) else {
            return exec_err!("buildschema(): expected dynamic values");
        };
        values.iter().flatten().for_each(|v| self.0.admit(v));
        Ok(())
    }
    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Utf8(self.0.to_json()))
    }
    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.0.to_json().map_or(0, |t| t.len() * 4)
    }
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Utf8(self.0.to_json())])
    }
    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(states) = states.first().and_then(|v| v.as_string_opt::<i32>()) else {
            return exec_err!("buildschema(): bad partial state");
        };
        for state in states.iter().flatten() {
            self.0.merge(&Schema::from_json(state));
        }
        Ok(())
    }
}

impl KqlFunction for BuildschemaFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("schema")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let [value] = crate::args::fixed(&DOC, args)?;
        let value = value.dynamic()?;
        Ok(AggregatePlan::new(
            call(Buildschema, vec![value.expr]),
            KqlType::Dynamic,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_schemas_round_trip_and_merge() {
        let mut a = Schema::default();
        a.admit(r#"{"x":1,"z":[1]}"#);
        let mut b = Schema::default();
        b.admit(r#"{"x":"s","z":["a"],"t":true}"#);
        let back = Schema::from_json(&a.to_json().unwrap());
        assert_eq!(back, a);
        a.merge(&b);
        assert_eq!(
            a.to_json().unwrap(),
            r#"{"x":["long","string"],"z":{"`indexer`":["long","string"]},"t":"bool"}"#
        );
        assert_eq!(Schema::default().to_json(), None);
    }
}
