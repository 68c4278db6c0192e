#!/usr/bin/env python3
"""What a check holds at its heap peak, by allocation site: a summary of
the JSON that `valgrind --tool=dhat` writes.

    valgrind --tool=dhat --dhat-out-file=dhat.json \\
        target/release/galley check --no-config --format json big.txt > /dev/null
    python3 bench/dhat_peak.py dhat.json [--top 30] [--depth 3]

Each line is the bytes and blocks live at the peak (dhat's t-gmax) from
one place in galley's code, named by the first `--depth` frames of its
call stack that are galley's own (the allocator's and the standard
library's frames are left out), the largest first. Which parts coexist
at the peak matters more than each one's size: a part freed before the
peak is not on the list however large. (dhat counts the room a vector
reserved; a block mapped apart whose reserved room was never written is
not resident, so `bench/lsp.py --memory` may show less.)
"""

import argparse
import collections
import json
import re

SKIP = re.compile(
    r"alloc::|core::|std::|__rust|malloc|realloc|calloc|hashbrown|<alloc|<core|<std|"
    r"RawVec|do_reserve|finish_grow|\[root\]|<T as|foldhash|smallvec|compact_str"
)


def frame(text: str) -> str:
    text = re.sub(r"^0x[0-9A-Fa-f]+: ", "", text)
    text = re.sub(r" \(.*\)$", "", text)
    return re.sub(r"::h[0-9a-f]{16}", "", text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dhat_json")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--depth", type=int, default=3)
    args = ap.parse_args()
    data = json.load(open(args.dhat_json, encoding="utf-8"))
    frames = data["ftbl"]
    size, blocks = collections.Counter(), collections.Counter()
    for pp in data["pps"]:
        if not pp.get("gb"):
            continue
        stack = [frame(frames[f]) for f in pp["fs"]]
        own = [f for f in stack if not SKIP.search(f)] or stack
        site = " <- ".join(own[: args.depth])
        size[site] += pp["gb"]
        blocks[site] += pp.get("gbk", 0)
    print(f"heap at its peak: {sum(size.values()) / 1e6:.2f} MB")
    for site, held in size.most_common(args.top):
        print(f"{held / 1e6:8.2f} MB {blocks[site]:8d} blocks  {site}")


if __name__ == "__main__":
    main()
