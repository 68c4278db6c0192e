"""Reads a .docx with python-docx (and lxml, which it is built on) and
prints, as JSON, what Word would show: each paragraph's text with every
tracked change accepted and with every change rejected, the text of bold
runs both ways, the tracked changes' authors, and the comments (author,
text, and the text they are anchored on).

Used by tests/integration/docx_write.rs to check galley's output with
software that did not write it; none of galley's code is involved.
"""

import json
import sys

import docx
from docx.oxml.ns import qn

W_P, W_R, W_T, W_DELTEXT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:delText")
W_INS, W_DEL, W_B, W_RPR = qn("w:ins"), qn("w:del"), qn("w:b"), qn("w:rPr")
W_TAB, W_ID = qn("w:tab"), qn("w:id")


def inside(element, tag):
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def run_text(run, accept):
    """The run's text in the accepted or the rejected document."""
    if accept and inside(run, W_DEL):
        return ""
    if not accept and inside(run, W_INS):
        return ""
    out = []
    for child in run:
        if child.tag == W_T and (accept or not inside(run, W_DEL)):
            out.append(child.text or "")
        elif child.tag == W_DELTEXT and not accept:
            out.append(child.text or "")
        elif child.tag == W_TAB:
            out.append("\t")
    return "".join(out)


def is_bold(run):
    props = run.find(W_RPR)
    return props is not None and props.find(W_B) is not None


def read(path):
    document = docx.Document(path)
    body = document.element.body
    paragraphs = {"accepted": [], "rejected": []}
    bold = {"accepted": "", "rejected": ""}
    for p in body.iter(W_P):
        for view, accept in (("accepted", True), ("rejected", False)):
            texts = []
            for run in p.iter(W_R):
                text = run_text(run, accept)
                texts.append(text)
                if is_bold(run):
                    bold[view] += text
            paragraphs[view].append("".join(texts))
    authors = sorted(
        {e.get(qn("w:author")) for tag in (W_INS, W_DEL) for e in body.iter(tag)}
    )
    # Comment anchors: the accepted text between commentRangeStart and End.
    anchored = {}
    open_ids = set()
    for e in body.iter():
        if e.tag == qn("w:commentRangeStart"):
            open_ids.add(e.get(W_ID))
            anchored.setdefault(e.get(W_ID), "")
        elif e.tag == qn("w:commentRangeEnd"):
            open_ids.discard(e.get(W_ID))
        elif e.tag == W_R:
            for i in open_ids:
                anchored[i] += run_text(e, True)
    comments = []
    for c in document.comments:
        comments.append(
            {
                "author": c.author,
                "text": c.text,
                "anchor": anchored.get(str(c.comment_id), None),
            }
        )
    return {
        "paragraphs": paragraphs,
        "bold": bold,
        "revision_authors": authors,
        "comments": comments,
    }


if __name__ == "__main__":
    json.dump(read(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
