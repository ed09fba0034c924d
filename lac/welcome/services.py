"""Introductions arriving from outside the team, welcomed or declined, and news back.

One path each: an introduction arrives (:func:`incoming_submit`, from the public page
or an introducer's account), a coordinator welcomes it (:func:`incoming_accept`, which
makes the person and introduction through casework's own service) or declines it
(:func:`incoming_decline`), and news goes back to a partner's introducer
(:func:`news_send`) only on the person's current consent, logged as a disclosure.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lac.accounts.models import Membership, Neighbourhood, Programme, Role, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.casework.models import IntroductionSource
from lac.casework.services import NewPerson, introduction_create
from lac.disclosures.models import Kind
from lac.disclosures.services import disclosure_record
from lac.lib.notify import notify
from lac.lib.rules import contact, records
from lac.people.models import Consent, ConsentTopic, Person
from lac.selfservice.services import IssuedLink, personal_link_issue
from lac.welcome.models import (
    ConceptUse,
    Decision,
    HealthConcept,
    IncomingIntroduction,
    NewsBack,
    NewsKind,
    Route,
)
from lac.welcome.routing import neighbourhood_for

NO_NAME = _("Enter the person’s full name")
NO_AGREEMENT = _(
    "The person must agree to a coordinator getting in touch before you introduce them"
)
NO_WAY_TO_REACH = _("Enter a phone number or email so the coordinator can get in touch")
NO_INTRODUCER_NAME = _("Enter your name")
NO_INTRODUCER_CONTACT = _("Enter a phone number or email so the coordinator can reach you")
NOT_IN_PROGRAMME = _("Choose a neighbourhood of this programme")
NO_NEIGHBOURHOOD = _("Choose the neighbourhood they live in before welcoming them")
ALREADY_DECIDED = _("This introduction has already been {decision}")
NO_REASON = _("Enter why the introduction is not being taken forward")
NOT_WELCOMED = _("News can go back only once the introduction has been welcomed")
NO_INTRODUCER_ACCOUNT = _("Only an introducer with an account can be sent news")
NOT_SELF_INTRODUCED = _("Only someone who introduced themselves is given news by a one-time link")
#: What a one-time link to news opens (``lac.selfservice``; registered in ``apps``).
NEWS_PURPOSE = "introduction-news"
#: Long enough to give at one meeting and read at home, as a good life plan's link.
NEWS_LINK_LIFE = timedelta(days=7)
SELF_RECIPIENT = "The person themselves, by a one-time link"
NO_CONSENT = _(
    "{name} has not agreed to news going back to whoever introduced them: record their "
    "consent first"
)
NO_SUMMARY = _("Enter what matters to them or what was agreed")
NOT_YOUR_PROGRAMME = _("Choose a programme you introduce people to")
ONLY_PARTNERS_PRESCRIBE = _(
    "Only an introducer from a partner organisation can say an introduction is social prescribing"
)


def _code(incoming: IncomingIntroduction, use: ConceptUse) -> None:
    """Record on the introduction the SNOMED CT concepts kept for ``use``."""
    incoming.concepts.add(*HealthConcept.objects.filter(applies_to=use, is_active=True))


def _tidied(details: dict[str, Any]) -> dict[str, Any]:
    """The person's and introducer's details through the shared record rules, every problem
    named by its field at once."""
    problems: dict[str, list[str]] = {}
    tidy = {"postcode": contact.postcode, "phone": contact.phone, "email": contact.email}
    for field, rule in tidy.items():
        try:
            details[field] = rule(details.get(field, ""), field=field)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.setdefault(name, []).extend(messages)
    if problems:
        raise ValidationError(problems)
    return details


def _introducers_membership(actor: Actor, programme: Programme) -> Membership | None:
    """The actor's introducer account in the programme: who they introduce people for."""
    return Membership.objects.filter(
        user=actor.user, programme=programme, role=Role.INTRODUCER
    ).first()


