"""Dispatch that cannot be lost: a transactional outbox for background work."""
