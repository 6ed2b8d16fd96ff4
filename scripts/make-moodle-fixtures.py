#!/usr/bin/env python3
"""Writes the Moodle assignment fixtures (Fixtures/moodle/, Tests/Fixtures/moodle/) and, with
--bench, a large worksheet + submissions zip for a benchmark. Python 3 standard library only;
the output is the same byte for byte on every run (fixed zip times, sorted entries, seeded
padding).

    python3 scripts/make-moodle-fixtures.py                 # the committed fixtures
    python3 scripts/make-moodle-fixtures.py --bench DIR     # 100 students x 2 MB (not committed)
    python3 scripts/make-moodle-fixtures.py --bench DIR --students 20 --mb 1

What the files follow, and where it was read (moodle/moodle, main branch, and the language
packs as AMOS exports them; Fixtures/moodle/README.md says the same with the values):

Grading worksheet ("Download grading worksheet", assignfeedback_offline):
- mod/assign/feedback/offline/locallib.php builds an assign_grading_table with a download
  file name; mod/assign/gradingtable.php then defines the columns when downloading:
  recordid, fullname, the identity fields (get_user_field_name), status, grade, grademax,
  gradecanbechanged, timesubmitted, one column per submission plugin editor field (headed
  with the plugin's name), timemarked, one column per feedback plugin editor field.
- col_recordid = get_string('hiddenuser', 'assign') . uniqueid. English assign.php has
  'Participant ' (with a trailing space): "Participant 4711". The German pack (de, 4.5)
  has 'Teilnehmer/in' with no space, so a German worksheet says "Teilnehmer/in4711"; the
  de_gender pack (lernlink/moodle-langpack_de_gender) has 'Teilnehmer*in'.
- col_status joins the status lines (each a <div>) with " - " and strips tags:
  submissionstatus_submitted 'Submitted for grading' / 'Zur Bewertung abgegeben',
  submissionstatus_ and _new 'No submission' / 'Keine Abgabe', submissionstatus_draft
  'Draft (not submitted)' / 'Entwurf (nicht abgegeben)', then submittedlateshort '{$a} late'
  / '{$a} zu spät' with format_time(timesubmitted - due), then 'Graded' / 'Bewertet' when a
  grade exists, or (no submission, due date passed) overdue 'Assignment is overdue by: {$a}'
  (inside <font>, stripped) / 'Abgabeende überschritten seit: {$a}'.
- display_grade() when downloading: '' for no grade, else format_float(grade, decimals),
  localized: decsep ',' in de langconfig -> "5,00". col_grademax the same for the maximum.
- col_timesubmitted / col_timemarked: userdate(t) (format strftimedaydatetime) or '-'.
  en langconfig: '%A, %d %B %Y, %I:%M %p'; de langconfig (3.11 and later):
  '%A, %d. %B %Y, %H:%M'. userdate() strips the leading zero of the day (%d) and of the
  12-hour hour (%I), not of %H: "Tuesday, 14 January 2025, 9:12 PM",
  "Donnerstag, 16. Januar 2025, 02:59".
- Headers: assign.php recordid 'Identifier' / 'ID', status 'Status', maxgrade
  'Maximum Grade' (the stored en file defines it so) / 'Bestwertung', gradecanbechanged
  'Grade can be changed' / 'Bewertung kann geändert werden', lastmodifiedsubmission
  'Last modified (submission)' / 'Zuletzt geändert (Abgabe)', lastmodifiedgrade
  'Last modified (grade)' / 'Zuletzt geändert (Bewertung)'; moodle.php fullname 'Full name' /
  'Vollständiger Name', idnumber 'ID number' / 'ID-Nummer', email 'Email address' /
  'E-Mail-Adresse', gradenoun 'Grade' / 'Bewertung'; assignsubmission_onlinetext pluginname
  'Online text' / 'Texteingabe online'; assignfeedback_comments pluginname
  'Feedback comments' / 'Feedback als Kommentar'. 'Yes' / 'Ja'.
- The table is written by dataformat_csv (dataformat/csv/classes/writer.php, Spout's CSV
  writer): UTF-8 with BOM, ',' in every language, PHP fputcsv quoting (a field is quoted
  when it holds the delimiter, '"', '\\', a space, tab, CR or LF), LF line ends.

Submissions zip ("Download all submissions"):
- mod/assign/classes/downloader.php (Moodle 4.1+; before that the same code in
  mod/assign/locallib.php download_submissions()). The prefix is
  clean_filename(str_replace('_', ' ', fullname) . '_' . uniqueid), or with blind marking
  get_string('participant', 'assign') ('Participant', de 'Teilnehmer/in' -> 'Teilnehmerin'
  once clean_filename drops the '/') instead of the name.
- "Download submissions in folders" (the default, user preference assign_downloadasfolders):
  clean_filename(prefix . '_' . subtype . '_' . type) . filepath . filename for files
  ("Linnea Bergström_4711_assignsubmission_file/Report.pdf"), and
  ... . '/' . filename for the online text. Moodle 3.1 to 4.0 added a '_' before the '/'
  ("..._assignsubmission_file_/Report.pdf"); the parser takes both.
- Flat: clean_filename(prefix . '_' . subtype . '_' . type . '_' . filename).
- clean_filename = clean_param(PARAM_FILE): drops control characters and & < > " ` | ' : \\ /.
- Online text (mod/assign/submission/onlinetext/locallib.php get_files): one file named
  get_string('onlinetextfilename') = 'onlinetext.html' (de the same) holding
  '<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body>' . text . '</body></html>'.
- The zip is streamed by core_files\\local\\archive_writer\\zip_writer (ZipStream-PHP):
  deflated entries, file entries only (no directory entries), UTF-8 names (flag bit 11).
  The fixtures use Python's zipfile with DEFLATED; the flat zip is written through an
  unseekable stream, so its entries carry data descriptors (flag bit 3) as a streaming
  writer's do.
"""
import argparse
import csv
import hashlib
import io
import random
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "Fixtures" / "moodle"
TESTS = ROOT / "Tests" / "Fixtures" / "moodle"

