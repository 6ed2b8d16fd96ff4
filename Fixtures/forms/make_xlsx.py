#!/usr/bin/env python3
"""Writes msforms-ranking.xlsx next to this script: a Microsoft Forms "Open in Excel"
download with six responses (see Fixtures/forms/README.md for what it must import as).

Standard library only (zipfile + XML strings), so the package parts are exactly the ones
listed below and nothing a library adds on its own:

    [Content_Types].xml, _rels/.rels, docProps/app.xml, docProps/core.xml,
    xl/workbook.xml (one sheet, "Sheet1"), xl/_rels/workbook.xml.rels,
    xl/styles.xml (cellXfs: 0 = General, 1 = built-in number format 22, "m/d/yy h:mm"),
    xl/sharedStrings.xml (every text cell is a shared string, t="s", as Excel writes them),
    xl/worksheets/sheet1.xml, xl/worksheets/_rels/sheet1.xml.rels,
    xl/tables/table1.xml (the responses are an Excel table "Table1" with a filter row).

Start time and Completion time are real date cells: serial numbers (days since
1899-12-30, 1900 date system) in style 1. Number format 22 is built in (ECMA-376 18.8.30:
"m/d/yy h:mm") and follows the reader's regional settings, so it has no <numFmt> element;
Excel shows it as 8/14/2024 10:23 in en-US and as 14.08.2024 10:23 in de-DE (which is what
msforms-de-excel.csv holds after "Save as CSV").
The ranking answer is Microsoft Forms' text form: every option, best first, each followed
by ";". Titles and e-mail addresses are read from Fixtures/papers.csv and roster.csv so they
are copied exactly. The output is deterministic: running the script again gives the same bytes.
"""
import csv
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent
OUTPUT = HERE / "msforms-ranking.xlsx"

QUESTION = "Rank the papers you would like to present"
HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Matrikelnummer", QUESTION]

# id, start time, completion time, Matrikelnummer, ranking (paper ids, best first)
RESPONSES = [
    (1, datetime(2024, 8, 14, 10, 19, 2), datetime(2024, 8, 14, 10, 23, 45), "03754410",
     ["bugs-features-ilyas19", "pgd-madry18", "smoothing-cohen19", "fgsm-goodfellow15", "ntk-jacot18"]),
    (2, datetime(2024, 8, 14, 18, 2, 10), datetime(2024, 8, 14, 18, 4, 31), "11788402",
     ["bugs-features-ilyas19", "fgsm-goodfellow15", "pgd-madry18", "ntk-jacot18", "smoothing-cohen19"]),
    (3, datetime(2024, 8, 15, 20, 33, 57), datetime(2024, 8, 15, 20, 37, 9), "11820476",
     ["bugs-features-ilyas19", "ntk-jacot18", "smoothing-cohen19", "pgd-madry18", "fgsm-goodfellow15"]),
    (4, datetime(2024, 8, 16, 9, 1, 12), datetime(2024, 8, 16, 9, 3, 58), "03689957",
     ["ntk-jacot18", "bugs-features-ilyas19", "pgd-madry18", "fgsm-goodfellow15", "smoothing-cohen19"]),
    (5, datetime(2024, 8, 16, 22, 15, 40), datetime(2024, 8, 16, 22, 18, 44), "11734589",
     ["ntk-jacot18", "bugs-features-ilyas19", "smoothing-cohen19", "pgd-madry18", "fgsm-goodfellow15"]),
    (6, datetime(2024, 8, 17, 10, 55, 3), datetime(2024, 8, 17, 10, 58, 12), "11977254",
     ["pgd-madry18", "bugs-features-ilyas19", "ntk-jacot18", "fgsm-goodfellow15", "smoothing-cohen19"]),
]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def read_roster():
    with open(FIXTURES / "roster.csv", encoding="utf-8-sig", newline="") as f:
        return {r["Matrikelnummer"]: r for r in csv.DictReader(f, delimiter=";")}


