//! The documentation's links hold: every relative link and image in the
//! README, the other root documents and the book's chapters (`docs/src`)
//! points at a file that exists, every `#fragment` at a heading of its
//! target, and SUMMARY.md lists exactly the chapters there are. With mdBook
//! (`GALLEY_MDBOOK`, which `.ci/run` installs), the book is built into a
//! temporary folder and every link of the generated HTML is checked too.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::support::root;

/// The Markdown files whose links are checked, besides `docs/src/**/*.md`.
const ROOT_DOCUMENTS: [&str; 5] = [
    "README.md",
    "CONTRIBUTING.md",
    "RELIABILITY.md",
    "CHANGELOG.md",
    "bench/README.md",
];

const BOOK_SOURCE: &str = "docs/src";

#[test]
fn documentation_links_point_at_files_and_headings_that_exist() {
    let mut files: Vec<PathBuf> = ROOT_DOCUMENTS.iter().map(PathBuf::from).collect();
    files.extend(chapters(&root()));
    assert!(
        files.len() > ROOT_DOCUMENTS.len() + 10,
        "the book has chapters"
    );
    let problems = check_markdown(&root(), &files);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn summary_lists_every_chapter_and_only_chapters() {
    let problems = check_summary(&root());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker finds what it is meant to find: a missing file, a missing
/// heading, a chapter link leaving the book, a chapter SUMMARY.md omits and
/// an entry with no file; and it passes the same tree once they are put right.
#[test]
fn the_link_checker_reports_each_kind_of_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("NOTES.md", "# Notes\n");
    write(
        "README.md",
        "# Title\n\nSee [usage](docs/src/usage.md#the-exit-status) and \
         [gone](docs/src/gone.md), ![shot](docs/src/images/shot.png).\n\n\
         ```md\n[in code](nowhere.md)\n```\n",
    );
    write(
        "docs/src/SUMMARY.md",
        "# Summary\n\n- [Usage](usage.md)\n- [Old](old.md)\n",
    );
    write(
        "docs/src/usage.md",
        "# Usage\n\n## Exit status\n\n[up](#exit-status), [notes](../../NOTES.md), \
         [self](#no-such-heading)\n",
    );
    write("docs/src/extra.md", "# Extra\n");
    let files = [
        PathBuf::from("README.md"),
        PathBuf::from("docs/src/usage.md"),
    ];
    let problems = check_markdown(root, &files).join("\n");
    for expected in [
        "README.md:3: docs/src/usage.md#the-exit-status: no heading",
        "README.md:3: docs/src/gone.md: no such file",
        "README.md:3: docs/src/images/shot.png: no such file",
        "docs/src/usage.md:5: ../../NOTES.md: outside the book",
        "docs/src/usage.md:5: #no-such-heading: no heading",
    ] {
        assert!(problems.contains(expected), "{expected} in:\n{problems}");
    }
    assert!(!problems.contains("nowhere.md"), "{problems}");
    assert!(!problems.contains("#exit-status:"), "{problems}");
    assert_eq!(problems.lines().count(), 5, "{problems}");
    let summary = check_summary(root).join("\n");
    assert!(
        summary.contains("old.md: listed in SUMMARY.md, no such file"),
        "{summary}"
    );
    assert!(
        summary.contains("extra.md: not listed in SUMMARY.md"),
        "{summary}"
    );

    write(
        "README.md",
        "# Title\n\nSee [usage](docs/src/usage.md#exit-status), ![shot](docs/src/images/shot.png).\n",
    );
    write("docs/src/images/shot.png", "");
    write(
        "docs/src/usage.md",
        "# Usage\n\n## Exit status\n\n[up](#exit-status)\n",
    );
    write(
        "docs/src/SUMMARY.md",
        "# Summary\n\n- [Usage](usage.md)\n- [Extra](extra.md)\n",
    );
    assert_eq!(check_markdown(root, &files), Vec::<String>::new());
    assert_eq!(check_summary(root), Vec::<String>::new());
}

/// Heading anchors as GitHub and mdBook make them.
#[test]
fn heading_slugs_follow_github_and_mdbook() {
    assert_eq!(
        slug("Configuration: `galley.toml`"),
        "configuration-galleytoml"
    );
    assert_eq!(
        slug("An old archive: baselines"),
        "an-old-archive-baselines"
    );
    assert_eq!(
        slug("What galley reads (.docx, too)"),
        "what-galley-reads-docx-too"
    );
    assert_eq!(slug("Writing rules_2 – fast"), "writing-rules_2--fast");
    let anchors = anchors("# Notes\n\n## Notes\n\n## Notes\n");
    assert!(
        ["notes", "notes-1", "notes-2"]
            .iter()
            .all(|a| anchors.contains(*a))
    );
}

/// The book built by mdBook, into a temporary folder: every `href` and `src`
/// of the generated pages that stays inside the book points at a file that
/// exists, and every fragment at an `id` of its page.
#[test]
#[ignore = "builds the book with mdBook: .ci/run installs it (GALLEY_MDBOOK), or GALLEY_MDBOOK=mdbook cargo test book -- --ignored"]
fn the_book_builds_and_its_html_links_hold() {
    let Some(mdbook) = std::env::var_os("GALLEY_MDBOOK").filter(|v| !v.is_empty()) else {
        eprintln!(
            "note: GALLEY_MDBOOK is not set: the book is not built (.ci/run installs mdBook)"
        );
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run = Command::new(&mdbook)
        .arg("build")
        .arg(root().join("docs"))
        .arg("--dest-dir")
        .arg(out.path())
        .output()
        .expect("mdbook runs");
    let log = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "mdbook build failed:\n{log}");
    assert!(
        !log.contains("WARN") && !log.contains("ERROR"),
        "mdbook warned:\n{log}"
    );
    eprintln!("book built in {:.1?}", started.elapsed());
    let pages = html_pages(out.path());
    assert!(
        pages.iter().any(|p| p.ends_with("rules.html")),
        "the rule reference is a page of the book"
    );
    let (problems, links, fragments) = check_html(out.path(), &pages);
    eprintln!("{links} links checked, {fragments} with a fragment");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every page links to every chapter (the sidebar) and to its assets, and
    // the chapters' cross-references carry fragments.
    assert!(
        links > pages.len() * 10,
        "{links} links in {} pages",
        pages.len()
    );
    assert!(fragments > 0, "no fragment was checked");
}

// ---------------------------------------------------------------------------
// Markdown

/// The chapter files under docs/src, relative to `root`, sorted.
fn chapters(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.join(BOOK_SOURCE)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("docs/src is a folder") {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The text of a Markdown file as the book shows it: mdBook's
/// `{{#include FILE}}` lines replaced by the file they name.
fn expanded(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match line
            .trim()
            .strip_prefix("{{#include ")
            .and_then(|l| l.strip_suffix("}}"))
        {
            Some(name) => {
                let included = path.parent().unwrap().join(name.trim());
                let body = std::fs::read_to_string(&included)
                    .map_err(|e| format!("{{{{#include {}}}}}: {e}", name.trim()))?;
                out.push_str(&body);
            }
            None => out.push_str(line),
        }
    }
    Ok(out)
}

/// Each link and image destination of a Markdown text, with its line.
fn links(text: &str) -> Vec<(usize, String)> {
    Parser::new_ext(text, Options::all())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some((
                text[..range.start].matches('\n').count() + 1,
                dest_url.to_string(),
            )),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown text's headings, numbered as GitHub and mdBook
/// number repeated ones (`notes`, `notes-1`, …).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = BTreeSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, Options::all()) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let base = slug(&heading.take().unwrap_or_default());
                let n = seen.entry(base.clone()).or_default();
                out.insert(if *n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                });
                *n += 1;
            }
            _ => {}
        }
    }
    out
}

