"""Query strings of server-side lists: the page's other parameters for the pager, and the
column headers that sort (a click on the sorted column reverses it)."""

from urllib.parse import urlencode

from django.http import QueryDict

# Never carried from one list page to the next: the page number and the download format.
NOT_CARRIED = frozenset({"page", "format"})


def carried_query(params: QueryDict, *drop: str) -> str:
    """The list's parameters, encoded, without the page number (and without `drop`)."""
    skip = NOT_CARRIED | set(drop)
    return urlencode([(k, v) for k, values in params.lists() for v in values if k not in skip and v != ""])


def sort_headers(params: QueryDict, current: str, keys: list[str]) -> dict[str, dict[str, str]]:
    """For each sortable column: the query that sorts by it, and its aria-sort state.

    The sorted column's link reverses the order; any other starts ascending on page 1.
    """
    base = carried_query(params, "sort")
    headers = {}
    for key in keys:
        if current == key:
            target, state = f"-{key}", "ascending"
        elif current == f"-{key}":
            target, state = key, "descending"
        else:
            target, state = key, "none"
        query = f"{base}&sort={target}" if base else f"sort={target}"
        headers[key] = {"query": query, "state": state}
    return headers
