//! RFC 8785 (JSON Canonicalization Scheme) written straight from `Serialize` values: object
//! keys sorted at every level, no insignificant whitespace, strings escaped as JCS (and
//! serde_json) escape them, numbers in the ECMAScript form JCS prescribes (`1e-7`, `0.000001`,
//! `1e+21`). Tests hold it byte for byte to an independent JCS implementation, without
//! building the intermediate tree, which dominated the cost of the content digest. Keys are
//! compared as bytes, which equals JCS's UTF-16 order for every key outside U+E000–U+10FFFF
//! (artifact keys are ASCII).
//!
//! Everything is written into one output buffer. An object writes its members in the order
//! serde hands them over and remembers where each key and member lies; when it ends, and only
//! if the keys were not already in order, it rewrites its own members in sorted order. Key
//! text lives in one shared arena, so an object costs no allocation of its own.

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

type Res = Result<(), Error>;

/// Canonical JSON of a value; `skip` names top-level object keys to leave out.
pub fn to_string<T: Serialize + ?Sized>(
    value: &T,
    skip: &'static [&'static str],
) -> Result<String, Error> {
    with_bytes(value, skip, &[], |parts| String::from_utf8(parts.concat()))?
        .map_err(|e| Error(e.to_string()))
}

/// Writes the canonical JSON of a value into a reused per-thread buffer and hands it to `f`
/// as pieces to be read in order (hashing needs no `String` of its own, and the members of
/// the top-level object, which is most of the text, are handed over in sorted order instead
/// of being copied into it). `extra` members (key, canonical JSON of the value) join the
/// top-level object in key order: a caller that knows a member's canonical text already (a
/// constant part) skips its key and passes the text here.
pub fn with_bytes<T: Serialize + ?Sized, R>(
    value: &T,
    skip: &'static [&'static str],
    extra: &[(&str, &[u8])],
    f: impl FnOnce(&[&[u8]]) -> R,
) -> Result<R, Error> {
    thread_local! {
        static STATE: std::cell::RefCell<State> = std::cell::RefCell::new(State::default());
    }
    let run = |st: &mut State| -> Result<R, Error> {
        st.out.clear();
        st.keys.clear();
        st.members.clear();
        st.top = None;
        value.serialize(Ser { st, skip, extra })?;
        Ok(match st.top.take() {
            Some(order) => {
                let mut parts: Vec<&[u8]> = Vec::with_capacity(2 * order.len() + 1);
                parts.push(b"{");
                for (i, (a, b)) in order.iter().enumerate() {
                    if i > 0 {
                        parts.push(b",");
                    }
                    parts.push(&st.out[*a..*b]);
                }
                parts.push(b"}");
                f(&parts)
            }
            None => f(&[&st.out]),
        })
    };
    STATE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut st) => run(&mut st),
        // Only if a value's own `Serialize` asked for canonical JSON while being written.
        Err(_) => run(&mut State::default()),
    })
}

/// One member of an object being written: its raw key (a range of `State::keys`) and the
/// `"key":value` text (a range of `State::out`).
#[derive(Clone, Copy)]
struct Member {
    key: (usize, usize),
    /// The key's first eight bytes, big-endian and zero-padded: comparing these orders most
    /// keys without touching their text.
    prefix: u64,
    text: (usize, usize),
}

fn prefix(key: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = key.len().min(8);
    b[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

#[derive(Default)]
struct State {
    out: Vec<u8>,
    /// Raw (unescaped) keys of the objects still open.
    keys: String,
    /// Members of the objects still open, innermost last.
    members: Vec<Member>,
    /// Reused when an object's members must be reordered.
    scratch: Vec<u8>,
    /// The sorted members of the top-level object, when they were left in place.
    top: Option<Vec<(usize, usize)>>,
}

impl State {
    fn json<T: Serialize + ?Sized>(&mut self, v: &T) -> Res {
        serde_json::to_writer(&mut self.out, v).map_err(|e| Error(e.to_string()))
    }
}

struct Ser<'a, 'x> {
    st: &'a mut State,
    /// Keys to drop from the object being serialized (only at the top level).
    skip: &'static [&'static str],
    /// Members to add to the object being serialized (only at the top level).
    extra: &'x [(&'x str, &'x [u8])],
}

const NONE: &[&str] = &[];

pub struct Seq<'a> {
    st: &'a mut State,
    first: bool,
}

pub struct Obj<'a, 'x> {
    st: &'a mut State,
    skip: &'static [&'static str],
    extra: &'x [(&'x str, &'x [u8])],
    /// Index of this object's first member in `State::members`.
    base: usize,
    /// Length of `State::keys` when the object opened.
    keys_base: usize,
    /// Where the members begin in `State::out` (just after `{`).
    body: usize,
    /// For externally tagged variants: the object is wrapped in `{"variant": … }`.
    wrapped: bool,
    /// A map key waiting for its value.
    pending: Option<(usize, usize)>,
}

