from datetime import date

from tests.outcomes.factories import PersonFactory, assess, avoided, event, uniform

D = date


def _nora(world):
    return PersonFactory(full_name="Nora North", neighbourhood=world.north)


def test_the_person_page_shows_progress_and_services_avoided_sections(client_for, world):
    nora = _nora(world)
    assess(nora, D(2025, 1, 10), uniform(2), kind="first")
    assess(nora, D(2025, 9, 2), uniform(3))
    event(nora, "started-volunteering", D(2025, 8, 1))
    avoided(nora, "Police call outs, arrest and detention", D(2025, 8, 3))
    html = client_for("alice").get(f"/people/{nora.pk}/").content.decode()
    assert 'id="progress"' in html
    assert "Started volunteering" in html
    assert "Police call outs, arrest and detention" in html
    assert "Score progress" in html and "Record a service avoided" in html


def test_a_lead_sees_the_sections_without_the_buttons_to_record(client_for, world):
    nora = _nora(world)
    html = client_for("lena").get(f"/people/{nora.pk}/").content.decode()
    assert 'id="services-avoided"' in html
    assert "Record a service avoided" not in html
    assert "Score progress" not in html
