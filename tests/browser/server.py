"""Serve the demo county from a SQLite file for the browser tests.

Usage: python -m tests.browser.server DB_PATH PORT_FILE. The database is created and the
demo loaded first; the chosen port is then written to PORT_FILE and requests are served
until the process is terminated.
"""

import os
import sys


def main(db_path: str, port_file: str) -> None:
    """Create the database, load the demo, write the port, and serve forever."""
    # config.py reads the environment when it is imported, so set it before importing the app.
    os.environ.pop("DATABASE_URL", None)
    os.environ["TEST_DATABASE_URL"] = f"sqlite:///{db_path}"

    from werkzeug.serving import make_server

    from app import create_app
    from app.demo.loader import load_demo
    from app.extensions import db

    app = create_app("testing")
    with app.app_context():
        db.create_all()
        load_demo()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    with open(port_file + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(str(server.server_port))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
