"""Reconciling a column of a CSV or XLSX table: the table in, the same table out with five more columns.

The added columns are ``iri`` (the top candidate's IRI), ``label`` (its
name in the language asked for), ``kind`` (what it is), ``score`` and
``match`` (true only where the name is unambiguous), from the same matcher
and scores as the reconciliation service (:mod:`.matcher`). A row whose
name has candidates but no certain match keeps the best candidate with
``match`` false; a row whose name matches nothing has the columns empty.
Columns of those names already in the table (an earlier run) are replaced.

CSV is read as UTF-8 (a byte-order mark is kept), its delimiter (comma,
semicolon or tab) found from its first lines; XLSX through openpyxl, the
first (or named) sheet, the first row its header, the rest of the workbook
(other sheets, formulas, formatting, an .xlsm's macros) kept as it was. Output is written
through a temporary file and renamed into place, and is the same bytes for
the same input (XLSX zip entries carry a fixed date, the workbook its own
dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hkgov_graph.errors import InputError, UsageError

if TYPE_CHECKING:
    from hkgov_graph.reconcile.catalogue import Catalogue
    from hkgov_graph.reconcile.matcher import Matcher

OUTPUT_COLUMNS = ("iri", "label", "kind", "score", "match")
CSV_SUFFIXES = {".csv": None, ".tsv": "\t", ".txt": None}
XLSX_SUFFIXES = (".xlsx", ".xlsm")
FIXED_DATE = dt.datetime(1980, 1, 1)  # zip's earliest date: what the entries and a new workbook carry
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def table_format(path: Path, what: str = "input") -> str:
    """``csv`` or ``xlsx`` by the file's suffix; a usage error naming the suffixes otherwise."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise UsageError(f"{path}: the {what} must be a .csv, .tsv or .xlsx file (by its suffix), not {suffix or 'none'}")


@dataclass
class Outcome:
    """What one row's name reconciled to."""

    status: str  # matched, ambiguous (candidates, none certain), missing (no candidate), empty (no name)
    iri: str = ""
    label: str = ""
    kind: str = ""
    score: float | None = None
    match: bool = False


@dataclass
class Table:
    """A table read from a file: its header and rows of cell values, and what is needed to write it back."""

    path: Path
    format: str
    header: list[str]
    rows: list[list[Any]]
    delimiter: str = ","
    bom: bool = False
    workbook: Any = None  # openpyxl, as loaded (formulas kept), for writing back
    sheet: str | None = None
    row_numbers: list[int] = field(default_factory=list)  # the file's line (CSV) or row (XLSX) of each row

    def column(self, name: str) -> int:
        """The index of the column headed ``name``; a usage error listing the columns when there is none."""
        found = [i for i, h in enumerate(self.header) if h == name] or \
                [i for i, h in enumerate(self.header) if h.strip().casefold() == name.strip().casefold()]
        if not found:
            shown = ", ".join(repr(h) for h in self.header if h) or "none"
            raise UsageError(f"{self.path}: no column {name!r}; the columns are {shown}")
        if len(found) > 1:
            raise UsageError(f"{self.path}: {len(found)} columns are headed {name!r}; rename one")
        if self.header[found[0]] in OUTPUT_COLUMNS:
            raise UsageError(f"{self.path}: the names cannot be in the column {name!r}: reconcile writes that "
                             "column; rename it")
        return found[0]


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The table in ``path`` (CSV or XLSX by its suffix); an input error naming the file for anything unreadable."""
    kind = table_format(path)
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", path)
    if kind == "csv":
        if sheet is not None:
            raise UsageError(f"{path}: --sheet is for XLSX files; a CSV file has one table")
        return _read_csv(path)
    return _read_xlsx(path, sheet)


def _read_csv(path: Path) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", path) from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", path, line, "save the table as CSV UTF-8") from None
    delimiter = CSV_SUFFIXES[path.suffix.lower()]
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:65536], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, numbers = [], []
    try:
        for record in reader:
            rows.append(record)
            numbers.append(reader.line_num)
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", path, reader.line_num) from None
    if not rows:
        raise InputError("the file is empty: the first line must be the header", path)
    header = rows.pop(0)
    numbers.pop(0)
    for row, line in zip(rows, numbers, strict=True):
        if len(row) > len(header):
            raise InputError(f"{len(row)} fields, but the header has {len(header)}", path, line,
                             "each row must have no more fields than the header")
    return Table(path, "csv", header, rows, delimiter, bom, row_numbers=numbers)


def _load_workbook(path: Path, values: bool) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:  # an .xlsm workbook's macros are kept to be written back (openpyxl drops them otherwise)
        return openpyxl.load_workbook(path, data_only=values, keep_vba=not values and path.suffix.lower() == ".xlsm")
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(f"not a readable XLSX workbook ({type(error).__name__}: {error})", path) from None


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    workbook = _load_workbook(path, values=False)
    values = _load_workbook(path, values=True)  # the cells' computed values, where formulas are
    if sheet is not None and sheet not in workbook.sheetnames:
        raise UsageError(f"{path}: no sheet {sheet!r}; the sheets are {', '.join(map(repr, workbook.sheetnames))}")
    name = sheet or workbook.active.title
    cells = list(values[name].iter_rows(values_only=True))
    if not cells:
        raise InputError(f"the sheet {name!r} is empty: its first row must be the header", path)
    header = ["" if v is None else str(v) for v in cells[0]]
    rows, numbers = [], []
    for number, row in enumerate(cells[1:], start=2):
        if any(v not in (None, "") for v in row):
            rows.append(list(row))
            numbers.append(number)
    return Table(path, "xlsx", header, rows, workbook=workbook, sheet=name, row_numbers=numbers)


def check_target(table: Table, target: Path) -> None:
    """A usage error when ``table`` cannot be written to ``target`` as it is: an .xlsm file is a workbook with
    macros, so only an .xlsm workbook's (its macros kept) may be written as one; Excel refuses anything else so
    named."""
    if target.suffix.lower() == ".xlsm" and table.path.suffix.lower() != ".xlsm":
        raise UsageError(f"{target}: only an .xlsm workbook is written as .xlsm (with its macros); write .xlsx")


def reconcile_rows(table: Table, column: int, matcher: Matcher, types: list[str], lang: str) -> list[Outcome]:
    """The outcome of each row's name (each distinct name reconciled once)."""
    catalogue = matcher.catalogue
    seen: dict[str, Outcome] = {}
    out = []
    for row in table.rows:
        value = row[column] if column < len(row) else None
        text = "" if value is None else str(value).strip()
        if not text:
            out.append(Outcome("empty"))
            continue
        if text not in seen:
            seen[text] = outcome(catalogue, matcher.candidates(text, types, limit=1), lang)
        out.append(seen[text])
    return out