# The report deadline the demo's `deadline template --term "Winter 2024/25"` sets:
# 15 January 2025, 23:59 Europe/Berlin (CET, UTC+1).
DUE = datetime(2025, 1, 15, 23, 59)
# When the coordinator downloaded both files (local time); the zip entries carry it.
DOWNLOADED = datetime(2025, 1, 20, 10, 0)
FIRST_PARTICIPANT = 4711

EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DE_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
DE_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]

HEADERS = {
    "en": ["Identifier", "Full name", "ID number", "Email address", "Status", "Grade", "Maximum Grade",
           "Grade can be changed", "Last modified (submission)", "Online text", "Last modified (grade)",
           "Feedback comments"],
    "de": ["ID", "Vollständiger Name", "ID-Nummer", "E-Mail-Adresse", "Status", "Bewertung", "Bestwertung",
           "Bewertung kann geändert werden", "Zuletzt geändert (Abgabe)", "Texteingabe online",
           "Zuletzt geändert (Bewertung)", "Feedback als Kommentar"],
}
HIDDENUSER = {"en": "Participant ", "de": "Teilnehmer/in"}
YES = {"en": "Yes", "de": "Ja"}

# Each roster student's hand-in of the report. kind: file, docx, online, draft, none.
# at: local time (Europe/Berlin). files: names as the student uploaded them.
PLAN = {
    "03705521": dict(at=datetime(2025, 1, 8, 17, 42), files=["TADL Report Bergström.pdf", "Appendix A - Proofs.pdf"],
                     note="two PDFs: the report and an appendix"),
    "11902567": dict(at=datetime(2025, 1, 18, 11, 59), files=["report_dubois.pdf"],
                     note="late by days (2 days 12 hours)"),
    "03754410": dict(at=datetime(2025, 1, 12, 9, 15), files=["Fischer_Report.pdf"]),
    "11874203": dict(at=datetime(2025, 1, 13, 14, 5), files=["Ausarbeitung García López.docx"], kind="docx",
                     note="a Word file (.docx) only"),
    "03689957": dict(at=datetime(2025, 1, 16, 2, 59), files=["Hoffmann-Report.pdf"],
                     note="late by hours (3 hours)"),
    "11763390": dict(at=datetime(2025, 1, 14, 21, 12), files=["report.pdf"]),
    "03712845": dict(at=datetime(2025, 1, 15, 23, 58), files=["Ausarbeitung Müller.pdf"],
                     note="one minute before the deadline"),
    "11958014": dict(at=datetime(2025, 1, 11, 12, 30), files=["Nguyen_TADL_report.pdf"], note="12:30 PM"),
    "11745862": dict(at=datetime(2025, 1, 14, 16, 20), files=["Novak report DRAFT.pdf"], kind="draft",
                     note="draft, never submitted for grading"),
    "11977254": dict(at=datetime(2025, 1, 10, 0, 15), files=["Núñez - Report.pdf"], note="12:15 AM"),
    "11916675": dict(kind="none", note="no submission: absent from the zips"),
    "03698121": dict(at=datetime(2025, 1, 9, 8, 3), files=["report_oeztuerk_v3.pdf"]),
    "11853719": dict(at=datetime(2025, 1, 15, 19, 47), files=["Papadopoulos Report.pdf"]),
    "11788402": dict(at=datetime(2025, 1, 14, 10, 1), files=["Rossi_report.pdf"],
                     feedback='<p>Please cite the "Edge of Stability" paper, not the blog post.</p>',
                     note="a feedback comment with a comma and quotes"),
    "03740112": dict(at=datetime(2025, 1, 13, 22, 40), files=["Schröder_Ausarbeitung.pdf"]),
    "11734589": dict(at=datetime(2025, 1, 15, 11, 11), files=["Sharma report final.pdf"]),
    "11741026": dict(at=datetime(2025, 1, 12, 18, 0), files=["Søndergaard report.pdf"], no_idnumber=True,
                     note="empty ID number: match by e-mail"),
    "03727306": dict(at=datetime(2025, 1, 15, 8, 0), files=["Weiss_Report.pdf"]),
    "11820476": dict(at=datetime(2025, 1, 14, 13, 37), files=["Wójcik report.pdf"]),
    "11964388": dict(at=datetime(2025, 1, 15, 20, 5), kind="online",
                     text="<p>My report is below, as online text: the edge of stability, explained in "
                          "three steps.</p><p>1. Sharpness rises until it reaches 2/η.</p>",
                     note="online text only"),
}


