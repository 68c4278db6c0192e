//! Vale's `scope` names mapped onto galley's block kinds. Vale lints
//! markup by scope (`heading`, `paragraph`, `list`, `sentence`, `text`…);
//! galley's article model has the same pieces under other names. Code is
//! never prose to galley, as Vale leaves it out by default.

use crate::document::BlockKind;

use super::rule::Placed;

/// Where a rule looks: the kinds it reads (`None`: all) and those it skips,
/// plus the scope names galley cannot honour.
#[derive(Debug, Default, PartialEq)]
pub struct Scope {
    pub include: Option<Vec<BlockKind>>,
    pub exclude: Vec<BlockKind>,
    pub unsupported: Vec<Placed>,
}

/// The block kinds one Vale scope name covers; `None` for one that covers
/// all prose, `Some(empty)` for one galley has no blocks for.
fn kinds(name: &str) -> Option<Vec<BlockKind>> {
    let base = name.split('.').next().unwrap_or(name);
    match base {
        "heading" => Some(if name == "heading.h1" {
            vec![BlockKind::Title]
        } else if name.starts_with("heading.") {
            vec![BlockKind::Heading]
        } else {
            vec![BlockKind::Title, BlockKind::Heading]
        }),
        "title" => Some(vec![BlockKind::Title]),
        "paragraph" => Some(vec![
            BlockKind::Paragraph,
            BlockKind::Caption,
            BlockKind::Byline,
            BlockKind::Credit,
            BlockKind::Dateline,
        ]),
        "list" => Some(vec![BlockKind::ListItem]),
        "blockquote" => Some(vec![BlockKind::Quote, BlockKind::PullQuote]),
        "text" | "sentence" | "summary" | "raw" | "markup" => None,
        _ => Some(Vec::new()),
    }
}

/// Reads a rule's `scope` list (empty: Vale's default, `text`).
pub fn read(scopes: &[Placed]) -> Scope {
    let mut out = Scope::default();
    let mut include: Vec<BlockKind> = Vec::new();
    let mut all = scopes.is_empty();
    for scope in scopes {
        let name = scope.text.trim();
        if name.contains('&') {
            // A compound scope (`heading & ~heading.h1`): the blocks of its
            // positive parts, less those of its negated ones.
            let mut positive: Option<Vec<BlockKind>> = None;
            for part in name.split('&').map(str::trim) {
                match (part.strip_prefix('~'), kinds(part.trim_start_matches('~'))) {
                    (Some(_), Some(k)) if !k.is_empty() => out.exclude.extend(k),
                    (None, Some(k)) if !k.is_empty() => {
                        positive = Some(match positive {
                            None => k,
                            Some(p) => p.into_iter().filter(|b| k.contains(b)).collect(),
                        });
                    }
                    (_, None) => {}
                    _ => out.unsupported.push(scope.clone()),
                }
            }
            match positive {
                Some(k) => include.extend(k.into_iter().filter(|b| !out.exclude.contains(b))),
                None => all = true,
            }
            continue;
        }
        if let Some(negated) = name.strip_prefix('~') {
            match kinds(negated) {
                Some(k) if !k.is_empty() => out.exclude.extend(k),
                _ => out.unsupported.push(scope.clone()),
            }
            all = all || scopes.iter().all(|s| s.text.trim().starts_with('~'));
            continue;
        }
        match kinds(name) {
            None => all = true,
            Some(k) if k.is_empty() => out.unsupported.push(scope.clone()),
            Some(k) => include.extend(k),
        }
    }
    if !all {
        include.dedup();
        out.include = Some(include);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(names: &[&str]) -> Vec<Placed> {
        names
            .iter()
            .map(|n| Placed {
                text: n.to_string(),
                span: 0..0,
            })
            .collect()
    }

    #[test]
    fn scopes_map_onto_block_kinds() {
        assert_eq!(read(&[]).include, None);
        assert_eq!(read(&placed(&["sentence"])).include, None);
        assert_eq!(
            read(&placed(&["heading"])).include,
            Some(vec![BlockKind::Title, BlockKind::Heading])
        );
        let s = read(&placed(&["~blockquote"]));
        assert_eq!(s.include, None);
        assert_eq!(s.exclude, [BlockKind::Quote, BlockKind::PullQuote]);
        let s = read(&placed(&["heading & ~heading.h1"]));
        assert_eq!(s.include, Some(vec![BlockKind::Heading]));
        assert_eq!(s.exclude, [BlockKind::Title]);
        let s = read(&placed(&["table.cell"]));
        assert_eq!(s.include, Some(vec![]));
        assert_eq!(s.unsupported.len(), 1);
    }
}
