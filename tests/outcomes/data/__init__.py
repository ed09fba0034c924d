"""Files the outcomes tests read."""

from pathlib import Path

#: HM Treasury's GDP deflator CSV layout, holding the shipped March 2026 series.
HMT_CSV = Path(__file__).parent / "hmt-gdp-deflators-march-2026.csv"