def roster():
    with open(ROOT / "Fixtures" / "roster.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [dict(id=r["Matrikelnummer"], first=r["Vorname"], last=r["Nachname"], email=r["E-Mail"],
                 program=r["Studiengang"], semester=r["Semester"]) for r in rows]


# --- Moodle's formatting -------------------------------------------------------------------

def userdate(t, lang):
    """userdate(t) with strftimedaydatetime, the day's and the 12-hour hour's zero stripped."""
    if lang == "en":
        hour = t.hour % 12 or 12
        return (f"{EN_DAYS[t.weekday()]}, {t.day} {EN_MONTHS[t.month - 1]} {t.year}, "
                f"{hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}")
    return f"{DE_DAYS[t.weekday()]}, {t.day}. {DE_MONTHS[t.month - 1]} {t.year}, {t.hour:02d}:{t.minute:02d}"


def format_time(seconds, lang):
    """format_time(): days and hours, or hours and minutes, or minutes (core moodlelib)."""
    words = {"en": dict(day=("day", "days"), hour=("hour", "hours"), min=("min", "mins")),
             "de": dict(day=("Tag", "Tage"), hour=("Stunde", "Stunden"), min=("Minute", "Minuten"))}[lang]
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    mins = rest // 60

    def part(n, unit):
        return f"{n} {words[unit][0 if n == 1 else 1]}" if n else ""
    if days:
        return " ".join(p for p in [part(days, "day"), part(hours, "hour")] if p)
    if hours:
        return " ".join(p for p in [part(hours, "hour"), part(mins, "min")] if p)
    return part(mins, "min")


