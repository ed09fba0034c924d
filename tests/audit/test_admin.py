"""Configuration changed in the admin is audited, and figures kept for it are worked out again."""

from datetime import date
from html.parser import HTMLParser
from typing import Any

from lac.audit.models import Action, AuditEvent
from lac.outcomes.models import UnitCost
from lac.reports.dashboard import Filter, outcomes_by
from tests.conftest import force_login_verified
from tests.factories import UserFactory
from tests.reports.factories import people_with_records

START, END = date(2025, 4, 1), date(2026, 3, 31)


class _FormValues(HTMLParser):
    """What a browser would send back from the admin's change form, unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.data[name] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self._multiple = "multiple" in a
            if not self._multiple:  # an empty multiple choice is sent as nothing at all
                self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            value = a.get("value") or ""
            if self._multiple:
                self.data.setdefault(self._select, []).append(value)
            else:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n")


def _change_form(client, url: str) -> dict[str, Any]:
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    return parser.data


def _avoided_value(world) -> float:
    """Services avoided's value by age band: a figure kept until the programme's records change."""
    table = outcomes_by(Filter(world.programme, START, END), "age_band")[2]
    assert table.key == "avoided_costs_by_age"
    return sum(values[2] for _, values in table.rows)


def test_a_unit_cost_corrected_in_the_admin_is_audited_and_counted_at_once(client, world):
    people_with_records(world.north, 6)
    before = _avoided_value(world)
    cost = UnitCost.objects.get(rate_card__programme=None, item="A&E attendance")
    admin = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    force_login_verified(client, admin)
    url = f"/admin/outcomes/ratecard/{cost.rate_card_id}/change/"
    data = _change_form(client, url)
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(cost.pk))
    data[row.replace("-id", "-amount")] = str(cost.amount * 2)

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    # The shared rate card applies to every programme: each one's trail says so.
    events = AuditEvent.objects.filter(object_type="outcomes.ratecard", action=Action.UPDATE)
    assert {e.programme_id for e in events} == {world.programme.pk, world.other_programme.pk}
    assert all(e.username == "superuser" and "in the admin" in e.what for e in events)
    # The dashboard shows the corrected cost at once, not the kept figure's old one.
    assert _avoided_value(world) == 2 * before


def test_a_programme_s_own_list_item_is_audited_on_that_programme_alone(client, world):
    admin = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    force_login_verified(client, admin)
    response = client.post(
        "/admin/casework/challenge/add/",
        {
            "code": "allotments",
            "label": "Allotments",
            "label_cy": "",
            "programme": world.programme.pk,
            "position": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(object_type="casework.challenge")
    assert (event.action, event.programme_id) == (Action.CREATE, world.programme.pk)
    assert event.what == "Added challenge “Allotments” in the admin"


def _superuser(client):
    admin = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    force_login_verified(client, admin)
    return admin


def test_a_role_granted_on_a_user_s_page_is_audited_on_the_programme_it_covers(client, world):
    _superuser(client)
    newcomer = UserFactory(username="newcomer", first_name="Nia", last_name="Newcomer")
    url = f"/admin/accounts/user/{newcomer.pk}/change/"
    data = _change_form(client, url)
    data.update(
        {
            "memberships-0-role": "manager",
            "memberships-0-programme": str(world.other_programme.pk),
            "memberships-TOTAL_FORMS": "1",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    event = AuditEvent.objects.get(object_type="accounts.user")
    assert event.programme_id == world.other_programme.pk
    assert event.what == (
        "Changed user “Nia Newcomer” in the admin: "
        "Added membership “Nia Newcomer — Team manager — Programme B”."
    )


def test_a_role_removed_in_the_memberships_list_is_audited_before_it_goes(client, world):
    _superuser(client)
    membership = world.bob.memberships.get()
    response = client.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="accounts.membership")
    assert (event.action, event.programme_id) == (Action.DELETE, world.programme.pk)
    assert event.what == "Deleted membership “Bob — Team manager — Programme A” in the admin"


def test_a_password_set_in_the_admin_is_audited_without_the_password(client, world):
    _superuser(client)
    response = client.post(
        f"/admin/accounts/user/{world.alice.pk}/password/",
        {"password1": "a-new-long-passphrase-9", "password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(object_type="accounts.user")
    assert event.what == "Changed user “Alice” in the admin: Changed password."
    assert event.programme_id == world.programme.pk
    assert "passphrase" not in str(event.changes)


def test_a_library_s_admin_page_is_audited_too_a_two_factor_device_deleted(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _superuser(client)
    device = TOTPDevice.objects.create(user=world.eve, name="Eve's phone", confirmed=True)
    response = client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="otp_totp.totpdevice")
    assert (event.action, event.programme_id) == (Action.DELETE, world.programme.pk)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_saving_a_page_unchanged_writes_nothing(client, world):
    _superuser(client)
    url = f"/admin/accounts/programme/{world.programme.pk}/change/"
    response = client.post(url, _change_form(client, url))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not AuditEvent.objects.filter(object_type="accounts.programme").exists()


def test_an_administrator_working_in_welsh_leaves_the_trail_in_english(client, world):
    _superuser(client)
    client.cookies["django_language"] = "cy"
    url = f"/admin/accounts/programme/{world.programme.pk}/change/"
    data = _change_form(client, url)
    data["council"] = "Cyngor Sir Ddinbych"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(object_type="accounts.programme")
    assert event.programme_id == world.programme.pk
    assert event.what == "Changed programme “Programme A” in the admin: Changed Council."
