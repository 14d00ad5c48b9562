"""Read the values of an admin page's edit form, as a browser would submit them."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = {}
        self.in_form = False
        self.done = False
        self.select = None
        self.textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        # The admin's edit form is <form id="<model>_form">; skip the logout form.
        if tag == "form" and attrs.get("method", "").lower() == "post" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image"):
                self.add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "chosen": False}
        elif tag == "option" and self.select is not None and "selected" in attrs:
            self.add(self.select["name"], attrs.get("value", ""))
            self.select["chosen"] = True
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            values = self.data[self.textarea]
            values[-1] += data


def form_data(response):
    """A dict of field -> value (lists for multi-valued fields) ready for client.post()."""
    parser = _FormParser()
    parser.feed(response.content.decode())
    result = {}
    for name, values in parser.data.items():
        if len(values) == 1:
            value = values[0]
            # Django's textarea rendering starts with a newline that browsers drop.
            result[name] = value[1:] if value.startswith("\n") else value
        else:
            result[name] = values
    return result
