"""Make the reader test files: renderings of the seed report that the corpus lacks, and files that are not
what their names say.

Everything is made from the seed (``examples/zibo-gaoxin-2021.json``, through govreport's own HTML and DOCX
exporters), so every file holds the seed's cells and the tests can compare them with the seed.

==============================  =============================================================================
``word-export.htm``             Word's "save as web page": GB2312, ``MsoNormal`` paragraphs, ``<o:p>``, conditional
                                comments, list numbers in ``<![if !supportLists]>``, ``&nbsp;`` in empty cells
``word-export.mht``             the same page as Word's single-file web page (MIME, quoted-printable)
``word-export-as.doc``          the same page saved under ``.doc`` (sites do this)
``cms-div-grid.html``           a CMS page: layout table around the article, 表二 as a ``role="table"`` div grid,
                                表三 split over two ``<table>``\\ s, a hidden duplicate, site chrome
``textbox.docx``                the seed's DOCX with 表四 moved into a text box (DrawingML, with its VML fallback)
``two-column.pdf``              the prose in two columns, the tables across both (ruled, fpdf2 + Noto CJK)
``table-across-pages.pdf``      one column; 表三 starts low on a page and goes on on the next
``scanned.pdf``                 one page that is only a picture of text: no text layer
``report-with-tags.txt``        a ``.txt`` that holds the report's HTML fragments after a few plain lines
``pdf-viewer.html``             a page that only embeds ``report.pdf`` in a viewer
``word97.doc``                  the start of a real Word 97–2003 compound file (OLE2 header and directory)
``report.rtf.doc``              an RTF document under ``.doc``
``seed.w3m.txt``                the Word-exported page as ``w3m -dump`` prints it: tables drawn with box characters
``seed.pandoc.md``              the Word-exported page through ``pandoc -t gfm``: spanning tables kept as HTML
==============================  =============================================================================

Run from the repository root with the project's virtualenv and fpdf2 (not a govreport dependency):
``.venv/bin/pip install fpdf2 && .venv/bin/python tests/data/readers/make_files.py``.  The PDFs need the
Noto CJK fonts (Debian's ``fonts-noto-cjk``).
"""

from __future__ import annotations

import io
import quopri
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from govreport import load
from govreport.export import export

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = ROOT / "examples" / "zibo-gaoxin-2021.json"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_INDEX = 2  # Noto Sans CJK SC in the collection


# ---------------------------------------------------------------- the seed as blocks


def _text(element: Any) -> str:
    """The text of an element and its descendants (lxml types itertext's items as str | bytes)."""
    return "".join(str(t) for t in element.itertext())


def seed_blocks() -> list[tuple[str, Any]]:
    """The seed's HTML export as ("h1"|"h2"|"p"|"caption", text) and ("table", rows of (text, rowspan, colspan))."""
    html = export(load(SEED), "html")
    root = etree.fromstring(html, etree.HTMLParser())
    body = root.find("body")
    assert body is not None
    out: list[tuple[str, Any]] = []
    for el in body.iter("h1", "h2", "p", "table"):
        if el.tag == "table":
            caption = el.find("caption")
            if caption is not None:
                out.append(("caption", _text(caption).strip()))
            rows = []
            for tr in el.iter("tr"):
                rows.append(
                    [
                        (_text(c).strip(), int(c.get("rowspan", "1")), int(c.get("colspan", "1")))
                        for c in tr
                        if c.tag in ("td", "th")
                    ]
                )
            out.append(("table", rows))
        elif (parent := el.getparent()) is not None and parent.tag != "td" and el.get("class") != "meta":
            text = _text(el).strip()
            if text:
                out.append((el.tag, text))
    return out


def grid(rows: list[list[tuple[str, int, int]]]) -> tuple[list[tuple[int, int, int, int, str]], int]:
    """Cells laid out: (row, column, rowspan, colspan, text) and the number of columns."""
    taken: set[tuple[int, int]] = set()
    cells = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            cells.append((r, c, rs, cs, text))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
            width = max(width, c)
    return cells, width


# ---------------------------------------------------------------- Word-exported HTML


