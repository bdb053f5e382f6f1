"""Long work done in the background, with its progress: a province's reports in one ZIP today.

The queue is django-tasks' database backend (a table in the project's own database, SQLite or
PostgreSQL, worked by `chitieu worker`); a ``Job`` row is what the user sees of it: who asked,
for which unit, how far it is, the file it made. The work itself lives with its product area
(``chitieu.reports.tasks``) and reports its progress through ``runner.run``.
"""
