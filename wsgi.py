"""WSGI entry point for gunicorn: `gunicorn -w 4 wsgi:app`.

Without TONGBAO_CONFIG it runs the production configuration, which refuses to start
without SECRET_KEY; `make run` sets TONGBAO_CONFIG=development.
"""

import os

from app import create_app

app = create_app(os.environ.get("TONGBAO_CONFIG", "production"))