def word_html() -> str:
    parts = [
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">',
        "<head>",
        '<meta http-equiv=Content-Type content="text/html; charset=gb2312">',
        '<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">',
        "<title>淄博高新技术产业开发区2021年政府信息公开工作年度报告</title>",
        "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>admin</o:Author></o:DocumentProperties></xml>"
        "<![endif]-->",
        '<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt;} --></style>',
        "</head>",
        "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>",
        "<div class=WordSection1 style='layout-grid:15.6pt'>",
    ]
    for kind, value in seed_blocks():
        if kind == "table":
            parts.append(
                "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>"
            )
            for row in value:
                parts.append("<tr style='mso-yfti-irow:0;height:20.0pt'>")
                for text, rs, cs in row:
                    span = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
                    body = (
                        f"<span style='font-size:9.0pt;font-family:宋体'>{text}</span>"
                        if text
                        else "<span lang=EN-US style='font-size:9.0pt'>&nbsp;</span>"
                    )
                    parts.append(
                        f"<td width=60{span} valign=top style='border:solid windowtext 1.0pt;mso-border-alt:solid "
                        f"windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center "
                        f"style='text-align:center'>{body}<o:p></o:p></p></td>"
                    )
                parts.append("</tr>")
            parts.append("</table>")
            parts.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
            continue
        text = value
        m = re.match(r"^([一二三四五六]、|（[一二三四五六]）)(.*)$", text)
        if kind == "h2" and m:
            # Word keeps automatic list numbers as text between conditional comments
            parts.append(
                "<p class=MsoListParagraph style='margin-left:24.0pt;text-indent:-24.0pt;mso-list:l0 level1 lfo1'>"
                f"<![if !supportLists]><span style='mso-list:Ignore'>{m.group(1)}</span><![endif]>"
                f"<b><span style='font-family:黑体'>{m.group(2)}</span></b><o:p></o:p></p>"
            )
        elif kind == "h1":
            parts.append(
                f"<p class=MsoTitle align=center style='text-align:center'><b><span style='font-size:22.0pt'>"
                f"{text}</span></b><o:p></o:p></p>"
            )
        else:
            parts.append(
                f"<p class=MsoNormal style='text-indent:21.0pt'><span style='font-family:仿宋'>{text}</span>"
                "<span lang=EN-US><o:p></o:p></span></p>"
            )
    parts.append("</div></body></html>")
    return "\r\n".join(parts)


def mht(html: str) -> bytes:
    body = quopri.encodestring(html.encode("gb18030")).decode("ascii")
    return (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01DA0000.00000000"\r\n\r\n'
        "此文档为“单个文件网页”，也称为“Web 档案”文件。\r\n\r\n"
        "------=_NextPart_01DA0000.00000000\r\n"
        "Content-Location: file:///C:/report.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        'Content-Type: text/html; charset="gb2312"\r\n\r\n'
        f"{body}\r\n"
        "------=_NextPart_01DA0000.00000000--\r\n"
    ).encode("ascii", "replace")


# ---------------------------------------------------------------- a CMS page


def cms_page() -> str:
    blocks = seed_blocks()
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        "<title>淄博高新技术产业开发区2021年政府信息公开工作年度报告_年度报告_淄博高新区</title>",
        "<meta name='ArticleTitle' content='淄博高新技术产业开发区2021年政府信息公开工作年度报告'>",
        "<meta name='PubDate' content='2022-01-20 09:00'><meta name='SiteName' content='淄博高新区'>",
        "</head><body><div class='header'><ul class='nav'><li>首页</li><li>政务公开</li></ul></div>",
        "<table width='1000' class='layout'><tr><td class='side'>栏目导航</td><td class='main'>",
        "<div class='row'><div class='col-md-12 article'>",
    ]
    tables = 0
    for kind, value in blocks:
        if kind == "caption":
            continue
        if kind != "table":
            tag = {"h1": "h1", "h2": "h3"}.get(kind, "p")
            out.append(f"<{tag}>{value}</{tag}>")
            continue
        tables += 1
        if tables == 1:  # 表二 as a grid of divs that says it is a table
            out.append("<div role='table' class='tbl'>")
            cells, _ = grid(value)
            for r in range(len(value)):
                out.append("<div role='row'>")
                out.extend(f"<div role='cell'>{t}</div>" for rr, _c, _rs, _cs, t in cells if rr == r)
                out.append("</div>")
            out.append("</div>")
            out.append("<div style='display:none'><p>规章 9 9 9</p></div>")  # hidden: never read
        elif tables == 2:  # 表三 split in two tables after its eighth row
            for part in (value[:8], value[8:]):
                out.append("<table border='1'>")
                for row in part:
                    out.append("<tr>")
                    for text, rs, cs in row:
                        # a rowspan reaching into the second table ends with the first
                        limit = len(part) - part.index(row)
                        rs = min(rs, limit)
                        out.append(f"<td rowspan='{rs}' colspan='{cs}'>{text}</td>")
                    out.append("</tr>")
                out.append("</table>")
        else:
            out.append("<table border='1'>")
            for row in value:
                out.append("<tr>" + "".join(f"<td rowspan='{rs}' colspan='{cs}'>{t}</td>" for t, rs, cs in row))
            out.append("</table>")
    out.append("</div></div></td></tr></table><div class='footer'>主办：淄博高新区管委会</div></body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------- DOCX with a text box


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXTBOX_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    f'xmlns:w="{W}"'
)


