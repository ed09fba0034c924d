"""The demo lets people try roles that need two-factor, with a published demo secret."""

from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lac.demo.two_factor import DEMO_TOTP_SECRET, demo_code, demo_totp_key_hex


def test_demo_users_that_need_two_factor_have_the_demo_device_and_the_secret_is_printed(db, capsys):
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    devices = TOTPDevice.objects.select_related("user")
    assert sorted(d.user.username for d in devices) == [
        "admin",
        "evaluator",
        "lead",
        "manager",
        "network",
    ]
    assert {d.key for d in devices} == {demo_totp_key_hex()}
    assert all(d.confirmed for d in devices)
    out = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in out
    assert f"oathtool --totp -b {DEMO_TOTP_SECRET}" in out
    assert "lac demo-code" in out


def test_the_demo_code_command_prints_the_code_the_demo_device_accepts(db, capsys):
    call_command("demo_code")
    code = capsys.readouterr().out.strip()
    assert code == demo_code()
    assert len(code) == 6
    assert int(code) == totp(bytes.fromhex(demo_totp_key_hex()))


def test_a_demo_manager_signs_in_with_the_demo_password_and_code(client, db):
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    from lac.demo.plan import DEMO_PASSWORD

    client.post("/accounts/sign-in/", {"username": "manager", "password": DEMO_PASSWORD})
    response = client.post("/accounts/two-factor/verify/", {"token": demo_code()})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
