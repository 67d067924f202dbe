"""The facade: everything govreport does, with what one plugin host provides.

:class:`Govreport` is built on a :class:`~govreport.plugins.PluginHost` and hands the host's variants, rules,
importers and exporters down to the layers below, which never look a host up themselves.  The module-level
functions (``govreport.load``, ``govreport.checks.check`` …) are thin defaults over :func:`current`, the facade
of the host in use.
"""

from __future__ import annotations

import collections
import functools
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar, overload

import attrs

from govreport import _checks, _export, _importers, _roundtrip, convert, layout, schema, validate
from govreport._files import read_regular
from govreport.errors import InputError, Issue, MissingVariantError, PluginError
from govreport.formats import REPORT_CLASSES, AnyReport, Variant, v2019, v2021
from govreport.jsonio import dumps as _dumps
from govreport.jsonio import write_atomic
from govreport.plugins import PluginHost, get_host
from govreport.validate import InvalidReport, ValidationResult

T = TypeVar("T")


class Govreport:
    """govreport with the variants, rules, importers and exporters of one plugin host.

    >>> api = Govreport(PluginHost(entry_points=False))   # govreport's own parts only  # doctest: +SKIP
    >>> report = api.load("report.json")                                                 # doctest: +SKIP
    >>> api.check(report).fails()                                                        # doctest: +SKIP
    """

    def __init__(self, host: PluginHost | None = None) -> None:
        self.host = host if host is not None else PluginHost.from_environment()
        self._rule_sets: tuple[tuple[Any, ...], dict[tuple[bool, bool], _checks.RuleSet]] | None = None

    def __repr__(self) -> str:
        return f"Govreport(host={self.host!r})"

    # -- what the host provides

    def variants(self) -> dict[str, Variant]:
        """Every variant the plugins provide, by name."""
        return {v.name: v for v in self.host.variants()}

    def variant(self, name: str) -> Variant:
        """The variant called ``name``; :class:`~govreport.errors.MissingVariantError` when none provides it."""
        return self.host.variant(name)

    def variants_of(self, report: AnyReport) -> tuple[Variant, ...]:
        """The records of the variants a report declares (those available), sorted by name."""
        available = self.variants()
        return tuple(available[n] for n in sorted(report.variants) if n in available)

    def rule_set(self, *, builtin: bool = True, plugins: bool = True) -> _checks.RuleSet:
        """Every rule (govreport's and the plugins'), prepared for checking; kept until the plugins change."""
        checks = self.host.checks()
        if self._rule_sets is None or self._rule_sets[0] is not checks:
            self._rule_sets = (checks, {})
        kept = self._rule_sets[1]
        key = (builtin, plugins)
        found = kept.get(key)
        if found is None:
            owner = self.host.owner
            chosen = [
                r for r in checks if (builtin if self.host.is_builtin(owner("register_checks", r.id)) else plugins)
            ]
            found = kept[key] = _checks.RuleSet(chosen)
        return found

    def rules(
        self,
        version: str,
        *,
        providers: Iterable[_checks.RuleProvider] = (),
        plugins: bool = True,
        builtin: bool = True,
    ) -> tuple[_checks.Rule, ...]:
        """Every rule for a format version, sorted by ID: govreport's, the plugins', then each extra provider's."""
        chosen = self.rule_set(builtin=builtin, plugins=plugins).for_version(version) if builtin or plugins else ()
        return _checks.get_rules(version, rules=chosen, providers=providers)

    def importers(self) -> tuple[_importers.Importer, ...]:
        """Every importer, govreport's and the plugins', sorted by name."""
        return tuple(self.host.importers())

    def exporters(self) -> tuple[_export.Exporter, ...]:
        """Every exporter, govreport's and the plugins', sorted by name."""
        return tuple(self.host.exporters())

    # -- reading and validating

    def validate_data(
        self, data: Any, *, version: str | None = None, profile: str = "lenient", source: str = "<data>"
    ) -> ValidationResult:
        """Validate JSON-ready data (see :func:`govreport.validate_data`)."""
        return validate.validate_data(data, version=version, profile=profile, source=source, variants=self.variants())

    def validate_text(
        self, text: str | bytes, *, version: str | None = None, profile: str = "lenient", source: str = "<text>"
    ) -> ValidationResult:
        """Read and validate a JSON document given as text or bytes (see :func:`govreport.validate_text`)."""
        result = validate.validate_text(text, version=version, profile=profile, source=source, variants=self.variants())
        if result.unreadable and isinstance(text, bytes):
            result = self._import_first(result, text[:_HEAD_BYTES], source)
        return result

    def validate_file(
        self, path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient"
    ) -> ValidationResult:
        """Validate a JSON file (see :func:`govreport.validate_file`); a document that ``govreport import`` reads
        (a Word file, a PDF, a web page …) is said to be one."""
        result = validate.validate_file(path, version=version, profile=profile, variants=self.variants())
        if result.unreadable:
            try:  # a regular file only: opening a named pipe would wait for a writer
                head = read_regular(path, max_bytes=_HEAD_BYTES, head=True)
            except InputError:
                head = b""
            result = self._import_first(result, head, os.fspath(path))
        return result

    def _import_first(self, result: ValidationResult, head: bytes, name: str) -> ValidationResult:
        """``result`` saying "import it first" when ``head`` is the start of a document an importer reads rather
        than of JSON."""
        start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if not start or start[:1] in b"{[":
            return result
        importers = sorted(self.importers(), key=lambda i: -i.priority)
        suffix = os.path.splitext(name)[1].lower()
        chosen = next((i for i in importers if i.sniff is not None and i.sniff(head)), None)
        if chosen is None and suffix not in ("", ".json"):
            chosen = next((i for i in importers if suffix in i.suffixes), None)
        if chosen is None:
            return result
        kind = _DOCUMENT_KINDS.get(chosen.name, f"a document the {chosen.name!r} importer reads")
        stem = os.path.splitext(os.path.basename(name))[0] or "report"
        issue = Issue(
            pointer="",
            code="not_json",
            message=f"this is {kind}, not report JSON; import it first: govreport import {name} -o {stem}.json",
        )
        return attrs.evolve(result, issues=(issue,))

    @overload
    def load(
        self, path: str | os.PathLike[str], *, version: Literal["2019"], profile: str = "lenient"
    ) -> v2019.Report: ...
    @overload
    def load(
        self, path: str | os.PathLike[str], *, version: Literal["2021"], profile: str = "lenient"
    ) -> v2021.Report: ...
    @overload
    def load(
        self, path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient"
    ) -> AnyReport: ...
    def load(self, path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient") -> AnyReport:
        """Read, validate and structure a report JSON file; :class:`InvalidReport` when it is not valid.  Typed as
        the record of ``version`` when it is given."""
        result = self.validate_file(path, version=version, profile=profile)
        if result.report is None:
            raise InvalidReport(result)
        return result.report

    @overload
    def from_data(self, data: Any, *, version: Literal["2019"], profile: str = "lenient") -> v2019.Report: ...
    @overload
    def from_data(self, data: Any, *, version: Literal["2021"], profile: str = "lenient") -> v2021.Report: ...
    @overload
    def from_data(self, data: Any, *, version: str | None = None, profile: str = "lenient") -> AnyReport: ...
    def from_data(self, data: Any, *, version: str | None = None, profile: str = "lenient") -> AnyReport:
        """Validate and structure JSON-ready data; :class:`InvalidReport` when it is not valid."""
        result = self.validate_data(data, version=version, profile=profile)
        if result.report is None:
            raise InvalidReport(result)
        return result.report

    def structure(self, data: object, cls: type[T]) -> T:
        """Build a record of ``cls`` from JSON-ready data (see :func:`govreport.structure`)."""
        return convert.structure(data, cls, variants=self.host.variants())

    def json_schema(
        self, version: str, profile: str = "lenient", variants: Sequence[str | Variant] = ()
    ) -> dict[str, Any]:
        """The JSON Schema of a format version and profile, composed with ``variants`` (names or records)."""
        records = [self.variant(v) if isinstance(v, str) else v for v in variants]
        return schema.generate(version, profile, records)

    # -- the tables

    def rows(self, report_or_version: AnyReport | str, table: str | None = None) -> list[layout.Row]:
        """The rows of a report's tables, with the rows its variants add (see :func:`govreport.layout.rows`)."""
        if isinstance(report_or_version, str):
            return layout.rows(report_or_version, table)
        return layout.rows(report_or_version, table, variants=self.variants_of(report_or_version))

    def cells(self, report: AnyReport, table: str | None = None) -> list[layout.Cell]:
        """Every table cell of a report with its value, in print order, with the rows its variants add."""
        return layout.cells(report, table, variants=self.variants_of(report))

    # -- checking

    def check(
        self,
        report: AnyReport,
        *,
        previous: AnyReport | None = None,
        members: Sequence[AnyReport] | None = None,
        rules: Iterable[_checks.Rule] | None = None,
        detail: bool = True,
    ) -> _checks.CheckResult:
        """Run the rules (by default every rule of the host) over a report (see :func:`govreport.checks.check`)."""
        return _checks.check(
            report,
            rules=self.rule_set() if rules is None else rules,
            variants=self.variants_of(report),
            previous=previous,
            members=members,
            detail=detail,
        )

    # -- importing and exporting

    def import_bytes(
        self, data: bytes, name: str, *, version: str | None = None, importer: str | None = None
    ) -> _importers.ImportResult:
        """Import a report from a file's bytes (see :func:`govreport.importers.import_bytes`)."""
        self._check_importer(importer)
        variants = self.host.variants()

        def run(found: tuple[_importers.Importer, ...]) -> _importers.ImportResult:
            def regular(content: bytes) -> _importers.ImportResult:
                return _importers.import_bytes(
                    content, name, importers=found, version=version, importer=importer, variants=variants
                )

            if importer is None and version is None:  # govreport's own export reads back exactly
                own = _roundtrip.read_own(data, name, exporters=self.exporters(), variants=variants, regular=regular)
                if own is not None:
                    return own
            return regular(data)

        return self._importing(run, importer)

    def _check_importer(self, name: str | None) -> None:
        clash = None if name is None else self.host.clash("register_importers", name)
        if clash is not None:
            raise _importers.ImportFailed(f"the importer {name!r} is not available: {clash}", code="usage")

    def import_file(
        self, path: str | os.PathLike[str], *, version: str | None = None, importer: str | None = None
    ) -> _importers.ImportResult:
        """Import a published report (see :func:`govreport.importers.import_file`)."""
        self._check_importer(importer)
        return self.import_bytes(_importers.read_file(path), str(path), version=version, importer=importer)

    def _importing(
        self,
        run: Callable[[tuple[_importers.Importer, ...]], _importers.ImportResult],
        forced: str | None,
    ) -> _importers.ImportResult:
        """``run`` with the importers, each plugin's guarded: a plugin's importer that fails is reported as that
        plugin's failure and skipped (the import tried again without it); a forced one fails the import with a
        :class:`~govreport.errors.PluginError`."""
        skipped: set[str] = set()
        while True:
            reads: list[tuple[str, str]] = []  # (plugin, importer) of each plugin read, in order
            found = tuple(i for i in self._guarded_importers(reads) if i.name not in skipped)
            try:
                return run(found)
            except _PluginFault as fault:
                caught = fault
            except (_importers.ImportFailed, PluginError):
                raise
            except Exception as exc:
                if not reads:
                    raise  # govreport's own importer: a bug of govreport's
                plugin, importer = reads[-1]
                caught = _PluginFault(plugin, importer, f"importer {importer!r} (its document)", exc)
            error = self._plugin_failed(caught)
            if forced is not None:
                raise error
            skipped.add(caught.record)

    def _guarded_importers(self, reads: list[tuple[str, str]]) -> tuple[_importers.Importer, ...]:
        out = []
        for importer in self.importers():
            owner = self.host.owner("register_importers", importer.name)
            if owner is None or self.host.is_builtin(owner):
                out.append(importer)
                continue
            sniff = None if importer.sniff is None else self._guarded_sniff(importer, owner)
            out.append(attrs.evolve(importer, sniff=sniff, read=_guarded_read(importer, owner, reads)))
        return tuple(out)

    def _guarded_sniff(self, importer: _importers.Importer, owner: str) -> Callable[[bytes], bool]:
        original = importer.sniff
        assert original is not None

        def sniff(head: bytes) -> bool:
            try:
                answer = original(head)
                if type(answer) is not bool:
                    raise TypeError(f"sniff returned {_what(answer)}, not True or False")
            except (Exception, SystemExit) as exc:  # the importer is passed over; the others still sniff
                self.host.report_failure(owner, f"importer {importer.name!r} (sniff)", exc)
                return False
            return answer

        return sniff

    def _plugin_failed(self, fault: _PluginFault) -> PluginError:
        """Record a plugin's failure with the host (strict mode raises here) and the error that says so."""
        self.host.report_failure(fault.plugin, fault.stage, fault.error)
        found = [f for f in self.host.failures if f.plugin == fault.plugin and f.stage == fault.stage]
        message = found[-1].message if found else f"plugin {fault.plugin!r} failed in {fault.stage}: {fault.error}"
        return PluginError(f"{message}; the plugin is at fault, not the input")

    def exporter(self, name: str) -> _export.Exporter:
        """The exporter called ``name``; :class:`~govreport.export.ExportError` lists the known ones otherwise,
        or says which plugins claimed the name.

        A plugin's exporter comes guarded: when its ``render`` or ``template`` raises, or returns anything but
        bytes, the failure is recorded as that plugin's and :class:`~govreport.errors.PluginError` says so.
        """
        clash = self.host.clash("register_exporters", name)
        if clash is not None:
            raise _export.ExportError(f"the {name!r} export is not available: {clash}")
        return self._guarded_exporter(_export.get_exporter(name, self.exporters()))

    def _guarded_exporter(self, exporter: _export.Exporter) -> _export.Exporter:
        owner = self.host.owner("register_exporters", exporter.name)
        if owner is None or self.host.is_builtin(owner):
            return exporter

        # each wrapper wears the plugin's own signature (functools.wraps), so that the arity checks of
        # _export.render and _export.template still see whether the plugin's function takes the variants
        @functools.wraps(exporter.render)
        def render(*args: Any) -> bytes:
            report, variants = args[0], (args[1] if len(args) > 1 else ())
            return self._bytes_of(owner, exporter, "render", lambda: _export.render(exporter, report, variants))

        original = exporter.template
        template = None
        if original is not None:

            @functools.wraps(original)
            def template(*args: Any) -> bytes:
                return self._bytes_of(owner, exporter, "template", lambda: original(*args))

        return attrs.evolve(exporter, render=render, template=template)

    def _bytes_of(self, owner: str, exporter: _export.Exporter, part: str, call: Callable[[], object]) -> bytes:
        stage = f"exporter {exporter.name!r} ({part})"
        try:
            out = call()
            if type(out) is not bytes:
                raise TypeError(f"{part} returned {_what(out)}, not bytes")
        except _export.ExportError:
            raise  # the plugin's own word on what it cannot export
        except (Exception, SystemExit) as exc:
            raise self._plugin_failed(_PluginFault(owner, exporter.name, stage, exc)) from None
        return out

    def export(self, report: AnyReport, fmt: str) -> bytes:
        """A report in the format called ``fmt``, as bytes (see :func:`govreport.export.export`)."""
        return _export.render(self.exporter(fmt), report, self.variants_of(report))

    def template(self, version: str, fmt: str, *, variants: Sequence[str | Variant] = ()) -> bytes:
        """The blank form of format ``version`` in the format called ``fmt``, with the rows and labels of the
        regional ``variants`` (names or records; each must extend ``version``)."""
        records = [self.variant(v) if isinstance(v, str) else v for v in variants]
        exporters = tuple(self._guarded_exporter(e) for e in self.exporters())
        return _export.template(version, fmt, exporters=exporters, variants=records)

    # -- writing

    def dumps(self, report: AnyReport) -> str:
        """The canonical JSON text of a report (decimals exact, keys in format order)."""
        return _dumps(convert.unstructure(report))

    def save(self, report: AnyReport, path: str | os.PathLike[str]) -> None:
        """Write a report as canonical JSON, atomically."""
        write_atomic(path, self.dumps(report))


class _PluginFault(Exception):
    """A plugin's importer or exporter failed: raised, or returned the wrong thing."""

    def __init__(self, plugin: str, record: str, stage: str, error: BaseException) -> None:
        super().__init__(f"{plugin}: {stage}: {error}")
        self.plugin = plugin
        self.record = record
        self.stage = stage
        self.error = error


def _what(value: object) -> str:
    name = type(value).__name__
    return "None" if value is None else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _guarded_read(
    importer: _importers.Importer, owner: str, reads: list[tuple[str, str]]
) -> Callable[..., _importers.SourceDocument | _importers.ImportResult]:
    """A plugin importer's ``read`` whose failures (anything but :class:`ImportFailed`, the importer's own word on
    a file) and wrong answers are the plugin's."""
    stage = f"importer {importer.name!r} (read)"

    @functools.wraps(importer.read)  # its signature says whether it takes the variants
    def read(*args: Any) -> _importers.SourceDocument | _importers.ImportResult:
        reads.append((owner, importer.name))
        try:
            result = importer.read(*args)
        except _importers.ImportFailed:
            raise
        except (Exception, SystemExit) as exc:
            raise _PluginFault(owner, importer.name, stage, exc) from None
        problem = _answer_problem(result)
        if problem is not None:
            raise _PluginFault(owner, importer.name, stage, TypeError(problem))
        return result

    return read


def _answer_problem(result: object) -> str | None:
    """What is wrong with what an importer's ``read`` returned, or ``None``."""
    if isinstance(result, _importers.ImportResult):
        if not isinstance(result.report, REPORT_TYPES) or not isinstance(result.import_report, _importers.ImportReport):
            return "read returned an ImportResult without a report and an import report"
        issues = validate.validate_data(convert.unstructure(result.report), profile="lenient").issues
        if issues:
            return f"read returned an ImportResult whose report is not valid: {issues[0].pointer}: {issues[0].message}"
        return None
    if not isinstance(result, _importers.SourceDocument):
        return f"read returned {_what(result)}, not a SourceDocument or an ImportResult"
    for block in result.blocks:
        if isinstance(block, _importers.Line):
            if not isinstance(block.text, str):
                return f"read returned a Line whose text is {_what(block.text)}"
        elif isinstance(block, _importers.SourceTable):
            for row in block.rows:
                if not all(isinstance(c, _importers.SourceCell) and isinstance(c.text, str) for c in row):
                    return "read returned a SourceTable whose rows are not SourceCells with text"
        else:
            return f"read returned a SourceDocument holding {_what(block)}, not a Line or a SourceTable"
    return None


REPORT_TYPES = tuple(REPORT_CLASSES.values())

_HEAD_BYTES = 65536
"""How much of a file the importers' sniffers look at (as :func:`govreport.importers.import_bytes` does)."""

_DOCUMENT_KINDS = {
    "docx": "a Word document",
    "doc": "a Word 97–2003 or RTF document",
    "pdf": "a PDF",
    "html": "a web page",
    "xlsx": "a spreadsheet",
    "text": "a text or Markdown document",
    "csv": "govreport's tidy CSV",
}
"""What a person calls the files each built-in importer reads."""

FACADES_KEPT = 8
"""Facades kept for the hosts used last.  A facade holds its host, so a cache keyed by host with no bound (or a
weak-keyed one, whose values keep their keys alive) keeps every host and all it loaded: a program that builds a
host per call, as the command line run in process does, grew by some 25 KiB a call."""

_FACADES: collections.OrderedDict[int, Govreport] = collections.OrderedDict()


def current() -> Govreport:
    """The facade of the plugin host in use (:func:`govreport.plugins.use_host`, else the one the environment
    configures): what the module-level functions use."""
    host = get_host()
    key = id(host)  # while its facade is kept the host lives, so its id names no other host
    found = _FACADES.get(key)
    if found is None or found.host is not host:
        found = _FACADES[key] = Govreport(host)
    _FACADES.move_to_end(key)
    while len(_FACADES) > FACADES_KEPT:
        _FACADES.popitem(last=False)
    return found


__all__ = ["Govreport", "InvalidReport", "MissingVariantError", "current"]
