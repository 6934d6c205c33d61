"""The form page shared by the governance views (one template, governance/form.html)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render


def form_page(request, form, *, title, back, status=200, intro=""):
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "back": back, "intro": intro},
        status=status,
    )


def run_form(request, form, action, *, success, redirect_to, title, back, intro=""):
    """Validate ``form``, run ``action(form.cleaned_data)`` and redirect; else show errors."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(redirect_to)
    status = 400 if request.method == "POST" else 200
    return form_page(request, form, title=title, back=back, status=status, intro=intro)
