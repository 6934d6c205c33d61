"""Views of the maturity follow-up: thin; the policy decides, the services change."""
