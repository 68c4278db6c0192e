#!/usr/bin/env bash
# Tries the wheel-based pre-commit hooks for real: builds the wheel, makes
# a scratch hook repository from pre-commit-mirror/ (language: python; its
# package depends on galley-lint==VERSION, found here through PIP_FIND_LINKS as
# it would be on an index), and a scratch content repository that uses it;
# runs pre-commit and checks that the articles, and only they, are
# proofread. Needs network for pre-commit and setuptools (from PyPI).
# Usage: scripts/try-pre-commit.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wheel="$("$root/scripts/build-wheel.sh" "$work/wheels")"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet pre-commit
commit_all() {
    git init --quiet
    git config user.email ci@example.org
    git config user.name ci
    git add .
    git commit --quiet -m scratch
}
cp -r "$root/pre-commit-mirror" "$work/hooks"
(cd "$work/hooks" && commit_all)
hooks_rev="$(git -C "$work/hooks" rev-parse HEAD)"
export PIP_FIND_LINKS="$(dirname "$wheel")"
mkdir "$work/content"
cd "$work/content"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/hooks
    rev: $hooks_rev
    hooks:
      - id: galley
YAML
cp "$root/examples/tianjin-2017.txt" story.txt
printf 'print("the the")\n' > build.py
printf 'site_name: the the\n' > mkdocs.yml
commit_all
status=0
"$work/tools/bin/pre-commit" run --all-files > report.txt 2>&1 || status=$?
cat report.txt
[ "$status" -eq 1 ] || { echo "expected pre-commit to fail on the article (exit 1), got $status"; exit 1; }
grep -q 'story.txt:.*sigh-sign' report.txt || { echo "the article was not proofread"; exit 1; }
if grep -q 'build.py\|mkdocs.yml' report.txt; then echo "non-article files were checked"; exit 1; fi
echo "pre-commit ran galley from the wheel on the article only: ok"
