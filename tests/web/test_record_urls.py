"""{% record_url %} gives the address {% url %} gives, for every row of a list."""

import pytest
from django.template import Context, Template
from django.urls import reverse

NAMES = [
    "people:detail",
    "casework:next_contact",
    "casework:reintroduce",
    "casework:conversation_new",
]


@pytest.mark.parametrize("name", NAMES)
def test_each_row_gets_the_address_reverse_gives(name):
    template = Template(
        "{% load record_urls %}{% for pk in keys %}{% record_url name pk %}|{% endfor %}"
    )
    keys = [1, 7, 10, 987, 123456789]
    rendered = template.render(Context({"name": name, "keys": keys}))
    assert rendered.split("|")[:-1] == [reverse(name, args=[pk]) for pk in keys]


def test_a_key_that_is_not_a_number_is_refused():
    template = Template("{% load record_urls %}{% record_url 'people:detail' pk %}")
    with pytest.raises(ValueError, match="invalid literal for int"):
        template.render(Context({"pk": "1/../../admin"}))
