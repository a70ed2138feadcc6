"""Report renderers on a RunResult built by hand (fixtures/reports/sample_run.py)."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import reports
from checker.reports import csv as csv_report
from checker.reports import html as html_report
from checker.reports import markdown as md_report
from checker.reports import sink as sink_mod
from checker.reports import tally
from checker.reports.progress import Progress

ROOT = Path(__file__).resolve().parent.parent


from reports_sample import sample  # noqa: E402  (tests/ is on sys.path, as for browser.py)


@pytest.fixture
def run():
    return sample.make_run()


# ----------------------------------------------------------------- tally ---


def _texts(t, i):
    return [c.text() if c else "" for c in t.row(i)]


def test_sources_in_order_of_first_appearance(run):
    t = tally.from_run(run)
    assert t.sources == ["wire", "tabloid", "blog"]
    assert t.articles_per_source == [2, 1, 1]


def test_cells_symbols_counts_and_known_marker(run):
    t = tally.from_run(run)
    cells = {c.id: _texts(t, i) for i, c in enumerate(t.claims)}
    assert cells["ghouta-toll"] == ["1✓ 1✗", "✗*", "–"]
    assert cells["no-bassam"] == ["2✓", "✓", "!"]
    assert cells["wire-only"] == ["2–", "", ""]  # does not apply to tabloid/blog
    assert t.totals_text() == ["3✓ 1✗ 2–", "1✓ 1✗*", "1– 1!"]


def test_discrepancies_and_what_sources_say(run):
    t = tally.from_run(run)
    disc = t.discrepancies()
    assert [t.claims[i].id for i in disc] == ["ghouta-toll", "no-bassam"]
    toll = t.row(disc[0])
    assert toll[0].said() == '1✓ 1✗: "around 1,400", "1,000"'
    assert toll[1].said() == '✗* "1,000"'
    assert toll[2].said() == "–"


def test_most_frequent_spans_first():
    run = sample.make_run()
    # a third wire article that says 1,000 again: 1,000 becomes the most frequent
    a2 = run.articles[1]
    a5 = type(a2)(id="wire-3", source="wire", path="seeds/wire-3.txt", text=a2.text, origin=a2.origin)
    r = next(r for r in run.results if r.article == "wire-2" and r.claim == "ghouta-toll")
    r5 = type(r)(r.claim, "wire-3", r.verdict, r.evidence, message=r.message)
    run = type(run)(run.articles + (a5,), run.claims, run.results + (r5,))
    t = tally.from_run(run)
    assert t.row(0)[0].said().startswith('1✓ 2✗: "1,000" ×2, "around 1,400"')


def test_tally_size_does_not_grow_with_articles():
    """Many articles of a few sources: the tally keeps counts, not results."""
    run = sample.make_run()
    base = run.articles[1]
    r = next(r for r in run.results if r.article == "wire-2" and r.claim == "ghouta-toll")
    t = tally.Tally(run.claims)
    for k in range(500):
        a = type(base)(id=f"w{k}", source=f"s{k % 3}", path=f"p{k}", text=base.text, origin=base.origin)
        t.add(a, (type(r)(r.claim, a.id, r.verdict, r.evidence, message=r.message),))
    assert t.n_articles == 500 and len(t.sources) == 3
    assert sum(len(c.evidence) for c in t.cells.values()) <= 3 * tally.EVIDENCE_CAP
    assert [c.n for c in t.row(0)] == [167, 167, 166]
    (group,) = t.value_groups(0)
    assert group.n == 500 and all(len(ids) <= tally.IDS_CAP for _, ids in group.sources.values())
    assert len(t.sentences) == 1  # the one sentence, kept once


# -------------------------------------------------------------- markdown ---


def _md_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def _split_md_row(line: str) -> list[str]:
    cells, cur, i = [], "", 1
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            cur += line[i: i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return cells


@pytest.mark.parametrize("renderer", [md_report.render_matrix, md_report.render_discrepancies, md_report.render])
def test_markdown_tables_stay_well_formed(renderer, run):
    text = renderer(tally.from_run(run))
    rows = _md_rows(text)
    assert rows
    # every table row has as many unescaped pipes as its header
    widths = {len(_split_md_row(r)) for r in rows}
    assert len(widths) <= 2  # matrix and discrepancy tables both have 1 + 3 sources columns
    assert widths == {4}
    assert "<script" not in text and "<i>" not in text


def test_markdown_escape():
    assert md_report.escape("a|b") == "a\\|b"
    assert md_report.escape("x\ny") == "x y"
    assert md_report.escape("`code` \\ <b>") == "\\`code\\` \\\\ &lt;b&gt;"


def test_markdown_discrepancy_cell_with_pipe_and_newline():
    from checker.models import Evidence, Match, Result
    run = sample.make_run()
    # make the tabloid's refuting match text contain a pipe and a newline
    r = run.results[2]
    ev = r.evidence[0]
    m = Match(text="1,000 | people\nx", start=0, end=1, line=1, column=1, key="contradict")
    bad = Result(r.claim, r.article, "fail", (Evidence("refutes", ev.text, ev.start, ev.end, 1, 1, (m,)),))
    run = type(run)(run.articles, run.claims, run.results[:2] + (bad,) + run.results[3:])
    text = md_report.render_discrepancies(tally.from_run(run))
    row = [line for line in _md_rows(text) if "ghouta-toll" in line][0]
    assert len(_split_md_row(row)) == 4
    assert "1,000 \\| people x" in row


@pytest.mark.parametrize("articles", ["seeds", "fixtures/many-sources/articles", "fixtures/reports/articles"])
def test_said_of_is_decisive_matches_and_said_spans(articles):
    """said_of works both out in one pass; they stay what the two functions say."""
    from checker.pipeline import evaluate_paths
    from checker.reports import matrix as mx
    rules = "fixtures/reports/rules" if articles.startswith("fixtures/reports") else "rules"
    run = evaluate_paths([str(ROOT / rules)], [str(ROOT / articles)])
    results = run.results + sample.make_run().results
    got = mx.said_of(results)
    assert [(list(m), list(s)) for m, s in got] == [(mx.decisive_matches(r), mx.said_spans(r)) for r in results]
    assert any(s for _, s in got) and any(not s for _, s in got)


def test_match_key_by_what_the_match_says():
    """match_key is memoised by part, text and the kind of value: matches
    that share a text but not a kind of value still get keys of their own."""
    from checker.models import Match
    from checker.reports.groups import match_key

    def m(text, value=None, part="NUM(*)"):
        return Match(text, 0, len(text), 1, 1, value=value, part=part, key="expect")

    assert match_key(m("around 1,400", 1400)) == match_key(m("around 1400", 1400)) == ("num", "around 1400")
    assert match_key(m("more than 1,000", 1000)) != match_key(m("1,000", 1000))
    assert match_key(m("1,000", None, "words")) == ("text", "1,000")  # same text, no value: not a number
    assert match_key(m("1,000", True, "words")) == ("text", "1,000")  # a bool is not a number
    assert match_key(m("March 2011", "2011-03", "DATE(*)")) == ("date", "2011-03")
    assert match_key(m("March 2011", "2011-04", "DATE(*)")) == ("date", "2011-04")
    assert match_key(m("March 2011", None, "DATE(*)")) == ("text", "march 2011")
    assert match_key(m("the  Manoeuvre", None, "(QUOTE(x))")) == ("quote", "the Manoeuvre")
    assert match_key(m("Al-Hássan", None, "words")) == ("text", "al-hassan")


# ------------------------------------------------------------------- csv ---


def test_csv_one_row_per_result_and_formula_neutralised(run):
    text = csv_report.render(run)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["claim", "story", "severity"]
    assert len(rows) == 1 + len(run.results)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"])
def test_csv_neutralise(value):
    assert csv_report.neutralise(value) == "'" + value


@pytest.mark.parametrize(("value", "safe"), [("\rx", "\\x0dx"), ("a\x1b[31mred", "a\\x1b[31mred"),
                                             ("\u202eevil", "\\u202eevil"), ("\x07=1", "\\x07=1")])
def test_csv_control_characters_are_inert(value, safe):
    assert csv_report.neutralise(value) == safe


def test_csv_neutralises_article_text():
    from checker.models import Evidence, Result
    run = sample.make_run()
    r = run.results[0]
    ev = r.evidence[0]
    evil = Evidence("supports", "=HYPERLINK(\"http://x\")", ev.start, ev.end, 1, 1, ())
    run = type(run)(run.articles, run.claims, (Result(r.claim, r.article, "pass", (evil,), message="@cmd"),))
    rows = list(csv.reader(io.StringIO(csv_report.render(run))))
    row = dict(zip(rows[0], rows[1]))
    assert row["evidence"].startswith("'=")
    assert row["message"] == "'@cmd"
    assert row["said"].startswith("'=")


def _csv_writer_field(value: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([value, "x"])  # not alone: "" is not quoted
    return buf.getvalue()[: -len(",x\r\n")]


@given(st.text(alphabet=st.sampled_from(list('a ,"\r\n\'=\t\\é✓\u202e\x00;|')), max_size=12) | st.text(max_size=30))
@settings(max_examples=400, deadline=None)
def test_csv_quote_is_the_csv_modules_quoting(value):
    assert csv_report.quote(value) == _csv_writer_field(value)


@given(st.text(alphabet=st.sampled_from(list('a ,"\r\n\'=+-@\t\x1bé\u202e')), max_size=10) | st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_csv_cell_is_neutralised_then_quoted(value):
    assert csv_report._field(value) == (csv_report.quote(csv_report.neutralise(value)) if value else "")


def test_csv_rows_are_the_csv_modules_rows(monkeypatch):
    """results.csv builds its rows as strings (quicker than csv.writer): the
    same bytes as csv.writer writing the same cells, on hostile cells too."""
    from checker.models import Evidence, Result
    run = sample.make_run()
    evil_texts = ['say "1,000" people', "a, b", "=1+1", "tab\there", "line\nbreak", "\u202e", "", " ", '"', "'"]
    results = list(run.results)
    r = results[0]
    for i, text in enumerate(evil_texts):
        ev = Evidence("supports", text, r.evidence[0].start, r.evidence[0].end, i + 1, 2 * i + 1, ())
        results.append(Result(r.claim, r.article, ("pass", "fail", "missing")[i % 3], (ev,), known=bool(i % 2),
                              message=text, expected=text or None))
    run = type(run)(run.articles, run.claims, tuple(results))
    text = csv_report.render(run)
    rows = list(csv.reader(io.StringIO(text)))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    assert text == buf.getvalue()
    assert len(rows) == 1 + len(results)
    monkeypatch.setattr(csv_report, "MESSAGES_KEPT", 2)  # the memos of message and evidence cells are
    monkeypatch.setattr(csv_report, "EVIDENCE_KEPT", 2)  # bounded: same rows
    assert csv_report.render(run) == text


def _reference_csv(run) -> str:
    """results.csv cell by cell through neutralise and csv.writer, without the
    writer's shortcuts (memoised cells, the row of a result without evidence)."""
    from checker.reports import matrix as mx
    claims = {c.id: c for c in run.claims}
    articles = {a.id: a for a in run.articles}
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(csv_report.COLUMNS)
    for r in sorted(run.results, key=lambda r: list(articles).index(r.article)):  # rows article by article
        c, a = claims.get(r.claim), articles[r.article]
        roles = mx.DECISIVE_ROLES.get(r.verdict, ()) or ("in-scope",)
        pos = mx.first_position(r, roles, mx.DECISIVE_KEYS.get(r.verdict, ()) or ("about",))
        cells = [r.claim, c.story if c else "", c.severity if c else "", "yes" if c and c.required else "no",
                 a.id, a.source, a.path, r.verdict, mx.symbol(r.verdict, bool(r.known)),
                 "yes" if r.known else "no", r.expected or "", pos[0] if pos else "", pos[1] if pos else "",
                 " | ".join(mx.said_spans(r)),
                 " / ".join(ev.text for ev in r.evidence if ev.role in roles),
                 mx.one_line(r.message) if r.message else "", mx.one_line(c.claim) if c else ""]
        out.writerow([csv_report.neutralise(x) for x in cells])
    return buf.getvalue()


