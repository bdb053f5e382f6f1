"""The JSON API under /api/, with its OpenAPI description at /api/openapi.json."""
