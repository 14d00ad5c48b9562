"""
Model validation for records checked by the thousand.

`full_clean()` costs queries: every foreign key is looked up again, and every check
constraint is evaluated by the database (a savepoint and a SELECT each). A quote
has five foreign keys and six constraints, so validating one costs more than saving
it. `validate_loaded()` checks the same things in Python where it can: the related
objects are already loaded, and a check constraint built from plain lookups (exact,
in, isnull, comparisons, F() of another field) is evaluated here with SQL's
three-valued logic. Anything it cannot evaluate goes to Django's own check, so no
validation is dropped, only its queries. Uniqueness is left to the caller, who
checks a whole batch with one query.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, F, Model, Q
from django.db.models.constants import LOOKUP_SEP


class Unsupported(Exception):
    """A condition this module cannot evaluate; Django's own check is used instead."""


class _Excluded(Exception):
    """The condition reads a field that already failed validation: skip it, as Django does."""


def _three_valued(values, connector):
    if connector == Q.AND:
        return False if False in values else (None if None in values else True)
    if connector == Q.OR:
        return True if True in values else (None if None in values else False)
    raise Unsupported(connector)


def _compare(lookup, current, wanted):
    if lookup == "isnull":
        return (current is None) == bool(wanted)
    if lookup == "in":
        return None if current is None else current in wanted
    if current is None or wanted is None:
        return None  # NULL compared with anything is unknown
    if lookup == "exact":
        return current == wanted
    if isinstance(current, str) or isinstance(wanted, str):
        raise Unsupported(lookup)  # ordering strings depends on the database's collation
    return {"gt": current > wanted, "gte": current >= wanted, "lt": current < wanted, "lte": current <= wanted}[lookup]


LOOKUPS = {"exact", "in", "isnull", "gt", "gte", "lt", "lte"}


def _value(obj, name, exclude):
    if name in exclude:
        raise _Excluded(name)
    try:
        field = obj._meta.get_field(name)
    except Exception as error:
        raise Unsupported(name) from error
    if not field.concrete or field.many_to_many:
        raise Unsupported(name)
    return getattr(obj, field.attname)


def evaluate(condition, obj, *, exclude=()):
    """
    True, False or None (unknown, which a CHECK constraint accepts) for `condition`
    (a Q) on the unsaved values of `obj`. Raises Unsupported for what it cannot read.
    """
    if not isinstance(condition, Q):
        raise Unsupported(condition)
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, obj, exclude=exclude))
            continue
        path, wanted = child
        parts = path.split(LOOKUP_SEP)
        lookup = parts.pop() if len(parts) > 1 and parts[-1] in LOOKUPS else "exact"
        if len(parts) != 1:
            raise Unsupported(path)  # a transform or a field across a relation
        if isinstance(wanted, F):
            wanted = _value(obj, wanted.name, exclude)
        elif isinstance(wanted, Model):
            wanted = wanted.pk
        elif hasattr(wanted, "resolve_expression"):
            raise Unsupported(wanted)
        if lookup == "exact" and wanted is None:
            lookup, wanted = "isnull", True  # field=None means IS NULL
        results.append(_compare(lookup, _value(obj, parts[0], exclude), wanted))
    result = _three_valued(results, condition.connector) if results else True
    if condition.negated:
        return None if result is None else not result
    return result


def _check_constraint_errors(obj, exclude):
    errors = {}
    for model, constraints in obj.get_constraints():
        for constraint in constraints:
            if not isinstance(constraint, CheckConstraint):
                continue  # uniqueness: the caller's, for a whole batch at once
            try:
                holds = evaluate(constraint.condition, obj, exclude=exclude) is not False
            except _Excluded:
                continue
            except Unsupported:
                try:
                    constraint.validate(model, obj, exclude=exclude)
                    holds = True
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
                continue
            if not holds:
                violation = ValidationError(
                    constraint.get_violation_error_message(), code=constraint.violation_error_code
                )
                errors = violation.update_error_dict(errors)
    return errors


def _foreign_key_errors(obj, field):
    """A loaded related object is known to exist; its limit_choices_to is read from it."""
    raw = getattr(obj, field.attname)
    if field.blank and raw in field.empty_values:
        return None
    related = field.get_cached_value(obj, default=None)
    limit = field.get_limit_choices_to()
    condition = Q(**limit) if isinstance(limit, dict) else limit
    try:
        if raw is None or related is None or related._state.adding or related.pk != raw:
            raise Unsupported(field.name)
        super(type(field), field).validate(raw, obj)  # null, blank and choices, without the lookup
        field.run_validators(raw)
        if condition and evaluate(condition, related) is False:
            raise ValidationError(
                field.error_messages["invalid"],
                code="invalid",
                params={
                    "model": field.remote_field.model._meta.verbose_name,
                    "pk": raw,
                    "field": field.remote_field.field_name,
                    "value": raw,
                },
            )
    except Unsupported:
        try:
            setattr(obj, field.attname, field.clean(raw, obj))  # Django's own check, with its query
        except ValidationError as error:
            return error
    except ValidationError as error:
        return error
    return None


def validate_loaded(obj, *, exclude=()):
    """
    What obj.full_clean(validate_unique=False) checks, with the related objects set on
    `obj` taken as loaded from the database (they are not looked up again) and check
    constraints evaluated in Python where possible. Raises ValidationError like
    full_clean(), with the same messages.
    """
    exclude = set(exclude)
    foreign_keys = [f for f in obj._meta.concrete_fields if f.many_to_one and f.name not in exclude]
    errors = {}
    try:
        obj.clean_fields(exclude=exclude | {field.name for field in foreign_keys})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field in foreign_keys:
        problem = _foreign_key_errors(obj, field)
        if problem is not None:
            errors.setdefault(field.name, []).extend(problem.error_list)
    order = {field.name: i for i, field in enumerate(obj._meta.fields)}
    errors = dict(sorted(errors.items(), key=lambda item: order[item[0]]))  # clean_fields() reports in field order
    try:
        obj.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    for name, messages in _check_constraint_errors(obj, exclude | failed).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
