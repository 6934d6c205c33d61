"""The one permission policy of the portal.

Every view, queryset, form, export and task asks this module:

* ``restrict(queryset, user, action)`` narrows a queryset to the rows the user
  may act on.
* ``require(user, action, obj)`` raises ``Http404`` when the user may not even
  see the object, and ``PermissionDenied`` (403, Swedish message) when they
  may see it but not take the action.
* ``can(user, action, obj)`` answers the same question as a bool.

The rules per model live beside their models (``portfolio/rules.py``,
``governance/rules.py`` ...) and register here with ``@register(Model)``, so
this module never imports upward. A rule turns the user's role scopes
(``UserScope``) into a ``Q`` filter. Django-guardian's direct foreign-key
object permissions are added on top: a user granted ``view_system`` on one
system sees that system even outside their scope.

Creation is a policy question too: ``targets(user, Model)`` answers *where*
the user may add one (which kommuner, förvaltningar and samverkan
organisations), and every "Ny …" button, form choice list, nav entry and
import row asks it. ``people(...)`` answers who may be picked as a person
(systemägare, kontaktperson, member ...) for an object of a kommun or
samverkan, and ``require_person`` refuses anyone else in services.

Samverkan scope has one meaning per kind of action, computed once in
``UserScope``:

* **takes part** (``UserScope.partner_samverkan_ids``, for reading): the user
  holds a role in a member or host kommun, or a samverkan-wide role.
* **acts for** (``UserScope.acting_samverkan_ids``, for adding, changing and
  managing what the samverkan owns): a samverkan-wide role, the role
  kommun-wide in the host kommun (which runs the shared IT organisation), or
  the role kommun-wide in every member kommun.

Superusers pass everything. Anonymous users see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.choices import Role

VIEW = "view"
CHANGE = "change"
ADD = "add"
DELETE = "delete"
DECIDE = "decide"
DOWNLOAD = "download"
MANAGE = "manage"
# Read the audit trail (history and login events) of a kommun. Only the Kommun
# rule answers it; see portfolio.audit.
AUDIT = "audit"
# Sign (justera) a meeting's minutes. Only the governance Meeting rule answers it.
SIGN = "sign"
# Give a consultation body's opinion (yttrande) on an ärende on remiss.
REVIEW = "review"
# Submit (lämna in) a nämnd's IT-plan. Only the governance ITPlan rule answers it.
SUBMIT = "submit"
ACTIONS = (VIEW, CHANGE, ADD, DELETE, DECIDE, DOWNLOAD, MANAGE, AUDIT, SIGN, REVIEW, SUBMIT)

# Roles that may change the kommun's registers and configuration.
STEWARD_ROLES = frozenset({Role.IT_STRATEG, Role.ADMINISTRATOR})

# The user's scope is part of the policy's interface (rules take a UserScope).
from portfolio.scope import Grant, UserScope, forget_scope, get_scope  # noqa: E402, F401


@dataclass(frozen=True)
class Targets:
    """Where a user may add an object of one model (``targets(user, Model)``).

    ``kommun_ids``: kommuner where the user may add anywhere, kommungemensamt
    included. ``forvaltning_ids``: further förvaltningar where the user may add
    for that förvaltning only. ``samverkan_ids``: samverkan organisations the
    object may belong to. ``everywhere``: a superuser.
    """

    kommun_ids: frozenset[int] = frozenset()
    forvaltning_ids: frozenset[int] = frozenset()
    samverkan_ids: frozenset[int] = frozenset()
    everywhere: bool = False

    def __bool__(self) -> bool:
        return self.everywhere or bool(
            self.kommun_ids or self.forvaltning_ids or self.samverkan_ids
        )

    def kommuner(self) -> QuerySet:
        """Kommuner to offer: whole kommuner plus those of the förvaltningar."""
        from portfolio.models import Kommun

        if self.everywhere:
            return Kommun.objects.all()
        return Kommun.objects.filter(
            Q(pk__in=self.kommun_ids) | Q(forvaltningar__in=self.forvaltning_ids)
        ).distinct()

    def forvaltningar(self) -> QuerySet:
        from portfolio.models import Forvaltning

        if self.everywhere:
            return Forvaltning.objects.all()
        return Forvaltning.objects.filter(
            Q(kommun__in=self.kommun_ids) | Q(pk__in=self.forvaltning_ids)
        )

    def samverkan(self) -> QuerySet:
        from portfolio.models import Samverkansorganisation

        if self.everywhere:
            return Samverkansorganisation.objects.all()
        return Samverkansorganisation.objects.filter(pk__in=self.samverkan_ids)

    def allows(self, *, kommun_id=None, forvaltning=None, samverkan_id=None) -> bool:
        """May the object be added with this kommun, förvaltning or samverkan?

        A förvaltning-scoped user must name one of their förvaltningar; a
        kommun-wide user may leave the förvaltning empty (kommungemensamt).
        """
        if self.everywhere:
            return True
        if samverkan_id is not None:
            return samverkan_id in self.samverkan_ids
        if forvaltning is not None:
            if kommun_id is not None and forvaltning.kommun_id != kommun_id:
                return False
            return (
                forvaltning.pk in self.forvaltning_ids or forvaltning.kommun_id in self.kommun_ids
            )
        return kommun_id is not None and kommun_id in self.kommun_ids


class Rule:
    """How one model's rows are filtered per action. Subclass and register."""

    #: guardian's direct user-permission model for this model, if any
    user_permission_model: type[Model] | None = None
    #: actions for which a guardian grant of ``<action>_<model>`` counts
    guardian_actions: tuple[str, ...] = (VIEW, CHANGE)

    def q(self, scope: UserScope, action: str) -> Q | None:
        """A filter for the rows ``scope`` may take ``action`` on; None means none."""
        raise NotImplementedError

    def check(self, scope: UserScope, action: str, obj: Model) -> bool | None:
        """Optional object-level veto or grant. None means: decide by ``q``."""
        return None

    def targets(self, scope: UserScope) -> Targets:
        """Where ``scope`` may add a new row of this model. Default: nowhere."""
        return Targets()

    def denied_message(self, action: str, obj: Model) -> str:
        return _("Du har inte behörighet att göra detta.")


