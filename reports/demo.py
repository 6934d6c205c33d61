"""Demo data for reports: deliberately nothing.

Reports are produced from the portfolio's demo data when a user orders them.
Seeding report jobs would either render PDFs during ``seed_demo`` (slow:
``make run`` must stay fast) or leave rows in köad that no worker picks up in
the embedded default. So the seeder is registered, idempotent, and empty.
"""


def seed_reports() -> None:
    """Nothing to seed; see the module docstring."""
