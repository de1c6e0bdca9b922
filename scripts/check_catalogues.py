"""Which visitor-facing interface strings have no translation yet.

Reads every template visitors see (`templates/`, the plugin's and the home
app's templates, without the admin's) and the Python strings listed in
`VISITOR_MODULES`, and looks each message up in the compiled catalogues of
English, Turkish, Arabic and Ukrainian, twice: as the site sees them (the
host's `locale/` and the plugin's catalogues together), and the plugin's
strings in the plugin's own catalogues alone (`stadtteil_pages/locale/`),
because other sites install the plugin without this host's catalogues.
`make messages` refreshes the catalogues first; this prints what is left to
translate and exits 1 if anything is. tests/i18n/test_catalogues.py runs the
same check.

    .venv/bin/python scripts/check_catalogues.py
"""

import ast
import gettext
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.utils.translation import trans_real  # noqa: E402
from django.utils.translation.template import templatize  # noqa: E402

LANGUAGES = ["en", "tr", "ar", "uk"]
TEMPLATE_DIRS = ["templates", "stadtteil_pages/templates", "home/templates"]
# Templates only editors see.
EDITOR_TEMPLATES = ("/admin/", "/previews/")
# Python strings that end up on public pages and in feeds: whole modules
# (None) or only the named classes, functions and module-level names (the
# choices and labels visitors read).
# The models' names (their Meta) label the results of the site search.
VISITOR_MODULES = {
    "home/frame.py": None,
    "home/pages.py": {"Meta"},
    "home/legal.py": {"Meta"},
    "home/easy_language.py": {"Meta"},
    "stadtteil_pages/public/languages.py": None,
    "stadtteil_pages/pages/forms.py": None,
    "stadtteil_pages/queries/search.py": None,
    "stadtteil_pages/parameters.py": None,
    "stadtteil_pages/feeds/atom.py": None,
    "stadtteil_pages/feeds/ical.py": None,
    "stadtteil_pages/models/conferences.py": {"Meta"},
    "stadtteil_pages/models/snippets.py": {"Meta"},
    "stadtteil_pages/models/meetings.py": {"Status", "Kind", "Meta"},
    "stadtteil_pages/models/projects.py": {"Weekday", "WEEKLY", "label", "price_label", "Meta"},
}
PLUGIN = "stadtteil_pages"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def template_messages():
    """(msgid, where) for every translatable string in the visitor templates."""
    found = []
    for directory in TEMPLATE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.html")):
            if any(part in str(path) for part in EDITOR_TEMPLATES):
                continue
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            for match in CALL.finditer(code):
                call = ast.parse(match.group(0), mode="eval").body
                found += [(msgid, str(path.relative_to(ROOT))) for msgid in _msgids(call)]
    return found


# The gettext calls templatize writes: string literals and plain names as arguments.
CALL = re.compile(r"\b(?:n?p?gettext)\((?:\s*(?:u?'(?:[^'\\]|\\.)*'|[\w.]+)\s*,?)*\)")


def _msgids(node):
    if not isinstance(node, ast.Call):
        return []
    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
    args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
    if name in ("gettext", "_", "gettext_lazy") and args:
        return [args[0]]
    if name in ("ngettext", "ngettext_lazy") and len(args) >= 2:
        return [(args[0], 0)]
    if name == "pgettext" and len(args) >= 2:
        return [f"{args[0]}\x04{args[1]}"]
    if name == "npgettext" and len(args) >= 3:
        return [(f"{args[0]}\x04{args[1]}", 0)]
    return []


def python_messages():
    found = []
    for module, classes in VISITOR_MODULES.items():
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        if classes is not None:
            tree = ast.Module(
                body=[node for node in ast.walk(tree) if _defined_name(node) in classes],
                type_ignores=[],
            )
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                getattr(node.func, "id", None) in GETTEXT_NAMES
                or getattr(node.func, "attr", None) in GETTEXT_NAMES
            ):
                args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                if args and isinstance(args[0], str):
                    found.append((args[0], module))
    return found


def _defined_name(node):
    """The name a class, function or module-level assignment defines."""
    if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
        return node.name
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return None


def missing(language):
    """Visitor-facing messages without a translation in the language's catalogue."""
    catalog = trans_real.translation(language)._catalog
    return _untranslated(template_messages() + python_messages(), catalog)


def missing_from_plugin(language):
    """The plugin's visitor-facing messages its own catalogue does not translate."""
    catalog = gettext.translation(
        "django", localedir=ROOT / PLUGIN / "locale", languages=[language]
    )._catalog
    plugin_messages = [
        (msgid, where)
        for msgid, where in template_messages() + python_messages()
        if where.startswith(PLUGIN + "/")
    ]
    return _untranslated(plugin_messages, catalog)


def _untranslated(messages, catalog):
    result = [(msgid, where) for msgid, where in messages if catalog.get(msgid) in (None, "")]
    return sorted(set(result), key=str)


def main():
    failed = False
    for language in LANGUAGES:
        for msgid, where in missing(language):
            failed = True
            print(f"{language}: {where}: {msgid!r}")
        for msgid, where in missing_from_plugin(language):
            failed = True
            print(f"{language} ({PLUGIN}/locale): {where}: {msgid!r}")
    if not failed:
        print(
            "Every visitor-facing string is translated into "
            + ", ".join(LANGUAGES)
            + f", the plugin's also in {PLUGIN}/locale."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