def textbox_docx() -> bytes:
    data = export(load(SEED), "docx")
    src = zipfile.ZipFile(io.BytesIO(data))
    doc = etree.fromstring(src.read("word/document.xml"))
    body = doc.find(f"{{{W}}}body")
    assert body is not None
    table = body.findall(f"{{{W}}}tbl")[-1]  # 表四
    inner = etree.tostring(table).decode()
    anchor = (
        f'<w:p {TEXTBOX_NS}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="5400000" cy="1800000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="1" name="文本框 1" descr="表四 行政复议、行政诉讼情况"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" '
        'cy="1800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}<w:p/></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape style="width:425pt;height:142pt" type="#_x0000_t202"><v:textbox>'
        f"<w:txbxContent>{inner}<w:p/></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    box = etree.fromstring(anchor)
    table.addprevious(box)
    body.remove(table)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            payload = src.read(info.filename)
            if info.filename == "word/document.xml":
                payload = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, payload)
    return out.getvalue()


# ---------------------------------------------------------------- PDFs


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_font("noto", fname=str(FONT), collection_font_number=FONT_INDEX)
    pdf.set_font("noto", size=10)
    pdf.set_creator("govreport tests/data/readers/make_files.py")
    pdf.set_title("淄博高新技术产业开发区2021年政府信息公开工作年度报告")
    pdf.add_page()
    return pdf


MARGIN = 56.0
PAGE_W, PAGE_H = 595.28, 841.89
LINE = 15.0