_rules: dict[type[Model], Rule] = {}


def register(model: type[Model]):
    def decorator(rule_class: type[Rule]) -> type[Rule]:
        _rules[model] = rule_class()
        return rule_class

    return decorator


def rule_for(model: type[Model]) -> Rule:
    model = model._meta.concrete_model
    try:
        return _rules[model]
    except KeyError:
        raise LookupError(f"No policy rule registered for {model.__name__}") from None


def registered_models() -> list[type[Model]]:
    return list(_rules)


NOTHING = Q(pk__in=[])


def _guardian_q(rule: Rule, scope: UserScope, model: type[Model], action: str) -> Q | None:
    if rule.user_permission_model is None or action not in rule.guardian_actions:
        return None
    codename = f"{action}_{model._meta.model_name}"
    granted = rule.user_permission_model.objects.filter(
        user_id=scope.user_id, permission__codename=codename
    ).values("content_object_id")
    return Q(pk__in=granted)


def scope_q(scope: UserScope, model: type[Model], action: str) -> Q:
    """The rule's filter plus guardian grants, for a scope (used by parent rules)."""
    if scope.is_superuser:
        return Q()
    rule = rule_for(model)
    q = rule.q(scope, action)
    extra = _guardian_q(rule, scope, model, action)
    if q is None and extra is None:
        return NOTHING
    if q is None:
        return extra
    return q | extra if extra is not None else q


class KommunStewardRule(Rule):
    """Rows owned by a kommun: read by everyone working there, added and changed by its stewards.

    Subclasses set ``message``, the refusal shown to everyone else.
    """

    message = gettext_lazy("Bara kommunens IT-strateg eller administratör får ändra detta.")

    def q(self, scope: UserScope, action: str) -> Q | None:
        if action == VIEW:
            return Q(kommun__in=scope.member_kommun_ids())
        return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))

    def targets(self, scope: UserScope) -> Targets:
        return Targets(kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)))

    def denied_message(self, action, obj):
        return self.message


class ParentRule(Rule):
    """A child row (cost, contract, benefit...) follows its parent's rule.

    Seeing the parent lets you see the child; changing the parent lets you
    add, change and delete its children.
    """

    parent_model: type[Model]
    parent_field: str

    def q(self, scope: UserScope, action: str) -> Q | None:
        parent_action = VIEW if action == VIEW else CHANGE
        parents = self.parent_model._default_manager.filter(
            scope_q(scope, self.parent_model, parent_action)
        ).values("pk")
        return Q(**{f"{self.parent_field}__in": parents})


