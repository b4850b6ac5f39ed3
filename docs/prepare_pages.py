#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
"""Copies the Markdown pages for Doxygen, keeping GitHub's in-page links working.

  python3 prepare_pages.py <source root> <output dir> <page>...

GitHub gives every heading an anchor (its "slug"), so pages link to sections with [text](#slug).
Doxygen 1.9 only knows anchors written as {#label}, and labels are global. Each page is copied to
<output dir>/<page> (same relative layout, so links between pages keep working); every heading an
in-page link points to gets the label <page id>-<slug>, and the link is rewritten to match. A link
to a heading that does not exist is an error (exit 1).
"""
import os
import re
import sys

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
LINK_RE = re.compile(r"\]\(#([^)\s]+)\)")


def slug(text):
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\*|_(?=\w)|(?<=\w)_", "", text.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def prepare(root, out_dir, page):
    with open(os.path.join(root, page), encoding="utf-8") as f:
        lines = f.read().split("\n")
    page_id = re.sub(r"\W", "_", os.path.splitext(page)[0])
    wanted = set()
    in_code = False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code:
            wanted.update(LINK_RE.findall(line))
    problems = []
    found = set()
    in_code = False
    first_heading = True
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        match = HEADING_RE.match(line)
        if match and "{#" not in line:
            anchor = slug(match.group(2))
            if anchor in wanted and not first_heading:
                lines[i] = f"{line} {{#{page_id}-{anchor}}}"
                found.add(anchor)
            first_heading = False
        elif match:
            first_heading = False
        lines[i] = LINK_RE.sub(lambda m: f"](#{page_id}-{m.group(1)})", lines[i])
    for anchor in sorted(wanted - found):
        problems.append(f"{page}: links to #{anchor}, but no heading of the page has that anchor")
    target = os.path.join(out_dir, page)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return problems


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, out_dir = sys.argv[1], sys.argv[2]
    problems = []
    for page in sys.argv[3:]:
        problems += prepare(root, out_dir, page)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
