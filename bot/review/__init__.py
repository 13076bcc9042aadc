"""Reviewing a report the way a supervisor does (issue 23).

- `diff`: every figure that changed between two reports of one issuer (year over year).
- `cross_year`: the identities between consecutive years (上年结转 of N = 结转下年度 of N−1).
- `text_table`: numbers the report's prose states about a template measure, against its cells.
- `card`: the report card gathering all of it with the template's own failed checks.

Everything is computed when asked, from stored cells and text: nothing here is stored, so
nothing goes stale when a report is ingested again.
"""
