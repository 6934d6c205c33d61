"""The search page (``/sok/?q=``), reached from the search box in every page's header."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portfolio.search import services


@login_required
def search(request):
    query = services.clean_query(request.GET.get("q"))
    groups = services.search(request.user, query)
    context = {
        "query": query,
        "groups": groups,
        "too_short": bool(query) and len(query) < services.MIN_LENGTH,
        "hit_count": sum(len(g.hits) for g in groups),
        "search_query": query,
    }
    return render(request, "portfolio/search/results.html", context)
