"""API clients read why a request was refused in the language they ask for."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "limit muss eine ganze Zahl sein."),
        ("tr", "limit bir tam sayı olmalıdır."),
        ("ar", "يجب أن يكون limit عددًا صحيحًا."),
        ("uk", "limit має бути цілим числом."),
    ],
)
def test_a_bad_api_parameter_is_explained_in_the_clients_language(client, language, message):
    response = client.get("/api/v2/pages/?limit=viele", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {"message": message, "parameter": "limit"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("tr", "Bilinmeyen sorgu parametresi “farbe”; bkz. docs/api.md."),
        ("ar", "معامل الاستعلام “farbe” غير معروف؛ راجع docs/api.md."),
        ("uk", "Невідомий параметр запиту «farbe»; див. docs/api.md."),
    ],
)
def test_an_unknown_api_parameter_is_named_in_the_clients_language(client, language, message):
    response = client.get("/api/v2/pages/?farbe=blau", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json()["message"] == message