def status(plan, lang):
    kind = plan.get("kind", "file")
    if kind == "none":
        overdue = format_time((DOWNLOADED - DUE).total_seconds(), lang)
        return {"en": f"No submission - Assignment is overdue by: {overdue}",
                "de": f"Keine Abgabe - Abgabeende überschritten seit: {overdue}"}[lang]
    words = {"en": "Draft (not submitted)", "de": "Entwurf (nicht abgegeben)"} if kind == "draft" else \
        {"en": "Submitted for grading", "de": "Zur Bewertung abgegeben"}
    parts = [words[lang]]
    if plan["at"] > DUE:
        late = format_time((plan["at"] - DUE).total_seconds(), lang)
        parts.append({"en": f"{late} late", "de": f"{late} zu spät"}[lang])
    return " - ".join(parts)


def fputcsv(fields):
    """PHP fputcsv with ',' '"' and '\\': quote when the field needs it, double the quotes."""
    out = []
    for f in fields:
        if any(c in f for c in ',"\\ \t\r\n'):
            out.append('"' + f.replace('"', '""') + '"')
        else:
            out.append(f)
    return ",".join(out) + "\n"


def worksheet(students, lang):
    rows = [HEADERS[lang]]
    for i, s in enumerate(students):
        plan = PLAN[s["id"]]
        kind = plan.get("kind", "file")
        rows.append([
            f"{HIDDENUSER[lang]}{FIRST_PARTICIPANT + i}",
            f"{s['first']} {s['last']}",
            "" if plan.get("no_idnumber") else s["id"],
            s["email"],
            status(plan, lang),
            "",
            "5.00" if lang == "en" else "5,00",
            YES[lang],
            "-" if kind == "none" else userdate(plan["at"], lang),
            plan.get("text", ""),
            "-",
            plan.get("feedback", ""),
        ])
    return ("\ufeff" + "".join(fputcsv(r) for r in rows)).encode("utf-8")


def clean_filename(name):
    """clean_param(PARAM_FILE)."""
    name = "".join(c for c in name if ord(c) >= 0x20 and ord(c) != 0x7F and c not in "&<>\"`|':\\/")
    return "" if name in (".", "..") else name


# --- File contents ---------------------------------------------------------------------------

def pdf_string(text):
    # WinAnsiEncoding; a letter it lacks (the bench names' ğ, č, ą) shows as '?'.
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(lines, padding=0, seed=0):
    """A small, valid PDF 1.4: one A4 page with `lines` in Helvetica, a correct xref table.
    `padding` bytes of incompressible data go into an unused stream object."""
    return b"".join(pdf_pieces(lines, padding, seed))


def pdf_pieces(lines, padding=0, seed=0):
    """make_pdf's bytes in order, the padding in 1 MiB pieces: a PDF of hundreds of MB is
    never held whole (and random.randbytes cannot make more than 256 MiB at once). Seeded
    randbytes pieces of a multiple of 4 bytes join to the same bytes as one call."""
    content = b"BT /F1 12 Tf 72 770 Td 16 TL\n" + b"".join(pdf_string(l) + b" '\n" for l in lines) + b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    emitted = 0  # bytes already yielded
    if padding:
        # The padding object, streamed: its header, the random bytes, its end.
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (len(objects) + 1) + b"<< /Length %d >>\nstream\n" % padding
        yield bytes(out)
        emitted = len(out)
        rng = random.Random(seed)
        left = padding
        while left:
            piece = rng.randbytes(min(left, 1 << 20))
            left -= len(piece)
            emitted += len(piece)
            yield piece
        out = bytearray(b"\nendstream\nendobj\n")
    count = len(offsets) + 1
    xref = emitted + len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % count
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    yield bytes(out)


def zip_time(t):
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def deterministic_zip(entries, stream=False, when=DOWNLOADED):
    """entries: [(name, bytes)] -> zip bytes, deflated, sorted, all at `when`. With `stream`,
    written to an unseekable file, so each entry has a data descriptor (flag bit 3)."""
    buffer = io.BytesIO()
    target = Unseekable(buffer) if stream else buffer
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, zip_time(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            z.writestr(info, data)
    return buffer.getvalue()


class Unseekable(io.RawIOBase):
    def __init__(self, inner):
        self.inner = inner

    def writable(self):
        return True

    def write(self, b):
        return self.inner.write(b)

    def seekable(self):
        return False

    def tell(self):
        raise io.UnsupportedOperation("unseekable")


def make_docx(lines):
    paragraphs = "".join(
        f"<w:p><w:r><w:t xml:space=\"preserve\">{escape_xml(l)}</w:t></w:r></w:p>" for l in lines)
    parts = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '</Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>'),
        ("word/document.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         f'<w:body>{paragraphs}</w:body></w:document>'),
    ]
    # Word writes [Content_Types].xml first; keep that order (no sorting here).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, zip_time(datetime(1980, 1, 1)))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def escape_xml(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def online_text_html(text):
    return ('<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body>' + text + "</body></html>").encode()


