"""A person at a browser, and a script at the API, as the demo's users meet the product.

`Browser` signs in on the login page and presses the buttons it finds on the
pages it was shown, CSRF token and form token included, so a button missing
for that person is a failure just as it would be on their phone. `Api` speaks
JSON to /api/v1/ with a bearer token or with a browser's session.

Every answer is checked for a server error first: on demo day a 5xx anywhere
is a failure, whatever the test was about.
"""

import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any

from django.contrib.auth.models import User
from django.test import Client as HttpClient
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vredvakt.accounts.models import ApiToken
from vredvakt.accounts.services import api_token_create
from vredvakt.demo.organisation import DEMO_PASSWORD

API = "/api/v1"
CHOICE_INPUTS = ("radio", "checkbox")


def no_server_error(response: Any, what: str) -> Any:
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    return response


def sv(message: str) -> str:
    """What a person reads for `message`: the product speaks Swedish unless told otherwise."""
    with translation.override("sv"):
        return translation.gettext(message)


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # The values each radio button or checkbox offers: a person can only pick those.
    choices: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    """The forms of a page: their fields as a browser would send them, and their buttons."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(a.get("action") or self.url, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and "disabled" not in a:
            name, value, choice = a["name"], a.get("value", ""), a.get("type") in CHOICE_INPUTS
            if choice:
                self._form.choices.setdefault(name, []).append(value)
            if not choice or "checked" in a:
                self._form.fields.append((name, value))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form.fields.append((a["name"], ""))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._button = []

    def handle_data(self, data: str) -> None:
        if self._form is None:
            return
        if self._textarea is not None:
            name, text = self._form.fields[-1]
            self._form.fields[-1] = (name, text + data)
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "button" and self._button is not None and self._form is not None:
            self._form.buttons.append(" ".join("".join(self._button).split()))
            self._button = None


@dataclass
class Page:
    url: str
    status: int
    html: str

    @property
    def text(self) -> str:
        """What the person reads: the page without its markup, spaces collapsed."""
        return " ".join(unescape(_strip_tags(self.html)).split())

    def forms(self) -> list[Form]:
        parser = _Forms(self.url)
        parser.feed(self.html)
        return parser.forms

    def form(self, action: str) -> Form:
        """The form that posts to `action`; the page must show it with a button."""
        found = [f for f in self._posting() if f.action.split("?")[0] == action]
        actions = sorted({f.action for f in self.forms()})
        assert found, f"no button posting to {action} on {self.url}; there are: {actions}"
        return found[0]

    def has_form(self, action: str) -> bool:
        return any(f.action.split("?")[0] == action for f in self._posting())

    def _posting(self) -> list[Form]:
        return [f for f in self.forms() if f.method == "post" and f.buttons]

    def links(self) -> set[str]:
        return {href for _, href in _hrefs(self.html)}

    def links_like(self, pattern: str) -> list[str]:
        """The page's links matching `pattern` in full, e.g. r"/messages/\\d+/"."""
        return sorted(link for link in self.links() if re.fullmatch(pattern, link))


def _strip_tags(html: str) -> str:
    out, inside = [], False
    for char in html:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
            out.append(" ")
        elif not inside:
            out.append(char)
    return "".join(out)


def _hrefs(html: str) -> list[tuple[str, str]]:
    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[tuple[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            href = dict(attrs).get("href")
            if tag == "a" and href:
                self.found.append((tag, href))

    parser = Links()
    parser.feed(html)
    return parser.found


class Browser:
    """One demo user, CSRF checks on as in production, signed in on the login page.

    `login_page=False` signs in without the two requests of the login page, for
    a sweep over many people's pages where the sign-in itself is not the point.
    """

    def __init__(self, username: str, *, login_page: bool = True) -> None:
        self.username = username
        self.http = HttpClient(enforce_csrf_checks=True)
        if not login_page:
            self.http.force_login(User.objects.get(username=username))
            return
        login = self.get("/login/")
        response = self.submit(
            login, "/login/", username=username, password=DEMO_PASSWORD, expect=302
        )
        if response["Location"].startswith("/login/second-factor/"):
            response = self._second_factor(response["Location"])
        assert response["Location"] == "/", f"{username} could not sign in"

    def _second_factor(self, step: str) -> Any:
        """#14: administrators, managers and assessors give their app's code, as a person would."""
        page = self.get(step)
        device = TOTPDevice.objects.get(user__username=self.username)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        return self.submit(page, step, code=f"{code:06d}", expect=302)

    def get(self, url: str, expect: int | None = 200, **params: Any) -> Page:
        response = no_server_error(self.http.get(url, params), f"GET {url} as {self.username}")
        if expect is not None:
            assert response.status_code == expect, (
                f"GET {url} as {self.username}: {response.status_code}, expected {expect}"
            )
        return Page(url, response.status_code, response.content.decode())

    def submit(self, page: Page, action: str, *, expect: int | None = 302, **values: Any) -> Any:
        """Press the button of the form posting to `action`, with `values` filled in."""
        form = page.form(action)
        data: dict[str, list[str]] = {}
        for name, value in form.fields:
            if name not in values:
                data.setdefault(name, []).append(value)
        for name, value in values.items():
            data[name] = (
                [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            )
            if name in form.choices:
                offered = form.choices[name]
                assert set(data[name]) <= set(offered), f"{name}={data[name]} not among {offered}"
        what = f"POST {form.action} as {self.username}"
        response = no_server_error(self.http.post(form.action, data), what)
        if expect is not None:
            assert response.status_code == expect, (
                f"{what}: {response.status_code}, expected {expect}\n"
                + Page(form.action, response.status_code, response.content.decode()).text[:1500]
            )
        return response

    def follow(self, response: Any) -> Page:
        return self.get(response["Location"])

    def api(self) -> "Api":
        """The API with this browser's session (CSRF token in the header, as the pages send it)."""
        return Api(self.http, self.username, csrf=True)


class Api:
    """django.test.Client speaking JSON to /api/v1/."""

    def __init__(self, http: HttpClient, who: str, *, token: str = "", csrf: bool = False) -> None:
        self.http, self.who, self.csrf = http, who, csrf
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    @classmethod
    def with_token(cls, username: str) -> "Api":
        """A script with a bearer token made by the api-token service, and no session."""
        user = User.objects.get(username=username)
        name = f"demo-day-{ApiToken.objects.count() + 1}"
        _, token = api_token_create(
            actor=None, user=user, name=name, scope="write", via="cli", now=timezone.now()
        )
        return cls(HttpClient(enforce_csrf_checks=True), username, token=token)

    def _headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.csrf and "csrftoken" in self.http.cookies:
            headers["X-CSRFToken"] = self.http.cookies["csrftoken"].value
        return headers

    def get(self, path: str, expect: int | None = 200, **params: Any) -> Any:
        response = self.http.get(API + path, params, headers=self._headers())
        return self._checked(response, f"GET {API}{path}", expect)

    def post(self, path: str, body: Any = None, expect: int | None = 200) -> Any:
        data = json.dumps(body if body is not None else {})
        response = self.http.post(
            API + path, data, content_type="application/json", headers=self._headers()
        )
        return self._checked(response, f"POST {API}{path}", expect)

    def _checked(self, response: Any, what: str, expect: int | None) -> Any:
        no_server_error(response, f"{what} as {self.who}")
        if expect is not None:
            assert response.status_code == expect, (
                f"{what} as {self.who}: {response.status_code}, expected {expect}: "
                f"{response.content.decode()[:800]}"
            )
        return response.json() if response.content else None
