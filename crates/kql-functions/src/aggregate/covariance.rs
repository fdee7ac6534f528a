//! `covariance(expr1, expr2)`, `covariancep(expr1, expr2)` and their `-if` forms
//! `covarianceif(expr1, expr2, predicate)`, `covariancepif(expr1, expr2, predicate)`: the
//! sample and population covariance of two numbers over a group (Kusto docs
//! `covariance-aggregation-function.md` and its three siblings). One file for the four: they
//! differ only in the divisor and the filter.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions_aggregate::expr_fn::{covar_pop, covar_samp};
use kql_syntax::KqlType;
use kql_syntax::ast::{Expr, ExprKind};

/// One of the covariance aggregates: see each `DOC`.
pub(crate) struct CovarianceFunc {
    doc: &'static FunctionDoc,
    /// Divide by n (`covariancep`) rather than n - 1.
    population: bool,
    /// Takes a predicate third (`covarianceif`).
    conditional: bool,
}

/// `covariance`.
pub(crate) const COVARIANCE: CovarianceFunc = CovarianceFunc {
    doc: &COVARIANCE_DOC,
    population: false,
    conditional: false,
};
/// `covariancep`.
pub(crate) const COVARIANCEP: CovarianceFunc = CovarianceFunc {
    doc: &COVARIANCEP_DOC,
    population: true,
    conditional: false,
};
/// `covarianceif`.
pub(crate) const COVARIANCEIF: CovarianceFunc = CovarianceFunc {
    doc: &COVARIANCEIF_DOC,
    population: false,
    conditional: true,
};
/// `covariancepif`.
pub(crate) const COVARIANCEPIF: CovarianceFunc = CovarianceFunc {
    doc: &COVARIANCEPIF_DOC,
    population: true,
    conditional: true,
};

const COVARIANCE_DOC: FunctionDoc = FunctionDoc {
    name: "covariance",
    aliases: &[],
    category: "aggregate",
    syntax: "covariance(expr1, expr2)",
    description: "The sample covariance of expr1 and expr2 over the group: the sum of \
        (x - mean x)(y - mean y) divided by n - 1, over the rows where both are not null. Both \
        are numbers, taken as reals. Like variance, 0 when fewer than two rows count (Kusto's \
        page does not say). An unnamed column is covariance_<expr1>_<expr2>.",
    returns: "real",
    examples: &[Example {
        query: "datatable(x:real, y:real) [1.0, 14.0, 2.0, 10.0, 3.0, 17.0, 4.0, 20.0, 5.0, 50.0] | summarize covariance(x, y)",
        output: "covariance_x_y\n20.5",
    }],
};

const COVARIANCEP_DOC: FunctionDoc = FunctionDoc {
    name: "covariancep",
    aliases: &[],
    category: "aggregate",
    syntax: "covariancep(expr1, expr2)",
    description: "The population covariance of expr1 and expr2 over the group: as covariance, \
        divided by n. Like variancep, null when no row counts.",
    returns: "real; null when no row counts",
    examples: &[Example {
        query: "datatable(x:real, y:real) [1.0, 14.0, 2.0, 10.0, 3.0, 17.0, 4.0, 20.0, 5.0, 50.0] | summarize covariancep(x, y)",
        output: "covariancep_x_y\n16.4",
    }],
};

const COVARIANCEIF_DOC: FunctionDoc = FunctionDoc {
    name: "covarianceif",
    aliases: &[],
    category: "aggregate",
    syntax: "covarianceif(expr1, expr2, predicate)",
    description: "The sample covariance (as covariance) of expr1 and expr2 over the rows of \
        the group where predicate is true (false and null predicates skip the row).",
    returns: "real",
    examples: &[Example {
        query: "range x from 1 to 100 step 1 | extend y = iff(x % 2 == 0, x * 2, x * 3) | summarize covarianceif(x, y, x % 3 == 0)",
        output: "covarianceif_x_y\n2142",
    }],
};

const COVARIANCEPIF_DOC: FunctionDoc = FunctionDoc {
    name: "covariancepif",
    aliases: &[],
    category: "aggregate",
    syntax: "covariancepif(expr1, expr2, predicate)",
    description: "The population covariance (as covariancep) of expr1 and expr2 over the rows \
        of the group where predicate is true (false and null predicates skip the row).",
    returns: "real; null when no row counts",
    examples: &[Example {
        query: "datatable(x:long, y:long) [1, 2, 2, 4, 3, 9, 4, 1] | summarize covariancepif(x, y, x < 3)",
        output: "covariancepif_x_y\n0.5",
    }],
};

impl KqlFunction for CovarianceFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }

    /// `covariance_x_y`: the name, then the first two arguments' names when they are columns.
    fn aggregate_column_names(
        &self,
        _call: &str,
        first: Option<&str>,
        args: &[Expr],
    ) -> Vec<Option<String>> {
        let second = match args.get(1).map(|a| &a.kind) {
            Some(ExprKind::Name(ident)) => ident.name.as_str(),
            _ => "",
        };
        vec![Some(format!(
            "{}_{}_{second}",
            self.doc.name,
            first.unwrap_or_default()
        ))]
    }

    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (x, y, predicate) = if self.conditional {
            let [x, y, p] = crate::args::fixed(self.doc, args)?;
            (x, y, Some(p))
        } else {
            let [x, y] = crate::args::fixed(self.doc, args)?;
            (x, y, None)
        };
        let (x, y) = (x.real()?.expr, y.real()?.expr);
        let plan = if self.population {
            AggregatePlan::new(covar_pop(x, y), KqlType::Real)
        } else {
            // DataFusion's sample covariance is null under two rows: 0, as variance's.
            AggregatePlan::new(covar_samp(x, y), KqlType::Real).with_finish(super::or_zero_real)
        };
        match predicate {
            Some(p) => super::only_where(plan, p),
            None => Ok(plan),
        }
    }
}
