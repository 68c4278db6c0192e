//! `--fix` and `--annotate` on Word documents: fixes go in as tracked
//! changes, findings as comments, and nothing else in the package changes.
//! The documents' text is read back here with a reader of this file's own
//! (and, where it is installed, with python-docx), not with galley's.

use std::process::Command;

use crate::support::{ZipEntry, docx_package, galley, root, temp_tree, zip_entries};

/// Another author's tracked insertion and deletion, and a comment anchor,
/// which must come through untouched.
const OTHERS: &str = r#"<w:p><w:r><w:t xml:space="preserve">Talks resume on </w:t></w:r><w:del w:id="90" w:author="Ann Editor" w:date="2017-08-22T10:00:00Z"><w:r><w:delText>Tuesday</w:delText></w:r></w:del><w:ins w:id="91" w:author="Ann Editor" w:date="2017-08-22T10:00:00Z"><w:r><w:t>Monday</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>"#;

/// The story of the issue: a slip split across runs (the second bold), a
/// byline with a colon, a caption pasted from the body, a doubled word in
/// a table cell, and another editor's revisions.
fn story() -> String {
    let p = |style: &str, runs: &str| {
        let style = if style.is_empty() {
            String::new()
        } else {
            format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>")
        };
        format!("<w:p w14:paraId=\"1A2B3C4D\">{style}{runs}</w:p>")
    };
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let caption = "Delegates applauded as the leaders shook hands in the hall.";
    [
        p("Title", &r("Presidents Meet In Geneva")),
        p("", &r("By: Jane Doe")),
        p(
            "",
            &format!(
                "{}<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>ghed</w:t></w:r>{}",
                r("The two presidents si"),
                r(" the agreement")
            ),
        ),
        p("Caption", &r(caption)),
        p("", &r(caption)),
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("", &r("The vote was was close."))
        ),
        OTHERS.to_string(),
    ]
    .concat()
}

/// What a reader sees in a document.xml: each paragraph's text with all
/// tracked changes accepted (or all rejected), and the text of bold runs.
fn read(xml: &str, accept: bool) -> (Vec<String>, String) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut paragraphs, mut bold_text) = (Vec::new(), String::new());
    let (mut ins, mut del, mut in_props) = (0, 0, false);
    let (mut bold, mut reading, mut text) = (false, false, String::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => match e.name().as_ref() {
                "w:ins" => ins += 1,
                "w:del" => del += 1,
                "w:r" => bold = false,
                "w:rPr" => in_props = true,
                "w:t" => reading = if accept { del == 0 } else { ins == 0 },
                "w:delText" => reading = !accept && ins == 0,
                _ => {}
            },
            Event::Empty(e) if e.name().as_ref() == "w:b" && in_props => bold = true,
            Event::End(e) => match e.name().as_ref() {
                "w:ins" => ins -= 1,
                "w:del" => del -= 1,
                "w:rPr" => in_props = false,
                "w:t" | "w:delText" => reading = false,
                "w:p" => paragraphs.push(std::mem::take(&mut text)),
                _ => {}
            },
            Event::Text(t) if reading => {
                text.push_str(&t.html_content());
                if bold {
                    bold_text.push_str(&t.html_content());
                }
            }
            Event::GeneralRef(r) if reading => {
                let c = match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    other => panic!("unexpected entity {other}"),
                };
                text.push_str(c);
                if bold {
                    bold_text.push_str(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (paragraphs, bold_text)
}

fn part(entries: &[ZipEntry], name: &str) -> String {
    let entry = entries.iter().find(|e| e.name == name).unwrap();
    String::from_utf8(entry.content.clone()).unwrap()
}

#[test]
fn fix_and_annotate_write_tracked_changes_and_comments() {
    let original = docx_package(&story());
    let dir = temp_tree(&[("story.docx", &original)]);
    let out = galley(dir.path())
        .args(["check", "--no-config", "--fix", "--annotate", "story.docx"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The pasted caption is an error no fix settles.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("1 finding written as a Word comment"),
        "{stderr}"
    );
    let fixed = std::fs::read(dir.path().join("story.docx")).unwrap();
    let (before, after) = (zip_entries(&original), zip_entries(&fixed));

    // Every part but those a change or comment goes in is as it was, in
    // the same order and stored the same way; the comments part is new.
    let changed = [
        "[Content_Types].xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
    ];
    let names: Vec<&str> = after.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/comments.xml"
        ]
    );
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.method, new.method, "{}", old.name);
        if !changed.contains(&old.name.as_str()) {
            assert_eq!(old, new, "{} is copied as it was", old.name);
        }
    }
    let types = part(&after, "[Content_Types].xml");
    assert!(types.contains("<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>"), "{types}");
    assert!(
        part(&after, "word/_rels/document.xml.rels")
            .contains("relationships/comments\" Target=\"comments.xml\"")
    );

    // The text: accepting the changes gives the fixed story, rejecting
    // them the original, bold stays bold both ways.
    let old_xml = part(&before, "word/document.xml");
    let xml = part(&after, "word/document.xml");
    let (accepted, bold) = read(&xml, true);
    let (rejected, bold_rejected) = read(&xml, false);
    let (original_rejected, _) = read(&old_xml, false);
    assert_eq!(accepted[1], "By Jane Doe");
    assert_eq!(accepted[2], "The two presidents signed the agreement");
    assert_eq!(accepted[5], "The vote was close.");
    assert_eq!(
        accepted[6], "Talks resume on Monday.",
        "another editor's changes stand"
    );
    assert_eq!(rejected, original_rejected);
    assert_eq!(rejected[2], "The two presidents sighed the agreement");
    assert_eq!((bold.as_str(), bold_rejected.as_str()), ("gned", "ghed"));
    let accepted_text = accepted.join("\n") + "\n";
    assert_eq!(
        galley::document::extract_docx(&fixed, None).unwrap().text,
        accepted_text,
        "galley reads its own output as accepted"
    );

    // The changes are galley's, dated; the rest of the XML is untouched.
    assert!(xml.matches("<w:del w:id=").count() >= 3, "{xml}");
    assert!(xml.contains("<w:ins w:id="));
    let revisions = |tag: &str| xml.split(tag).skip(1).collect::<Vec<_>>();
    for revision in revisions("<w:ins ").into_iter().chain(revisions("<w:del ")) {
        let author = revision.split("w:author=\"").nth(1).unwrap();
        assert!(
            author.starts_with("galley\"") || author.starts_with("Ann Editor\""),
            "{revision}"
        );
    }
    assert!(xml.contains("w:author=\"galley\" w:date=\"20"));
    let root_tag = |x: &str| x[..x.find("<w:body>").unwrap()].to_string();
    assert_eq!(
        root_tag(&xml),
        root_tag(&old_xml),
        "declaration, namespaces and mc:Ignorable kept"
    );
    assert!(
        xml.contains(OTHERS),
        "another editor's revisions are copied as they were"
    );
    assert!(xml.contains("<w:p w14:paraId=\"1A2B3C4D\"><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Presidents Meet In Geneva</w:t></w:r></w:p>"));

    // A comment on the repeated caption, anchored on it.
    let comments = part(&after, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), 1, "{comments}");
    assert!(comments.contains("w:author=\"galley\""));
    assert!(comments.contains("duplicate-caption: this caption repeats a sentence of the body"));
    let caption = xml.split("<w:pStyle w:val=\"Caption\"/>").nth(1).unwrap();
    let caption = &caption[..caption.find("</w:p>").unwrap()];
    assert!(
        caption.contains("<w:commentRangeStart ") && caption.contains("<w:commentReference "),
        "{caption}"
    );

    // A second run changes nothing.
    galley(dir.path())
        .args(["check", "--no-config", "--fix", "--annotate", "story.docx"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read(dir.path().join("story.docx")).unwrap(), fixed);
}

