"""The model's own validation and database check constraints, for unsaved rows."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, Model, Q


class RowValidator:
    """`full_clean` and check constraints for many rows of one model, without a query per row.

    Foreign keys were resolved from prefetched codes, so they exist, and the
    unique constraints are checked across the file; letting Django check them
    again would cost queries per row. Django asks the database whether a check
    constraint holds, so the answers are remembered by the values the
    constraint reads: most rows share them (default interval, no battery yet).
    """

    def __init__(self, model: type[Model]) -> None:
        self.relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        self.checks = [
            (constraint, self._attnames(model, constraint))
            for constraint in model._meta.constraints
            if isinstance(constraint, CheckConstraint)
        ]
        self.answers: dict[tuple[str, tuple[Any, ...]], list[str]] = {}

    def problems(self, obj: Model) -> list[str]:
        try:
            obj.full_clean(
                exclude=self.relations, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            return [
                message if name == NON_FIELD_ERRORS else f"{name}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        return [message for check in self.checks for message in self._check(obj, *check)]

    def _check(self, obj: Model, constraint: CheckConstraint, attnames: list[str]) -> list[str]:
        key = (constraint.name, tuple(getattr(obj, name) for name in attnames))
        if key not in self.answers:
            try:
                # django-stubs lacks BaseConstraint.validate (Django 4.1+).
                constraint.validate(type(obj), obj, exclude=self.relations)  # type: ignore[attr-defined]
                self.answers[key] = []
            except ValidationError as error:
                self.answers[key] = error.messages
        return self.answers[key]

    @staticmethod
    def _attnames(model: type[Model], constraint: CheckConstraint) -> list[str]:
        names = Q(constraint.condition).referenced_base_fields
        return sorted(field.attname for field in model._meta.concrete_fields if field.name in names)