def _wrap(pdf: Any, text: str, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for ch in text:
        if pdf.get_string_width(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    if current:
        lines.append(current)
    return lines


def _table(pdf: Any, rows: list[list[tuple[str, int, int]]], y: float, *, first_row_height: float = 20.0) -> float:
    """Draw a ruled table from ``y``, going on on a new page when a row does not fit; the y after it."""
    cells, width = grid(rows)
    label_w = 150.0
    col_w = (PAGE_W - 2 * MARGIN - label_w) / max(width - 1, 1) if width > 1 else PAGE_W - 2 * MARGIN
    widths = [label_w] + [col_w] * (width - 1)
    if width > 5:  # 表三: the label spreads over three columns
        label_cols = 3
        label_total = 190.0
        value_w = (PAGE_W - 2 * MARGIN - label_total) / (width - label_cols)
        widths = [30.0, 50.0, label_total - 80.0] + [value_w] * (width - label_cols)
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    pdf.set_font("noto", size=7.5)
    heights = []
    for r in range(len(rows)):
        need = first_row_height
        for rr, c, rs, cs, text in cells:
            if rr == r and rs == 1:
                lines = _wrap(pdf, text, xs[c + cs] - xs[c] - 4)
                need = max(need, len(lines) * 10 + 6)
        heights.append(need)
    # where each row goes: a row that does not fit starts a new page (pages are never gone back to: fpdf2
    # writes each page's font settings once)
    tops: list[float] = []
    breaks: list[bool] = []
    for h in heights:
        broke = y + h > PAGE_H - MARGIN
        if broke:
            y = MARGIN
        tops.append(y)
        breaks.append(broke)
        y += h
    part = [0] * len(heights)  # the page part each row is in
    for r in range(1, len(heights)):
        part[r] = part[r - 1] + (1 if breaks[r] else 0)
    for r in range(len(rows)):
        if breaks[r]:
            pdf.add_page()
        for rr, c, rs, cs, text in cells:
            if not (rr <= r < rr + rs) or (r != rr and not breaks[r]):
                continue
            # the part of the cell on this page: from row r to its last row on the same page
            last = r
            while last + 1 < rr + rs and part[last + 1] == part[r]:
                last += 1
            pdf.rect(xs[c], tops[r], xs[c + cs] - xs[c], tops[last] + heights[last] - tops[r])
            if r == rr and text:
                ty = tops[r] + 3
                for line in _wrap(pdf, text, xs[c + cs] - xs[c] - 4):
                    pdf.text(xs[c] + 2, ty + 7.5, line)
                    ty += 10
    pdf.set_font("noto", size=10)
    return y + 12


def _columns_text(pdf: Any, paragraphs: list[str], y: float) -> float:
    """Paragraphs flowing down the left column, then the right one, then on to the next page."""
    gap = 24.0
    col_w = (PAGE_W - 2 * MARGIN - gap) / 2
    lines = [ln for p in paragraphs for ln in _wrap(pdf, "　　" + p, col_w)]
    top = y
    column = 0
    for line in lines:
        if y + LINE > PAGE_H - MARGIN:
            if column == 0:
                column, y = 1, top
            else:
                pdf.add_page()
                column, top, y = 0, MARGIN, MARGIN
        pdf.text(MARGIN + column * (col_w + gap), y + 10, line)
        y += LINE
    return (y if column == 0 else max(y, top)) + 6


def two_column_pdf() -> bytes:
    pdf = _pdf()
    blocks = seed_blocks()
    y = MARGIN
    pending: list[str] = []

    def flush(y: float) -> float:
        nonlocal pending
        if pending:
            y = _columns_text(pdf, pending, y)
            pending = []
        return y

    for kind, value in blocks:
        if kind == "h1":
            pdf.set_font("noto", size=16)
            pdf.text(MARGIN + 20, y + 16, value)
            pdf.set_font("noto", size=10)
            y += 34
        elif kind == "h2":
            y = flush(y)
            if y + 40 > PAGE_H - MARGIN:
                pdf.add_page()
                y = MARGIN
            pdf.text(MARGIN, y + 12, value)
            y += 20
        elif kind == "p":
            pending.append(value)
        elif kind == "caption":
            continue
        else:
            y = flush(y)
            y = _table(pdf, value, y)
    flush(y)
    return bytes(pdf.output())


def across_pages_pdf() -> bytes:
    pdf = _pdf()
    y = MARGIN
    col_w = PAGE_W - 2 * MARGIN
    for kind, value in seed_blocks():
        if kind == "caption":
            continue
        if kind == "table":
            if len(value) > 20:  # 表三: start it low, so that it has to go on on the next page
                pdf.add_page()
                y = PAGE_H - MARGIN - 300
            y = _table(pdf, value, y)
            continue
        for line in _wrap(pdf, value if kind != "p" else "　　" + value, col_w):
            if y + LINE > PAGE_H - MARGIN:
                pdf.add_page()
                y = MARGIN
            pdf.text(MARGIN, y + 10, line)
            y += LINE
        y += 4
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (600, 300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 22, index=FONT_INDEX)
    for i, line in enumerate(("淄博高新技术产业开发区", "2021年政府信息公开工作年度报告", "一、总体情况")):
        draw.text((30, 30 + 50 * i), line, fill=0, font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.image(buf, x=40, y=40, w=500)
    return bytes(pdf.output())


# ---------------------------------------------------------------- files that are not what they are named


def report_with_tags() -> str:
    html = export(load(SEED), "html").decode()
    body = html[html.index("<h1>") : html.index("</body>")]
    body = re.sub(r"</?section[^>]*>", "", body)
    return (
        "SOURCE: a report copied out of a site's JavaScript data file, tags and all\n"
        "COMPLETE: yes\n"
        "NOTES: the HTML fragments follow\n\n" + body.replace("\n", "")
    )


def pdf_viewer() -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>2021年政府信息公开工作年度报告</title>"
        "<script src='/js/pdfobject.min.js'></script></head><body>"
        "<div class='crumb'>首页 &gt; 政务公开 &gt; 年度报告</div>"
        "<h2>淄博高新技术产业开发区2021年政府信息公开工作年度报告</h2>"
        "<div class='info'>发布日期：2022-01-20　来源：管委会办公室</div>"
        "<iframe src='/u/cms/www/202201/report.pdf' width='100%' height='800'></iframe>"
        "<p>附件：<a href='/u/cms/www/202201/report.pdf'>2021年政府信息公开工作年度报告.pdf</a></p>"
        "</body></html>"
    )


def ole2_doc() -> bytes:
    """A compound file's header sector and a directory sector naming Root Entry and WordDocument."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3: 512-byte sectors
    header[28:30] = b"\xfe\xff"  # byte order
    header[30:32] = (9).to_bytes(2, "little")  # sector shift
    header[32:34] = (6).to_bytes(2, "little")  # mini sector shift
    header[44:48] = (1).to_bytes(4, "little")  # FAT sectors
    header[48:52] = (1).to_bytes(4, "little")  # first directory sector
    header[56:60] = (4096).to_bytes(4, "little")  # mini stream cutoff
    header[60:64] = (0xFFFFFFFE).to_bytes(4, "little")
    header[68:72] = (0xFFFFFFFE).to_bytes(4, "little")
    header[76:80] = (0).to_bytes(4, "little")  # the FAT is sector 0
    header[80:512] = b"\xff" * 432
    fat = bytearray(b"\xff" * 512)
    fat[0:4] = (0xFFFFFFFD).to_bytes(4, "little")  # sector 0: the FAT
    fat[4:8] = (0xFFFFFFFE).to_bytes(4, "little")  # sector 1: the directory, end of chain

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        raw[64:66] = len(encoded).to_bytes(2, "little")
        raw[66] = kind
        raw[68:80] = b"\xff" * 12
        return bytes(raw)

    directory = entry("Root Entry", 5) + entry("WordDocument", 2) + entry("1Table", 2) + b"\0" * 128
    return bytes(header) + bytes(fat) + directory


def rtf_doc() -> bytes:
    text = "".join(f"\\u{ord(c)}?" for c in "淄博高新技术产业开发区2021年政府信息公开工作年度报告")
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0\\fs24 " + text + "\\par}").encode()


def converted(command: list[str]) -> bytes:
    """The Word-exported page (ruled tables with spans) through a converter (w3m, pandoc: Debian's)."""
    import subprocess
    import tempfile

    html = word_html().replace("charset=gb2312", "charset=utf-8")
    with tempfile.NamedTemporaryFile(suffix=".html") as page:
        page.write(html.encode("utf-8"))
        page.flush()
        done = subprocess.run([*command, page.name], capture_output=True, check=True, timeout=120)
    return done.stdout


def main() -> None:
    html = word_html()
    (HERE / "word-export.htm").write_bytes(html.encode("gb18030"))
    (HERE / "word-export.mht").write_bytes(mht(html))
    (HERE / "word-export-as.doc").write_bytes(html.encode("gb18030"))
    (HERE / "cms-div-grid.html").write_text(cms_page(), encoding="utf-8")
    (HERE / "textbox.docx").write_bytes(textbox_docx())
    (HERE / "two-column.pdf").write_bytes(two_column_pdf())
    (HERE / "table-across-pages.pdf").write_bytes(across_pages_pdf())
    (HERE / "scanned.pdf").write_bytes(scanned_pdf())
    (HERE / "report-with-tags.txt").write_text(report_with_tags(), encoding="utf-8")
    (HERE / "pdf-viewer.html").write_text(pdf_viewer(), encoding="utf-8")
    (HERE / "word97.doc").write_bytes(ole2_doc())
    (HERE / "report.rtf.doc").write_bytes(rtf_doc())
    (HERE / "seed.w3m.txt").write_bytes(converted(["w3m", "-dump", "-cols", "200", "-O", "UTF-8", "-T", "text/html"]))
    (HERE / "seed.pandoc.md").write_bytes(converted(["pandoc", "-f", "html", "-t", "gfm"]))
    for path in sorted(HERE.iterdir()):
        if path.suffix != ".py":
            print(f"{path.name:28} {path.stat().st_size:>8} bytes")


if __name__ == "__main__":
    main()
