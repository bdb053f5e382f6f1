"""The short lists (a term's targets, a target's results) page with limit/offset and say the total."""

from decimal import Decimal

import pytest

from chitieu.plans.models import Result

from .base import ApiTestCase


class ListPagingTests(ApiTestCase):
    def test_targets_and_results_page(self):
        self.client.force_login(self.viewer)
        url = f"/api/terms/{self.term_a.pk}/targets"
        everything = self.client.get(url)
        self.assertEqual(everything["X-Total-Count"], str(len(everything.json())))
        first = self.client.get(url, {"limit": 1})
        second = self.client.get(url, {"limit": 1, "offset": 1})
        self.assertEqual([t["id"] for t in first.json() + second.json()], [t["id"] for t in everything.json()[:2]])
        self.assertEqual(first["X-Total-Count"], everything["X-Total-Count"])
        for y in (2023, 2024):
            Result.objects.create(target=self.growth, year=y, value=Decimal(13))
        results = self.client.get(f"/api/targets/{self.growth.pk}/results", {"offset": 1, "limit": 2})
        self.assertEqual([r["year"] for r in results.json()], [2022, 2023])
        self.assertEqual(results["X-Total-Count"], "4")


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": "x"}])
def test_bad_paging_is_refused(params, client, django_user_model):
    user = django_user_model.objects.create_superuser("paging-admin", password="x")
    client.force_login(user)
    r = client.get("/api/terms/1/targets", params)
    assert r.status_code == 422
    assert r.json()["detail"]
