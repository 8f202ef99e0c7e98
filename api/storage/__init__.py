"""The two storage backends behind ``api.db``, and the schema's migrations."""