impl<'a, 'x> Obj<'a, 'x> {
    fn open(
        st: &'a mut State,
        skip: &'static [&'static str],
        extra: &'x [(&'x str, &'x [u8])],
        wrap: Option<&str>,
    ) -> Result<Self, Error> {
        if let Some(variant) = wrap {
            st.out.push(b'{');
            st.json(variant)?;
            st.out.push(b':');
        }
        st.out.push(b'{');
        Ok(Obj {
            base: st.members.len(),
            keys_base: st.keys.len(),
            body: st.out.len(),
            st,
            skip,
            extra,
            wrapped: wrap.is_some(),
            pending: None,
        })
    }

    /// Writes one member whose raw key is `self.st.keys[key.0..key.1]`.
    fn member<T: Serialize + ?Sized>(&mut self, key: (usize, usize), v: &T) -> Res {
        let st = &mut *self.st;
        if st.members.len() > self.base {
            st.out.push(b',');
        }
        let start = st.out.len();
        let raw = &st.keys[key.0..key.1];
        serde_json::to_writer(&mut st.out, raw).map_err(|e| Error(e.to_string()))?;
        st.out.push(b':');
        v.serialize(Ser {
            st,
            skip: NONE,
            extra: &[],
        })?;
        let end = self.st.out.len();
        let prefix = prefix(&self.st.keys[key.0..key.1]);
        self.st.members.push(Member {
            key,
            prefix,
            text: (start, end),
        });
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Res {
        if self.skip.contains(&key) {
            return Ok(());
        }
        let k0 = self.st.keys.len();
        self.st.keys.push_str(key);
        self.member((k0, self.st.keys.len()), v)
    }

    fn finish(self) -> Res {
        for (key, text) in self.extra {
            let st = &mut *self.st;
            if st.members.len() > self.base {
                st.out.push(b',');
            }
            let start = st.out.len();
            st.json(*key)?;
            st.out.push(b':');
            st.out.extend_from_slice(text);
            let k0 = st.keys.len();
            st.keys.push_str(key);
            let member = Member {
                key: (k0, st.keys.len()),
                prefix: prefix(key),
                text: (start, st.out.len()),
            };
            st.members.push(member);
        }
        let st = self.st;
        let keys = &st.keys;
        let members = &mut st.members[self.base..];
        let order = |a: &Member, b: &Member| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| keys[a.key.0..a.key.1].cmp(&keys[b.key.0..b.key.1]))
        };
        let sorted = members.windows(2).all(|w| order(&w[0], &w[1]).is_le());
        if !sorted && self.body == 1 && !self.wrapped {
            // The top-level object: `with_bytes` hands its members over in order.
            members.sort_unstable_by(order);
            st.top = Some(members.iter().map(|m| m.text).collect());
        } else if !sorted {
            members.sort_unstable_by(order);
            let mut scratch = std::mem::take(&mut st.scratch);
            scratch.clear();
            scratch.extend_from_slice(&st.out[self.body..]);
            st.out.truncate(self.body);
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    st.out.push(b',');
                }
                st.out
                    .extend_from_slice(&scratch[m.text.0 - self.body..m.text.1 - self.body]);
            }
            st.scratch = scratch;
        }
        st.members.truncate(self.base);
        st.keys.truncate(self.keys_base);
        st.out.push(b'}');
        if self.wrapped {
            st.out.push(b'}');
        }
        Ok(())
    }
}

/// Writes a finite double as ECMAScript's `Number.prototype.toString` does (RFC 8785 §3.2.2.3):
/// the shortest digits that read back as the same double, laid out as an integer, a
/// decimal fraction, or with an exponent from 1e21 and below 1e-6.
pub fn es_number(v: f64, out: &mut Vec<u8>) {
    // `ryu-js` implements ECMAScript's Number::toString, including its rule for two shortest
    // candidates equally close to the value (the even one); Rust's own shortest formatting
    // picks the other one in such ties (1002484383533995.25 is `...995.2` in JCS, not `.3`).
    if v == 0.0 {
        out.push(b'0'); // also -0
        return;
    }
    out.extend_from_slice(ryu_js::Buffer::new().format_finite(v).as_bytes());
}

macro_rules! scalar {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, v: $t) -> Res {
            self.st.json(&v)
        })*
    };
}

