//! The tests of the Markdown reader: blocks, furniture lines, spans lent by the source.

use super::*;

fn kinds(text: &str) -> Vec<(BlockKind, String)> {
    crate::document::kinds_and_texts(parse(text, &ArticleSettings::default()))
}

/// A paragraph of one plain line is lent by the source, not copied;
/// one with markup is a copy of its text.
#[test]
fn a_plain_paragraph_is_lent_by_the_source() {
    let text = "The council voted on the plan.\n\nThe *council* voted.\n";
    let blocks = parse(text, &ArticleSettings::default());
    let lent = |b: &Block| text.as_bytes().as_ptr_range().contains(&b.text().as_ptr());
    assert_eq!(blocks[0].text(), "The council voted on the plan.");
    assert!(lent(&blocks[0]));
    assert_eq!(blocks[1].text(), "The council voted.");
    assert!(!lent(&blocks[1]));
    let voted = text.rfind("voted").unwrap();
    assert_eq!(
        blocks[1].prose.to_source(12..17),
        Span::new(voted, voted + 5)
    );
}

#[test]
fn structure_of_a_markdown_article() {
    let text = "---\nslug: the the\n---\n# Council Passes Budget\n\n![The mayor at the vote](mayor.jpg)\n*The mayor at the vote*\n\nThe council voted. It passed.\n\n## Reaction\n\n> A good day, she said.\n\n- first point\n- second point\n\n```\nthe the\n```\n\n**By:** Jane Roe\n";
    assert_eq!(
        kinds(text),
        [
            (BlockKind::Title, "Council Passes Budget".into()),
            (BlockKind::Caption, "The mayor at the vote".into()),
            (BlockKind::Caption, "The mayor at the vote".into()),
            (BlockKind::Paragraph, "The council voted. It passed.".into()),
            (BlockKind::Heading, "Reaction".into()),
            (BlockKind::Quote, "A good day, she said.".into()),
            (BlockKind::ListItem, "first point".into()),
            (BlockKind::ListItem, "second point".into()),
            (BlockKind::Byline, "By: Jane Roe".into()),
        ]
    );
}

#[test]
fn image_title_is_a_caption_with_its_own_span() {
    let text = "![Alt text here](a.jpg \"The mayor at the vote\")\n";
    let blocks = parse(text, &ArticleSettings::default());
    let title = &blocks[0];
    assert_eq!(
        (title.kind, title.text()),
        (BlockKind::Caption, "The mayor at the vote")
    );
    assert_eq!(&text[title.span.range()], "The mayor at the vote");
    assert_eq!(blocks[1].text(), "Alt text here");
}

#[test]
fn front_matter_fields_become_blocks_with_exact_spans() {
    let text = "---\ntitle: \"Council Passes Budget\"\nauthor: 'By: Jane Roe'\ntags: [a, b]\ndescription: The the plan.\n---\nBody text. More.\n";
    let blocks = parse(text, &ArticleSettings::default());
    let got: Vec<(BlockKind, &str)> = blocks
        .iter()
        .map(|b| (b.kind, &text[b.span.range()]))
        .collect();
    assert_eq!(
        got,
        [
            (BlockKind::Title, "Council Passes Budget"),
            (BlockKind::Byline, "By: Jane Roe"),
            (BlockKind::Paragraph, "The the plan."),
            (BlockKind::Paragraph, "Body text. More."),
        ]
    );
    let toml = "+++\ntitle = \"A Headline Here\"\n+++\nBody.\n";
    assert_eq!(
        parse(toml, &ArticleSettings::default())[0].text(),
        "A Headline Here"
    );
}

#[test]
fn figure_shortcodes_and_figcaptions_are_captions() {
    let text = "Body text. More text.\n\n{{< figure src=\"a.jpg\" caption=\"The mayor at the vote\" >}}\n\n<figure><img src=\"b.jpg\"><figcaption>Crowds at dusk</figcaption></figure>\n\n```\n{{< figure caption=\"not this\" >}}\n```\n";
    let captions: Vec<(BlockKind, String)> = kinds(text)
        .into_iter()
        .filter(|(k, _)| *k == BlockKind::Caption)
        .collect();
    assert_eq!(
        captions,
        [
            (BlockKind::Caption, "The mayor at the vote".into()),
            (BlockKind::Caption, "Crowds at dusk".into())
        ]
    );
}

