"""Helpers shared by test modules: never a test module itself (tests/test_code_health_round25.py).

Imported as ``support.<module>``; a test module imports only these, conftest fixtures and the
other non-test helpers (``questionnaire_helpers``, ``browser_tools``), never another test module.
"""
