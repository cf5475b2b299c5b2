"""Every repository file the code and docs cite exists, and every cited section of MODEL.md or ODD.md is there.

Citations are paths under the repository's folders (a folder, a slash, a file name with its extension),
relative links in Markdown files, and section numbers after MODEL.md or ODD.md ("MODEL.md §4", "ODD.md §2.4").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("analysis", "benchmarks", "docs", "experiments", "hsbp", "scenarios", "scripts", "sim", "tests")
TOP_FILES = ("README.md", "pyproject.toml", "CITATION.cff", ".ci/run")
SUFFIXES = {".py", ".md", ".toml", ".sh", ".cff", ".txt"}
FOLDER_NAMES = "|".join(re.escape(f) for f in (*FOLDERS, ".ci"))
CITED_PATH = re.compile(rf"(?<![\w/.-])((?:{FOLDER_NAMES})/[\w./-]*\.[a-z]+)\b")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
SECTION = re.compile(r"\b(MODEL|ODD)\.md\s*§\s*(\d+(?:\.\d+)?)")


def sources() -> list[Path]:
    found = [ROOT / name for name in TOP_FILES]
    for folder in FOLDERS:
        found += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts
        ]
    return sorted(found)


def headings(document: str) -> set[str]:
    """Section numbers of a Markdown file: "## 4. Rules" gives 4, "### 2.4 Parameters" gives 2.4."""
    text = (ROOT / "docs" / document).read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", text, re.M)}


SOURCES = sources()


def test_the_scan_sees_the_code_and_the_docs() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in SOURCES}
    assert {"sim/model.py", "docs/ODD.md", "docs/MODEL.md", "README.md", "hsbp/study.py"} <= names


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_cited_file_exists(source: Path) -> None:
    text = source.read_text(encoding="utf-8", errors="replace")
    missing = [
        cited
        for cited in (m.group(1).rstrip(".") for m in CITED_PATH.finditer(text))
        if not any(c in cited for c in "*{<") and not (ROOT / cited).exists()
    ]
    if source.suffix == ".md":
        missing += [
            link
            for link in LINK.findall(text)
            if not link.startswith(("http:", "https:", "mailto:")) and not (source.parent / link).exists()
        ]
    assert not missing, f"{source.relative_to(ROOT)} cites files that are not in the repository: {missing}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_cited_section_exists(source: Path) -> None:
    sections = {"MODEL": headings("MODEL.md"), "ODD": headings("ODD.md")}
    text = source.read_text(encoding="utf-8", errors="replace")
    missing = [f"{doc}.md §{number}" for doc, number in SECTION.findall(text) if number not in sections[doc]]
    assert not missing, f"{source.relative_to(ROOT)} cites sections that do not exist: {missing}"


def test_model_md_has_the_nine_sections_and_one_subsection_per_mechanism() -> None:
    assert {str(n) for n in range(1, 10)} <= headings("MODEL.md")
    text = (ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8")
    rules = text.split("## 4. ", 1)[1].split("\n## 5. ", 1)[0]
    for mechanism in ("Delivery", "Exit", "Risk mutualization", "Trust", "Mobilisation", "No-partnership baseline"):
        assert re.search(rf"^### .*{mechanism}", rules, re.M | re.I), mechanism
