"""Sending what the outbox holds, within Telegram's limits (see bot/services/delivery.py)."""
