"""Finding German text that a visitor of another language would see.

A page's text is read outside the fragments marked ``lang="de"`` (a German
page that is not translated yet, a postal address), together with the
attributes a screen reader speaks. A word counts as German when the German
catalogues use it for an English interface word, or when it is one of the
German words the Hattingen content uses for things that are text, not names.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po",
    ROOT / "stadtteil_pages" / "locale" / "de" / "LC_MESSAGES" / "django.po",
]
# German words of the content that name no one: roles, offices, days, holidays.
CONTENT_WORDS = {
    "projektleitung",
    "rathaus",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "ostermontag",
    "karfreitag",
    "pfingstmontag",
    "neujahr",
    "weihnachtstag",
    "feiertag",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "uhr",
    "stadt",
    "nicht",
    "und",
    "für",
    "wird",
    "noch",
    "bekannt",
    "gegeben",
    "beispiel",
    "beispielinhalt",
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SPOKEN_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")
SILENT_TAGS = {"script", "style", "head", "template"}
VOID_TAGS = {
    *("area", "base", "br", "col", "embed", "hr", "img"),
    *("input", "link", "meta", "source", "track", "wbr"),
}


def _catalogue(language, root):
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def german_vocabulary(language):
    """German words a page in ``language`` must not show outside German fragments.

    Words the German catalogues use that neither the English originals nor
    the language's own catalogues use ("Internet", Turkish "telefon").
    """
    shared = set()
    for root in (ROOT, ROOT / "stadtteil_pages"):
        for entry in polib.pofile(str(_catalogue(language, root))).translated_entries():
            shared.update(word.lower() for word in WORD.findall(entry.msgid + " " + entry.msgstr))
    words = set(CONTENT_WORDS)
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)).translated_entries():
            shared.update(word.lower() for word in WORD.findall(entry.msgid))
            words.update(word.lower() for word in WORD.findall(entry.msgstr) if len(word) >= 4)
    return words - (shared - CONTENT_WORDS)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, is German, is silent)
        self.texts = []

    def _german(self):
        return any(german for _tag, german, _silent in self.stack)

    def _silent(self):
        return any(silent for _tag, _german, silent in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        german = (attrs.get("lang") or "").split("-")[0] == "de" and tag != "html"
        if tag not in VOID_TAGS:
            self.stack.append((tag, german, tag in SILENT_TAGS))
        if not (german or self._german() or self._silent()):
            self.texts.extend(attrs[name] for name in SPOKEN_ATTRIBUTES if attrs.get(name))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        if data.strip() and not self._german() and not self._silent():
            self.texts.append(data.strip())


def text_outside_german(html):
    parser = _VisibleText()
    parser.feed(html)
    return parser.texts


def german_words(html, vocabulary):
    """``(word, text)`` for each German word outside the ``lang="de"`` fragments."""
    found = []
    for text in text_outside_german(html):
        for word in WORD.findall(text):
            if word.lower() in vocabulary:
                found.append((word, text))
    return found
