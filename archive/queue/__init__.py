"""Import and analysis on a task queue (issue 18): Celery, on Redis or RabbitMQ.

``import_articles --enqueue`` and ``analyze --enqueue`` put the work on the
queue named by ``QUEUE_URL``; any number of workers (``make worker``), on any
machines that share the database, take it from there. Without ``QUEUE_URL``
the commands do the work themselves, as they always did.

- ``app``: the Celery application, configured from the settings.
- ``tasks``: what a worker runs; each task is idempotent, so a retry or a
  redelivery after a lost worker changes nothing that was already done.
- ``enqueue``: what the commands call to send work.

Progress and the dead letters are rows of ``archive.models.QueueTask``, in
the database every worker shares (``queue_status``, and the admin).
"""
