# English UI keeps the portal's ISO dates and Swedish number grouping.
from config.formats.sv.formats import *  # noqa: F403
