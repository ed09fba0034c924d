"""The base form page: the error summary first, then the caption, heading and form."""

from __future__ import annotations

from tests.people.factories import PersonFactory
from tests.web.forms.html import Page


def test_a_form_page_with_errors_says_so_in_its_title_and_summary_first(client_for, world):
    person = PersonFactory(full_name="Ada Lovelace", neighbourhood=world.north)
    response = client_for("alice").post(
        f"/casework/people/{person.pk}/conversations/new/", {"note": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    page = Page(html[html.index("<main") : html.index("</main>") + len("</main>")])
    summary = page.find(css_class="govuk-error-summary")
    first = [node for node in page.nodes if node.element.name in {"h1", "form"}][0]
    assert page.nodes.index(summary) < page.nodes.index(first), "the summary comes first"
    links = {a.text for a in page.all("a") if a.within("govuk-error-summary")}
    assert {"Enter the date of the conversation", "Select how you met"} <= links
    assert page.find(css_class="govuk-caption-l").text == person.display_name
    assert page.find("form", method="post").has("data-lac-draft")
    assert page.find("button", type="submit").text == "Save conversation"
    assert page.find("a", href=f"/people/{person.pk}/").text == "Cancel"
