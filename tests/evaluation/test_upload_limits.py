"""The web upload of an impact map goes through the engine's guards (#16 item 4)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lac.value.safeyaml import MAX_FILE_BYTES
from tests.evaluation.factories import stored_map
from tests.value.test_untrusted_files import ALIAS_BOMB


def test_an_uploaded_alias_bomb_gets_a_short_clear_message(client_for, world):
    impact_map = stored_map(world.programme)
    upload = SimpleUploadedFile("bomb.yaml", ALIAS_BOMB.encode())
    response = client_for("lena").post(f"/evaluation/{impact_map.pk}/upload/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "YAML anchors and aliases (&amp; and *) are not allowed" in page
    assert len(page) < 200_000
    assert impact_map.versions.count() == 1


def test_an_oversized_upload_is_refused_before_it_is_read(client_for, world):
    upload = SimpleUploadedFile("big.yaml", b"#" * (MAX_FILE_BYTES + 1))
    response = client_for("eve").post(
        "/evaluation/new/", {"programme": world.programme.pk, "mode": "forecast", "file": upload}
    )
    assert "files larger than 2 MB are not read" in response.content.decode()
