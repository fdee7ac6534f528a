//! `series_dot_product(series1, series2)`: the sum of the products of two numeric arrays'
//! elements.

use super::{Num, series_elements};
use crate::args::{Arg, fixed};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;

/// `series_dot_product`.
pub(crate) struct SeriesDotProductFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_dot_product",
    aliases: &[],
    category: "series",
    syntax: "series_dot_product(series1, series2)",
    description: "The dot product of two numeric arrays: the sum of the products of their \
        elements at each position. The longer array is cut to the length of the shorter; a \
        position where either element is not a number is skipped. Either argument may be a \
        number instead (or a dynamic number), which stands for an array of that number as \
        long as the other: series_dot_product(dynamic([1, 2, 3]), 10) is \
        series_dot_product(dynamic([1, 2, 3]), dynamic([10, 10, 10])). An empty array gives \
        null.",
    returns: "real; null when an argument is neither an array nor a number, when both are \
        numbers, or when an array is empty",
    examples: &[Example {
        query: "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_dot_product(s1, s2), series_dot_product(s1, 2)",
        output: "Column1,Column2\n12,14",
    }],
};

impl KqlFunction for SeriesDotProductFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [a, b] = fixed(&DOC, args)?;
        let (a, b) = (series_or_number(a)?, series_or_number(b)?);
        Ok(super::real_of_two::<Self>(a, b))
    }
}

impl super::RealOfTwo for SeriesDotProductFunc {
    const NAME: &'static str = "series_dot_product";

    fn compute(a: &str, b: &str) -> Option<f64> {
        let a = Operand::parse(a)?;
        let b = Operand::parse(b)?;
        let pairs = pairs(&a, &b)?;
        (pairs.len > 0).then(|| pairs.fold(0.0, |a, (x, y)| a + x * y))
    }
}

/// A dynamic argument as it is, a number as its JSON text.
fn series_or_number(arg: Arg) -> Result<TypedExpr, FunctionError> {
    if arg.kql_type().is_numeric() {
        return Ok(TypedExpr::new(super::json_of(arg.any()), KqlType::Dynamic));
    }
    arg.expect("dynamic value or a number", |t| t == KqlType::Dynamic)
}

/// One side of a dot product: an array's element texts, or a number broadcast to any length.
enum Operand<'a> {
    Array(Vec<&'a str>),
    Number(Num),
}

impl<'a> Operand<'a> {
    fn parse(json: &'a str) -> Option<Self> {
        match series_elements(json) {
            Some(elements) => Some(Operand::Array(elements)),
            None => Num::parse(json).map(Operand::Number),
        }
    }

    fn get(&self, i: usize) -> Option<f64> {
        match self {
            Operand::Array(elements) => Num::parse(elements.get(i)?).map(Num::real),
            Operand::Number(n) => Some(n.real()),
        }
    }

    fn len(&self) -> Option<usize> {
        match self {
            Operand::Array(elements) => Some(elements.len()),
            Operand::Number(_) => None,
        }
    }
}

/// The numeric pairs of two operands, up to the shorter array; `None` when neither is an
/// array.
fn pairs<'o, 'a>(a: &'o Operand<'a>, b: &'o Operand<'a>) -> Option<Pairs<'o, 'a>> {
    let len = match (a.len(), b.len()) {
        (Some(x), Some(y)) => x.min(y),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => return None,
    };
    Some(Pairs { a, b, i: 0, len })
}

/// Iterates the positions of two operands where both elements are numbers.
struct Pairs<'o, 'a> {
    a: &'o Operand<'a>,
    b: &'o Operand<'a>,
    i: usize,
    /// Positions to visit (the shorter array's length).
    len: usize,
}

impl Iterator for Pairs<'_, '_> {
    type Item = (f64, f64);

    fn next(&mut self) -> Option<(f64, f64)> {
        while self.i < self.len {
            let i = self.i;
            self.i += 1;
            if let (Some(x), Some(y)) = (self.a.get(i), self.b.get(i)) {
                return Some((x, y));
            }
        }
        None
    }
}

/// The numeric pairs of two arrays' element texts, up to the shorter one's length: the
/// positions where both elements are numbers.
pub(crate) fn paired_numbers<'e>(
    a: &'e [&'e str],
    b: &'e [&'e str],
) -> impl Iterator<Item = (f64, f64)> + 'e {
    a.iter()
        .zip(b)
        .filter_map(|(x, y)| Some((Num::parse(x)?.real(), Num::parse(y)?.real())))
}
