"""The words of the value engine's problems: one template each, with named fields.

Impact maps' rules, rate cards, deflator tables and HM Treasury's CSV, the files
they come in (YAML, JSON and the value-map workbook) and the Monte Carlo's
arguments; and the places in a file a problem is found where its keys cannot
say (a workbook's sheet, row and column).

The engine is plain Python without Django and speaks English (its command line
prints these as they are). A :class:`~lac.value.errors.Problem` made from one of
these keeps the template and its fields beside the English it reads as, so an
application can show it in its reader's language: lac's evaluation app looks the
template up in its Welsh catalogue. :func:`gettext_noop` is only the marker that
catalogue's extraction (``makemessages``) looks for; it translates nothing.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark ``message`` for a translation catalogue's extraction, and return it unchanged."""
    return message


# A value as the file holds it, quoted: {got}. A field's allowed keys, comma-separated:
# {allowed}. Numbers are written as the file would write them.
NOT_MAPPING = gettext_noop("must be a mapping of keys to values, got {got}")
UNKNOWN_KEY = gettext_noop("unknown key (allowed: {allowed})")
REQUIRED = gettext_noop("is required")
NOT_LIST = gettext_noop("must be a list, got {got}")
NOT_TEXT = gettext_noop("must be text, got {got}")
NOT_NUMBER = gettext_noop("must be a number, got {got}")
NOT_FINITE = gettext_noop("must be a finite number, got {got}")
NOT_WHOLE = gettext_noop("must be a whole number, got {got}")
NOT_BETWEEN = gettext_noop("must be between {low} and {high}, got {got}")
TOO_LOW = gettext_noop("must be at least {low}, got {got}")
NOT_BOOLEAN = gettext_noop("must be true or false, got {got}")
DUPLICATE_ID = gettext_noop("duplicate id {id} (also {earlier})")
NO_INPUTS = gettext_noop("must list at least one input")
UNKNOWN_STAKEHOLDER = gettext_noop("must name a stakeholder id, got {got} (known: {known})")
NO_STAKEHOLDERS = gettext_noop("must name a stakeholder id, got {got} (known: none defined)")
LOW_ABOVE_HIGH = gettext_noop("low must not exceed high, got low {low} and high {high}")
MODE_OUTSIDE = gettext_noop("must be between low {low} and high {high}, got {got}")
INPUTS_TOTAL_ZERO = gettext_noop(
    "the inputs total 0, so the SROI ratio is undefined; "
    "give at least one input with a value above 0"
)

# Price years and deflators (VALUE-SPEC.md, "Price years").
NOT_FINANCIAL_YEAR = gettext_noop(
    "must be a financial year written YYYY-YY with consecutive years, such as 2025-26, got {got}"
)
NEEDS_PRICE_YEAR = gettext_noop(
    "needs the map's own price_year (the year every sum is restated to); "
    "add price_year at the top of the map"
)
NO_DEFLATOR_IN_MAP = gettext_noop(
    "no deflator for {year} in the map's deflators (it covers {first} to {last})"
)
NO_DEFLATOR_IN_MAP_AT_ALL = gettext_noop("no deflator for {year}: the map's deflators has none")
NO_DEFLATOR_IN_SERIES = gettext_noop(
    "no deflator for {year} in {series} (it covers {first} to {last})"
)
NO_DEFLATOR_IN_SERIES_AT_ALL = gettext_noop("no deflator for {year}: {series} has none")
DEFLATORS_NOT_MAPPING = gettext_noop("must be a mapping of financial year to index, got {got}")
NOT_ABOVE_ZERO = gettext_noop("must be a number greater than 0, got {got}")
NOT_FINITE_ABOVE_ZERO = gettext_noop("must be a finite number greater than 0, got {got}")