@transaction.atomic
def incoming_submit(
    actor: Actor,
    *,
    programme: Programme,
    route: Route | str,
    full_name: str,
    agreed_to_contact: bool = False,
    neighbourhood: Neighbourhood | None = None,
    social_prescribing: bool = False,
    **details: Any,
) -> IncomingIntroduction:
    """An introduction arrives: checked, routed to a neighbourhood and saved to be welcomed.

    ``details`` are the person's postcode, phone, email and hopes and the introducer's
    name, organisation and contact. An introduction from an introducer's account
    (``route`` partner) names them from their membership of the programme, and when
    they say it is ``social_prescribing`` it carries the SNOMED CT concept for that.
    """
    problems: dict[str, StrOrPromise] = {}
    if social_prescribing and route != Route.PARTNER:
        problems["social_prescribing"] = ONLY_PARTNERS_PRESCRIBE
    if not full_name.strip():
        problems["full_name"] = NO_NAME
    if route != Route.SELF and not agreed_to_contact:
        problems["agreed_to_contact"] = NO_AGREEMENT
    if not (details.get("phone", "").strip() or details.get("email", "").strip()):
        problems["phone"] = NO_WAY_TO_REACH
    if route == Route.SOMEONE:
        if not details.get("introducer_name", "").strip():
            problems["introducer_name"] = NO_INTRODUCER_NAME
        if not details.get("introducer_contact", "").strip():
            problems["introducer_contact"] = NO_INTRODUCER_CONTACT
    if neighbourhood is not None and neighbourhood.programme_id != programme.pk:
        problems["neighbourhood"] = NOT_IN_PROGRAMME
    try:
        details = _tidied(details)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.setdefault(field, messages[0])
    membership = _introducers_membership(actor, programme) if route == Route.PARTNER else None
    if route == Route.PARTNER and membership is None:
        problems["programme"] = str(NOT_YOUR_PROGRAMME)
    if problems:
        raise ValidationError(problems)
    if membership is not None:
        details["introducer_name"] = str(actor.user)
        details["introducer_organisation"] = membership.organisation
        details["introducer_contact"] = actor.user.email
    tidy = details.items()
    incoming = IncomingIntroduction(
        programme=programme,
        neighbourhood=neighbourhood
        or neighbourhood_for(programme.neighbourhoods.all(), details.get("postcode", "")),
        route=route,
        introduced_by=actor.user if route == Route.PARTNER else None,
        full_name=full_name.strip(),
        agreed_to_contact=agreed_to_contact or route == Route.SELF,
        social_prescribing=social_prescribing,
        **{key: value.strip() if isinstance(value, str) else value for key, value in tidy},
    )
    records.check(incoming)
    incoming.save()
    if social_prescribing:
        _code(incoming, ConceptUse.SOCIAL_PRESCRIBING)
    audit_write(
        obj=incoming,
        action=Action.CREATE,
        what=f"An introduction arrived: {Route(route).label.lower()}",
        actor=actor,
    )
    transaction.on_commit(lambda: _tell_who_welcomes(incoming))
    return incoming


def _tell_who_welcomes(incoming: IncomingIntroduction) -> None:
    """Email the neighbourhood's coordinators (or, unrouted, the programme's managers)."""
    memberships = Membership.objects.filter(programme_id=incoming.programme_id)
    if incoming.neighbourhood_id is not None:
        memberships = memberships.filter(
            role=Role.COORDINATOR, neighbourhoods=incoming.neighbourhood_id
        )
    else:
        memberships = memberships.filter(role=Role.MANAGER)
    notify(
        [m.user for m in memberships.select_related("user")],
        subject=_("A new introduction to welcome"),
        sentence=_("A new introduction is waiting on your home page for you to welcome it."),
        path="/",
    )


def _locked_waiting(incoming: IncomingIntroduction) -> IncomingIntroduction:
    current = IncomingIntroduction.objects.select_for_update().get(pk=incoming.pk)
    if current.decision != Decision.WAITING:
        decision = Decision(current.decision).label.lower()
        raise ValidationError(ALREADY_DECIDED.format(decision=decision))
    return current


@transaction.atomic
def incoming_accept(
    actor: Actor,
    incoming: IncomingIntroduction,
    *,
    known: Person | None = None,
    neighbourhood: Neighbourhood | None = None,
    source: IntroductionSource | None = None,
) -> IncomingIntroduction:
    """Welcome an introduction: the person (``known``, or a new record) and their
    introduction are made by casework's :func:`introduction_create`, as on the
    coordinator's own page, dated the day the introduction arrived."""
    current = _locked_waiting(incoming)
    where = neighbourhood or current.neighbourhood
    if known is None and where is None:
        raise ValidationError({"neighbourhood": NO_NEIGHBOURHOOD})
    new = None
    if known is None:
        assert where is not None
        new = NewPerson(
            full_name=current.full_name,
            neighbourhood=where,
            phone=current.phone,
            postcode=current.postcode,
            email=current.email,
            preferred_language=current.language,
        )
    introduction = introduction_create(
        known=known,
        new=new,
        date=timezone.localdate(current.arrived),
        actor=actor,
        source=source,
        introducer=current.introducer[:200],
        hopes=current.hopes,
    )
    current.decision = Decision.WELCOMED
    current.decided_by = actor.user
    current.decided_at = timezone.now()
    current.person = introduction.person
    current.introduction = introduction
    current.neighbourhood = introduction.neighbourhood
    current.save()
    audit_write(
        obj=current,
        action=Action.UPDATE,
        what=f"Welcomed the introduction of {introduction.person.full_name}",
        actor=actor,
        person=introduction.person,
    )
    return current