# --- The fixtures ---------------------------------------------------------------------------

PAPER_TITLE = "Theoretical Advances in Deep Learning, report"


def submission_files(students):
    """[(participant, student, file name, bytes)] for everyone with something in the zip."""
    out = []
    for i, s in enumerate(students):
        plan = PLAN[s["id"]]
        kind = plan.get("kind", "file")
        participant = FIRST_PARTICIPANT + i
        name = f"{s['first']} {s['last']}"
        if kind == "none":
            continue
        if kind == "online":
            out.append((participant, s, "onlinetext", "onlinetext.html", online_text_html(plan["text"])))
            continue
        for n, file in enumerate(plan["files"]):
            lines = [f"{name} ({s['id']})", PAPER_TITLE,
                     "Appendix A: proofs" if n == 1 else f"Report, handed in {plan['at']:%Y-%m-%d %H:%M}",
                     f"Moodle participant {participant}"]
            data = make_docx(lines) if file.endswith(".docx") else make_pdf(lines)
            out.append((participant, s, "file", file, data))
    return out


def zip_entries(files, folders, legacy_underscore=False):
    entries = []
    for participant, s, plugin, file, data in files:
        prefix = clean_filename(f"{s['first']} {s['last']}".replace("_", " ") + f"_{participant}")
        if folders:
            folder = clean_filename(f"{prefix}_assignsubmission_{plugin}") + ("_" if legacy_underscore else "")
            entries.append((f"{folder}/{file}", data))
        else:
            entries.append((clean_filename(f"{prefix}_assignsubmission_{plugin}_{file}"), data))
    return entries


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")


def fixtures():
    students = roster()
    assert set(PLAN) == {s["id"] for s in students}, "PLAN must name every roster student"
    write(OUT / "worksheet-en.csv", worksheet(students, "en"))
    write(OUT / "worksheet-de.csv", worksheet(students, "de"))
    files = submission_files(students)
    folder_zip = deterministic_zip(zip_entries(files, folders=True))
    write(OUT / "submissions.zip", folder_zip)
    write(OUT / "submissions-flat.zip", deterministic_zip(zip_entries(files, folders=False), stream=True))
    hostile(students, files, folder_zip)
    print()
    print("| participant | student id | file | sha256 |")
    print("| --- | --- | --- | --- |")
    for participant, s, plugin, file, data in files:
        print(f"| {participant} | {s['id']} | {file} | `{hashlib.sha256(data).hexdigest()}` |")


