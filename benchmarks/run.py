"""`python -m benchmarks.run`: the app's rollup and Excel code paths against their floors.

Builds a county in a temporary SQLite file through the app's models and services, then times
each product operation and its floor (bare sqlite3 SQL, bare XlsxWriter) in this same run,
and prints product ÷ floor. Results also go to benchmarks/results/latest.md.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from benchmarks.measure import Sample, can_reset_peak, format_seconds, measure_pair

RESULTS = Path(__file__).resolve().parent / "results" / "latest.md"
# Workbooks up to this size are read back with openpyxl to compare product and floor cells.
READ_BACK_MAX_CELLS = 100_000


@dataclass
class Measurement:
    """One product operation and its floor, timed in the same run."""

    name: str
    size: str
    product: Sample
    floor: Sample
    product_statements: str = "–"
    floor_statements: str = "–"

    @property
    def ratio(self) -> float:
        return self.product.median / self.floor.median


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--units", type=int, default=60, help="reporting units (default 60)")
    parser.add_argument(
        "--roster-rows",
        type=int,
        default=40,
        help="window roster rows per unit (default 40; 0 skips the window rollup)",
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed runs after one warm-up (default 5)"
    )
    parser.add_argument("--seed", type=int, default=2024, help="data generator seed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown results file")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary database and workbooks"
    )
    args = parser.parse_args(argv)
    if args.units < 1 or args.roster_rows < 0 or args.repeats < 1:
        parser.error("--units and --repeats must be at least 1, --roster-rows at least 0")

    return args


def point_app_at(db_path: Path) -> str:
    """Make config.py's testing database the temp file; must run before `app` is imported."""
    url = f"sqlite:///{db_path}"
    os.environ["TEST_DATABASE_URL"] = url
    # config.py lets DATABASE_URL override every environment, the testing one included.
    os.environ.pop("DATABASE_URL", None)

    return url


def main(argv: list[str] | None = None) -> int:
    """Build the county, run every measurement, print and save the table."""
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="tongbao-bench-"))
    try:
        lines, agreed = run(args, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    text = "\n".join(lines) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text, end="")

    return 0 if agreed else 1


def run(args: argparse.Namespace, workdir: Path) -> tuple[list[str], bool]:
    """Everything that needs the app: build, measure, check; returns the report lines."""
    started_at = datetime.now()
    db_path = workdir / "county.sqlite"
    url = point_app_at(db_path)
    if "config" in sys.modules or "app" in sys.modules:
        raise SystemExit("benchmarks.run must be started in a fresh interpreter")

    # Imported only now: config.py reads TEST_DATABASE_URL once, when it is first imported.
    from app import create_app
    from app.extensions import db

    app = create_app("testing")
    if app.config["SQLALCHEMY_DATABASE_URI"] != url:
        raise SystemExit(f"refusing to run on {app.config['SQLALCHEMY_DATABASE_URI']}")

    with app.app_context():
        from benchmarks import county

        db.create_all()
        started = time.perf_counter()
        built = county.build_county(args.units, args.roster_rows, args.seed)
        build_seconds = time.perf_counter() - started
        db.session.remove()
        measurements, problems, notes = _measure_all(args, built, str(db_path), workdir)
        db.session.remove()
        db.engine.dispose()

    lines = _report(args, started_at, built, build_seconds, measurements, problems, notes)

    return lines, not problems


def _measure_all(args, built, db_path: str, workdir: Path):
    """Check each rollup floor against the product, then time rollups and exports."""
    from benchmarks import county, floors, product

    floor_db = floors.SqliteFloor(db_path)
    measurements, problems, notes = [], [], []
    cases = [("hotline_orders", floor_db.hotline_rollup, product.hotline_disagreements)]
    if built.window_task_id is not None:
        cases.append(("window_appraisal", floor_db.window_rollup, product.window_disagreements))
    try:
        for template_code, floor_rollup, disagreements in cases:
            rollup = product.Rollup(template_code, county.PERIOD)
            rollup.fresh_session()
            result = rollup.compute()
            found = disagreements(result, floor_rollup(county.PERIOD))
            problems += [f"{template_code}: {p}" for p in found]
            size = (
                f"{built.units:,} units"
                if template_code == "hotline_orders"
                else f"{len(result.rows):,} roster rows"
            )
            product_sample, floor_sample = measure_pair(
                rollup.compute,
                lambda f=floor_rollup: f(county.PERIOD),
                args.repeats,
                before_product=rollup.fresh_session,
            )
            measurements.append(
                Measurement(
                    f"rollup {template_code}.{rollup.rollup_code}",
                    size,
                    product_sample,
                    floor_sample,
                    str(rollup.statements()),
                    str(floors.STATEMENTS_PER_ROLLUP),
                )
            )
            measurements.append(
                _measure_export(args, template_code, result, workdir, problems, notes)
            )
    finally:
        floor_db.close()

    return measurements, problems, notes


