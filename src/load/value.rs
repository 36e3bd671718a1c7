//! A lenient JSON value for spec files.
//!
//! Real specs break the strict rules of `serde_json::Value` in harmless ways:
//! YAML mapping keys that are numbers or booleans (`200:`), integers beyond
//! the 64-bit range (`openai.yaml` has `minimum: -9223372036854776000`), and
//! duplicate keys. This visitor accepts all three: keys become strings,
//! out-of-range integers become floats, and a later duplicate key wins, as
//! in most YAML and JSON readers.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Deserializes any self-describing document into a [`Value`].
pub struct Lenient(pub Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(Lenient)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Lenient(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let Lenient(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A float as JSON. JSON has no NaN or infinity, so YAML's `.nan` and
/// `.inf` stay strings, as an overflowing literal like `1e400` already does
/// in serde_yaml: a field that needs a number then rejects them, where null
/// would silently drop a bound like `minLength: .inf`.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or_else(
        || {
            Value::String(
                match v {
                    f64::INFINITY => ".inf",
                    f64::NEG_INFINITY => "-.inf",
                    _ => ".nan",
                }
                .into(),
            )
        },
        Value::Number,
    )
}

/// A mapping key of any scalar type, as a string.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(ValueVisitor)? {
            Value::String(s) => Ok(Key(s)),
            Value::Null => Ok(Key("null".into())),
            v @ (Value::Bool(_) | Value::Number(_)) => Ok(Key(v.to_string())),
            _ => Err(de::Error::custom("a mapping key must be a scalar")),
        }
    }
}
