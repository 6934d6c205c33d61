from portfolio import policy
from reports.models import ReportJob


def latest_reports(request, scope):
    if scope.is_anonymous or not (scope.kommun_ids() or scope.is_superuser):
        return None
    jobs = policy.restrict(ReportJob.objects.all(), request.user).select_related(
        "kommun", "samverkan"
    )[:5]
    return {"jobs": jobs}
