#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
"""Doxygen's filter (FILTER_PATTERNS) for headers and pages: what Doxygen reads, as readers should see it.

  python3 doxygen_filter.py <file.h | file.md>     (Doxygen runs it for every input; writes to stdout)

Neither change moves a line (warnings and docs/check_docs.py keep pointing at the right line):
  * headers: the doc comment of every exported class gets a \\headerfile command naming the way users
    include it: <PhoenixQt/PhoenixPush>, the forwarding header of src/include/PhoenixQt that includes
    its header (the one named after the class if there is one), instead of <phoenixpush.h>;
  * headers (comments only) and pages (outside code): the bare word "Qt" is written %Qt. Qt's tag file
    has a namespace Qt, and Doxygen would link every "Qt 6" and "Qt Quick" to that namespace's page;
    Qt::Something stays a link.
"""
import os
import re
import sys

# The core's classes (PHOENIXQT_EXPORT) and the outbox's (PHOENIXQT_OUTBOX_EXPORT, src/outbox).
CLASS_RE = re.compile(r"^(?:class|struct)\s+PHOENIXQT_(?:OUTBOX_)?EXPORT\s+(\w+)")
# A documented class or struct nested in an exported class (PhoenixSerializer::TextFields): its page
# shows the include of the class around it.
NESTED_RE = re.compile(r"^\s+(?:class|struct)\s+(\w+)\s*$")
BARE_QT_RE = re.compile(r"(?<![\w%:/.<\-])Qt(?![\w:/\-]|\.\w)")
CODE_SPAN_RE = re.compile(r"(`[^`]*`|\\c\s+\S+|<tt>.*?</tt>)")


def forwarding_headers(include_dirs):
    """Maps a header's file name to the forwarding headers (PhoenixQt/Name) that include it."""
    result = {}
    for include_dir in include_dirs:
        if not os.path.isdir(include_dir):
            continue
        for name in sorted(os.listdir(include_dir)):
            with open(os.path.join(include_dir, name), encoding="utf-8") as f:
                for included in re.findall(r'#include\s+"([^"]+)"', f.read()):
                    result.setdefault(os.path.basename(included), []).append(name)
    return result


def user_include(cls, header, forwarders):
    names = forwarders.get(header, [])
    if cls in names:
        return f"PhoenixQt/{cls}"
    stem = os.path.splitext(header)[0]
    for name in names:
        if name.lower() == stem:
            return f"PhoenixQt/{name}"
    return f"PhoenixQt/{names[0]}" if names else None


def escape_qt(text):
    """%Qt for the bare word Qt in comment text, outside code spans."""
    parts = CODE_SPAN_RE.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = BARE_QT_RE.sub("%Qt", parts[i])
    return "".join(parts)


def filter_header(path, include_dirs):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # Comments: /*! ... */ blocks and //! or //!< lines; \code ... \endcode stays as written.
    in_block = False
    in_code = False
    for i, line in enumerate(lines):
        if in_block:
            start = 0
            in_block = "*/" not in line
        elif "/*!" in line:
            start = line.index("/*!")
            in_block = "*/" not in line[start:]
        elif "//!" in line:
            start = line.index("//!")
        else:
            continue
        text = line[start:]
        if re.search(r"[\\@]code\b", text):
            in_code = True
        if not in_code:
            lines[i] = line[:start] + escape_qt(text)
        if re.search(r"[\\@]endcode\b", text):
            in_code = False
    forwarders = forwarding_headers(include_dirs)
    header = os.path.basename(path)
    outer = None
    for i, line in enumerate(lines):
        match = CLASS_RE.match(line)
        if match:
            outer = match.group(1)
            cls = outer
        else:
            nested = NESTED_RE.match(line)
            if not nested or outer is None:
                continue
            cls = outer
        if i == 0:
            continue
        include = user_include(cls, header, forwarders)
        if include is None:
            continue
        command = f" \\headerfile {header} <{include}>"
        previous = lines[i - 1]
        if previous.rstrip().endswith("*/"):
            at = previous.rindex("*/")
            lines[i - 1] = previous[:at].rstrip() + command + " " + previous[at:]
        elif previous.lstrip().startswith("//!"):
            lines[i - 1] = previous.rstrip() + command
    return "\n".join(lines)


# In a Markdown line: inline code, link targets, {#labels} and HTML tags or comments stay as written.
MARKDOWN_KEEP_RE = re.compile(r"(`[^`]*`|\]\([^)]*\)|\{#[^}]*\}|<[^>]*>)")


def filter_page(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fenced = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            continue
        parts = MARKDOWN_KEEP_RE.split(line)
        for j in range(0, len(parts), 2):
            parts[j] = BARE_QT_RE.sub("%Qt", parts[j])
        lines[i] = "".join(parts)
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = sys.argv[1]
    if path.endswith(".md"):
        sys.stdout.write(filter_page(path))
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.join(os.path.dirname(here), "src")
    # The outbox library (src/outbox) has forwarding headers of its own, installed next to the core's.
    include_dirs = [os.path.join(src, "include", "PhoenixQt"), os.path.join(src, "outbox", "include", "PhoenixQt")]
    sys.stdout.write(filter_header(path, include_dirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
