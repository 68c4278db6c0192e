#!/bin/sh
# Rebuilds tests/vale/ from the pinned commits of the public Vale packages
# whose feature tests galley runs (tests/integration/vale.rs). Not run by
# the tests; run it by hand to move a pin (then update tests/vale/README.md
# and the floors in tests/integration/vale.rs).
#
#   scripts/vale-fetch.sh            clone from GitHub
#   VALE_MIRRORS=/path scripts/vale-fetch.sh
#                                    read bare repositories named
#                                    errata-ai+<Package>/repo under /path
set -eu
cd "$(dirname "$0")/.."
dest=tests/vale
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package  style-folder  commit  [folder under tests/vale, if not the package]
pins="
Google      Google      6084433be646263c9eb3f3868ceb81d76ea2f313
Microsoft   Microsoft   65ab3bade7a082d581edfad0bd33c139013dab05
Microsoft   Microsoft   c798f131106d77c136a3c1b5fa4916dee1de8edd  Microsoft@c798f13
proselint   proselint   be188a3a85e891ce5149c2829a8c4f0fd50bf821
write-good  write-good  f0bcf92d9870bce0be6316c24378592d3a11edb8
alex        alex        94685793eb1d1101170653b6a754ce1d6ad36d02
Joblint     Joblint     4543f55f33addef59a217ccbd7b4ff643789fafd
"

echo "$pins" | while read -r package style commit folder; do
    [ -n "$package" ] || continue
    folder=${folder:-$package}
    if [ -n "${VALE_MIRRORS:-}" ]; then
        git_dir="$VALE_MIRRORS/errata-ai+$package/repo"
    else
        [ -d "$work/$package.git" ] ||
            git clone --quiet --bare "https://github.com/errata-ai/$package" "$work/$package.git"
        git_dir="$work/$package.git"
    fi
    rm -rf "${dest:?}/$folder"
    mkdir -p "$dest/$folder"
    # The rules, the feature files, the fixtures and the licence: nothing else.
    git --git-dir="$git_dir" archive "$commit" "$style" features fixtures LICENSE |
        tar -x -C "$dest/$folder" --exclude='features/support' --exclude='*.rb'
done
# Vale's own engine tests (vale-cli/vale testdata): the scenarios of
# checks.feature whose check types galley runs, with the fixtures, rules
# and vocabulary they use; and the Readability style with its fixture
# and demo.Reading with the demo fixture's test.md (styles.feature's
# "Lint against Readability" and "Lint against demo", whose lines for
# these rules tests/integration/vale_measure.rs checks).
engine=24e9634bf4520ee58158079f7fd61b039050a043
if [ -n "${VALE_MIRRORS:-}" ]; then
    git_dir="$VALE_MIRRORS/vale-cli+vale/repo"
else
    git clone --quiet --bare https://github.com/vale-cli/vale "$work/vale.git"
    git_dir="$work/vale.git"
fi
out="$dest/vale-engine"
rm -rf "$out"
mkdir -p "$out/features" "$work/engine"
checks="Metric Spelling Conditional Occurrence SentenceCase Capitalization Existence Sequence"
git --git-dir="$git_dir" archive "$engine" LICENSE testdata/features/checks.feature \
    $(for c in $checks; do echo "testdata/fixtures/checks/$c"; done) \
    testdata/styles/Checks/MultiCapture.yml testdata/styles/vale/Spacing.yml \
    testdata/styles/Checks/MetricValue.yml testdata/styles/Checks/MetricUndefined.yml \
    testdata/fixtures/styles/Readability testdata/styles/Readability \
    testdata/fixtures/styles/demo/test.md \
    testdata/styles/write-good testdata/styles/config/vocabularies/Cap \
    testdata/styles/LanguageTool \
    $(for r in MinCount ZeroOccurrence CharCount SentenceCase SentenceCaseAny Cap CustomCap Reading; do
        echo "testdata/styles/demo/$r.yml"; done) |
    tar -x -C "$work/engine"
cp "$work/engine/LICENSE" "$out/"
cp -R "$work/engine/testdata/fixtures" "$work/engine/testdata/styles" "$out/"
# Only the scenarios above, each kept whole.
awk -v keep="$checks" '
    BEGIN { n = split(keep, k, " ") }
    /^ *Scenario:/ { flush(); block = $0 "\n"; next }
    block != "" { block = block $0 "\n"; next }
    { print }
    END { flush() }
    function flush(   i) {
        for (i = 1; i <= n; i++)
            if (index(block, "When I test \"checks/" k[i] "\"")) { printf "%s", block; break }
        block = ""
    }
' "$work/engine/testdata/features/checks.feature" > "$out/features/rules.feature"

echo "tests/vale rebuilt; check tests/vale/README.md names the same commits"
