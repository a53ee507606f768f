"""Domain rules as plain async functions taking the session first.

Services never import aiogram: handlers translate between chat and domain.
"""