def test_csv_rows_equal_the_reference_rows(monkeypatch):
    """Every cell as the plain rendering gives it, on results with and without
    evidence (the writer skips position, evidence and said for the latter)."""
    from checker.models import Evidence, Result
    run = sample.make_run()
    results = list(run.results)
    r = results[0]
    for i, verdict in enumerate(("pass", "fail", "missing", "error")):
        results.append(Result(r.claim, r.article, verdict, (), known=bool(i % 2), message=f"=bad, {i}\n",
                              expected="x,y" if i % 2 else None))
        ev = Evidence("in-scope", f'said "{i}",\x1b', r.evidence[0].start, r.evidence[0].end, i + 1, 3, ())
        results.append(Result(r.claim, r.article, verdict, (ev,), message="-"))
    run = type(run)(run.articles, run.claims, tuple(results))
    assert csv_report.render(run) == _reference_csv(run)
    monkeypatch.setattr(csv_report, "EVIDENCE_KEPT", 1)  # the evidence memo cleared between rows: same rows
    assert csv_report.render(run) == _reference_csv(run)



def test_csv_file_and_standard_output_hold_the_reference_bytes(tmp_path):
    """Into a file (and, with ``--format csv``, its tee to standard output)
    the writer joins its rows as UTF-8 bytes and writes them to the file's
    buffer: the same bytes as the reference rows, header first."""
    from checker.models import Evidence, Result
    run = sample.make_run()
    results = list(run.results)
    r = results[0]
    for i, text in enumerate(("Bassam al-Ḥassan “said”", "=1+1", "a, b", "\u202e")):
        ev = Evidence("supports", text, r.evidence[0].start, r.evidence[0].end, i + 1, 2, ())
        results.append(Result(r.claim, r.article, ("pass", "fail")[i % 2], (ev,), message=text, expected=text))
    run = type(run)(run.articles, run.claims, tuple(results))
    by_article: dict = {}
    for res in run.results:
        by_article.setdefault(res.article, []).append(res)
    stdout = open(tmp_path / "stdout.csv", "w", encoding="utf-8", newline="")
    with reports.open_sink(run.claims, out_dir=tmp_path / "out", fmt="csv", stdout=stdout) as sink:
        for article in run.articles:
            sink.add(article, by_article.get(article.id, ()))
    stdout.close()
    want = _reference_csv(run).encode("utf-8")
    assert (tmp_path / "out" / "results.csv").read_bytes() == want
    assert (tmp_path / "stdout.csv").read_bytes() == want