#[test]
fn the_author_comes_from_the_configuration() {
    let dir = temp_tree(&[
        ("story.docx", &docx_package(&story())),
        ("galley.toml", b"docx-author = \"Copy Desk\"\n"),
    ]);
    galley(dir.path())
        .args(["check", "--fix", "--annotate", "story.docx"])
        .assert()
        .code(1);
    let entries = zip_entries(&std::fs::read(dir.path().join("story.docx")).unwrap());
    let xml = part(&entries, "word/document.xml");
    assert!(xml.contains("w:author=\"Copy Desk\""), "{xml}");
    assert!(!xml.contains("w:author=\"galley\""));
    assert!(part(&entries, "word/comments.xml").contains("w:author=\"Copy Desk\""));
}

#[test]
fn annotate_is_for_word_documents_only() {
    let dir = temp_tree(&[("story.txt", b"They sighed the pact.\n")]);
    galley(dir.path())
        .args(["check", "--no-config", "--fix", "--annotate", "story.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--annotate writes comments into Word documents (.docx) only, and story.txt is read as plain text",
        ));
    assert_eq!(
        std::fs::read(dir.path().join("story.txt")).unwrap(),
        b"They sighed the pact.\n"
    );
}

#[test]
fn annotate_alone_writes_every_finding_as_a_comment() {
    let original = docx_package(&story());
    let dir = temp_tree(&[("story.docx", &original)]);
    galley(dir.path())
        .args(["check", "--no-config", "--annotate", "story.docx"])
        .assert()
        .code(1);
    let entries = zip_entries(&std::fs::read(dir.path().join("story.docx")).unwrap());
    let xml = part(&entries, "word/document.xml");
    assert!(
        !xml.contains("w:author=\"galley\""),
        "no change without --fix"
    );
    let (accepted, _) = read(&xml, true);
    assert_eq!(
        accepted,
        read(&part(&zip_entries(&original), "word/document.xml"), true).0
    );
    let comments = part(&entries, "word/comments.xml");
    for rule in [
        "byline-format",
        "sigh-sign",
        "duplicate-caption",
        "repeated-word",
    ] {
        assert!(
            comments.contains(&format!("{rule}: ")),
            "{rule}: {comments}"
        );
    }
}

