// A regex's syntax tree with every class cut down to ASCII (or to another
// range of characters), shared by
// src/document/ascii_regex.rs (the ASCII version of a pattern with flags)
// and build.rs (the built-in furniture patterns' automata, built ahead)
// through `include!`, so that both cut a pattern the same way.

/// `hir` with every class intersected with ASCII.
fn to_ascii(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    cut_classes(hir, '\x7f')
}

/// `hir` with every class cut to the characters up to `last` (a class of
/// bytes cut to ASCII only when `last` is ASCII: past it, a class of bytes
/// can match the bytes of a character and is kept whole). On a text of
/// such characters it matches where `hir` does.
fn cut_classes(hir: &regex_syntax::hir::Hir, last: char) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{
        Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    };
    let cut = |hir: &Hir| cut_classes(hir, last);
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', last)]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) if last.is_ascii() => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(rep) => {
            let mut rep = rep.clone();
            rep.sub = Box::new(cut(&rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Capture(cap) => {
            let mut cap = cap.clone();
            cap.sub = Box::new(cut(&cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(cut).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(cut).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) | HirKind::Class(_) => {
            hir.clone()
        }
    }
}
