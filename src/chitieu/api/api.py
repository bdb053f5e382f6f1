"""The JSON API: /api/…, OpenAPI at /api/openapi.json. Endpoints are added by the API module(s)."""

from ninja import NinjaAPI

api = NinjaAPI(title="chitieu API", version="1", urls_namespace="api")
