"""The cast every test can call on, one per role, plus an outsider.

- alice: coordinator in North ward of programme A (her own patch)
- amir: alice's teammate, coordinator in South ward of programme A
- bob: team manager of programme A
- lena: programme lead of programme A
- eve: evaluator on programme A (aggregates only, no personal data)
- nina: network viewer over the network holding A and B
- charlie: coordinator in programme B, the outsider who must get nothing of A
- root: system administrator
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from lac.accounts.models import Neighbourhood, Network, Programme, Role, User
from tests.factories import (
    NeighbourhoodFactory,
    NetworkFactory,
    ProgrammeFactory,
    UserFactory,
    grant,
)

PASSWORD = "correct horse battery"


@dataclass
class World:
    network: Network
    programme: Programme
    other_programme: Programme
    north: Neighbourhood
    south: Neighbourhood
    elsewhere: Neighbourhood
    alice: User
    amir: User
    bob: User
    lena: User
    eve: User
    nina: User
    charlie: User
    root: User
    ivy: User
    """An introducer from a partner organisation (a GP practice) in programme A."""

    def user(self, name: str) -> User:
        return getattr(self, name)


ROLE_USERS = ("alice", "amir", "bob", "lena", "eve", "nina", "charlie", "root", "ivy")


BROWSER_FOLDERS = ("browser", "e2e", "a11y")


def pytest_collection_modifyitems(items):
    """Tests on real transactions put the migrations' reference data back first.

    A transactional test ends by emptying every table, including the lists
    that data migrations seed (introduction sources, the default framework,
    the rate card). Serialized rollback restores them for every such test;
    it must apply to all of them, or one test's flush re-creates content
    types that the next one's restore then collides with.
    """
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "transactional_db" in names or "live_server" in names:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if any(f"tests/{folder}/" in str(item.fspath) for folder in BROWSER_FOLDERS):
            # In parallel runs (--dist loadgroup) one worker runs every browser test,
            # in order, with the one Chromium they share.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no kept figures: rolled-back tests reuse the same ids."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """Each test starts in lac's default language. A page served in Welsh leaves Welsh
    active on the thread (a request begins by choosing its own language, so the server
    never carries it over), and a service called after it in the same test process would
    otherwise answer in Welsh."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def content_types_read_afresh():
    """Each test looks content types up in its own database, not in the process's cache.

    A transactional test ends by emptying every table; a rolled-back test run after it
    creates the content types it asks for, and the cache keeps their ids after the
    rollback. The next transactional test restores the original rows with other ids,
    and a record pointing at a cached id then fails its foreign key at commit (seen as
    a 500 saving a connection in the browser tests, depending on the order tests ran)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def transactional_world(transactional_db) -> World:
    """The cast, committed for real: for a live server in another thread."""
    return build_world()


def build_world() -> World:
    network = NetworkFactory(name="Test network")
    programme = ProgrammeFactory(name="Programme A", slug="a", network=network)
    other = ProgrammeFactory(name="Programme B", slug="b", network=network)
    north = NeighbourhoodFactory(programme=programme, name="North")
    south = NeighbourhoodFactory(programme=programme, name="South")
    elsewhere = NeighbourhoodFactory(programme=other, name="Elsewhere")
    users = {name: UserFactory(username=name) for name in ROLE_USERS}
    grant(users["alice"], Role.COORDINATOR, programme=programme, neighbourhoods=(north,))
    grant(users["amir"], Role.COORDINATOR, programme=programme, neighbourhoods=(south,))
    grant(users["bob"], Role.MANAGER, programme=programme)
    grant(users["lena"], Role.LEAD, programme=programme)
    grant(users["eve"], Role.EVALUATOR, programme=programme)
    grant(users["nina"], Role.NETWORK_VIEWER, network=network)
    grant(users["charlie"], Role.COORDINATOR, programme=other, neighbourhoods=(elsewhere,))
    grant(users["root"], Role.ADMINISTRATOR)
    introducer = grant(users["ivy"], Role.INTRODUCER, programme=programme)
    introducer.organisation = "Wilmorton Surgery"
    introducer.save()
    return World(network, programme, other, north, south, elsewhere, **users)


def force_login_verified(client, user: User):
    """``client.force_login`` that has also passed two-factor sign-in, as after a real sign-in.

    Gives the user a confirmed authenticator device if they have none, and marks
    the session as verified by it (what django-otp's ``login`` does).
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lac.accounts.middleware import LAST_SEEN_KEY, SIGNED_IN_KEY

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = int(time.time())  # what signing in records (SessionTimeLimitsMiddleware)
    session[SIGNED_IN_KEY], session[LAST_SEEN_KEY] = now, now
    session.save()
    return client


@pytest.fixture
def client_for(client, world):
    """Sign the test client in as one of the cast: ``client_for("alice")``."""

    def sign_in(name: str):
        return force_login_verified(client, world.user(name))

    return sign_in
