#!/usr/bin/env bash
# Puts the Markdown conformance suites in .cache/markdown-spec/ for the conformance test:
# the GFM spec 0.29 (with its extension examples) and the CommonMark specs 0.29 and 0.31.2.
# Uses ../shared/testdata/markdown-spec when it is there; otherwise takes the spec files that
# ship inside two PyPI source packages (marko, commonmark), which pip can fetch here.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.cache/markdown-spec
[ -f "$out/gfm-0.29.txt" ] && [ -f "$out/commonmark-0.29.txt" ] && [ -f "$out/commonmark-0.31.2.txt" ] && exit 0
mkdir -p "$out"
shared=../shared/testdata/markdown-spec
if [ -d "$shared" ] && find "$shared" -name '*.txt' | grep -q .; then
  find "$shared" -name '*.txt' | while read -r f; do cp "$f" "$out/$(echo "${f#$shared/}" | tr / -)"; done
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$tmp" marko==2.2.4 commonmark==0.9.2
tar -xzf "$tmp"/marko-2.2.4.tar.gz -C "$tmp" marko-2.2.4/tests/spec/gfm.txt marko-2.2.4/tests/spec/commonmark.txt
tar -xzf "$tmp"/commonmark-0.9.2.tar.gz -C "$tmp" commonmark-0.9.2/spec.txt
cp "$tmp"/marko-2.2.4/tests/spec/gfm.txt "$out/gfm-0.29.txt"
cp "$tmp"/marko-2.2.4/tests/spec/commonmark.txt "$out/commonmark-0.31.2.txt"
cp "$tmp"/commonmark-0.9.2/spec.txt "$out/commonmark-0.29.txt"
cat > "$out/README.md" <<'TEXT'
Fetched by scripts/fetch-markdown-spec.sh from PyPI source packages: gfm-0.29.txt and
commonmark-0.31.2.txt from marko 2.2.4 (tests/spec/), commonmark-0.29.txt from commonmark 0.9.2.
Spec text CC-BY-SA 4.0 (GitHub, John MacFarlane). Not committed.
TEXT
