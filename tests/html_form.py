"""Read a form out of an HTML page the way a browser would submit it, for web-flow tests."""

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class FormData:
    """A form's fields in document order, with browser-like submission rules."""

    def __init__(self, action: str | None, fields: list[list]):
        self.action = action
        self.fields = fields

    def get(self, name: str) -> str | None:
        return next((f[1] for f in self.fields if f[0] == name), None)

    def getlist(self, name: str) -> list[str]:
        return [f[1] for f in self.fields if f[0] == name]

    def set(self, name: str, value: str) -> None:
        for field in self.fields:
            if field[0] == name:
                field[1] = value
                return
        self.fields.append([name, value])

    def add(self, name: str, value: str) -> None:
        self.fields.append([name, value])

    def items(self, button: tuple[str, str] | None = None) -> MultiDict:
        """What the browser posts, with the clicked button's name and value."""
        items = [(name, value) for name, value in self.fields]
        if button:
            items.append(button)
        return MultiDict(items)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[FormData] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(FormData(attrs.get("action"), []))
        if not self.forms:
            return
        fields = self.forms[-1].fields
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button") or "name" not in attrs:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self._select = [attrs.get("name"), None]
            fields.append(self._select)
            self._select_first = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
                self._select[1] = value
            if "selected" in attrs:
                self._select[1] = value
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
            fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def read_form(html: str, index: int = -1) -> FormData:
    """The index-th form of a page (the last by default: the page's main form)."""
    reader = _Reader()
    reader.feed(html)

    return reader.forms[index]
