#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
"""Checks what Doxygen does not: run over Doxygen's XML output of the public headers.

  python3 check_docs.py <doxygen xml dir>

Reports, as "file:line: message", and exits 1 if there is any:
  * a public or protected class, namespace, function, signal, slot, property, variable, typedef,
    enum, enum value or macro without a doc comment (Doxygen itself does not warn about enum
    values), except overrides, which must say \\reimp;
  * a doc comment naming, with \\a or \\param, a parameter the function does not have (Doxygen
    checks \\param only, and the Qt-style comments use \\a);
  * a doc comment naming a PhoenixQt class or member (PhoenixFoo, PhoenixFoo::bar) or a function
    (bar(), Class::bar()) that does not exist. Names Doxygen linked exist; for the others the
    checker looks them up itself: in the documented classes (an unqualified bar() may be a member of
    the class being documented, of its bases, or of any PhoenixQt class), in Qt's tag files (Qt
    classes and their bases), and accepts Class::bar() for a Q-class Qt's tag files do not know
    (Debian's tag files are Qt 5's; Qt 6 added classes);
  * a class page showing an include users do not write: a library class must show
    #include <PhoenixQt/Name> (docs/doxygen_filter.py adds it), not the header's own file name;
  * a documented class the main page does not mention (the index's class tables must list every
    class of the reference, and internal classes stay out of it: EXCLUDE_SYMBOLS in the Doxyfile);
  * the bare word "Qt" linked to Qt's namespace page (Doxygen's autolink; write %Qt).
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

MEMBER_KINDS = {"function", "signal", "slot", "property", "variable", "typedef", "enum", "define", "friend"}
# Text that is code or a link already; names in it are not checked.
SKIP_TAGS = {"ref", "computeroutput", "programlisting", "ulink", "verbatim", "preformatted", "emphasis"}
# A function-like name in prose: bar(), Class::bar(), not obj.bar() or a URL.
FUNCTION_RE = re.compile(r"(?<![\w.:/$>-])((?:[A-Za-z_]\w*::)*[A-Za-z_]\w*)\(\)")
PHOENIX_RE = re.compile(r"(?<![\w.:/$-])(Phoenix[A-Z]\w*(?:::\w+)?)")
# The product and its CMake targets (PhoenixQt, PhoenixQt::DevServer) are not C++ names.
NOT_A_NAME_RE = re.compile(r"^PhoenixQt(::\w+)?$")


def text_outside_links(element, out):
    """Collects the text of element that is not inside a link or code span."""
    if element.text and element.tag not in SKIP_TAGS:
        out.append(element.text)
    for child in element:
        if child.tag not in SKIP_TAGS:
            text_outside_links(child, out)
        if child.tail:
            out.append(child.tail)
    return out


def has_doc(element):
    for tag in ("briefdescription", "detaileddescription"):
        node = element.find(tag)
        if node is not None and "".join(node.itertext()).strip():
            return True
    return False


class Checker:
    def __init__(self, xml_dir):
        self.xml_dir = xml_dir
        self.problems = []
        self.sources = {}
        self.members = {}  # class or namespace -> member names (ours and Qt's)
        self.bases = {}    # class -> base class names
        self.ours = set()  # our classes and namespaces
        self.globals = set()  # our macros and free functions

    def load_symbols(self, index):
        for compound in index.findall("compound"):
            name = compound.findtext("name")
            kind = compound.get("kind")
            names = {m.findtext("name") for m in compound.findall("member")}
            if kind in ("class", "struct", "namespace"):
                self.ours.add(name)
                self.members.setdefault(name, set()).update(names)
                definition = ET.parse(os.path.join(self.xml_dir, compound.get("refid") + ".xml")).getroot()
                self.bases[name] = [b.text for b in definition.iter("basecompoundref") if b.text]
            elif kind == "file":
                self.globals.update(names)
        # Qt's classes from the tag files Doxygen used (listed in Doxyfile.xml).
        doxyfile = os.path.join(self.xml_dir, "Doxyfile.xml")
        tagfiles = []
        if os.path.exists(doxyfile):
            for option in ET.parse(doxyfile).getroot().iter("option"):
                if option.get("id") == "TAGFILES":
                    tagfiles = [v.text.split("=", 1)[0] for v in option.iter("value") if v.text]
        for tagfile in tagfiles:
            try:
                tags = ET.parse(tagfile).getroot()
            except (OSError, ET.ParseError):
                continue
            for compound in tags.findall("compound"):
                if compound.get("kind") not in ("class", "struct", "namespace"):
                    continue
                name = compound.findtext("name")
                self.members.setdefault(name, set()).update(m.findtext("name") for m in compound.findall("member"))
                self.bases.setdefault(name, []).extend(b.text for b in compound.findall("base") if b.text)

    def has_member(self, cls, name, seen=None):
        seen = seen or set()
        if cls in seen:
            return False
        seen.add(cls)
        if name in self.members.get(cls, ()):
            return True
        return any(self.has_member(base, name, seen) for base in self.bases.get(cls, ()))

    def exists(self, name, scope_class):
        """Whether a name written in a doc comment of scope_class names something real."""
        if "::" in name:
            cls, member = name.rsplit("::", 1)
            if cls in self.members:
                return self.has_member(cls, member) or member == cls.split("::")[-1]
            return cls.startswith("Q") and not cls.startswith("Phoenix")  # a Qt 6 class Qt 5's tags lack
        if name in self.ours or name in self.globals:
            return True
        if scope_class and self.has_member(scope_class, name):
            return True
        return any(name in self.members.get(cls, ()) for cls in self.ours)

    def report(self, location, message):
        if location is None:
            self.problems.append(f"?: {message}")
            return
        path = location.get("declfile") or location.get("file")
        line = location.get("declline") or location.get("line")
        self.problems.append(f"{path}:{line}: {message}")

    def source_lines(self, path):
        if path not in self.sources:
            try:
                with open(path, encoding="utf-8") as f:
                    self.sources[path] = f.read().split("\n")
            except OSError:
                self.sources[path] = []
        return self.sources[path]

    def raw_comment(self, location):
        """The doc comment written right before (or, //!<, after) the declaration at location."""
        path = location.get("declfile") or location.get("file")
        line = int(location.get("declline") or location.get("line") or 0)
        lines = self.source_lines(path)
        if not lines or line < 1 or line > len(lines):
            return ""
        comment = []
        own = lines[line - 1]
        if "//!<" in own:
            comment.append(own.split("//!<", 1)[1])
        index = line - 2
        # Skip the lines of a declaration that spans several lines (the name is on the last one).
        while index >= 0 and lines[index].strip() and not lines[index].strip().startswith(("//", "*", "/*")) \
                and not lines[index].rstrip().endswith((";", "{", "}", ":", "*/")) and line - index < 5:
            index -= 1
        if index >= 0 and lines[index].rstrip().endswith("*/"):
            block = []
            while index >= 0:
                block.append(lines[index])
                if "/*!" in lines[index] or "/**" in lines[index]:
                    break
                index -= 1
            comment.extend(reversed(block))
        else:
            block = []
            while index >= 0 and lines[index].strip().startswith(("//!", "///")):
                block.append(lines[index])
                index -= 1
            comment.extend(reversed(block))
        return "\n".join(comment)

    def check_names(self, element, location, scope, scope_class=None, functions=True):
        out = []
        for tag in ("briefdescription", "detaileddescription"):
            node = element.find(tag)
            if node is not None:
                text_outside_links(node, out)
        text = " ".join(out)
        for match in FUNCTION_RE.finditer(text if functions else ""):
            if not self.exists(match.group(1), scope_class):
                self.report(location, f"names {match.group(0)}, which does not exist (in {scope})")
        for match in PHOENIX_RE.finditer(text):
            if not NOT_A_NAME_RE.match(match.group(1)) and not self.exists(match.group(1), scope_class):
                self.report(location, f"names {match.group(1)}, which does not exist (in {scope})")

    def check_member(self, member, scope):
        kind = member.get("kind")
        name = member.findtext("name")
        location = member.find("location")
        if kind == "friend" and (member.findtext("type") or "").strip() in ("class", "struct"):
            return
        reimplements = member.find("reimplements") is not None
        if not has_doc(member):
            if reimplements:
                self.report(location, f"{scope}::{name} overrides a base class member: say \\reimp")
            else:
                self.report(location, f"{kind} {scope}::{name} has no doc comment")
        if kind == "enum":
            for value in member.findall("enumvalue"):
                if not has_doc(value):
                    self.report(location, f"enum value {scope}::{name}::{value.findtext('name')} has no doc comment")
        if kind in ("function", "signal", "slot", "define", "friend") and location is not None:
            params = {p.findtext("declname") or p.findtext("defname") for p in member.findall("param")}
            params.discard(None)
            comment = self.raw_comment(location)
            for match in re.finditer(r"[\\@](?:a|param(?:\[[a-z,]+\])?)\s+(\w+)", comment):
                if match.group(1) not in params:
                    self.report(location, f"{scope}::{name}: the doc comment names a parameter "
                                          f"'{match.group(1)}' that {name}() does not have")
        self.check_names(member, location, f"{scope}::{name}", scope)

    def check_include(self, definition, name, location):
        """A library class's page shows the include users write: <PhoenixQt/Name>."""
        path = (location.get("file") or "") if location is not None else ""
        if "qml" in path.replace(os.sep, "/").split("/")[:-1]:
            return  # the QML types' implementations (qml/, qml/outbox/): QML code imports the module instead
        includes = definition.find("includes")
        shown = includes.text if includes is not None and includes.text else ""
        if not shown.startswith("PhoenixQt/") or includes.get("local") != "no":
            self.report(location, f"{name}: its page shows #include of '{shown or 'nothing'}'; users write "
                                  f"#include <PhoenixQt/...> (docs/doxygen_filter.py)")

    def check_links(self, tree, location, name):
        for ref in tree.iter("ref"):
            if (ref.text or "").strip() == "Qt" and ref.get("external"):
                self.report(location, f"{name}: the word Qt links to Qt's namespace page (write %Qt)")
                return

    def check_index_lists(self, index, classes):
        """Every documented class is listed on the main page; nothing else is in the reference."""
        main = [c for c in index.findall("compound") if c.get("kind") == "page" and c.findtext("name") == "index"]
        if not main:
            return  # no main page (the checker's self-test)
        tree = ET.parse(os.path.join(self.xml_dir, main[0].get("refid") + ".xml")).getroot()
        text = " ".join(tree.itertext())
        for name, location in classes:
            if not re.search(r"(?<![\w:])" + re.escape(name) + r"(?![\w])", text):
                self.report(location, f"class {name} is in the reference but the main page's class tables do "
                                      f"not list it (docs/overview.md.in): list it, or keep an internal class "
                                      f"out of the reference (EXCLUDE_SYMBOLS)")

    def run(self):
        index = ET.parse(os.path.join(self.xml_dir, "index.xml")).getroot()
        self.load_symbols(index)
        classes = []
        for compound in index.findall("compound"):
            kind = compound.get("kind")
            if kind not in ("class", "struct", "namespace", "file", "page"):
                continue
            tree = ET.parse(os.path.join(self.xml_dir, compound.get("refid") + ".xml")).getroot()
            definition = tree.find("compounddef")
            name = definition.findtext("compoundname")
            location = definition.find("location")
            self.check_links(tree, location, name)
            if kind == "page":
                # Markdown pages also show JavaScript and shell: only PhoenixQt's own names are checked.
                self.check_names(definition, location, name, functions=False)
                continue
            if definition.get("prot") == "private":
                continue
            if kind != "file" and not has_doc(definition):
                self.report(location, f"{kind} {name} has no doc comment")
            if kind in ("class", "struct"):
                classes.append((name, location))
                self.check_include(definition, name, location)
            if kind != "file":
                self.check_names(definition, location, name, name)
            for section in definition.findall("sectiondef"):
                for member in section.findall("memberdef"):
                    if member.get("kind") not in MEMBER_KINDS or member.get("prot") not in ("public", "protected"):
                        continue
                    if kind == "file" and member.get("kind") != "define":
                        continue  # namespace-level members are checked with their namespace
                    self.check_member(member, name)
        self.check_index_lists(index, classes)
        for problem in sorted(set(self.problems)):
            print(problem)
        if self.problems:
            print(f"check_docs: {len(set(self.problems))} problem(s) in the API documentation", file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(Checker(sys.argv[1]).run())
