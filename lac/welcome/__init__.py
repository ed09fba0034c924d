"""Introductions from outside the team: partner organisations' introducers and residents on
the public page, routed by postcode to a neighbourhood's coordinator to welcome, and the
news that goes back to whoever introduced the person, with their consent."""
