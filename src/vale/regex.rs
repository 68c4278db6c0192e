//! Vale's regexes as galley runs them: .NET-flavoured (look-around), so
//! compiled with `fancy-regex` (which hands plain ones to `regex`), checked
//! when the configuration is loaded and compiled on first use. Rules'
//! patterns and a `.vale.ini`'s `TokenIgnores`/`BlockIgnores` alike.

use std::io::Write as _;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use fancy_regex::Regex;

/// The start of the error of a regex that Vale runs but galley cannot (a
/// .NET feature fancy-regex lacks): the loader makes it a warning and
/// skips what uses it, where a regex that is wrong in any dialect stops
/// the run.
pub const UNSUPPORTED: &str = "galley cannot run this regex";

/// How many steps a regex that backtracks may take on one text before it
/// gives up (and finds nothing more there).
const BACKTRACK_LIMIT: usize = 100_000;

/// A regex checked at load (parsed, and its look-arounds analysed) and
/// compiled on first use: a configuration with hundreds of Vale rules
/// loads without compiling any, and one that never runs (another
/// section's, a file type's) costs nothing more. `None` once compiled if
/// it did not compile after all (a size limit): it then matches nothing,
/// with a warning naming `origin`, rather than stop the run.
#[derive(Debug, Clone)]
pub struct Lazy {
    source: String,
    /// What the regex belongs to, for that warning (`Vale rule
    /// Google.Will`, `TokenIgnores in path/.vale.ini:4`).
    origin: Arc<str>,
    regex: OnceLock<Option<Regex>>,
}

impl Lazy {
    /// The compiled regex (compiling it the first time).
    pub fn get(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| {
                build(&self.source)
                    .map_err(|err| {
                        let shown: String = self.source.chars().take(80).collect();
                        // Standard error may be closed; the run goes on.
                        let _ = writeln!(
                            std::io::stderr(),
                            "warning: {}: the regex {shown:?} did not compile ({err}); it is not used",
                            self.origin
                        );
                    })
                    .ok()
            })
            .as_ref()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get()
            .is_some_and(|r| r.is_match(text).unwrap_or(false))
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the regex has been compiled (by its check or a first use).
    pub fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }
}

fn build(regex: &str) -> Result<Regex, fancy_regex::Error> {
    fancy_regex::RegexBuilder::new(regex)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
}

/// Checks a regex (see [`Lazy`]); it is compiled on first use. The error
/// starts with [`UNSUPPORTED`] for a .NET feature galley lacks, with
/// `invalid regex` for one wrong in any dialect.
pub fn compile(regex: &str, origin: &Arc<str>) -> Result<Lazy, String> {
    // Checked first: fancy-regex reads some of these otherwise, silently
    // (`[a-z-[aeiou]]` as a union).
    if let Some(feature) = dotnet_only(regex) {
        return Err(format!(
            "{UNSUPPORTED} ({feature}, which Vale's .NET-style regexes have)"
        ));
    }
    let built = check(regex).map_err(|err| format!("invalid regex: {err}"))?;
    let lazy = Lazy {
        source: regex.to_string(),
        origin: Arc::clone(origin),
        regex: OnceLock::new(),
    };
    // A regex compiled to be checked is kept.
    if let Some(built) = built {
        let _ = lazy.regex.set(Some(built));
    }
    Ok(lazy)
}

/// What compiling would say of the regex's syntax and look-arounds,
/// without building its automata: fancy-regex's parse and analysis; the
/// parts it hands whole to the `regex` crate are parsed by `regex-syntax`
/// too (its syntax tree only: cheap next to compiling); a regex that
/// needs fancy-regex's own engine (look-around, back-references) is
/// compiled, as those are small. What only compiling finds (a regex too
/// big) is a warning at first use.
/// The regex, when it had to be compiled to be checked.
fn check(regex: &str) -> Result<Option<Regex>, String> {
    let tree = fancy_regex::Expr::parse_tree(regex).map_err(|e| e.to_string())?;
    let info =
        fancy_regex::internal::analyze(&tree, Default::default()).map_err(|e| e.to_string())?;
    let compiled = || build(regex).map(Some).map_err(|e| e.to_string());
    if info.hard {
        return compiled();
    }
    // Unicode class names are only known once translated (costly with
    // case folding, so only for the regexes that name one).
    let parsed = if regex.contains("\\p") || regex.contains("\\P") {
        regex_syntax::Parser::new().parse(regex).map(|_| ())
    } else {
        regex_syntax::ast::parse::Parser::new()
            .parse(regex)
            .map(|_| ())
            .map_err(Into::into)
    };
    match parsed {
        Ok(()) => Ok(None),
        // regex-syntax and fancy-regex differ on a few escapes: let the
        // real compiler judge.
        Err(_) => compiled(),
    }
}