impl<'a, 'x> ser::Serializer for Ser<'a, 'x> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Obj<'a, 'x>;
    type SerializeStruct = Obj<'a, 'x>;
    type SerializeStructVariant = Obj<'a, 'x>;

    scalar!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_char: char);

    // JCS numbers are doubles: an integer beyond 2^53 is written as the double it reads as.
    fn serialize_i64(self, v: i64) -> Res {
        if v.unsigned_abs() < (1 << 53) {
            self.st.json(&v)
        } else {
            self.serialize_f64(v as f64)
        }
    }
    fn serialize_u64(self, v: u64) -> Res {
        if v < (1 << 53) {
            self.st.json(&v)
        } else {
            self.serialize_f64(v as f64)
        }
    }

    fn serialize_f32(self, v: f32) -> Res {
        self.serialize_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Res {
        if !v.is_finite() {
            return Err(Error("JSON has no NaN or infinity".into()));
        }
        es_number(v, &mut self.st.out);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Res {
        self.st.json(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Res {
        self.st.json(v)
    }
    fn serialize_none(self) -> Res {
        self.st.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Res {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Res {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res {
        self.st.json(variant)
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
        self.st.out.push(b'{');
        self.st.json(variant)?;
        self.st.out.push(b':');
        v.serialize(Ser {
            st: &mut *self.st,
            skip: NONE,
            extra: &[],
        })?;
        self.st.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Error> {
        self.st.out.push(b'[');
        Ok(Seq {
            st: self.st,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Seq<'a>, Error> {
        Err(Error("tuple variants are not used in artifacts".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Obj<'a, 'x>, Error> {
        Obj::open(self.st, self.skip, self.extra, None)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj<'a, 'x>, Error> {
        Obj::open(self.st, self.skip, self.extra, None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Obj<'a, 'x>, Error> {
        Obj::open(self.st, NONE, &[], Some(variant))
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Res {
        if !self.first {
            self.st.out.push(b',');
        }
        self.first = false;
        v.serialize(Ser {
            st: &mut *self.st,
            skip: NONE,
            extra: &[],
        })
    }
    fn end(self) -> Res {
        self.st.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Res {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Res {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Res {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Obj<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Res {
        // Map keys become strings, as serde_json's value map makes them.
        let key = match serde_json::to_value(k).map_err(|e| Error(e.to_string()))? {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        let k0 = self.st.keys.len();
        self.st.keys.push_str(&key);
        self.pending = Some((k0, self.st.keys.len()));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Res {
        let key = self
            .pending
            .take()
            .ok_or_else(|| Error("value without a key".into()))?;
        if self.skip.contains(&&self.st.keys[key.0..key.1]) {
            return Ok(());
        }
        self.member(key, v)
    }
    fn end(self) -> Res {
        self.finish()
    }
}

impl ser::SerializeStruct for Obj<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Res {
        self.field(key, v)
    }
    fn end(self) -> Res {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Obj<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Res {
        self.field(key, v)
    }
    fn end(self) -> Res {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    fn reference<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(&serde_json::to_value(v).unwrap()).unwrap()
    }

    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(u8),
        Struct { z: u8, a: Option<String> },
    }

    #[derive(serde::Serialize)]
    struct S {
        zeta: Vec<E>,
        alpha: f64,
        #[serde(rename = "mid\"dle")]
        middle: BTreeMap<String, (u8, bool)>,
        nested: Vec<Vec<S>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
        text: &'static str,
    }

    fn sample(depth: u8) -> S {
        S {
            zeta: vec![
                E::Unit,
                E::New(7),
                E::Struct {
                    z: 1,
                    a: Some("é\n\"".into()),
                },
            ],
            alpha: 0.25,
            middle: [("b".to_string(), (1, true)), ("a".to_string(), (2, false))].into(),
            nested: if depth == 0 {
                vec![]
            } else {
                vec![vec![sample(depth - 1)], vec![]]
            },
            gone: None,
            text: "\u{1}tab\t",
        }
    }

    fn es(v: f64) -> String {
        let mut out = Vec::new();
        super::es_number(v, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_ecmascript_writes_them() {
        // RFC 8785 appendix B and ECMAScript's Number.prototype.toString.
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (5000.0, "5000"),
            (0.1, "0.1"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (123456789012345.0, "123456789012345"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.25e22, "1.25e+22"),
            (9007199254740992.0, "9007199254740992"),
            (295147905179352830000.0, "295147905179352830000"),
            (4.50, "4.5"),
            (2e-3, "0.002"),
            (0.000001234, "0.000001234"),
            (1000000.0000000001, "1000000.0000000001"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ] {
            assert_eq!(es(v), want, "{v:e}");
        }
    }

    #[test]
    fn matches_serde_json_value_ordering() {
        let s = sample(3);
        assert_eq!(super::to_string(&s, &[]).unwrap(), reference(&s));
    }

    #[test]
    fn skips_only_top_level_keys() {
        let s = sample(1);
        let got = super::to_string(&s, &["alpha", "text"]).unwrap();
        let mut v = serde_json::to_value(&s).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("alpha");
        o.remove("text");
        assert_eq!(got, serde_json::to_string(&v).unwrap());
        assert!(
            got.contains("\"text\":\"\\u0001tab\\t\""),
            "nested text kept"
        );
    }

    #[test]
    fn extra_members_land_in_key_order() {
        let s = sample(1);
        let middle = super::to_string(&s.middle, &[]).unwrap();
        let extra: &[(&str, &[u8])] = &[("mid\"dle", middle.as_bytes())];
        let spliced = super::with_bytes(&s, &["mid\"dle"], extra, |b| b.concat()).unwrap();
        assert_eq!(String::from_utf8(spliced).unwrap(), reference(&s));
    }
}
