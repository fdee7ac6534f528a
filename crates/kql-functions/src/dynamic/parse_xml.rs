//! `parse_xml(xml)`: an XML document as a dynamic value, converted as Kusto's docs lay out
//! (elements to bags, attributes to `@name`, text to strings or `#text`, repeated elements to
//! arrays). Parsed with `quick-xml`.

use crate::args::fixed;
use crate::json::push_json_string;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use quick_xml::events::{BytesStart, Event};

/// `parse_xml`: see [`DOC`].
pub(crate) struct ParseXmlFunc;

/// The longest input Kusto converts (1 MB); a longer one gives null.
const MAX_INPUT: usize = 1 << 20;

/// The deepest nesting converted (as serde_json's limit for JSON); deeper gives null.
const MAX_DEPTH: usize = 128;

/// The reference entry of `parse_xml`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "parse_xml",
    aliases: &[],
    category: "dynamic",
    syntax: "parse_xml(xml)",
    description: "The XML document xml as a dynamic value: {\"root\": value}, where an \
        element's value is null when it is empty, its text (a string, whitespace around it \
        trimmed) when it has only text, else a bag of its attributes (\"@name\": \"value\"), its \
        text (\"#text\"; an array when there are several text parts) and its child elements by \
        name (an array, in document order, for a name used more than once). CDATA counts as \
        text; comments, processing instructions and the declaration are skipped; names keep \
        their namespace prefixes. All values are strings. Null when xml is not well-formed \
        XML with one root element, or longer than 1 MB.",
    returns: "dynamic; null when xml is not XML",
    examples: &[Example {
        query: r#"print d = parse_xml('<?xml version="1.0"?><duration><value>118.0</value><count>5.0</count></duration>') | project v = tostring(d.duration.value), c = todouble(d["duration"]["count"])"#,
        output: "v,c\n118.0,5",
    }],
};

impl KqlFunction for ParseXmlFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [xml] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_parse_xml",
            xml.string()?,
            KqlType::Dynamic,
            parse_xml_batch,
        ))
    }
}

/// An element: its name, attributes, text parts and children, in document order.
#[derive(Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    texts: Vec<String>,
    children: Vec<Element>,
}

fn start(e: &BytesStart<'_>) -> Option<Element> {
    let name = std::str::from_utf8(e.name().as_ref()).ok()?.to_owned();
    let mut attributes = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.ok()?;
        let key = std::str::from_utf8(attribute.key.as_ref()).ok()?.to_owned();
        attributes.push((key, attribute.unescape_value().ok()?.into_owned()));
    }
    Some(Element {
        name,
        attributes,
        ..Element::default()
    })
}

/// The root element of `xml`; `None` when it is not one well-formed element.
fn parse(xml: &str) -> Option<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(e) => {
                if root.is_some() || stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(start(&e)?);
            }
            Event::Empty(e) => {
                let element = start(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None if root.is_none() => root = Some(element),
                    None => return None,
                }
            }
            Event::End(_) => {
                let element = stack.pop()?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::Text(t) => {
                let text = t.unescape().ok()?;
                match stack.last_mut() {
                    Some(parent) if !text.trim().is_empty() => {
                        parent.texts.push(text.trim().to_owned());
                    }
                    Some(_) => {}
                    // Text outside the root element.
                    None if text.trim().is_empty() => {}
                    None => return None,
                }
            }
            Event::CData(c) => {
                let text = std::str::from_utf8(&c.into_inner()).ok()?.to_owned();
                stack.last_mut()?.texts.push(text);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

/// Appends the JSON value of `element` (see [`DOC`]).
fn push_value(out: &mut String, element: &Element) {
    if element.attributes.is_empty() && element.children.is_empty() {
        match element.texts.as_slice() {
            [] => out.push_str("null"),
            [text] => push_json_string(out, text),
            texts => push_strings(out, texts),
        }
        return;
    }
    out.push('{');
    let mut first = true;
    let mut key = |out: &mut String, name: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        push_json_string(out, name);
        out.push(':');
    };
    for (name, value) in &element.attributes {
        key(out, &format!("@{name}"));
        push_json_string(out, value);
    }
    match element.texts.as_slice() {
        [] => {}
        [text] => {
            key(out, "#text");
            push_json_string(out, text);
        }
        texts => {
            key(out, "#text");
            push_strings(out, texts);
        }
    }
    let mut names: Vec<&str> = Vec::new();
    for child in &element.children {
        if !names.contains(&child.name.as_str()) {
            names.push(&child.name);
        }
    }
    for name in names {
        let same: Vec<&Element> = element.children.iter().filter(|c| c.name == name).collect();
        key(out, name);
        if let [only] = same.as_slice() {
            push_value(out, only);
        } else {
            out.push('[');
            for (i, child) in same.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, child);
            }
            out.push(']');
        }
    }
    out.push('}');
}

fn push_strings(out: &mut String, texts: &[String]) {
    out.push('[');
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, text);
    }
    out.push(']');
}

fn parse_xml_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Some(root) = texts
            .get(row)
            .filter(|t| t.len() <= MAX_INPUT)
            .and_then(parse)
        else {
            return false;
        };
        out.push('{');
        push_json_string(out, &root.name);
        out.push(':');
        push_value(out, &root);
        out.push('}');
        true
    })
}
