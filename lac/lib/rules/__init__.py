"""Rules every record obeys, whichever way it arrives: web form, API, import or command.

Each rule is one function, called by the service that saves the record (and by the
import's row check, which writes in bulk), so a coordinator, an API client and a
spreadsheet get the same answer in the same words. The words are constants beside
the rule, for the tests to import. Plain Python and Django's ``ValidationError``:
below every app, like the rest of ``lac.lib``.

- ``dates``: the bounds of each kind of date, and "the next contact follows the contact".
- ``lengths``: one limit per kind of free text.
- ``records``: the check every record passes before it is saved (lengths, then Django's).
- ``contact``: UK postcodes and phone numbers, normalised before they are checked.
"""
