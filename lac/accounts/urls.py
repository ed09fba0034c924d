from django.contrib.auth import views as auth_views
from django.urls import include, path

from lac.accounts import views
from lac.accounts.forms import SignInForm

urlpatterns = [
    path("", views.account, name="account"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="accounts/sign_in.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("signed-out/", views.timed_out, name="timed_out"),
    path("language/", views.language_choose, name="language_choose"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path("drafts/", views.draft_keep, name="draft_save"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("passkeys/not-now/", views.passkey_prompt_dismiss, name="passkey_prompt_dismiss"),
    # Before the package's own: the same address, with a new session id afterwards.
    path("passkeys/authentication/complete/", views.PasskeyVerified.as_view()),
    path("passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
]