def read_titles():
    with open(FIXTURES / "papers.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: r["title"] for r in csv.DictReader(f)}


def serial(moment):
    """Excel's 1900 date system: days since 1899-12-30, the time as a fraction of a day."""
    delta = moment - datetime(1899, 12, 30)
    return repr(delta.days + delta.seconds / 86400)


def column(n):
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def fixture_responses():
    """The six responses of the fixture, as Microsoft Forms writes each row."""
    roster, titles = read_roster(), read_titles()
    return [(rid, start, done, roster[sid]["E-Mail"], f'{roster[sid]["Vorname"]} {roster[sid]["Nachname"]}', sid,
             "".join(titles[p] + ";" for p in ranking))
            for rid, start, done, sid, ranking in RESPONSES]


def write_workbook(path, responses):
    """A Microsoft Forms download with these responses: (id, start time, completion time,
    e-mail, name, Matrikelnummer, ranking text). bench/imports.py writes its big one with it."""
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    rows = [[("s", sst(h)) for h in HEADER]]
    for rid, start, done, email, name, sid, ranking in responses:
        rows.append([
            ("n", str(rid)),
            ("d", serial(start)),
            ("d", serial(done)),
            ("s", sst(email)),
            ("s", sst(name)),
            None,  # Last modified time: empty, nobody edited a response
            ("s", sst(sid)),
            ("s", sst(ranking)),
        ])
    last = column(len(HEADER)) + str(len(rows))

    cells = []
    for r, row in enumerate(rows, start=1):
        out = []
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            kind, value = cell
            ref = f"{column(c)}{r}"
            if kind == "s":
                out.append(f'<c r="{ref}" t="s"><v>{value}</v></c>')
            elif kind == "d":
                out.append(f'<c r="{ref}" s="1"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        cells.append(f'<row r="{r}" spans="1:{len(HEADER)}">{"".join(out)}</row>')

    widths = [6, 18, 18, 30, 24, 18, 16, 90]
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    sheet = (DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
             f'<dimension ref="A1:{last}"/>'
             '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
             '<sheetFormatPr defaultRowHeight="15"/>'
             f'<cols>{cols}</cols>'
             f'<sheetData>{"".join(cells)}</sheetData>'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
             '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>'
             '</worksheet>')

    shared = (DECL + f'<sst xmlns="{NS_MAIN}" count="{sum(1 for row in rows for c in row if c and c[0] == "s")}" '
              f'uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")

    table_cols = "".join(f'<tableColumn id="{i}" name="{escape(h)}"/>' for i, h in enumerate(HEADER, start=1))
    table = (DECL + f'<table xmlns="{NS_MAIN}" id="1" name="Table1" displayName="Table1" ref="A1:{last}" totalsRowShown="0">'
             f'<autoFilter ref="A1:{last}"/>'
             f'<tableColumns count="{len(HEADER)}">{table_cols}</tableColumns>'
             '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" '
             'showRowStripes="1" showColumnStripes="0"/></table>')

    styles = (DECL + f'<styleSheet xmlns="{NS_MAIN}">'
              '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
              '<scheme val="minor"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill>'
              '<fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
              '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
              '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" '
              'defaultPivotStyle="PivotStyleLight16"/></styleSheet>')

    workbook = (DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
                '<workbookPr defaultThemeVersion="124226"/>'
                '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>'
                '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
                '<calcPr calcId="191029"/></workbook>')

    workbook_rels = (DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
                     f'<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                     f'<Relationship Id="rId2" Type="{NS_REL}/styles" Target="styles.xml"/>'
                     f'<Relationship Id="rId3" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                     '</Relationships>')

    sheet_rels = (DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
                  f'<Relationship Id="rId1" Type="{NS_REL}/table" Target="../tables/table1.xml"/>'
                  '</Relationships>')

    root_rels = (DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
                 f'<Relationship Id="rId3" Type="{NS_REL}/extended-properties" Target="docProps/app.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
                 'metadata/core-properties" Target="docProps/core.xml"/>'
                 f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
                 '</Relationships>')

    content_types = (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.sheet.main+xml"/>'
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.spreadsheetml.worksheet+xml"/>'
                     '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.styles+xml"/>'
                     '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.spreadsheetml.sharedStrings+xml"/>'
                     '<Override PartName="/xl/tables/table1.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.spreadsheetml.table+xml"/>'
                     '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                     'core-properties+xml"/>'
                     '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'extended-properties+xml"/>'
                     '</Types>')

    app = (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
           '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
           '<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>'
           '<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts>'
           '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
           '<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>')

    core = (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-08-31T08:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-08-31T08:00:00Z</dcterms:modified>'
            '</cp:coreProperties>')

    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("docProps/app.xml", app),
        ("docProps/core.xml", core),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", styles),
        ("xl/sharedStrings.xml", shared),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/worksheets/_rels/sheet1.xml.rels", sheet_rels),
        ("xl/tables/table1.xml", table),
    ]
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    write_workbook(OUTPUT, fixture_responses())
    print(f"wrote {OUTPUT}")