def outcome(catalogue: Catalogue, candidates: list[Any], lang: str) -> Outcome:
    if not candidates:
        return Outcome("missing")
    top = candidates[0]
    entity = top.entity
    kind = "; ".join(catalogue.type_ref(k, lang)["name"] for k in entity.kinds)
    return Outcome("matched" if top.match else "ambiguous", entity.iri, entity.label(lang), kind, top.score, top.match)


def counts(outcomes: list[Outcome]) -> Counter[str]:
    return Counter(o.status for o in outcomes)


def write_table(table: Table, outcomes: list[Outcome], target: Path) -> None:
    """``table`` with the outcome columns, written atomically to ``target`` (CSV or XLSX by its suffix)."""
    from hkgov_graph.export.views import write_atomic

    kind = table_format(target, "output")
    check_target(table, target)
    header = list(table.header)
    positions = []
    for name in OUTPUT_COLUMNS:  # an earlier run's columns are replaced, the rest added at the end
        if name in header:
            positions.append(header.index(name))
        else:
            header.append(name)
            positions.append(len(header) - 1)
    rows = []
    for row, result in zip(table.rows, outcomes, strict=True):
        cells = list(row) + [None] * (len(header) - len(row))
        score = None if result.score is None else (int(result.score) if result.score == int(result.score)
                                                    else result.score)
        values = (result.iri, result.label, result.kind, score, result.match if result.status != "empty" else None)
        for position, value in zip(positions, values, strict=True):
            cells[position] = value
        rows.append(cells)
    write_atomic(target, _csv_bytes(table, header, rows, target) if kind == "csv"
                 else _xlsx_bytes(table, header, rows, positions, target))


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_bytes(table: Table, header: list[str], rows: list[list[Any]], target: Path) -> bytes:
    delimiter = CSV_SUFFIXES[target.suffix.lower()] or (table.delimiter if table.format == "csv" else ",")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_text(v) for v in row] for row in rows)
    return (b"\xef\xbb\xbf" if table.bom else b"") + buffer.getvalue().encode("utf-8")


def _xlsx_bytes(table: Table, header: list[str], rows: list[list[Any]], positions: list[int], target: Path) -> bytes:
    import openpyxl
    from openpyxl.writer.excel import ExcelWriter

    if table.workbook is not None:  # the workbook as it was, the columns filled in on its sheet
        workbook = table.workbook
        if target.suffix.lower() != ".xlsm":  # an .xlsm's macros are not written into an .xlsx (Excel would refuse it)
            workbook.vba_archive = None
        sheet = workbook[table.sheet]
        for position in positions:
            sheet.cell(row=1, column=position + 1, value=header[position])
        for number, row in zip(table.row_numbers, rows, strict=True):
            for position in positions:
                sheet.cell(row=number, column=position + 1, value=row[position])
    else:  # a CSV table as a new workbook
        workbook = openpyxl.Workbook()
        workbook.properties.created = workbook.properties.modified = FIXED_DATE  # not the time of writing
        sheet = workbook.active
        sheet.title = table.path.stem[:31] or "Sheet1"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    modified = workbook.properties.modified or workbook.properties.created or FIXED_DATE
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = modified  # not "now" (openpyxl's save_workbook): same input, same bytes
    ExcelWriter(workbook, archive).save()
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The zip ``data`` again, every entry dated 1980-01-01 (zip entries otherwise carry the time of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