def _measure_export(args, template_code, result, workdir, problems, notes) -> Measurement:
    """Time the product's workbook for a rollup result against plain XlsxWriter cells."""
    from benchmarks import floors, product

    grid = product.cells_of(result)
    cells = sum(len(row) for row in grid)
    product_path = str(workdir / f"{template_code}_product.xlsx")
    floor_path = str(workdir / f"{template_code}_floor.xlsx")

    product_sample, floor_sample = measure_pair(
        lambda: product.export(result, product_path),
        lambda: floors.write_cells(floor_path, grid),
        args.repeats,
    )
    if cells <= READ_BACK_MAX_CELLS:
        problems += [
            f"excel {template_code}: {p}"
            for p in product.workbook_disagreements(product_path, floor_path)
        ]
    else:
        notes.append(f"excel {template_code}: not read back ({cells:,} cells)")

    return Measurement(
        f"excel {template_code}.{result.code}",
        f"{len(grid):,} rows, {cells:,} cells",
        product_sample,
        floor_sample,
    )


def _versions() -> str:
    import sqlite3

    names = ("Flask", "SQLAlchemy", "XlsxWriter", "simpleeval")
    packages = ", ".join(f"{name} {metadata.version(name)}" for name in names)

    return (
        f"{os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {packages}"
    )


def _rss(sample: Sample) -> str:
    return f"{sample.peak_rss_mb:.0f} (+{sample.peak_rss_mb - sample.rss_before_mb:.1f})"


def _report(args, started_at, built, build_seconds, measurements, problems, notes) -> list[str]:
    """The results as Markdown lines, ending with the count of measurements."""
    roster = (
        f"; window roster {built.roster_rows} rows per unit ({built.units * built.roster_rows:,})"
        if built.window_task_id is not None
        else "; no window roster (--roster-rows 0)"
    )
    peaks = (
        "the high-water mark is reset before each run through /proc/self/clear_refs"
        if can_reset_peak()
        else "the process's high-water mark so far (ru_maxrss), not per run"
    )
    lines = [
        "# Tongbao benchmarks: product ÷ floor, measured in the same run",
        "",
        f"- Run: {started_at:%Y-%m-%d %H:%M}; {_versions()}.",
        f"- County: {built.units} units, one approved hotline submission each (6 counts)"
        f"{roster}; {built.value_rows:,} submission_value rows in a temporary SQLite file"
        f" (WAL), built in {build_seconds:.1f} s (not timed).",
        f"- Method: one warm-up, then {args.repeats} timed runs of each operation, product and "
        "floor runs alternating; medians. Product rollups start each run from a fresh session, "
        "as a request does. Peak RSS in MB during a run (its rise over the RSS before that "
        f"run), the largest rise of the runs: {peaks}.",
        "",
        "| measurement | size | product | floor | ratio | SQL statements product / floor "
        "| peak RSS MB product | peak RSS MB floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in measurements:
        lines.append(
            f"| {m.name} | {m.size} | {format_seconds(m.product.median)} "
            f"| {format_seconds(m.floor.median)} | {m.ratio:.1f}× "
            f"| {m.product_statements} / {m.floor_statements} "
            f"| {_rss(m.product)} | {_rss(m.floor)} |"
        )
    lines += ["", "Raw times in ms (product; floor):", ""]
    for m in measurements:
        product_ms = ", ".join(f"{t * 1e3:.2f}" for t in m.product.times)
        floor_ms = ", ".join(f"{t * 1e3:.2f}" for t in m.floor.times)
        lines.append(f"- {m.name}: {product_ms}; {floor_ms}")
    lines.append("")
    if problems:
        lines.append("Floor results DIFFER from the product's, so these ratios are not valid:")
        lines += [f"- {p}" for p in problems]
    else:
        lines.append(
            "Check: each rollup floor returned the product's rows, ranks, subtotals, totals and "
            "missing units (numbers equal to 1e-9); the Excel floors' workbooks, read back with "
            "openpyxl, hold the product's values from the header row down."
        )
    lines += [f"- {note}" for note in notes]
    lines += ["", f"benchmarks: {len(measurements)} measurements"]

    return lines


if __name__ == "__main__":
    sys.exit(main())
