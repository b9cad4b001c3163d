"""API keys on /v1/*, open health probes, and CORS only when origins are set."""

from __future__ import annotations

import pytest
from api_support import api_client, draft

from coach.errors import ConfigError
from coach.settings import load_settings

KEYS = ["k1-0123456789abcdef", "k2-fedcba9876543210"]


@pytest.mark.parametrize(
    "path", ["/v1/checks", "/v1/principles", "/v1/principles/scoring"]
)
def test_v1_without_a_key_gets_401_when_keys_are_set(path: str) -> None:
    with api_client(service_keys=KEYS) as client:
        response = client.get(path)

    body = response.json()
    assert response.status_code == 401
    assert body["type"] == "urn:okr-coach:problem:unauthorized"
    assert body["detail"] == (
        "send 'Authorization: Bearer <key>' with one of the service's keys"
    )
    assert response.headers["www-authenticate"] == 'Bearer realm="okr-coach"'


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-key-0123456789", "Basic " + KEYS[0], KEYS[0]]
)
def test_a_wrong_key_or_scheme_gets_401(authorization: str) -> None:
    with api_client(service_keys=KEYS) as client:
        response = client.post(
            "/v1/critique", json=draft(), headers={"Authorization": authorization}
        )

    assert response.status_code == 401


@pytest.mark.parametrize("key", KEYS)
def test_any_configured_key_is_accepted(key: str) -> None:
    with api_client(service_keys=KEYS) as client:
        response = client.post(
            "/v1/critique", json=draft(), headers={"Authorization": f"Bearer {key}"}
        )

    assert response.status_code == 200
    assert response.json()["counts"]["objectives"] == 3


def test_health_probes_stay_open_when_keys_are_set() -> None:
    with api_client(service_keys=KEYS) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_without_keys_v1_is_open() -> None:
    with api_client() as client:
        assert client.get("/v1/checks").status_code == 200


def test_keys_are_read_comma_separated_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OKR_COACH_SERVICE_KEYS", f" {KEYS[0]} ,{KEYS[1]},")

    settings = load_settings()

    assert [k.get_secret_value() for k in settings.service_keys] == KEYS
    assert KEYS[0] not in repr(settings)


def test_a_short_key_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_SERVICE_KEYS", "secret")

    with pytest.raises(ConfigError, match="OKR_COACH_SERVICE_KEYS needs 16 characters"):
        load_settings()


def test_cors_is_off_unless_origins_are_set() -> None:
    preflight = {
        "Origin": "https://okr.example.com",
        "Access-Control-Request-Method": "POST",
    }
    with api_client() as client:
        closed = client.options("/v1/critique", headers=preflight)
    with api_client(cors_origins=["https://okr.example.com"]) as client:
        opened = client.options("/v1/critique", headers=preflight)
        simple = client.get("/v1/checks", headers={"Origin": "https://okr.example.com"})
        other = client.get("/v1/checks", headers={"Origin": "https://evil.example"})

    assert "access-control-allow-origin" not in closed.headers
    assert opened.status_code == 200
    assert opened.headers["access-control-allow-origin"] == "https://okr.example.com"
    assert simple.headers["access-control-allow-origin"] == "https://okr.example.com"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in other.headers


def test_cors_origins_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_CORS_ORIGINS", "https://a.example,https://b.example")

    assert load_settings().cors_origins == ["https://a.example", "https://b.example"]