@transaction.atomic
def incoming_decline(
    actor: Actor, incoming: IncomingIntroduction, *, reason: str, person_declined: bool = False
) -> IncomingIntroduction:
    """Decline an introduction with the reason, which its introducer sees in their view.

    When the person themselves said no to a social prescribing introduction
    (``person_declined``), it carries the SNOMED CT concept for that, so the GP's
    record can say so too.
    """
    if not reason.strip():
        raise ValidationError({"reason": NO_REASON})
    current = _locked_waiting(incoming)
    current.decision = Decision.DECLINED
    current.decided_by = actor.user
    current.decided_at = timezone.now()
    current.decline_reason = reason.strip()
    records.check(current)
    current.save()
    if person_declined and current.social_prescribing:
        _code(current, ConceptUse.PERSON_DECLINED)
    audit_write(obj=current, action=Action.UPDATE, what="Declined an introduction", actor=actor)
    if current.introduced_by is not None:
        transaction.on_commit(lambda: _tell_introducer(current))
    return current


def _tell_introducer(incoming: IncomingIntroduction) -> None:
    notify(
        [incoming.introduced_by],
        subject=_("News about an introduction you made"),
        sentence=_("There is news about an introduction you made. Sign in to read it."),
        path=f"/welcome/partners/{incoming.pk}/",
    )


def news_consent(person: Person) -> Consent | None:
    """The person's current consent to news going back to their introducer, if any."""
    return (
        person.consents.filter(topic=ConsentTopic.INTRODUCER_NEWS, withdrawn_on__isnull=True)
        .order_by("-given_on", "-pk")
        .first()
    )


@transaction.atomic
def news_send(
    actor: Actor,
    incoming: IncomingIntroduction,
    *,
    kind: NewsKind | str,
    what_matters: str = "",
    what_was_agreed: str = "",
    connections_made: str = "",
    contact: str = "",
    sent_at: datetime | None = None,
) -> NewsBack:
    """Send the introducer news (a welcome, or a summary the coordinator approved by
    sending it), on the person's current consent, logged as a disclosure."""
    person = incoming.person
    if incoming.decision != Decision.WELCOMED or person is None:
        raise ValidationError(NOT_WELCOMED)
    to_themselves = incoming.route == Route.SELF
    if incoming.introduced_by is None and not to_themselves:
        raise ValidationError(NO_INTRODUCER_ACCOUNT)
    consent = news_consent(person)
    if consent is None:
        raise ValidationError(NO_CONSENT.format(name=person.full_name))
    if kind == NewsKind.SUMMARY and not (what_matters.strip() or what_was_agreed.strip()):
        raise ValidationError({"what_matters": NO_SUMMARY})
    news = NewsBack(
        incoming=incoming,
        kind=kind,
        what_matters=what_matters.strip(),
        what_was_agreed=what_was_agreed.strip(),
        connections_made=connections_made.strip(),
        contact=contact.strip(),
        recorded_by=actor.user,
    )
    records.check(news, exclude=("disclosure",))
    news.disclosure = disclosure_record(
        actor,
        person=person,
        kind=Kind.MESSAGE_BACK,
        description=f"News back: {NewsKind(kind).label.lower()}",
        recipient=SELF_RECIPIENT if to_themselves else incoming.introducer_organisation,
        recipient_user=incoming.introduced_by,
        consent=consent,
        shared_at=sent_at,
    )
    news.save()
    if not to_themselves:
        transaction.on_commit(lambda: _tell_introducer(incoming))
    return news


def news_link_issue(actor: Actor, news: NewsBack) -> IssuedLink:
    """A one-time link for someone who introduced themselves to read the news (they have
    no account), on their consent as it stands now. The news itself was logged as a
    disclosure to them when it was sent; issuing and opening the link are audited."""
    incoming = news.incoming
    person = incoming.person
    if incoming.route != Route.SELF or person is None:
        raise ValidationError(str(NOT_SELF_INTRODUCED))
    if news_consent(person) is None:
        raise ValidationError(NO_CONSENT.format(name=person.full_name))
    return personal_link_issue(
        actor, person=person, purpose=NEWS_PURPOSE, target=news, expires_in=NEWS_LINK_LIFE
    )


EMAIL_TAKEN = _("Someone already has an account with this email address")


@transaction.atomic
def introducer_account_create(
    actor: Actor,
    *,
    programme: Programme,
    first_name: str,
    last_name: str,
    email: str,
    organisation: str,
    password: str,
) -> User:
    """A manager gives a partner organisation's member of staff an introducer account.

    They sign in with their email address and this first password, and set up a
    second factor at their first sign-in, as every role but a coordinator must.
    """
    email = contact.email(email).lower()
    if not email:
        raise ValidationError({"email": gettext(contact.EMAIL_INVALID)})
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    user = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    records.check(user)
    user.save()
    membership = Membership.objects.create(
        user=user, role=Role.INTRODUCER, programme=programme, organisation=organisation.strip()
    )
    audit_write(
        obj=membership,
        action=Action.CREATE,
        what=f"Gave {user} an introducer account for {membership.organisation}",
        actor=actor,
    )
    return user
