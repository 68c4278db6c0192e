//! Typed parameters of a rule kind, declared once: the [`params!`] macro
//! turns a struct whose fields carry doc comments into the serde type a
//! `[[rule]]` table is read into (unknown keys refused, keys in kebab-case)
//! and the parameter list that `galley explain` and docs/src/rules.md show.
//! Adding a parameter to a kind is adding one documented field.

/// One parameter of a kind, for documentation and key checks.
#[derive(Debug)]
pub struct ParamDoc {
    /// The Rust field name (`cues_before`); the TOML key is kebab-case.
    pub field: &'static str,
    /// The field's doc comment, one line per `///` line.
    pub doc: &'static str,
}

impl ParamDoc {
    /// The key as written in a pack: `cues-before`.
    pub fn name(&self) -> String {
        self.field.replace('_', "-")
    }

    /// Whether `key` (as written in a pack) names this parameter.
    pub fn is(&self, key: &str) -> bool {
        self.field.len() == key.len()
            && self
                .field
                .bytes()
                .zip(key.bytes())
                .all(|(f, k)| if f == b'_' { k == b'-' } else { f == k })
    }

    /// The meaning, its doc comment's lines joined into one.
    pub fn meaning(&self) -> String {
        self.doc
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Declares a kind's parameters:
///
/// ```ignore
/// params! {
///     struct Params {
///         /// regex to find
///         pattern: Option<Spanned<String>>,
///     }
/// }
/// ```
///
/// gives `struct Params` (read with `spec.params::<Params>()`) and
/// `Params::DOCS` for the kind's [`super::KindInfo::params`].
macro_rules! params {
    (
        $(#[$meta:meta])*
        struct $name:ident {
            $( $(#[doc = $doc:literal])+ $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        struct $name {
            $( $(#[doc = $doc])+ $field: $ty, )*
        }

        impl $name {
            /// The parameters, documented, in declaration order.
            const DOCS: &'static [$crate::rules::params::ParamDoc] = &[
                $( $crate::rules::params::ParamDoc {
                    field: stringify!($field),
                    doc: concat!($($doc, "\n"),+),
                } ),*
            ];
        }
    };
}

pub(crate) use params;

/// The keys serde reads for the struct `T`, asked of serde itself: a
/// deserializer that answers `deserialize_struct` by handing back the list.
pub(super) fn struct_fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    #[derive(Debug)]
    struct Fields(&'static [&'static str]);

    impl std::fmt::Display for Fields {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "fields {:?}", self.0)
        }
    }

    impl std::error::Error for Fields {}

    impl de::Error for Fields {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Fields(&[])
        }
    }

    struct Ask;

    impl<'de> de::Deserializer<'de> for Ask {
        type Error = Fields;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(&[]))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    match T::deserialize(Ask) {
        Err(Fields(fields)) => fields,
        Ok(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use toml::Spanned;

    params! {
        struct Example {
            /// the first line
            /// and the second
            cues_before: Option<Spanned<Vec<String>>>,
            /// a number
            min_words: Option<usize>,
        }
    }

    #[test]
    fn docs_come_from_the_fields() {
        let docs = Example::DOCS;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].name(), "cues-before");
        assert_eq!(docs[0].meaning(), "the first line and the second");
        assert!(docs[1].is("min-words"));
        assert!(!docs[1].is("min_words"));
        assert!(!docs[1].is("min-word"));
    }

    #[test]
    fn keys_are_kebab_case_and_unknown_keys_are_refused() {
        let ok: Example = toml::from_str("cues-before = [\"a\"]\nmin-words = 3").unwrap();
        assert_eq!(ok.min_words, Some(3));
        assert_eq!(ok.cues_before.unwrap().into_inner(), vec!["a".to_string()]);
        let err = toml::from_str::<Example>("colour = 1").err().unwrap();
        assert!(err.message().contains("unknown field `colour`"), "{err}");
    }
}
