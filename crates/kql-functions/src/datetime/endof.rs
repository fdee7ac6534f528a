//! `endofday`, `endofweek`, `endofmonth`, `endofyear` (`date [, offset]`): the last tick
//! (`23:59:59.9999999`) of the period holding date, `offset` periods later. Planned by
//! `startof.rs`'s `BoundaryFunc`.

use super::Unit;
use super::startof::BoundaryFunc;
use crate::{Example, FunctionDoc};

/// `endofday`.
pub(crate) const ENDOFDAY: BoundaryFunc = BoundaryFunc {
    doc: &ENDOFDAY_DOC,
    unit: Unit::Day,
    end: true,
};
/// `endofweek`.
pub(crate) const ENDOFWEEK: BoundaryFunc = BoundaryFunc {
    doc: &ENDOFWEEK_DOC,
    unit: Unit::Week,
    end: true,
};
/// `endofmonth`.
pub(crate) const ENDOFMONTH: BoundaryFunc = BoundaryFunc {
    doc: &ENDOFMONTH_DOC,
    unit: Unit::Month,
    end: true,
};
/// `endofyear`.
pub(crate) const ENDOFYEAR: BoundaryFunc = BoundaryFunc {
    doc: &ENDOFYEAR_DOC,
    unit: Unit::Year,
    end: true,
};

const ENDOFDAY_DOC: FunctionDoc = FunctionDoc {
    name: "endofday",
    aliases: &[],
    category: "datetime",
    syntax: "endofday(date [, offset])",
    description: "The last tick (23:59:59.9999999 UTC) of date's day, offset days later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = endofday(datetime(2017-01-01 10:10:17), -1), b = endofday(datetime(2017-01-01 10:10:17)), c = endofday(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2016-12-31T23:59:59.9999999Z,2017-01-01T23:59:59.9999999Z,2017-01-02T23:59:59.9999999Z",
    }],
};

const ENDOFWEEK_DOC: FunctionDoc = FunctionDoc {
    name: "endofweek",
    aliases: &[],
    category: "datetime",
    syntax: "endofweek(date [, offset])",
    description: "The last tick of date's week, which ends on Saturday at 23:59:59.9999999 \
        UTC (weeks begin on Sunday), offset weeks later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = endofweek(datetime(2017-01-01 10:10:17), -1), b = endofweek(datetime(2017-01-01 10:10:17)), c = endofweek(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2016-12-31T23:59:59.9999999Z,2017-01-07T23:59:59.9999999Z,2017-01-14T23:59:59.9999999Z",
    }],
};

const ENDOFMONTH_DOC: FunctionDoc = FunctionDoc {
    name: "endofmonth",
    aliases: &[],
    category: "datetime",
    syntax: "endofmonth(date [, offset])",
    description: "The last tick of date's month, offset months later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = endofmonth(datetime(2017-01-01 10:10:17), -1), b = endofmonth(datetime(2017-01-01 10:10:17)), c = endofmonth(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2016-12-31T23:59:59.9999999Z,2017-01-31T23:59:59.9999999Z,2017-02-28T23:59:59.9999999Z",
    }],
};

const ENDOFYEAR_DOC: FunctionDoc = FunctionDoc {
    name: "endofyear",
    aliases: &[],
    category: "datetime",
    syntax: "endofyear(date [, offset])",
    description: "The last tick of date's year (December 31, 23:59:59.9999999 UTC), offset \
        years later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = endofyear(datetime(2017-01-01 10:10:17), -1), b = endofyear(datetime(2017-01-01 10:10:17)), c = endofyear(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2016-12-31T23:59:59.9999999Z,2017-12-31T23:59:59.9999999Z,2018-12-31T23:59:59.9999999Z",
    }],
};
