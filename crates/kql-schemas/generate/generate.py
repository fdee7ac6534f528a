#!/usr/bin/env python3
"""Generates kql-schemas' data files from Azure Monitor's table and supported-logs reference.

Reads the `MicrosoftDocs/azure-reference-other` repository (a bare git mirror, read with
`git show`, nothing checked out) at commit `bea5384`, the last commit that still holds
`azure-monitor-ref/tables/` (the folder moved elsewhere on 2024-11-21), and writes:

- `data/tables.tsv`: one line per documented table: the table name, then its columns as
  `Name:type`, tab-separated, in the page's order. Names and KQL types only: no descriptions.
- `data/categories.tsv`: one line per diagnostic category: resource type (lower case),
  category, table.

Rules (each one a fact taken from the pages, or a decision said here):

- A table page is `azure-monitor-ref/tables/<name>.md` with a `# <Table>` title and a
  `|Column|Type|Description|` markdown table, usually in an `[!INCLUDE …]` file that is
  followed. Pages without a column table (the per-resource-type and index pages) are skipped.
- Types are written as the canonical KQL names. The `AzureDiagnostics` page spells them the
  .NET way (`String`, `Double`, `Guid`, `DateTime`, `Bool`, `BigInt`): mapped to `string`,
  `real`, `guid`, `datetime`, `bool`, `long`.
- `AzureDiagnostics` lists `AdditionalFields` with no type; the page's prose calls it "a dynamic
  property bag column", so it is written as `dynamic`. The same page lists `ResourceProvider`,
  `ResourceType`, `ResultDescription` and `ResultType` twice with the same type: kept once.
- Standard columns: every Log Analytics table has `TenantId`, `TimeGenerated`, `Type`,
  `_ResourceId`, `_SubscriptionId`, `SourceSystem`, `_BilledSize` and `_IsBillable`, but about a
  third of the pages omit some of them (`AzureDiagnostics` even lacks `TimeGenerated`). **This
  script adds the missing ones**, with the type every other page gives them, at the place the
  page's alphabetical order (case and leading `_` ignored) puts them.
- `AzureDiagnostics` also gets `ResourceId` and `SubscriptionId`, which its page omits but
  Microsoft's example queries for it use (see EXTRA_COLUMNS).
- Categories: `azure-monitor-ref/supported-logs/includes/*-logs-include.md`, one row per
  category; the resource type is the include's `ms.custom` header. The row's "Log table" link
  names the resource-specific table. A row with no table goes to `AzureDiagnostics` (the
  legacy mode), except where a documented table has exactly the category's name and its page
  lists the resource type (`AmlComputeClusterNodeEvent` of
  `microsoft.machinelearningservices/workspaces`): then that table.

Usage: python3 generate.py [--mirror PATH] [--commit REV]
Python 3.11, standard library only. The output is deterministic; re-running it on the same
commit gives the same bytes.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys

DEFAULT_MIRROR = "/work/.mirror/MicrosoftDocs+azure-reference-other/repo"
DEFAULT_COMMIT = "bea5384"
TABLES_DIR = "azure-monitor-ref/tables"
CATEGORIES_DIR = "azure-monitor-ref/supported-logs/includes"
OUT_DIR = pathlib.Path(__file__).resolve().parent.parent / "data"

KQL_TYPES = {"bool", "int", "long", "real", "decimal", "string", "datetime", "timespan", "guid", "dynamic"}
# The AzureDiagnostics page's .NET spellings.
TYPE_ALIASES = {"String": "string", "Double": "real", "Guid": "guid", "DateTime": "datetime",
                "Bool": "bool", "BigInt": "long"}
# Columns every table has, with the type all pages that list them agree on.
STANDARD_COLUMNS = {
    "TenantId": "string",
    "TimeGenerated": "datetime",
    "Type": "string",
    "_ResourceId": "string",
    "_SubscriptionId": "string",
    "SourceSystem": "string",
    "_BilledSize": "real",
    "_IsBillable": "string",
}
# Columns a page omits although the table has them. AzureDiagnostics keeps the record's own
# `ResourceId` and `SubscriptionId` beside the standard `_ResourceId`/`_SubscriptionId`:
# Microsoft's example queries for the table at the same commit use both
# (azure-monitor-ref/queries/azurediagnostics.md).
EXTRA_COLUMNS = {"AzureDiagnostics": {"ResourceId": "string", "SubscriptionId": "string"}}
# Columns a page lists without a type, typed from the same page's prose.
UNTYPED_COLUMNS = {("AzureDiagnostics", "AdditionalFields"): "dynamic"}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Mirror:
    """Reads files of one commit of a bare git mirror."""

    def __init__(self, git_dir: str, commit: str) -> None:
        self.git_dir = git_dir
        self.commit = self._git("rev-parse", commit + "^{commit}").strip()
        self.date = self._git("show", "-s", "--format=%cs", self.commit).strip()

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "--git-dir=" + self.git_dir, *args], check=True,
                              capture_output=True, text=True).stdout

    def list(self, folder: str) -> list[str]:
        return sorted(self._git("ls-tree", "--name-only", self.commit, folder + "/").split())

    def show(self, path: str) -> str:
        return self._git("show", f"{self.commit}:{path}")


def fail(message: str) -> None:
    sys.exit(f"generate.py: {message}")


def with_includes(mirror: Mirror, folder: str, text: str) -> str:
    """The page with each `[!INCLUDE [x](path)]` replaced by the included file."""
    def include(m: re.Match[str]) -> str:
        path = m.group(1).removeprefix("./")
        return mirror.show(f"{folder}/{path}")
    return re.sub(r"\[!INCLUDE\s*\[[^\]]*\]\(([^)]+)\)\]", include, text)


def table_rows(text: str, header: re.Pattern[str]) -> list[list[str]]:
    """The cells of the rows of the first markdown table whose header matches."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if header.match(line):
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append([c.strip() for c in row.strip()[1:].split("|")])
            return rows
    return []


