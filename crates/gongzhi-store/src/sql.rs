//! What every statement of the store shares: the one type of bound value, binding a list of them, and marking a
//! statement built at run time as the store's own text.
//!
//! Statements are written once in the SQL both backends accept; values cross as the few types sqlx's `Any` driver
//! binds everywhere (integers — instants, money, flags — and texts — ids, codes, JSON), each possibly NULL.

use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// One value bound to a statement built at run time (a filter's conditions, a change's columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Value {
    pub(crate) fn int(i: i64) -> Value {
        Value::Int(Some(i))
    }

    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(Some(s.into()))
    }

    /// Binds this value as the statement's next parameter.
    pub(crate) fn bind<'q>(
        &'q self,
        q: Query<'q, sqlx::Any, AnyArguments>,
    ) -> Query<'q, sqlx::Any, AnyArguments> {
        match self {
            Value::Int(i) => q.bind(*i),
            Value::Text(t) => q.bind(t.as_deref()),
        }
    }
}

/// The one builder of a statement's conditions: clauses joined by `AND`, each written with `?` where a value goes,
/// numbered `$1`, `$2`… in the order values are added (so a statement may add its own after them).
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// A clause with one `?` per value, in order.
    pub(crate) fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        let mut out = String::with_capacity(clause.len() + 4);
        for c in clause.chars() {
            if c == '?' {
                let v = values.next().expect("a value for each placeholder");
                out.push_str(&self.mark(v));
            } else {
                out.push(c);
            }
        }
        assert!(values.next().is_none(), "a placeholder for each value");
        self.clauses.push(out);
    }

    /// A value bound now, answered as its placeholder (`$3`), for clauses built elsewhere (a scope's branches).
    pub(crate) fn mark(&mut self, v: Value) -> String {
        self.values.push(v);
        format!("${}", self.values.len())
    }

    /// The clauses joined by `AND` (`1 = 1` for none).
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".to_owned()
        } else {
            self.clauses.join(" AND ")
        }
    }

    pub(crate) fn values(&self) -> &[Value] {
        &self.values
    }

    pub(crate) fn into_values(self) -> Vec<Value> {
        self.values
    }
}

/// Binds every value, in order.
pub(crate) fn bind_all<'q>(
    mut q: Query<'q, sqlx::Any, AnyArguments>,
    values: &'q [Value],
) -> Query<'q, sqlx::Any, AnyArguments> {
    for v in values {
        q = v.bind(q);
    }
    q
}

/// Marks a query text assembled at run time as safe. Only this crate builds SQL, and it only ever splices in its own
/// constants and placeholder numbers (`$3`), never a value from outside: values are always bound.
pub(crate) fn sql(text: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(text)
}

/// Binding helpers that work around `Any` driver traps.
pub(crate) trait BindExt {
    /// Binds an optional `f64`. sqlx 0.9's `Any` driver turns a `None::<f64>` into a FLOAT4 null on PostgreSQL (and a
    /// `None::<f32>` into a FLOAT8 null), so a statement first run with a null is prepared for FLOAT4 and every later
    /// real value is refused ("incorrect binary data format"). Binding `None::<f32>` gives the right FLOAT8 null.
    fn bind_f64_opt(self, value: Option<f64>) -> Self;
}

impl<'q> BindExt for sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    fn bind_f64_opt(self, value: Option<f64>) -> Self {
        match value {
            Some(v) => self.bind(v),
            None => self.bind(None::<f32>),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_number_their_values_in_order() {
        let mut c = Conditions::default();
        assert_eq!(c.sql(), "1 = 1");
        c.push("a = ?", [Value::int(1)]);
        c.push("b IS NULL", []);
        let m = c.mark(Value::text("x"));
        c.push("c BETWEEN ? AND ?", [Value::int(2), Value::int(3)]);
        assert_eq!(m, "$2");
        assert_eq!(c.sql(), "a = $1 AND b IS NULL AND c BETWEEN $3 AND $4");
        assert_eq!(
            c.values(),
            &[
                Value::int(1),
                Value::text("x"),
                Value::int(2),
                Value::int(3)
            ]
        );
    }
}
