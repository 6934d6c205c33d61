"""People named in an import file or written by an export: username, e-mail or displayed name.

One index per import (or export) of a kommun's people (``policy.people``): a
cell may name a person by username, by e-mail or by the name the portal shows
("Lars Holm") when that name is unique. The export writes the displayed name
when it leads back to the same person, else the username, so that what it
writes always imports back.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from portfolio import policy


def _name_key(text: str) -> str:
    return " ".join(text.split()).lower()


def _describe(user) -> str:
    full = user.get_full_name()
    details = ", ".join(v for v in (user.username, user.email) if v)
    return f"{full} ({details})" if full else details


class People:
    """The people of one kommun, found by username, e-mail or displayed name."""

    def __init__(self, users, kommun):
        self.kommun = kommun
        self.by_username: dict[str, object] = {}
        self.by_email: dict[str, list] = defaultdict(list)
        self.by_name: dict[str, list] = defaultdict(list)
        for user in users:
            self.by_username[user.username.lower()] = user
            if user.email:
                self.by_email[user.email.lower()].append(user)
            name = _name_key(user.get_full_name())
            if name:
                self.by_name[name].append(user)
        self._refusals: dict[str, str] = {}
        self._labels: dict[int, str] = {}

    def _known(self, key: str):
        """The person ``key`` names among the kommun's people, or None; ValueError if ambiguous."""
        lowered = key.lower()
        found = self.by_username.get(lowered)
        if found is not None:
            return found
        matches = self.by_email.get(lowered, [])
        if len(matches) > 1:
            raise ValueError(
                _("Flera användare har e-postadressen ”%(key)s”. Ange användarnamnet.")
                % {"key": key}
            )
        if matches:
            return matches[0]
        matches = self.by_name.get(_name_key(key), [])
        if len(matches) > 1:
            raise ValueError(
                _(
                    "Flera personer i %(kommun)s heter ”%(key)s”: %(candidates)s. "
                    "Ange användarnamn eller e-post."
                )
                % {
                    "kommun": self.kommun.name,
                    "key": key,
                    "candidates": "; ".join(_describe(u) for u in matches),
                }
            )
        return matches[0] if matches else None

    def find(self, key: str):
        """The person a cell names; ValueError with the candidates when there is none or several."""
        found = self._known(key)
        if found is not None:
            return found
        if key not in self._refusals:
            self._refusals[key] = self._refusal(key)
        raise ValueError(self._refusals[key])

    def _refusal(self, key: str) -> str:
        """Why ``key`` names nobody here: a person of another kommun, or no such person."""
        name = _name_key(key)
        outside = (
            get_user_model()
            .objects.filter(is_active=True)
            .annotate(_full=Concat("first_name", Value(" "), "last_name"))
            .filter(Q(username__iexact=key) | Q(email__iexact=key) | Q(_full__iexact=name))
            .first()
        )
        if outside is not None:
            try:
                policy.require_person(outside, kommun_id=self.kommun.pk)
            except ValidationError as exc:
                return " ".join(exc.messages)
        message = _(
            "Det finns ingen aktiv användare med roll i %(kommun)s med användarnamn, e-post "
            "eller namn ”%(key)s”."
        ) % {"kommun": self.kommun.name, "key": key}
        similar = difflib.get_close_matches(name, list(self.by_name), n=3, cutoff=0.75)
        if similar:
            candidates = "; ".join(_describe(u) for n in similar for u in self.by_name[n])
            message += " " + _("Menade du: %(candidates)s?") % {"candidates": candidates}
        return message

    def label(self, user) -> str:
        """What an export writes for ``user``: the displayed name if it finds them again."""
        if user is None:
            return ""
        if user.pk not in self._labels:
            full = user.get_full_name()
            try:
                same = full and self._known(full) == user
            except ValueError:
                same = False
            self._labels[user.pk] = full if same else user.username
        return self._labels[user.pk]
