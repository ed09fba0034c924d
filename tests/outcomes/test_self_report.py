"""Wellbeing the person reports themselves, through a one-time link on their own phone."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from lac.audit.models import AuditEvent
from lac.outcomes.models import Assessment, FrameworkVersion
from lac.selfservice.models import PersonalLink
from tests.outcomes.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check

EDITORS = frozenset({"alice", "bob"})
OUTSIDERS = frozenset({"amir", "charlie"})


@pytest.fixture
def nora(world):
    return PersonFactory(full_name="Nora North", neighbourhood=world.north)


def ons4() -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__slug="ons4")


def issue_link(client_for, person, lasts="7") -> str:
    response = client_for("alice").post(
        f"/outcomes/people/{person.pk}/measure-link/", {"measure": ons4().pk, "lasts": lasts}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Works once, until" in page and "<svg" in page
    address = response.context["shown"].address
    assert address.startswith("http://testserver/my/")
    return address.removeprefix("http://testserver")


def ons4_answers(**overrides) -> dict[str, int]:
    version = ons4()
    keys = {d.key: f"item_{d.key}" for d in version.domains.all()}
    given = {"life-satisfaction": 6, "worthwhile": 7, "happiness": 5, "anxiety": 8, **overrides}
    return {keys[k]: v for k, v in given.items() if v is not None}


PAGES = [
    Page(
        "measure link",
        lambda w: f"/outcomes/people/{PersonFactory(neighbourhood=w.north).pk}/measure-link/",
        EDITORS,
        OUTSIDERS,
    )
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def test_only_measures_ready_to_ask_are_offered_and_swemwbs_says_why_not(client_for, nora):
    page = client_for("alice").get(f"/outcomes/people/{nora.pk}/measure-link/")
    choices = [label for _, label in page.context["form"].fields["measure"].choices]
    assert choices == ["ONS personal wellbeing (ONS4)"]


def test_the_person_answers_once_and_the_coordinator_sees_it_marked_as_theirs(client_for, nora):
    path = issue_link(client_for, nora)
    client = Client()  # the person's own phone: nobody signed in
    issued = AuditEvent.objects.get(what="One-time link issued: answer a wellbeing measure")
    assert issued.person_id == nora.pk

    form = client.get(path)
    assert form.status_code == 200
    text = form.content.decode()
    assert "Overall, how anxious did you feel yesterday?" in text
    assert "0 – Not at all anxious" in text
    assert "Nora" not in text  # the page names nobody: the phone may be shared

    missing = client.post(path, ons4_answers(happiness=None))
    assert "Choose an answer for: Overall, how happy did you feel yesterday?" in (
        missing.content.decode()
    )
    assert not Assessment.objects.exists()

    sent = client.post(path, ons4_answers())
    assert "Your answers have been sent" in sent.content.decode()
    assessment = Assessment.objects.get()
    assert (assessment.person, assessment.self_reported, assessment.kind) == (nora, True, "first")
    assert assessment.date == timezone.localdate()
    assert assessment.assessed_by is None
    assert {s.domain.key: s.score for s in assessment.scores.all()} == {
        "life-satisfaction": 6,
        "worthwhile": 7,
        "happiness": 5,
        "anxiety": 8,
    }
    assert client.post(path, ons4_answers()).status_code == 410
    assert Assessment.objects.count() == 1

    person_page = client_for("alice").get(f"/people/{nora.pk}/").content.decode()
    assert "Wellbeing in their own words" in person_page
    assert "Answered by Nora North" in person_page
    assert "(lower is better)" in person_page


def test_answers_after_the_link_runs_out_are_refused_and_not_saved(client, client_for, nora):
    path = issue_link(client_for, nora, lasts="1")
    assert client.get(path).status_code == 200
    PersonalLink.objects.update(expires=timezone.now() - timedelta(minutes=1))
    refused = client.post(path, ons4_answers())
    assert refused.status_code == 410
    assert "This link has run out" in refused.content.decode()
    assert not Assessment.objects.exists()


def test_a_second_answer_is_a_review(client, client_for, nora):
    for _ in range(2):
        client.post(issue_link(client_for, nora), ons4_answers())
    assert [a.kind for a in Assessment.objects.order_by("pk")] == ["first", "review"]


def test_a_welsh_speaker_answers_the_questions_in_welsh(client, client_for, nora):
    nora.preferred_language = "cy"
    nora.save(update_fields=["preferred_language"])
    path = issue_link(client_for, nora)
    client.logout()
    page = unescape(client.get(path).content.decode())
    assert "Sut rydych chi'n teimlo" in page
    assert "Yn gyffredinol, pa mor fodlon ydych chi â'ch bywyd y dyddiau hyn?" in page
    assert "0 – Ddim yn fodlon o gwbl" in page
    missing = unescape(client.post(path, ons4_answers(happiness=None)).content.decode())
    assert "Dewiswch ateb i: Yn gyffredinol, pa mor hapus oeddech chi'n teimlo ddoe?" in (missing)
    thanks = client.post(path, ons4_answers()).content.decode()
    assert "Diolch" in thanks