/// A heading's anchor: lowercase; letters, digits, `_` and `-` kept, each
/// space a `-`, everything else dropped (GitHub's rule, and mdBook's).
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_lowercase().collect()),
            ' ' => Some("-".to_string()),
            _ => None,
        })
        .collect()
}

fn is_external(dest: &str) -> bool {
    dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//")
}

/// `base` joined with `rel`, `..` and `.` resolved without touching the disk.
fn join(base: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for part in base.join(rel).components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The problems of the links of `files` (relative to `root`), one a line:
/// `FILE:LINE: LINK: what is wrong`. A chapter's links must stay inside the
/// book, which holds only docs/src.
fn check_markdown(root: &Path, files: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut anchor_cache: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let book = root.join(BOOK_SOURCE);
    for file in files {
        let path = root.join(file);
        let text = match expanded(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        let in_book = path.starts_with(&book);
        for (line, dest) in links(&text) {
            if is_external(&dest) {
                continue;
            }
            let (target, fragment) = match dest.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (dest.as_str(), None),
            };
            let target_path = if target.is_empty() {
                path.clone()
            } else {
                join(path.parent().unwrap(), target)
            };
            let at = format!("{}:{line}: {dest}", file.display());
            if in_book && !target_path.starts_with(&book) {
                problems.push(format!("{at}: outside the book (docs/src)"));
            } else if !target_path.exists() {
                problems.push(format!("{at}: no such file"));
            } else if let Some(fragment) = fragment {
                let anchors = anchor_cache.entry(target_path.clone()).or_insert_with(|| {
                    expanded(&target_path)
                        .map(|t| anchors(&t))
                        .unwrap_or_default()
                });
                if !anchors.contains(fragment) {
                    problems.push(format!("{at}: no heading with that anchor"));
                }
            }
        }
    }
    problems
}

/// SUMMARY.md's entries against the chapter files under docs/src.
fn check_summary(root: &Path) -> Vec<String> {
    let book = root.join(BOOK_SOURCE);
    let summary = std::fs::read_to_string(book.join("SUMMARY.md")).expect("SUMMARY.md");
    let listed: BTreeSet<PathBuf> = links(&summary)
        .into_iter()
        .filter(|(_, dest)| !dest.is_empty())
        .map(|(_, dest)| join(&book, &dest))
        .collect();
    let present: BTreeSet<PathBuf> = chapters(root)
        .into_iter()
        .map(|c| root.join(c))
        .filter(|c| !c.ends_with("SUMMARY.md"))
        .collect();
    let name = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut problems: Vec<String> = listed
        .difference(&present)
        .map(|p| format!("{}: listed in SUMMARY.md, no such file", name(p)))
        .collect();
    problems.extend(
        present
            .difference(&listed)
            .map(|p| format!("{}: not listed in SUMMARY.md", name(p))),
    );
    problems
}

// ---------------------------------------------------------------------------
// HTML

fn html_pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A page's `id`s (and `<a name>`s), and its `href`/`src` values with the
/// page's `<base href>`, if any.
struct Page {
    ids: BTreeSet<String>,
    refs: Vec<String>,
    base: Option<String>,
}

fn read_page(path: &Path) -> Page {
    use html5gum::{Token, Tokenizer};
    let text = std::fs::read_to_string(path).unwrap();
    let mut page = Page {
        ids: BTreeSet::new(),
        refs: Vec::new(),
        base: None,
    };
    for token in Tokenizer::new(&text).flatten() {
        if let Token::StartTag(tag) = token {
            let attr = |key: &str| {
                tag.attributes
                    .get(key.as_bytes())
                    .map(|v| String::from_utf8_lossy(&v.value).into_owned())
            };
            let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
            if let Some(id) = attr("id") {
                page.ids.insert(id);
            }
            if name == "a" {
                page.ids.extend(attr("name"));
            }
            if name == "base" {
                page.base = attr("href");
            } else {
                page.refs.extend(attr("href"));
                page.refs.extend(attr("src"));
            }
        }
    }
    page
}

/// The problems of the links of the built book's `pages`, and how many
/// links and fragments were checked.
fn check_html(out: &Path, pages: &[PathBuf]) -> (Vec<String>, usize, usize) {
    let read: HashMap<&PathBuf, Page> = pages.iter().map(|p| (p, read_page(p))).collect();
    let mut problems = Vec::new();
    let (mut links, mut fragments) = (0, 0);
    for (path, page) in &read {
        let dir = match page.base.as_deref() {
            Some(base) if base.starts_with('/') => join(out, base.trim_start_matches('/')),
            _ => path.parent().unwrap().to_path_buf(),
        };
        for href in &page.refs {
            if is_external(href) || href.starts_with("data:") || href.starts_with("javascript:") {
                continue;
            }
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (href.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or_default();
            let mut target_path = if target.is_empty() {
                (*path).clone()
            } else if let Some(abs) = target.strip_prefix('/') {
                join(out, abs)
            } else {
                join(&dir, target)
            };
            if target_path.is_dir() {
                target_path.push("index.html");
            }
            let at = format!("{}: {href}", path.strip_prefix(out).unwrap().display());
            links += 1;
            if !target_path.starts_with(out) {
                problems.push(format!("{at}: outside the book"));
            } else if !target_path.exists() {
                problems.push(format!("{at}: no such file"));
            } else if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && let Some(target_page) = read.get(&target_path)
            {
                fragments += 1;
                if !target_page.ids.contains(fragment) {
                    problems.push(format!("{at}: no element with that id"));
                }
            }
        }
    }
    problems.sort();
    (problems, links, fragments)
}
