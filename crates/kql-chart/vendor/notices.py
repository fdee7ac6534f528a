#!/usr/bin/env python3
"""Writes NOTICES: the packages bundled inside the three vendored builds, and their licences.

Run it in a folder where `npm install --omit=dev --ignore-scripts vega@6.4.0 vega-lite@6.5.0
vega-embed@7.3.0` was run (it reads ./node_modules), with this folder as its argument.
The packages are read from the builds' own metadata, not guessed:

- vega-lite and vega-embed: the `sources` of the source map npm ships beside each minified
  build (a file under node_modules/<package>/ was bundled). Their UMD headers name the
  packages left out (vega-lite: vega; vega-embed: vega, vega-lite).
- vega ships no map for vega.min.js, whose UMD header names no external package: everything
  its ES module entry imports is bundled, followed import by import through each package's
  entry file. d3-array's and d3-delaunay's entries are themselves bundles that carry the code
  of internmap, delaunator and robust-predicates; the script checks that code is there.
"""
import json
import os
import re
import sys

NM = "node_modules/"
IMPORT = re.compile(
    r"""(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]"""
)
TOP = {"vega": "6.4.0", "vega-lite": "6.5.0", "vega-embed": "7.3.0"}


def meta(package):
    with open(NM + package + "/package.json") as f:
        return json.load(f)


def entry(package):
    m = meta(package)
    for key in ("module", "main"):
        if isinstance(m.get(key), str):
            return os.path.normpath(NM + package + "/" + m[key])
    exports = m.get("exports", {})
    exports = exports.get(".", exports)
    return os.path.normpath(NM + package + "/" + exports["default"])


def resolve(path):
    for candidate in (path, path + ".js", path + ".mjs", path + "/index.js"):
        if os.path.isfile(candidate):
            return candidate
    raise SystemExit(f"cannot resolve {path}")


def imported_packages(package):
    """The packages the entry file of `package` imports, following its relative imports."""
    seen, found, todo = set(), set(), [resolve(entry(package))]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        with open(path) as f:
            text = f.read()
        for match in IMPORT.finditer(text):
            spec = next(g for g in match.groups() if g)
            if spec.startswith("."):
                todo.append(resolve(os.path.normpath(os.path.join(os.path.dirname(path), spec))))
            elif re.fullmatch(r"[@a-z0-9][\w.\-/@]*", spec):
                parts = spec.split("/")
                found.add("/".join(parts[:2]) if spec.startswith("@") else parts[0])
    return found


def inlined(package, dependency, marker):
    with open(resolve(entry(package))) as f:
        if marker not in f.read():
            raise SystemExit(f"{package}'s entry no longer carries {dependency} ({marker!r})")
    return dependency


def bundled_by_vega():
    seen, todo = set(), ["vega"]
    while todo:
        package = todo.pop()
        if package not in seen:
            seen.add(package)
            todo.extend(imported_packages(package))
    seen.add(inlined("d3-array", "internmap", "class InternMap"))
    seen.add(inlined("d3-delaunay", "delaunator", "class Delaunator"))
    seen.add(inlined("d3-delaunay", "robust-predicates", "134217729"))
    return seen - {"vega"}


def bundled_by_map(package, build):
    with open(NM + package + "/build/" + build + ".map") as f:
        sources = json.load(f)["sources"]
    found = set()
    for source in sources:
        match = re.search(r"node_modules/((?:@[^/]+/)?[^/]+)/", source)
        if match:
            found.add(match.group(1))
    return found - {package}


def licence_text(package):
    for name in sorted(os.listdir(NM + package)):
        if re.match(r"(?i)licen[cs]e", name):
            with open(NM + package + "/" + name) as f:
                return f.read().strip() + "\n"
    raise SystemExit(f"{package} ships no licence file")


def main(out_dir):
    for package, version in TOP.items():
        if meta(package)["version"] != version:
            raise SystemExit(f"node_modules holds {package} {meta(package)['version']}, not {version}")
    bundles = {
        f"vega-{TOP['vega']}.min.js": bundled_by_vega(),
        f"vega-lite-{TOP['vega-lite']}.min.js": bundled_by_map("vega-lite", "vega-lite.min.js"),
        f"vega-embed-{TOP['vega-embed']}.min.js": bundled_by_map("vega-embed", "vega-embed.min.js"),
    }
    everything = sorted(set().union(*bundles.values()))
    label = lambda p: f"{p} {meta(p)['version']} ({meta(p).get('license')})"
    lines = [
        "Packages bundled inside the vendored builds, besides vega, vega-lite and vega-embed",
        "themselves (whose notices are LICENSE-vega, LICENSE-vega-lite, LICENSE-vega-embed).",
        "Found by vendor/notices.py from the builds' source maps and import graph; the texts",
        "are the licence files of the npm packages at the versions npm resolved from the",
        "builds' dependency ranges (a bundle may hold a slightly older patch release).",
        "",
    ]
    for bundle, packages in bundles.items():
        lines.append(f"{bundle} bundles:")
        lines.extend(f"  {label(p)}" for p in sorted(packages))
        if not packages:
            lines.append("  nothing else (the packages it imports are vega's, and come from vega)")
        lines.append("")
    groups = {}
    for package in everything:
        groups.setdefault(licence_text(package), []).append(package)
    for text, packages in sorted(groups.items(), key=lambda g: g[1][0]):
        lines.append("=" * 78)
        lines.append("Licence of: " + ", ".join(label(p) for p in packages))
        lines.append("")
        lines.append(text)
    with open(os.path.join(out_dir, "NOTICES"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
