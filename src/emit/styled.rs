//! The buffer the human format's findings are rendered into: codespan-reporting
//! writes through `core::fmt::Write` into it (its `std` feature is off), and
//! its default styles become termcolor's ANSI codes when colour is on.
//!
//! With its `std` feature, codespan-reporting wrote through `std::io::Write`:
//! each character of a line's text and of its carets went through `write!`,
//! std's formatting adapter and `write_all`, then the boxed output stream
//! (some 120 instructions a character past `write!`'s own; 33 here).
//! Through `core::fmt::Write` a character is a push onto this buffer, which
//! is written to the stream once a finding.

use std::fmt;
use std::io;

use codespan_reporting::diagnostic::{LabelStyle, Severity};
use codespan_reporting::term::WriteStyle;
use termcolor::{Ansi, Color, ColorSpec, WriteColor};

/// A finding's rendering: its bytes, with ANSI colour codes when `color`.
pub struct Styled {
    out: Ansi<Vec<u8>>,
    color: bool,
}

impl Styled {
    pub fn new(color: bool) -> Self {
        Styled {
            out: Ansi::new(Vec::new()),
            color,
        }
    }

    /// What has been rendered since the last [`Styled::clear`].
    pub fn as_bytes(&self) -> &[u8] {
        self.out.get_ref()
    }

    pub fn clear(&mut self) {
        self.out.get_mut().clear();
    }

    /// Writes what has been rendered to `w` and clears the buffer.
    pub fn write_to(&mut self, w: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
        w.write_all(self.as_bytes())?;
        self.clear();
        Ok(())
    }

    fn set(&mut self, spec: &ColorSpec) -> fmt::Result {
        if self.color {
            self.out.set_color(spec).map_err(|_| fmt::Error)?;
        }
        Ok(())
    }
}

impl fmt::Write for Styled {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.get_mut().extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        let out = self.out.get_mut();
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        Ok(())
    }
}

/// codespan-reporting's default styles (`Styles::default()` of its
/// `termcolor` feature): headers bold and intense, in the severity's colour;
/// primary labels in the severity's colour; everything else cyan.
fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Bug | Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Note => Color::Green,
        Severity::Help => Color::Cyan,
    }
}

fn header() -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_bold(true).set_intense(true);
    spec
}

fn fg(color: Color) -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(color));
    spec
}

impl WriteStyle for Styled {
    fn set_header(&mut self, severity: Severity) -> fmt::Result {
        let mut spec = header();
        spec.set_fg(Some(severity_color(severity)));
        self.set(&spec)
    }

    fn set_header_message(&mut self) -> fmt::Result {
        self.set(&header())
    }

    fn set_line_number(&mut self) -> fmt::Result {
        self.set(&fg(Color::Cyan))
    }

    fn set_note_bullet(&mut self) -> fmt::Result {
        self.set(&fg(Color::Cyan))
    }

    fn set_source_border(&mut self) -> fmt::Result {
        self.set(&fg(Color::Cyan))
    }

    fn set_label(&mut self, severity: Severity, label_style: LabelStyle) -> fmt::Result {
        match label_style {
            LabelStyle::Primary => self.set(&fg(severity_color(severity))),
            LabelStyle::Secondary => self.set(&fg(Color::Cyan)),
        }
    }

    fn reset(&mut self) -> fmt::Result {
        if self.color {
            self.out.reset().map_err(|_| fmt::Error)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn text_is_written_as_given_and_styles_only_with_colour() {
        for color in [false, true] {
            let mut s = Styled::new(color);
            s.set_header(Severity::Error).unwrap();
            s.write_str("error").unwrap();
            s.reset().unwrap();
            s.write_char('│').unwrap();
            s.write_char('^').unwrap();
            let text = String::from_utf8(s.as_bytes().to_vec()).unwrap();
            if color {
                assert_eq!(text, "\x1b[0m\x1b[1m\x1b[38;5;9merror\x1b[0m│^");
            } else {
                assert_eq!(text, "error│^");
            }
            let mut sink = Vec::new();
            s.write_to(&mut sink).unwrap();
            assert_eq!(sink, text.as_bytes());
            assert!(s.as_bytes().is_empty());
        }
    }

    /// Each style is what termcolor writes for codespan-reporting's default
    /// spec of it (the sequences `--color always` printed before).
    #[test]
    fn styles_are_codespans_defaults() {
        let styled = |set: &dyn Fn(&mut Styled) -> fmt::Result| {
            let mut s = Styled::new(true);
            set(&mut s).unwrap();
            String::from_utf8(s.as_bytes().to_vec()).unwrap()
        };
        let header = |colour: &str| format!("\x1b[0m\x1b[1m\x1b[38;5;{colour}m");
        assert_eq!(styled(&|s| s.set_header(Severity::Error)), header("9"));
        assert_eq!(styled(&|s| s.set_header(Severity::Warning)), header("11"));
        assert_eq!(styled(&|s| s.set_header(Severity::Note)), header("10"));
        assert_eq!(styled(&|s| s.set_header_message()), "\x1b[0m\x1b[1m");
        assert_eq!(styled(&|s| s.set_line_number()), "\x1b[0m\x1b[36m");
        assert_eq!(styled(&|s| s.set_source_border()), "\x1b[0m\x1b[36m");
        assert_eq!(styled(&|s| s.set_note_bullet()), "\x1b[0m\x1b[36m");
        let label = |severity, style| styled(&move |s: &mut Styled| s.set_label(severity, style));
        for (severity, style, colour) in [
            (Severity::Error, LabelStyle::Primary, "31"),
            (Severity::Warning, LabelStyle::Primary, "33"),
            (Severity::Note, LabelStyle::Primary, "32"),
            (Severity::Error, LabelStyle::Secondary, "36"),
        ] {
            assert_eq!(
                label(severity, style),
                format!("\x1b[0m\x1b[{colour}m"),
                "{severity:?} {style:?}"
            );
        }
        assert_eq!(styled(&|s| s.reset()), "\x1b[0m");
        assert_eq!(Styled::new(false).as_bytes(), b"");
    }
}
