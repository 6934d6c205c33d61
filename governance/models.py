"""The governance app's models, defined in its packages (Django looks here)."""

from governance.cases.models import Case, CaseEvent
from governance.councils.models import AnnualMilestone, Council, CouncilMember
from governance.documents.models import GoverningDocument
from governance.itplans.models import ITPlan, ITPlanCost, ITPlanInitiative, ITPlanSystem
from governance.maturity.models import (
    Answer,
    Campaign,
    GapAction,
    Option,
    Participation,
    Question,
    Questionnaire,
    Respondent,
    Section,
)
from governance.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionSystem,
    Meeting,
    MinutesJob,
    Recusal,
    SignedGuard,
    SignedMinutesError,
)
from governance.notifications.models import Notification
from governance.numbering import NumberSequence
from governance.opendata.models import OpenDataPublication

__all__ = [
    "AgendaItem",
    "AnnualMilestone",
    "Answer",
    "Attendance",
    "Campaign",
    "Case",
    "CaseEvent",
    "Council",
    "CouncilMember",
    "Decision",
    "DecisionSystem",
    "ITPlan",
    "ITPlanCost",
    "ITPlanInitiative",
    "ITPlanSystem",
    "GapAction",
    "GoverningDocument",
    "Meeting",
    "MinutesJob",
    "NumberSequence",
    "Notification",
    "OpenDataPublication",
    "Option",
    "Participation",
    "Question",
    "Questionnaire",
    "Recusal",
    "Respondent",
    "Section",
    "SignedGuard",
    "SignedMinutesError",
]
