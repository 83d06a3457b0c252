"""Print the PostgreSQL URL for the second test run, or nothing when none is reachable.

`TEST_DATABASE_URL` wins; otherwise a local server on 127.0.0.1:54329 (the port `.ci/run`
uses) is tried. Under CI=true an unreachable PostgreSQL is an error, never a skip.
"""

import os
import sys

import psycopg

DEFAULT_URL = "postgresql://postgres@127.0.0.1:54329/tongbao_test"


def main() -> int:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL
    try:
        with psycopg.connect(url, connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            print(f"PostgreSQL is required under CI=true: {error}", file=sys.stderr)
            return 1
        print(f"PostgreSQL not reachable at {url}; PostgreSQL run skipped.", file=sys.stderr)
        return 0

    print(url)

    return 0


if __name__ == "__main__":
    sys.exit(main())