#[test]
fn a_broken_docx_is_not_written() {
    let mut entries: Vec<(String, String)> = zip_entries(&docx_package(&story()))
        .into_iter()
        .map(|e| (e.name, String::from_utf8(e.content).unwrap()))
        .collect();
    // Cut off in the middle of the body.
    let doc = &mut entries[2].1;
    doc.truncate(doc.find("The vote").unwrap() - 5);
    let refs: Vec<(&str, &str)> = entries
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    let broken = crate::support::zip_of(&refs);
    let dir = temp_tree(&[("story.docx", &broken)]);
    galley(dir.path())
        .args(["check", "--no-config", "--fix", "--annotate", "story.docx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "story.docx: corrupt .docx: word/document.xml at byte",
        ));
    assert_eq!(
        std::fs::read(dir.path().join("story.docx")).unwrap(),
        broken
    );
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left");
}

/// The example article as a .docx, a paragraph a line: the findings of the
/// .txt, and after `--fix` (and `--unsafe-fixes`) the text `--fix` writes
/// for the .txt, with every change accepted.
#[test]
fn the_example_article_fixes_as_its_text_does() {
    let txt = std::fs::read_to_string(root().join("examples/tianjin-2017.txt")).unwrap();
    let paragraphs: Vec<&str> = txt.lines().filter(|l| !l.trim().is_empty()).collect();
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body: String = paragraphs
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(p)
            )
        })
        .collect();
    for fix in ["--fix", "--unsafe-fixes"] {
        let dir = temp_tree(&[
            ("story.docx", &docx_package(&body)),
            ("story.txt", txt.as_bytes()),
        ]);
        let findings = |file: &str| {
            let (_, json) = crate::support::check_json(dir.path(), &["--no-config", file]);
            let mut found: Vec<(String, String)> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["rule"].to_string(), d["message"].to_string()))
                .collect();
            found.sort();
            found
        };
        let (docx, text) = (findings("story.docx"), findings("story.txt"));
        assert_eq!(docx.len(), 20);
        assert_eq!(docx, text);
        galley(dir.path())
            .args(["check", "--no-config", fix, "story.docx", "story.txt"])
            .output()
            .unwrap();
        let fixed_txt = std::fs::read_to_string(dir.path().join("story.txt")).unwrap();
        let want: Vec<&str> = fixed_txt.lines().filter(|l| !l.trim().is_empty()).collect();
        let entries = zip_entries(&std::fs::read(dir.path().join("story.docx")).unwrap());
        let (accepted, _) = read(&part(&entries, "word/document.xml"), true);
        assert_eq!(accepted, want, "{fix}");
        assert_ne!(fixed_txt, txt, "{fix} changed something");
    }
}

/// The fixed document as python-docx reads it: software that did not
/// write it. Runs where python-docx is installed (`bash .ci/run` installs
/// it and names its Python in GALLEY_DOCX_PYTHON).
#[test]
fn python_docx_reads_the_changes_and_comments() {
    let python = std::env::var("GALLEY_DOCX_PYTHON").unwrap_or_else(|_| "python3".into());
    let available = Command::new(&python)
        .args(["-c", "import docx, lxml"])
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        eprintln!(
            "note: the python-docx test did not run: python-docx is not installed (bash .ci/run installs it)"
        );
        return;
    }
    let original = docx_package(&story());
    let dir = temp_tree(&[("story.docx", &original), ("before.docx", &original)]);
    galley(dir.path())
        .args(["check", "--no-config", "--fix", "--annotate", "story.docx"])
        .assert()
        .code(1);
    let fixed = std::fs::read(dir.path().join("story.docx")).unwrap();
    let seen = |file: &str| -> serde_json::Value {
        let out = Command::new(&python)
            .arg(root().join("scripts/docx-in-python-docx.py"))
            .arg(dir.path().join(file))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (after, before) = (seen("story.docx"), seen("before.docx"));
    let galley_text = galley::document::extract_docx(&fixed, None).unwrap().text;
    let accepted: Vec<String> = galley_text.lines().map(str::to_string).collect();
    assert_eq!(after["paragraphs"]["accepted"], serde_json::json!(accepted));
    assert_eq!(
        after["paragraphs"]["accepted"][2],
        "The two presidents signed the agreement"
    );
    assert_eq!(
        after["paragraphs"]["rejected"],
        before["paragraphs"]["rejected"]
    );
    assert_eq!(
        after["paragraphs"]["rejected"][2],
        "The two presidents sighed the agreement"
    );
    assert_eq!(after["bold"]["accepted"], "gned");
    assert_eq!(after["bold"]["rejected"], "ghed");
    assert_eq!(
        after["revision_authors"],
        serde_json::json!(["Ann Editor", "galley"])
    );
    let comments = after["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["author"], "galley");
    assert!(
        comments[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("duplicate-caption: ")
    );
    assert_eq!(
        comments[0]["anchor"],
        "Delegates applauded as the leaders shook hands in the hall."
    );
}