# ------------------------------------------------------------------ html ---


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _page_parts(page: str):
    p = _Collector()
    p.feed(page)
    data = page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    return p.tags, data, script


def test_html_escapes_article_text_and_is_self_contained(run):
    import base64
    import hashlib

    page = reports.render(run, "html")
    tags, data, script = _page_parts(page)
    scripts = [attrs for t, attrs in tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "data"}, {}]  # the data, and the one script
    assert "img" not in [t for t, _ in tags]
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)
    # article text never reaches the markup as markup: in the JSON every "<" is escaped
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>Tabloid" not in page
    assert "<" not in data
    strings = json.loads(data)
    assert any("<script>alert(1)</script>" in s and "onerror=alert(2)" in s for s in strings["strings"])
    assert "<b>Tabloid</b> | title" in [a[2] for a in strings["articles"]]
    for tag, attrs in tags:
        for k in ("src", "href"):
            assert attrs.get(k) is None, (tag, attrs)
    assert [t for t, _ in tags].count("link") == 0
    assert '<meta name="viewport"' in page
    # the CSP allows that one script, by its hash, and no network at all
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = next(attrs["content"] for t, attrs in tags if t == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    # the script builds from data with textContent only
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_html_embeds_each_sentence_once_with_marks(run):
    page = reports.render(run, "html")
    _, data, _ = _page_parts(page)
    d = json.loads(data)
    assert d["sources"] == ["wire", "tabloid", "blog"]
    assert d["matrix"][0][0][:2] == ["1✓ 1✗", "pass fail"]
    assert d["matrix"][2][1] == 0  # wire-only does not apply to the tabloid
    kept = d["evidence"]["0.0"]
    assert len(kept) == 2 and [k[1] for k in kept] == ["p", "f"]
    role, line, col, sid, marks = kept[0][5][0]
    text = d["strings"][sid]
    assert text == "The attack killed around 1,400 people."
    assert [(text[s:e], k, d["strings"][t]) for s, e, k, t in marks] == [
        ("killed", "about", "about: killed"), ("around 1,400", "expect", "expect: NUM(1400 ±10%) = 1400")]
    assert len(d["strings"]) == len(set(d["strings"]))  # every string once
    # ✗ is the majority (wire and tabloid have a ✗): wire (also ✓) and blog (–) differ
    assert d["dissent"][0] == [0, 2]


def test_html_opens_on_the_matrix_for_few_sources_and_on_the_summary_for_many(run):
    page = reports.render(run, "html")
    assert '<section id="view-matrix">' in page and '<section id="view-summary" hidden>' in page
    arts = tuple(type(run.articles[0])(id=f"a{k}", source=f"s{k}", path="p", text="x", origin="x") for k in range(9))
    from checker.models import Result, RunResult
    many = RunResult(arts, run.claims[:1], tuple(Result("ghouta-toll", a.id, "pass") for a in arts))
    page = reports.render(many, "html")
    assert '<section id="view-summary">' in page and '<section id="view-matrix" hidden>' in page


def test_highlight_merges_overlaps_and_escapes():
    from checker.models import Evidence, Match
    text = "a <b> c"
    ms = (Match("<b>", 2, 5, 1, 3, key="expect"), Match("b> c", 3, 7, 1, 4, key="about"))
    ev = Evidence("supports", text, 0, len(text), 1, 1, ms)
    assert html_report.highlight(ev) == 'a <mark class="k-expect" title="expect; about">&lt;b&gt; c</mark>'


# --------------------------------------------------------------- table ---


def test_table_plain_and_colour(run):
    plain = reports.render(run, "table")
    assert "ghouta-toll" in plain and "\033[" not in plain
    assert "1✓ 1✗" in plain
    coloured = reports.render(run, "table", color=True)
    assert "\033[" in coloured


def test_render_rejects_unknown_format(run):
    with pytest.raises(ValueError):
        reports.render(run, "pdf")


# ---------------------------------------------------------- write_reports ---

NAMES = ["results.json", "results.jsonl", "matrix.md", "discrepancies.md", "results.csv", "report.html"]


def test_write_reports_writes_all_files(tmp_path, run):
    out = tmp_path / "out"
    written = reports.write_reports(run, str(out))
    assert sorted(os.path.basename(p) for p in written) == sorted(NAMES)
    assert sorted(os.listdir(out)) == sorted(NAMES)  # no temp files left
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "claimcheck/results@1"
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_reports_dash_writes_nothing(tmp_path, run):
    assert reports.write_reports(run, "-") == []


def _seed_old(out: Path) -> dict[str, str]:
    out.mkdir()
    old = {}
    for name in NAMES:
        (out / name).write_text(f"old {name}\n", encoding="utf-8")
        old[name] = f"old {name}\n"
    return old


def _assert_unchanged(out: Path, old: dict[str, str]) -> None:
    assert sorted(os.listdir(out)) == sorted(NAMES), os.listdir(out)
    for name, text in old.items():
        assert (out / name).read_text(encoding="utf-8") == text


def test_interrupt_while_rendering_keeps_old_reports(tmp_path, run, monkeypatch):
    out = tmp_path / "out"
    old = _seed_old(out)

    def boom(_tally, _options):
        raise KeyboardInterrupt

    monkeypatch.setattr(html_report, "render", boom)
    with pytest.raises(KeyboardInterrupt):
        reports.write_reports(run, str(out))
    _assert_unchanged(out, old)


def test_interrupt_while_opening_files_keeps_old_reports(tmp_path, run, monkeypatch):
    out = tmp_path / "out"
    old = _seed_old(out)
    real = sink_mod._open_temp
    calls = []

    def flaky(out_dir, name):
        calls.append(name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(out_dir, name)

    monkeypatch.setattr(sink_mod, "_open_temp", flaky)
    with pytest.raises(KeyboardInterrupt):
        reports.write_reports(run, str(out))
    assert len(calls) == 3
    _assert_unchanged(out, old)  # the two temp files already opened are removed


def test_interrupt_mid_stream_keeps_old_reports(tmp_path, run, monkeypatch):
    """Ctrl-C after some articles were written to the streamed files."""
    out = tmp_path / "out"
    old = _seed_old(out)
    with pytest.raises(KeyboardInterrupt):
        with reports.open_sink(run.claims, str(out), None) as sink:
            sink.add(run.articles[0], [r for r in run.results if r.article == run.articles[0].id])
            raise KeyboardInterrupt
    _assert_unchanged(out, old)


def test_interrupt_mid_write_of_a_file_keeps_it_whole(tmp_path, run, monkeypatch):
    from checker.reports import jsonl

    out = tmp_path / "out"
    old = _seed_old(out)

    def half(self, article, results):
        self.fh.write('{"claim": "ha')
        raise KeyboardInterrupt

    monkeypatch.setattr(jsonl.Writer, "add", half)
    with pytest.raises(KeyboardInterrupt):
        reports.write_reports(run, str(out))
    _assert_unchanged(out, old)


# --------------------------------------------------------------- progress ---


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_silent_when_not_a_terminal():
    buf = io.StringIO()
    p = Progress(3, buf)
    for _ in range(3):
        p.advance()
    p(3, 3, None)
    p.close()
    assert buf.getvalue() == ""


def test_progress_on_terminal_draws_and_clears():
    buf = _Tty()
    p = Progress(2, buf, interval=0)
    p.advance(label="a1")
    p.advance(label="a2")
    assert "2/2" in buf.getvalue()
    p.close()
    assert buf.getvalue().endswith("\r")


def test_progress_as_engine_callback():
    buf = _Tty()
    p = Progress(stream=buf, interval=0)

    class A:
        id = "art-1"

    p(0, 5, A())
    assert "0/5" in buf.getvalue() and "art-1" in buf.getvalue()
    p(5, 5, None)
    assert buf.getvalue().endswith("\r")


def test_colour_rules(monkeypatch):
    from checker.reports.color import use_color
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Tty())
    monkeypatch.delenv("NO_COLOR")
    assert use_color(_Tty())
    assert not use_color(io.StringIO())


def test_markdown_escape_of_each_special_character_alone_and_among_others():
    """The quick test for a cell with nothing to escape misses no character
    of the escape table."""
    for ch, escaped in md_report._MD_ESCAPES.items():
        assert md_report.escape(ch) == escaped
        assert md_report.escape(f"around 1,400 {ch} people") == f"around 1,400 {escaped} people"
    assert md_report.escape("around 1,400 people") == "around 1,400 people"