/// The .NET regex feature (Vale's regexp2) `regex` uses that fancy-regex
/// has not, if any: character class subtraction (`[a-z-[aeiou]]`) and
/// balancing groups (`(?<open-close>…)`).
fn dotnet_only(regex: &str) -> Option<&'static str> {
    let bytes = regex.as_bytes();
    let mut in_class = false;
    // Whether the byte before is an unescaped `-` (`\-` is a literal one).
    let mut after_hyphen = false;
    let mut i = 0;
    while i < bytes.len() {
        let hyphen = bytes[i] == b'-';
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if in_class && after_hyphen => {
                return Some("character class subtraction");
            }
            // .NET reads it as a literal `[`; Rust's syntax as a nested
            // class (`[:alpha:]` is a class name in both readings' place).
            b'[' if in_class && bytes.get(i + 1) != Some(&b':') => {
                return Some("a `[` inside a character class, a literal one in .NET");
            }
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class && regex[i..].starts_with("(?<") => {
                let name: String = regex[i + 3..].chars().take_while(|c| *c != '>').collect();
                if name.contains('-') && !name.starts_with(['=', '!']) {
                    return Some("a balancing group");
                }
            }
            _ => {}
        }
        after_hyphen = hyphen;
        i += 1;
    }
    None
}

/// Every match of `regex` in `text`, as byte ranges (a regex that gives up
/// on a pathological text stops there; one that did not compile finds
/// nothing).
pub fn find_all(regex: &Lazy, text: &str) -> Vec<Range<usize>> {
    let Some(regex) = regex.get() else {
        return Vec::new();
    };
    regex
        .find_iter(text)
        .map_while(Result::ok)
        .map(|m| m.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Arc<str> {
        Arc::from("test")
    }

    #[test]
    fn a_regex_is_checked_at_load_and_compiled_on_first_use() {
        let lazy = compile(r"\b(?:alpha|beta)\b", &origin()).unwrap();
        assert!(!lazy.is_compiled(), "compiled at load");
        assert!(lazy.is_match("the beta test") && !lazy.is_match("alphabet"));
        assert!(lazy.is_compiled());
        // Errors are still found at load.
        let err = compile("(?:a|b", &origin()).unwrap_err();
        assert!(err.starts_with("invalid regex"), "{err}");
        // Look-arounds are analysed, and compiled, at load (they are small).
        assert!(compile(r"(?<=a+b)c", &origin()).unwrap().is_compiled());
    }

    #[test]
    fn a_regex_too_big_to_compile_matches_nothing() {
        // Parses, so it passes the load check; the automaton is too big.
        let lazy = compile(r"\w{1000}\w{1000}\w{1000}", &origin()).unwrap();
        assert!(!lazy.is_match(&"a".repeat(3000)));
        assert!(lazy.is_compiled() && lazy.get().is_none());
        assert!(find_all(&lazy, "abc").is_empty());
    }

    #[test]
    fn dotnet_features_are_told_apart_from_mistakes() {
        let err = compile(r"[a-z-[aeiou]]", &origin()).unwrap_err();
        assert!(err.starts_with(UNSUPPORTED), "{err}");
        assert!(err.contains("class subtraction"));
        let err = compile(r"[a-z", &origin()).unwrap_err();
        assert!(err.starts_with("invalid regex"), "{err}");
        // An escaped hyphen is a literal one, not a subtraction; the `[`
        // after it is literal in .NET, and a nested class in Rust's syntax.
        let err = compile(r"[a\-[]+", &origin()).unwrap_err();
        assert!(err.starts_with(UNSUPPORTED), "{err}");
        assert!(!err.contains("subtraction"), "{err}");
        assert!(err.contains("a `[` inside a character class"));
        assert_eq!(
            dotnet_only(r"[\w-[\d]]"),
            Some("character class subtraction")
        );
        assert_eq!(dotnet_only(r"[[:alpha:]\[]"), None);
    }

    #[test]
    fn look_around_compiles() {
        let r = compile(r"(?<!\d)\d{2}(?!\d)", &origin()).unwrap();
        assert_eq!(find_all(&r, "1 22 333"), vec![(2..4)]);
        assert!(
            compile("a(b", &origin())
                .unwrap_err()
                .starts_with("invalid regex")
        );
    }
}