def filter_q(user, model: type[Model], action: str = VIEW) -> Q:
    """The filter ``restrict`` applies, for use in subqueries and annotations."""
    scope = get_scope(user)
    if scope.is_anonymous:
        return NOTHING
    return scope_q(scope, model, action)


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may take ``action`` on."""
    q = filter_q(user, queryset.model, action)
    if q == NOTHING:
        return queryset.none()
    return queryset.filter(q)


def can(user, action: str, obj: Model) -> bool:
    scope = get_scope(user)
    if scope.is_anonymous:
        return False
    if scope.is_superuser:
        return True
    rule = rule_for(type(obj))
    verdict = rule.check(scope, action, obj)
    if verdict is not None:
        return verdict
    model = type(obj)._meta.concrete_model
    return model._default_manager.filter(filter_q(user, model, action), pk=obj.pk).exists()


def require(user, action: str, obj: Model) -> None:
    """404 when ``obj`` is invisible to ``user``, 403 when ``action`` is not allowed."""
    if not can(user, VIEW, obj):
        raise Http404(_("Sidan finns inte."))
    if action != VIEW and not can(user, action, obj):
        raise PermissionDenied(rule_for(type(obj)).denied_message(action, obj))


def targets(user, model: type[Model]) -> Targets:
    """Where ``user`` may add a ``model``: the one answer for buttons, forms, nav and imports."""
    scope = get_scope(user)
    if scope.is_anonymous:
        return Targets()
    if scope.is_superuser:
        return Targets(everywhere=True)
    return rule_for(model).targets(scope)


def can_add(user, model: type[Model], **where) -> bool:
    """May ``user`` add a ``model`` anywhere, or at ``where`` (see ``Targets.allows``)."""
    found = targets(user, model)
    return found.allows(**where) if where else bool(found)


def require_add(user, model: type[Model], **where) -> None:
    """403 unless ``user`` may add a ``model`` (at ``where``, when given)."""
    if not can_add(user, model, **where):
        raise PermissionDenied(rule_for(model).denied_message(ADD, None))


def require_still_visible(user, obj: Model) -> None:
    """After saving inside a transaction: refuse (and so roll back) what left the user's scope.

    A tampered form must never create or move an object outside what the
    user may see (as NetBox's ``ObjectEditView`` re-checks after saving).
    """
    if not can(user, VIEW, obj):
        raise PermissionDenied(_("Du kan inte spara något utanför din behörighet."))


class PeopleQuerySet(QuerySet):
    """The users ``people()`` offers; remembers the kommuner they were picked for.

    Person pickers show each person's roles in those kommuner
    ("Anna Berg (Systemägare, Socialförvaltningen)").
    """

    people_kommun_ids: frozenset = frozenset()

    def _clone(self):
        clone = super()._clone()
        clone.people_kommun_ids = self.people_kommun_ids
        return clone


def with_people_scope(queryset, *, kommun_id=None, samverkan_id=None) -> PeopleQuerySet:
    """``queryset`` of users (e.g. a council's members) marked like ``people()`` for its labels."""
    marked = PeopleQuerySet(model=queryset.model, query=queryset.query.chain(), using=queryset.db)
    marked.people_kommun_ids = frozenset(_people_kommun_ids(kommun_id, samverkan_id, None))
    return marked


def _people_kommun_ids(kommun_id, samverkan_id, kommun_ids) -> set:
    from portfolio.models import Samverkansorganisation

    if samverkan_id is not None:
        s = Samverkansorganisation.objects.get(pk=samverkan_id)
        return {s.host_id, *s.members.values_list("pk", flat=True)}
    if kommun_id is not None:
        return {kommun_id}
    if kommun_ids is not None:
        return set(kommun_ids)
    return set()


def roles_in(kommun_ids):
    """Role assignments active today in these kommuner (kommun-wide, förvaltning, samverkan)."""
    from portfolio.models import RoleAssignment, Samverkansorganisation

    today = timezone.localdate()
    samverkan = Samverkansorganisation.objects.filter(
        Q(members__in=kommun_ids) | Q(host__in=kommun_ids)
    ).values("pk")
    return (
        RoleAssignment.objects.filter(valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(
            Q(kommun__in=kommun_ids)
            | Q(forvaltning__kommun__in=kommun_ids)
            | Q(samverkan__in=samverkan)
        )
    )


def people(*, kommun_id: int | None = None, samverkan_id: int | None = None, kommun_ids=None):
    """Users who may be picked as a person for an object of this kommun or samverkan.

    Anyone with an active role in the kommun (kommun-wide, in one of its
    förvaltningar, or through a samverkan the kommun belongs to); for a
    samverkan object, anyone with a role in one of its member kommuner.
    ``kommun_ids`` offers the people of several kommuner (a form whose kommun
    is not chosen yet); the service then checks the chosen one.
    """
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if kommun_id is None and samverkan_id is None and kommun_ids is None:
        return user_model.objects.none()
    kommun_ids = _people_kommun_ids(kommun_id, samverkan_id, kommun_ids)
    found = PeopleQuerySet(model=user_model).filter(
        is_active=True, pk__in=roles_in(kommun_ids).values("user_id")
    )
    found.people_kommun_ids = frozenset(kommun_ids)
    return found.order_by("first_name", "last_name", "username")


def require_person(person, *, kommun_id=None, samverkan_id=None, field: str | None = None) -> None:
    """ValidationError unless ``person`` (or None) may be picked for this kommun or samverkan."""
    from django.core.exceptions import ValidationError

    if person is None:
        return
    if not people(kommun_id=kommun_id, samverkan_id=samverkan_id).filter(pk=person.pk).exists():
        message = _("%(person)s har ingen roll i kommunen och kan inte väljas.") % {
            "person": person.get_full_name() or person.get_username()
        }
        raise ValidationError({field: message} if field else message)
