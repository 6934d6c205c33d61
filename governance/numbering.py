"""Numbering: § per council and year, ärende and delegation numbers.

``next_number`` takes the next number of a sequence under a row lock, so
concurrent decisions never share or skip a number.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction


class NumberSequence(models.Model):
    """The last number handed out in one sequence (§ per council and year, etc.).

    Rows are locked with ``select_for_update`` while a number is taken, so two
    users deciding at once get consecutive numbers and none is skipped.
    """

    key = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="uniq_number_sequence")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"


def next_number(key: str, year: int) -> int:
    """Take the next number in a sequence. Call inside a transaction.

    The sequence row is locked (``select_for_update``) until the transaction
    ends, so concurrent callers queue up and numbers are never reused or
    skipped. A decision that fails rolls its number back with it.
    """
    seq = NumberSequence.objects.select_for_update().filter(key=key, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(key=key, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock it below
        seq = NumberSequence.objects.select_for_update().get(key=key, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last
