"""Property-based tests of the parameter parsing of the API and OParl (Hypothesis).

Whatever text a consumer sends, parsing gives a value within bounds or a
``ParameterError`` naming the parameter (a 400), never another exception
(a 500).
"""

import datetime

from django.http import QueryDict
from django.test import RequestFactory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtteil_pages import conf
from stadtteil_pages.api.parameters import (
    check_parameter_values,
    parse_integer,
    parse_pagination,
)
from stadtteil_pages.oparl.paging import ListQuery
from stadtteil_pages.parameters import MAX_INTEGER, ParameterError, parse_flag, parse_moment

# Any text, digits of any script and length, and ISO-looking dates.
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=6000),
    st.from_regex(r"\A[+-]?\d{1,30}\Z"),
    st.integers(min_value=4000, max_value=6000).map(lambda length: "9" * length),
    st.datetimes().map(datetime.datetime.isoformat),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?\Z"),
)
QUICK = settings(max_examples=300, deadline=None, derandomize=True, database=None)


def query(**values):
    params = QueryDict(mutable=True)
    for name, value in values.items():
        params[name] = value
    return params


@QUICK
@given(TEXT)
def test_integers_are_within_bounds_or_a_parameter_error(value):
    try:
        number = parse_integer(query(limit=value), "limit", minimum=1, maximum=100)
    except ParameterError as error:
        assert error.parameter == "limit"
    else:
        assert 1 <= number <= 100


@QUICK
@given(TEXT, TEXT)
def test_pagination_never_passes_64_bits(limit, offset):
    try:
        parsed_limit, parsed_offset = parse_pagination(query(limit=limit, offset=offset))
    except ParameterError as error:
        assert error.parameter in ("limit", "offset")
    else:
        assert parsed_limit >= 1 and 0 <= parsed_offset <= MAX_INTEGER - parsed_limit


@QUICK
@given(TEXT)
def test_moments_are_aware_datetimes_or_a_parameter_error(value):
    try:
        moment = parse_moment(query(start_after=value), "start_after")
    except ParameterError as error:
        assert error.parameter == "start_after"
    else:
        assert moment.tzinfo is not None


@QUICK
@given(TEXT)
def test_flags_are_booleans_or_a_parameter_error(value):
    try:
        assert parse_flag(query(upcoming=value), "upcoming") in (True, False)
    except ParameterError as error:
        assert error.parameter == "upcoming"


@QUICK
@given(st.dictionaries(st.text(min_size=1, max_size=20), st.lists(TEXT, min_size=1, max_size=3)))
def test_value_checks_name_the_parameter_with_a_nul_or_a_huge_number(values):
    params = QueryDict(mutable=True)
    for name, items in values.items():
        params.setlist(name, items)
    try:
        check_parameter_values(params)
    except ParameterError as error:
        assert error.parameter in values
    else:
        assert not any(
            "\x00" in name or any("\x00" in v for v in items) for name, items in values.items()
        )


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    name=st.sampled_from(
        [
            "limit",
            "offset",
            "start_after",
            "start_before",
            "upcoming",
            "status",
            "district",
            "locale",
            "order",
            "fields",
            "search",
            "child_of",
            "id",
            "type",
        ]
    ),
    value=TEXT.filter(lambda text: len(text) < 3000),
)
def test_the_pages_endpoint_answers_any_value_without_a_server_error(client, name, value):
    from django.test import Client

    response = Client(raise_request_exception=False).get("/api/v2/pages/", {name: value})
    assert response.status_code < 500, (name, value, response.content[:200])


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["limit", "offset", "id", "child_of"])
def test_thousands_of_digits_answer_400_not_500(client, name):
    response = client.get("/api/v2/pages/", {name: "9" * 5000})
    assert response.status_code == 400
    assert response.json()["parameter"] == name
    assert client.get("/api/v3/pages/", {"offset": "9" * 5000}).status_code == 400


@QUICK
@given(TEXT, TEXT, TEXT)
def test_oparl_list_parameters_are_within_bounds_or_a_parameter_error(limit, page, omit):
    request = RequestFactory().get("/", {"limit": limit, "page": page, "omit_internal": omit})
    try:
        parsed = ListQuery.from_request(request)
    except ParameterError as error:
        assert error.parameter in ("limit", "page", "omit_internal")
    else:
        assert 1 <= parsed.limit <= conf.oparl_max_page_size()
        assert 1 <= parsed.page < 10**9
        assert parsed.omit_internal in (True, False)
