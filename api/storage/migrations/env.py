"""Alembic's entry point: postlint always hands it an open connection (``api.storage.schema``)."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
