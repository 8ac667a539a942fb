//! Canonical JSON written straight from `Serialize` values: object keys sorted at every level,
//! no insignificant whitespace, numbers and strings exactly as serde_json writes them. The same
//! bytes as `serde_json::to_string(&serde_json::to_value(x))` (a test keeps it so), without
//! building the intermediate tree, which dominated the cost of the content digest.

use serde::ser::{self, Serialize};

#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Res = Result<String, Error>;

/// Canonical JSON of a value; `skip` names top-level object keys to leave out.
pub fn to_string<T: Serialize + ?Sized>(value: &T, skip: &'static [&'static str]) -> Res {
    value.serialize(Ser { skip })
}

#[derive(Clone, Copy)]
struct Ser {
    /// Keys to drop from the object being serialized (only at the top level).
    skip: &'static [&'static str],
}

const NONE: &[&str] = &[];

fn json<T: Serialize + ?Sized>(v: &T) -> Res {
    serde_json::to_string(v).map_err(|e| Error(e.to_string()))
}

pub struct Seq {
    items: Vec<String>,
}

pub struct Obj {
    /// (raw key, key as JSON, value as JSON); sorted by the raw key, as serde_json sorts.
    entries: Vec<(String, String, String)>,
    skip: &'static [&'static str],
    key: Option<String>,
    /// For externally tagged variants: the variant name wrapping the object.
    wrap: Option<&'static str>,
}

fn write_obj(mut entries: Vec<(String, String, String)>) -> String {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(
        entries
            .iter()
            .map(|(_, k, v)| k.len() + v.len() + 4)
            .sum::<usize>()
            + 2,
    );
    out.push('{');
    for (i, (_, k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(k);
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

fn write_seq(items: Vec<String>) -> String {
    let mut out = String::with_capacity(items.iter().map(|i| i.len() + 1).sum::<usize>() + 2);
    out.push('[');
    out.push_str(&items.join(","));
    out.push(']');
    out
}

impl ser::Serializer for Ser {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = Obj;

    fn serialize_bool(self, v: bool) -> Res {
        json(&v)
    }
    fn serialize_i8(self, v: i8) -> Res {
        json(&v)
    }
    fn serialize_i16(self, v: i16) -> Res {
        json(&v)
    }
    fn serialize_i32(self, v: i32) -> Res {
        json(&v)
    }
    fn serialize_i64(self, v: i64) -> Res {
        json(&v)
    }
    fn serialize_u8(self, v: u8) -> Res {
        json(&v)
    }
    fn serialize_u16(self, v: u16) -> Res {
        json(&v)
    }
    fn serialize_u32(self, v: u32) -> Res {
        json(&v)
    }
    fn serialize_u64(self, v: u64) -> Res {
        json(&v)
    }
    fn serialize_f32(self, v: f32) -> Res {
        json(&serde_json::Value::from(v as f64))
    }
    fn serialize_f64(self, v: f64) -> Res {
        json(&serde_json::Value::from(v))
    }
    fn serialize_char(self, v: char) -> Res {
        json(&v)
    }
    fn serialize_str(self, v: &str) -> Res {
        json(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Res {
        json(v)
    }
    fn serialize_none(self) -> Res {
        Ok("null".to_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Res {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Res {
        Ok("null".to_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res {
        Ok("null".to_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res {
        json(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Res {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Res {
        Ok(write_obj(vec![(
            variant.to_string(),
            json(variant)?,
            v.serialize(Ser { skip: NONE })?,
        )]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq {
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Seq, Error> {
        Err(Error("tuple variants are not used in artifacts".into()))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Obj, Error> {
        Ok(Obj {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            skip: self.skip,
            key: None,
            wrap: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Obj, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Obj, Error> {
        Ok(Obj {
            entries: Vec::with_capacity(len),
            skip: NONE,
            key: None,
            wrap: Some(variant),
        })
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = String;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.items.push(v.serialize(Ser { skip: NONE })?);
        Ok(())
    }
    fn end(self) -> Res {
        Ok(write_seq(self.items))
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = String;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = String;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = String;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl Obj {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        if self.skip.contains(&key) {
            return Ok(());
        }
        self.entries.push((
            key.to_string(),
            json(key)?,
            v.serialize(Ser { skip: NONE })?,
        ));
        Ok(())
    }

    fn finish(self) -> Res {
        let obj = write_obj(self.entries);
        match self.wrap {
            Some(variant) => Ok(write_obj(vec![(variant.to_string(), json(variant)?, obj)])),
            None => Ok(obj),
        }
    }
}

impl ser::SerializeMap for Obj {
    type Ok = String;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        // Keys are strings in artifacts; serialize them as JSON strings.
        let key = k.serialize(Ser { skip: NONE })?;
        let key = if key.starts_with('"') {
            key
        } else {
            json(&key)?
        };
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("value without a key".into()))?;
        let plain: String = serde_json::from_str(&key).map_err(|e| Error(e.to_string()))?;
        if self.skip.contains(&plain.as_str()) {
            return Ok(());
        }
        self.entries
            .push((plain, key, v.serialize(Ser { skip: NONE })?));
        Ok(())
    }
    fn end(self) -> Res {
        self.finish()
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = String;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.field(key, v)
    }
    fn end(self) -> Res {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Obj {
    type Ok = String;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.field(key, v)
    }
    fn end(self) -> Res {
        self.finish()
    }
}
