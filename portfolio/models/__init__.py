from .organisations import (
    DemoAccount,
    Forvaltning,
    Kommun,
    KommunGroupObjectPermission,
    KommunUserObjectPermission,
    KommunYearFigures,
    LoginEvent,
    RoleAssignment,
    Samverkansorganisation,
)

__all__ = [
    "DemoAccount",
    "Forvaltning",
    "Kommun",
    "KommunGroupObjectPermission",
    "KommunUserObjectPermission",
    "KommunYearFigures",
    "LoginEvent",
    "RoleAssignment",
    "Samverkansorganisation",
]
