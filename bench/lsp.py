#!/usr/bin/env python3
"""The language server's latency: how long after a change an editor has the
diagnostics of a 5,000-word article.

    python3 bench/lsp.py [--galley target/release/galley] [--words 5000] [--runs 30]

It builds galley in release mode (unless --galley is given), makes an
article of about --words words from the clean Wikinews set in the shared
data folder (or, without it, from the bundled example repeated), starts
`galley server`, opens the article, then --runs times changes one word and
times the wait for the new diagnostics. It prints the median and the 90th
percentile, the server's debounce, and as the reference measured in the same
run `galley check` on the same article from the command line (a fresh
process: start-up, loading the packs and the check).

With --memory 1,5,10 it measures instead the server's peak memory (VmHWM,
the most resident memory it ever had, read from /proc) with one document
of each size (MB) open: a new server for each size opens the document,
waits for its diagnostics, changes one word and waits again; it prints
the time to each set of diagnostics and the peak against the size, and
beside it the peak of `galley check` on the same document from the
command line, as GNU time's %M reports it (/usr/bin/time; "n/a" without
it: a process this script starts itself would count the script's own
memory, which the fork copies).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def article(words: int) -> str:
    shared = ROOT.parent / "shared" / "data" / "wikinews-clean"
    texts = sorted(shared.glob("*.txt")) if shared.is_dir() else [ROOT / "examples" / "tianjin-2017.txt"]
    paragraphs = []
    count = 0
    while count < words:
        for path in texts:
            for para in path.read_text(encoding="utf-8").split("\n\n")[2:]:
                if para.strip():
                    paragraphs.append(para.strip())
                    count += len(para.split())
                if count >= words:
                    break
            if count >= words:
                break
    return "Benchmark article\n\n" + "\n\n".join(paragraphs) + "\n"


class Server:
    def __init__(self, galley: str, cwd: str):
        self.p = subprocess.Popen([galley, "server"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next = 0

    def send(self, msg: dict) -> None:
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self) -> dict:
        length = 0
        while True:
            line = self.p.stdout.readline().strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method: str, params) -> dict:
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": self.next, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.next:
                return msg

    def diagnostics(self, uri: str) -> list:
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                return msg["params"]["diagnostics"]


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def check_peak(galley: str, path: Path):
    """The peak memory in bytes of `galley check` on `path`, by GNU time (None without it)."""
    if not Path("/usr/bin/time").exists():
        return None
    done = subprocess.run(["/usr/bin/time", "-f", "%M", galley, "check", "--format", "json", str(path)],
                          cwd=path.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(done.stderr.strip().splitlines()[-1]) * 1024


def memory(galley: str, sizes: list) -> None:
    print("| document | didOpen → diagnostics | didChange → diagnostics | findings | peak memory | / document | `galley check` peak | / document |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mb in sizes:
        size = int(mb * (1 << 20))
        text = article(size // 6)
        text = text[: text.rfind(" ", 0, size)] + "\n"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.txt"
            uri = path.as_uri()
            server = Server(galley, tmp)
            server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
            server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            start = time.perf_counter()
            server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}})
            found = server.diagnostics(uri)
            opened = time.perf_counter() - start
            start = time.perf_counter()
            changed = text.replace("the ", "the the ", 1)
            server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": changed}]}})
            server.diagnostics(uri)
            again = time.perf_counter() - start
            peak = peak_kib(server.p.pid) * 1024
            server.request("shutdown", None)
            server.send({"jsonrpc": "2.0", "method": "exit", "params": None})
            server.p.wait(timeout=60)
            path.write_text(text, encoding="utf-8")
            cli = check_peak(galley, path)
        size = len(text.encode())
        cli_text = f"{cli / (1 << 20):.0f} MB | {cli / size:.1f}" if cli else "n/a | n/a"
        print(f"| {size / (1 << 20):.1f} MB | {opened:.1f} s | {again:.1f} s | {len(found)} | {peak / (1 << 20):.0f} MB | {peak / size:.1f} | {cli_text} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--galley")
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--memory", help="document sizes in MB, comma-separated: measure peak memory instead")
    args = ap.parse_args()
    galley = str(Path(args.galley).resolve()) if args.galley else None
    if not galley:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
        galley = str(ROOT / "target" / "release" / "galley")
    if args.memory:
        memory(galley, [float(s) for s in args.memory.split(",")])
        return

    text = article(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()

        cli = []
        for _ in range(max(5, args.runs // 3)):
            start = time.perf_counter()
            subprocess.run([galley, "check", "--no-config", "--format", "concise", str(path)], cwd=tmp, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - start)

        server = Server(galley, tmp)
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        start = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}})
        first = server.diagnostics(uri)
        opened = time.perf_counter() - start

        latencies = []
        for run in range(args.runs):
            changed = text.replace("the ", "the the " if run % 2 == 0 else "the ", 1)
            start = time.perf_counter()
            server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": run + 2}, "contentChanges": [{"text": changed}]}})
            server.diagnostics(uri)
            latencies.append(time.perf_counter() - start)
        server.request("shutdown", None)
        server.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        server.p.wait(timeout=10)

    ms = lambda s: f"{s * 1000:.1f} ms"
    latencies.sort()
    median = statistics.median(latencies)
    p90 = latencies[int(len(latencies) * 0.9) - 1]
    cli_median = statistics.median(cli)
    print(f"# galley language server: {len(text.split())} words, {len(first)} finding(s) at open")
    print()
    print("| measure | time | / CLI check |")
    print("|---|---:|---:|")
    print(f"| CLI `galley check` (reference: new process, packs loaded, check) | {ms(cli_median)} | 1.00 |")
    print(f"| didOpen → diagnostics (first check, packs loaded) | {ms(opened)} | {opened / cli_median:.2f} |")
    print(f"| didChange → diagnostics, median of {len(latencies)} (includes the debounce) | {ms(median)} | {median / cli_median:.2f} |")
    print(f"| didChange → diagnostics, 90th percentile | {ms(p90)} | {p90 / cli_median:.2f} |")


if __name__ == "__main__":
    main()
