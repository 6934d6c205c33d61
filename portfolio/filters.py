from portfolio import policy
from portfolio.models import Kommun


def visible_kommuner(request):
    if request is None:
        return Kommun.objects.none()
    return policy.restrict(Kommun.objects.all(), request.user, policy.VIEW)