# Files, whichever engine file they hold. {file}: the file's path; {reason}: the
# operating system's or reader's own words, in English. {key}, {suffix}: quoted.
TOO_LARGE = gettext_noop("the file is {size} MB; files larger than {limit} MB are not read")
CANNOT_READ = gettext_noop("cannot read {file}: {reason}")
UNSUPPORTED_FILE = gettext_noop("unsupported file type {suffix}; use one of {allowed}")
NO_ANCHORS = gettext_noop(
    "line {line}: YAML anchors and aliases (& and *) are not allowed; write each value out in full"
)
KEY_TWICE_AT_LINE = gettext_noop("line {line}: key {key} is given twice")
KEY_TWICE = gettext_noop("key {key} is given twice")
NOT_YAML = gettext_noop("not valid YAML: {detail}")
NOT_JSON = gettext_noop("not valid JSON: {detail}")
YAML_TOO_DEEP = gettext_noop("not read: the YAML is nested too deeply")
JSON_TOO_DEEP = gettext_noop("not read: the JSON is nested too deeply")

# The value-map workbook. {sheet}, {label}, {header}: the workbook's own names,
# quoted as written; {expected}, {allowed}: the names it may use, comma-separated.
CANNOT_READ_WORKBOOK = gettext_noop("cannot read workbook {file}: {reason}")
UNKNOWN_SHEET = gettext_noop("unknown sheet (expected: {expected})")
SHEET_MISSING = gettext_noop("sheet is missing")
UNKNOWN_SETTING = gettext_noop("unknown setting {label} (allowed: {allowed})")
UNKNOWN_COLUMN = gettext_noop("unknown column {header}")
REQUIRED_COLUMN_MISSING = gettext_noop("required column {header} is missing")
IN_SHEET = gettext_noop("sheet {sheet}")
AT_SHEET_ROW = gettext_noop("sheet {sheet}, row {row}")
AT_SHEET_ROW_COLUMN = gettext_noop("sheet {sheet}, row {row}, column {column}")
AT_SHEET_CELL = gettext_noop("sheet {sheet}, row {row}, column {column} ({header})")

# Rate cards and deflator tables (YAML). {got}: the value as the file holds it.
RATE_CARD_NOT_MAPPING = gettext_noop("a rate card must be a mapping with `items`")
NO_UNIT_COSTS = gettext_noop("must list at least one unit cost")
NOT_A_MAPPING = gettext_noop("must be a mapping")
TRUE_OR_FALSE = gettext_noop("must be true or false")
NOT_AMOUNT = gettext_noop("must be a number 0 or more, got {got}")
PRICE_YEAR_SHAPE = gettext_noop("price year must look like 2014-15, got {got}")
NO_GDP_DEFLATOR = gettext_noop("no GDP deflator for {years} (the table covers {first} to {last})")
NO_DEFLATOR_INDEX = gettext_noop("a deflator table needs an `index` of year: value")
NOT_POSITIVE = gettext_noop("must be a positive number, got {got}")

# HM Treasury's GDP deflator CSV. {title}: the release's title, as the file has it.
NO_RELEASE = gettext_noop("name the release, e.g. 'March 2026 (Quarterly National Accounts)'")
NO_REFERENCE_COLUMN = gettext_noop(
    "no column headed like '2024-25 = 100' was found; is this HM Treasury's '{title}' CSV?"
)
NO_YEARS = gettext_noop("no financial years were found under the headings")
NO_REFERENCE_ROW = gettext_noop("the headings say {year} = 100 but there is no {year} row")
REFERENCE_NOT_100 = gettext_noop("the headings say {year} = 100 but its row gives {got}")
NOT_A_FINANCIAL_YEAR = gettext_noop("{year} is not a financial year")
YEAR_TWICE = gettext_noop("{year} is given twice")
YEAR_OUT_OF_ORDER = gettext_noop("{year} is out of order")
INDEX_NOT_ABOVE_ZERO = gettext_noop("the index for {year} must be a number above 0, got {got}")
AT_ROW = gettext_noop("row {row}")
AT_ROW_COLUMN = gettext_noop("row {row}, column {column}")

# The Monte Carlo's arguments.
TOO_FEW_DRAWS = gettext_noop("draws must be at least 1, got {got}")
NEGATIVE_SEED = gettext_noop("seed must be 0 or more, got {got}")