def sort_key(column: str) -> str:
    return column.lstrip("_").lower()


def table_columns(title: str, rows: list[list[str]]) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for cells in rows:
        name, kind = cells[0], cells[1] if len(cells) > 1 else ""
        if not NAME.fullmatch(name):
            fail(f"{title}: column name {name!r} is not an identifier")
        if not kind:
            kind = UNTYPED_COLUMNS.get((title, name), "")
        kind = TYPE_ALIASES.get(kind, kind)
        if kind not in KQL_TYPES:
            fail(f"{title}.{name}: unknown type {cells[1]!r}")
        if name in seen:
            if seen[name] != kind:
                fail(f"{title}.{name} listed twice with types {seen[name]} and {kind}")
            continue
        seen[name] = kind
        columns.append((name, kind))
    for name, kind in (STANDARD_COLUMNS | EXTRA_COLUMNS.get(title, {})).items():
        if name in seen:
            if seen[name] != kind:
                fail(f"{title}.{name} is {seen[name]}, other pages say {kind}")
            continue
        at = next((i for i, (c, _) in enumerate(columns) if sort_key(c) > sort_key(name)), len(columns))
        columns.insert(at, (name, kind))
    return columns


def read_tables(mirror: Mirror) -> tuple[dict[str, list[tuple[str, str]]], dict[str, set[str]]]:
    """Every documented table's columns, and the resource types each page lists."""
    header = re.compile(r"^\|\s*Column\s*\|\s*Type\s*\|")
    tables: dict[str, list[tuple[str, str]]] = {}
    resource_types: dict[str, set[str]] = {}
    for path in mirror.list(TABLES_DIR):
        if not path.endswith(".md"):
            continue
        text = with_includes(mirror, TABLES_DIR, mirror.show(path))
        rows = table_rows(text, header)
        if not rows:
            continue
        title = re.search(r"^# (.+?)\s*$", text, re.M)
        if title is None or not NAME.fullmatch(title.group(1)):
            fail(f"{path}: no table name in its title")
        name = title.group(1)
        if name in tables:
            fail(f"{path}: table {name} documented twice")
        tables[name] = table_columns(name, rows)
        types = re.search(r"^\|\*\*Resource types\*\*\|([^|]*)\|", text, re.M)
        resource_types[name] = {t.strip().lower() for t in types.group(1).split(",")} if types else set()
    return tables, resource_types


def read_categories(mirror: Mirror, tables: dict[str, list[tuple[str, str]]],
                    resource_types: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(resource type, category, table) for every documented diagnostic category."""
    header = re.compile(r"^\|Category\|Category display name\|\s*Log table\|")
    link = re.compile(r"^\[([A-Za-z_][A-Za-z0-9_]*)\]\(")
    out: list[tuple[str, str, str]] = []
    for path in mirror.list(CATEGORIES_DIR):
        if not path.endswith("-logs-include.md"):
            continue
        text = mirror.show(path)
        custom = re.search(r"^ms\.custom:\s*([^,\s]+)", text, re.M)
        if custom is None:
            fail(f"{path}: no resource type in ms.custom")
        resource_type = custom.group(1).lower()
        rows = table_rows(text, header)
        if not rows:
            fail(f"{path}: no category table")
        for cells in rows:
            category = cells[0].strip("`").strip()
            if not category:
                fail(f"{path}: a row without a category")
            table_link = link.match(cells[2])
            if table_link:
                table = table_link.group(1)
            elif resource_type in resource_types.get(category, set()):
                table = category
            else:
                table = "AzureDiagnostics"
            if table not in tables:
                print(f"note: {resource_type} {category} → {table}, a table without a page",
                      file=sys.stderr)
            out.append((resource_type, category, table))
    out.sort(key=lambda r: (r[0], r[1].lower(), r[1]))
    for a, b in zip(out, out[1:]):
        if a[:2] == b[:2]:
            fail(f"{a[0]} category {a[1]} listed twice")
    return out


def header(mirror: Mirror, what: str, columns: str) -> str:
    return (f"# {what}\n"
            f"# Source: MicrosoftDocs/azure-reference-other commit {mirror.commit} ({mirror.date}).\n"
            f"# Generated by crates/kql-schemas/generate/generate.py; do not edit by hand.\n"
            f"# {columns}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=DEFAULT_MIRROR)
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    args = parser.parse_args()
    mirror = Mirror(args.mirror, args.commit)

    tables, resource_types = read_tables(mirror)
    with open(OUT_DIR / "tables.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write(header(mirror, "Log Analytics tables: names, column names and KQL types "
                       f"(azure-monitor-ref/tables/*.md, standard columns added where missing).",
                       "table<TAB>column:type<TAB>column:type…"))
        for name in sorted(tables, key=lambda n: (n.lower(), n)):
            f.write("\t".join([name] + [f"{c}:{t}" for c, t in tables[name]]) + "\n")

    categories = read_categories(mirror, tables, resource_types)
    with open(OUT_DIR / "categories.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write(header(mirror, "Diagnostic-settings categories and the Log Analytics table each goes "
                       "to (azure-monitor-ref/supported-logs/includes/*-logs-include.md).",
                       "resource type<TAB>category<TAB>table"))
        for row in categories:
            f.write("\t".join(row) + "\n")

    columns = sum(len(c) for c in tables.values())
    print(f"{len(tables)} tables, {columns} columns, {len(categories)} categories", file=sys.stderr)


if __name__ == "__main__":
    main()
