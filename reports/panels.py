from portfolio import policy
from reports.models import ReportJob
from reports.rules import reads_reports


def latest_reports(request, scope):
    if not reads_reports(scope):
        return None
    jobs = policy.restrict(ReportJob.objects.all(), request.user).select_related(
        "kommun", "samverkan", "it_plan__forvaltning__kommun"
    )[:5]
    return {"jobs": jobs}
