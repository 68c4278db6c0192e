#!/usr/bin/env bash
# Tries the wheel-based pre-commit hook for real: builds the wheel, makes a
# scratch content repository whose .pre-commit-config.yaml installs galley
# from that wheel (language: python, no Rust needed), runs pre-commit on it
# and checks that the articles, and only they, are proofread. Needs network
# for pre-commit itself (from PyPI). Usage: scripts/try-pre-commit.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wheel="$("$root/scripts/build-wheel.sh" "$work/wheels")"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet pre-commit
mkdir "$work/content"
cd "$work/content"
git init --quiet
git config user.email ci@example.org
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: local
    hooks:
      - id: galley
        name: galley (proofread articles)
        entry: galley check --format concise
        language: python
        additional_dependencies: ["$wheel"]
        files: '\.(txt|text|md|markdown|mdown|mkd|html?|xhtml|docx)$'
YAML
cp "$root/examples/tianjin-2017.txt" story.txt
printf 'print("the the")\n' > build.py
printf 'site_name: the the\n' > mkdocs.yml
git add .
status=0
"$work/tools/bin/pre-commit" run --all-files > report.txt 2>&1 || status=$?
cat report.txt
[ "$status" -eq 1 ] || { echo "expected pre-commit to fail on the article (exit 1), got $status"; exit 1; }
grep -q 'story.txt:.*sigh-sign' report.txt || { echo "the article was not proofread"; exit 1; }
if grep -q 'build.py\|mkdocs.yml' report.txt; then echo "non-article files were checked"; exit 1; fi
echo "pre-commit ran galley from the wheel on the article only: ok"
