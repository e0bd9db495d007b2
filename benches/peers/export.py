#!/usr/bin/env python3
"""The documents hanseek indexes, as the peer's input: `hanseek corpus inspect --json
--body CORPUS` on stdin, one document per line on stdout, tab-separated:

    id  kind  title  text  ref_title  parent_title  section  category  date

as hanseek's index holds them: an article's title, and its subtitle, body and 요약
bullets as one text; each reference link with its cited title and its article's title.
Tabs and line breaks inside a field become spaces. Also prints the documents' text
bytes to stderr."""
import json
import sys


def clean(value):
    return " ".join(str(value or "").split())


def main():
    inspected = json.load(sys.stdin)
    out = sys.stdout
    text_bytes = 0

    def emit(*fields):
        nonlocal text_bytes
        line = "\t".join(clean(f) for f in fields)
        text_bytes += len(line.encode("utf-8"))
        out.write(line + "\n")

    for report in inspected["reports"]:
        for article in report["articles"]:
            text = [article.get("subtitle"), article.get("body")] + list(article.get("summary") or [])
            place = (article.get("section"), article.get("category"), article.get("date"))
            emit(article["id"], "article", article.get("title"), " ".join(clean(t) for t in text if t), "", "", *place)
            for n, reference in enumerate(article.get("references") or [], start=1):
                emit(f'{article["id"]}/ref-{n}', "reference", reference.get("title"), "", reference.get("title"),
                     article.get("title"), *place)
    print(f"{text_bytes} bytes of documents", file=sys.stderr)


if __name__ == "__main__":
    main()
