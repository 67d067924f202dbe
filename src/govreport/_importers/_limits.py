"""Every limit the readers set on hostile or broken input, each with its reason (listed in docs/guide/limits.md).

A published annual report is a few pages: about 300 table cells, some thousands of characters, a PDF of five
to twenty pages, a Word document that unpacks to a few MiB.  The limits sit one or two orders of magnitude
above that, so no real report meets them, while a file built to exhaust memory or time stops early with a
message that names the file, the place and the limit.
"""

from __future__ import annotations

# ---------------------------------------------------------------- every file

MAX_FILE_BYTES = 64 * 1024 * 1024
"""No file larger than this is read at all (the largest published report PDFs, with scanned seals, are ~20 MiB)."""

MAX_TEXT_BYTES = 16 * 1024 * 1024
"""Text, Markdown and HTML files larger than this are refused: a report's web page is under 1 MiB."""

# ---------------------------------------------------------------- tables (HTML, DOCX, text holding HTML)

MAX_TABLE_CELLS = 20_000
"""Table cells in one document; a report has about 300, a busy web page a few thousand."""

MAX_TABLE_COLUMNS = 200
"""Columns of one laid-out table row; a report table has at most a dozen.  A ``colspan`` that would go past
this is read as reaching it (browsers likewise cap ``colspan`` at 1000), and a note says so."""

MAX_TABLE_GRID = 1_000_000
"""Rows × columns of one laid-out table: laying out spans costs this much work, so ``rowspan`` and ``colspan``
that multiply (a 760 KB page once asked for billions of positions) are refused before any work is done."""

MAX_SPAN = 1000
"""The largest ``rowspan`` or ``colspan`` taken as written (HTML itself caps ``colspan`` at 1000)."""

# ---------------------------------------------------------------- zip containers (DOCX, XLSX)

MAX_ZIP_ENTRIES = 2000
"""Parts in one DOCX or XLSX; a Word document or workbook has a few dozen."""

MAX_ZIP_INFLATED = 100 * 1024 * 1024
"""Bytes all parts may inflate to together, counted while inflating (declared sizes are not trusted); a
report's document unpacks to a few MiB."""

MAX_ZIP_RATIO = 200
"""Compression ratio above which a part larger than 1 MiB is taken for a zip bomb (XML compresses ~10:1)."""

# ---------------------------------------------------------------- PDF

MAX_PDF_PAGES = 500
"""Pages in one PDF; a report has five to twenty (a statistical yearbook, not a report, has hundreds)."""

MAX_PDF_GLYPHS = 2_000_000
"""Characters on all pages together; a twenty-page report has about 40 000.  A page full of tiny glyphs
(a 756 KB file once took 22 s and 809 MB in pdfminer) stops here."""

MAX_PDF_PAGE_GLYPHS = 200_000
"""Characters on one page; a dense A4 page of Chinese text holds about 2 000."""

MAX_PDF_PATHS = 20_000
"""Drawing objects (rules, boxes) looked at on one page for table rules; a ruled report table has a few
hundred.  Past this the page's tables are not looked for (its text is still read) and a note says so."""

MAX_PDF_INFLATED = 256 * 1024 * 1024
"""Bytes the PDF's compressed streams may inflate to together, counted while inflating before the PDF is
opened (a 1 MB file with a compressed-stream bomb once took 1.1 GB); a report PDF inflates to some MiB."""

MAX_PDF_SECONDS = 30.0
"""Time to read one PDF, checked after every page; a report PDF takes well under a second."""

MAX_PDF_EDGES = 1000
"""Table rules on one page after joining; a page of report tables has about a hundred.  Finding cells costs
rules × rules, so past this the page's tables are not looked for (its text is still read), with a note."""