#[test]
fn inline_code_and_links_are_not_prose() {
    let got = kinds("Run `the the` at [the site](https://the.example/the) now.\n");
    assert_eq!(got[0].1, "Run \u{FFFC} at the site now.");
}

#[test]
fn line_under_image_paragraph_is_caption() {
    let got = kinds("![](a.jpg)\n\nStudents at the opening ceremony\n\nBody text here. More.\n");
    assert_eq!(
        got[0],
        (
            BlockKind::Caption,
            "Students at the opening ceremony".into()
        )
    );
    assert_eq!(got[1].0, BlockKind::Paragraph);
}

/// Regression: a byline paragraph whose last line held only inline HTML
/// left a blank line, and classifying it panicked (found by proptest).
#[test]
fn byline_paragraph_with_a_blank_last_line() {
    let got = kinds("By:\t\t```\n<b> ");
    assert_eq!(got, [(BlockKind::Byline, "By:\t\t```".into())]);
}

/// `furniture_lines` of `text`, and its lines classified one by one.
fn kept_and_direct(text: &str) -> [Option<Vec<(BlockKind, String)>>; 2] {
    let settings = ArticleSettings::default();
    let mut prose = ProseText::default();
    prose.push_source(0, text);
    let direct = prose
        .lines()
        .into_iter()
        .filter(|line| !line.as_str().trim().is_empty())
        .map(|line| {
            Some((
                settings.furniture_kind(line.as_str())?,
                line.as_str().to_string(),
            ))
        })
        .collect();
    let kept = furniture_lines(&settings, &prose).map(|lines| {
        lines
            .into_iter()
            .map(|(k, l)| (k, l.as_str().to_string()))
            .collect()
    });
    [kept, direct]
}

/// The kinds kept from the first pass are the kinds of the lines; a
/// paragraph refused by its first word is refused as its lines are.
#[test]
fn furniture_lines_keep_the_kind_of_each_line() {
    for text in [
        "By Ann Lee\nPhotograph: Bo Ray\n\n",
        "By Ann Lee\n \nAssociated Press",
        "By Ann Lee\nThe council met.",
        "",
        " \n\t",
        " \n By Ann Lee\nPhotograph: Bo Ray",
        "\u{a0}By: Ann Lee",
        "Photo：Bo Ray\nBy Ann Lee",
        "Fotó: Bo Ray",
        "By\nAnn Lee",
        "The council met.\nBy Ann Lee",
    ] {
        let [kept, direct] = kept_and_direct(text);
        assert_eq!(kept, direct, "{text:?}");
    }
    let furniture = |text: &str| kept_and_direct(text)[0].as_ref().map(Vec::len);
    assert_eq!(furniture("By Ann Lee\nPhotograph: Bo Ray"), Some(2));
}

proptest::proptest! {
    /// The same for any paragraph of bylines, credits, prose and blanks.
    #[test]
    fn furniture_lines_are_the_lines_classified_one_by_one(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "By Ann Lee", "By: Bo Ray", "Photo: Bo Ray", "by the sea", "BY ROBERT CHEN",
            "Associated Press", "The council met.", "Fotó：Ágnes", "\n", " ", "\t",
            "\u{a0}", ":", "By", "Photographs",
        ]), 0..8)
    ) {
        let text = parts.concat();
        let [kept, direct] = kept_and_direct(&text);
        proptest::prop_assert_eq!(kept, direct, "{:?}", text);
    }
}

#[test]
fn spans_map_to_source_through_emphasis() {
    let text = "They **sighed** the deal.\n";
    let blocks = parse(text, &ArticleSettings::default());
    let prose = &blocks[0].prose;
    let at = prose.as_str().find("sighed").unwrap();
    let span = prose.to_source_exact(at..at + 6).unwrap();
    assert_eq!(&text[span.range()], "sighed");
}