def hostile(students, files, folder_zip):
    pdf = make_pdf(["not a submission", "a hostile entry"])
    write(TESTS / "escape-dotdot.zip", deterministic_zip([
        ("../../evil.pdf", pdf),
        ("Linnea Bergström_4711_assignsubmission_file_/../../x.pdf", pdf),
    ]))
    write(TESTS / "absolute.zip", deterministic_zip([("/tmp/evil.pdf", pdf)]))
    write(TESTS / "backslash.zip", deterministic_zip([("..\\..\\evil.pdf", pdf)]))
    # A symbolic link: unix mode 0o120777 in the upper half of the external attributes, made
    # on unix (create_system 3), the content the link's target.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("Linnea Bergström_4711_assignsubmission_file/report.pdf", zip_time(DOWNLOADED))
        info.create_system = 3
        info.external_attr = 0o120777 << 16
        info.compress_type = zipfile.ZIP_STORED
        z.writestr(info, b"/etc/passwd")
    write(TESTS / "symlink.zip", buffer.getvalue())
    write(TESTS / "truncated.zip", folder_zip[: len(folder_zip) // 2])
    write(TESTS / "not-a-zip.zip", files[0][4])
    # A worksheet of another course: nobody on it is on the Fixtures roster.
    unknown = [("Participant 9001", "Max Mustermann", "12345678", "max.mustermann@example.org"),
               ("Participant 9002", "Erika Musterfrau", "", "erika.musterfrau@example.org"),
               ("Participant 9003", "John Doe", "99999999", "john.doe@example.org")]
    rows = [HEADERS["en"]] + [
        [ident, name, idnumber, email, "Submitted for grading", "", "5.00", "Yes",
         "Monday, 13 January 2025, 10:00 AM", "", "-", ""] for ident, name, idnumber, email in unknown]
    write(TESTS / "worksheet-unknown.csv", ("\ufeff" + "".join(fputcsv(r) for r in rows)).encode("utf-8"))


# --- The benchmark input ---------------------------------------------------------------------

FIRST = ["Anna", "Ben", "Chiara", "Dmitri", "Emre", "Fatima", "Georg", "Hana", "Ines", "Jakub", "Kaito", "Lea",
         "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Stefan", "Tuğba", "Ugo", "Vera", "Wen", "Ximena",
         "Yusuf", "Zoë"]
LAST = ["Albrecht", "Bauer", "Çelik", "Dąbrowski", "Engel", "Förster", "Graf", "Huber", "Iversen", "Jäger", "Kovač",
        "Lindqvist", "Maier", "Nowak", "Ortega", "Pérez", "Quast", "Richter", "Šimek", "Tanaka", "Ulrich", "Vogel",
        "Wagner", "Xu", "Yilmaz", "Zimmermann"]


def bench(directory, n, megabytes):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(4711)
    students = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        students.append(dict(id=f"{20000000 + i:08d}", first=first, last=f"{last} {i:04d}",
                             email=f"bench.{i:04d}@example.org", program="Informatik (Master)", semester="1"))
    lines = ["\ufeffMatrikelnummer;Nachname;Vorname;E-Mail;Studiengang;Semester"] + [
        f"{s['id']};{s['last']};{s['first']};{s['email']};{s['program']};{s['semester']}" for s in students]
    (directory / "roster.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    rows = [HEADERS["en"]]
    entries = []
    for i, s in enumerate(students):
        participant = 100000 + i
        at = DUE - timedelta(minutes=rnd.randrange(1, 7 * 24 * 60))
        rows.append([f"Participant {participant}", f"{s['first']} {s['last']}", s["id"], s["email"],
                     "Submitted for grading", "", "5.00", "Yes", userdate(at, "en"), "", "-", ""])
        prefix = clean_filename(f"{s['first']} {s['last']}_{participant}")
        lines = [f"{s['first']} {s['last']} ({s['id']})", "benchmark report"]
        entries.append((f"{prefix}_assignsubmission_file/report.pdf", lines, i))
    (directory / "worksheet.csv").write_bytes(("\ufeff" + "".join(fputcsv(r) for r in rows)).encode("utf-8"))
    padding = megabytes * 1024 * 1024
    with zipfile.ZipFile(directory / "submissions.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, lines, seed in sorted(entries):
            info = zipfile.ZipInfo(name, zip_time(DOWNLOADED))
            info.compress_type = zipfile.ZIP_DEFLATED
            # Streamed into the entry (a 300 MB PDF is never whole in memory). zipfile
            # rewrites the local header with the sizes and CRC when the entry is closed, so
            # the bytes are writestr's; past 2 GiB the entry must be ZIP64 from the start.
            with z.open(info, "w", force_zip64=padding >= 1 << 31) as entry:
                for piece in pdf_pieces(lines, padding, seed):
                    entry.write(piece)
    size = (directory / "submissions.zip").stat().st_size
    print(f"wrote {directory}/roster.csv, worksheet.csv, submissions.zip ({size / 1e6:.0f} MB): {n} students")
    print("then: seminar init ...; seminar student import roster.csv; seminar deadline add report 2025-01-15; "
          "import worksheet.csv with submissions.zip")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", metavar="DIR", help="write a benchmark roster, worksheet and zip into DIR")
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--mb", type=int, default=2, help="size of each PDF in MB (incompressible padding)")
    args = parser.parse_args()
    if args.bench:
        bench(args.bench, args.students, args.mb)
    else:
        fixtures()


if __name__ == "__main__":
    sys.exit(main())
