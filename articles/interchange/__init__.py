"""The Newsroom records format: one JSON document holding actors, negotiation processes,
rounds, articles and their quotes, linked by slugs. See docs/records-format.md.

records_import() checks the whole document, writes it in one transaction and is
idempotent by natural keys (slugs; an article also by its URL). On any problem it
writes nothing and raises ImportFailed listing every problem with its record and
field. records_export() writes the same format, in a stable order, so that
export -> import into an empty database -> export is byte-identical.
"""

from .exporter import records_export, records_export_text
from .importer import ImportReport, records_import, records_import_text
from .schema import FORMAT_NAME, FORMAT_VERSION, ImportFailed, Problem, check_structure

__all__ = [
    "records_import",
    "records_import_text",
    "records_export",
    "records_export_text",
    "ImportFailed",
    "ImportReport",
    "Problem",
    "check_structure",
    "FORMAT_NAME",
    "FORMAT_VERSION",
]
