"""The report sink: streamed writers, atomic files, one JSON encoder."""

from __future__ import annotations

import csv
import decimal
import io
import json
from pathlib import Path

import pytest

from checker import reports
from checker.models import Match, Result
from checker.reports import json as json_report
from checker.reports import tally

ROOT = Path(__file__).resolve().parent.parent


from reports_sample import sample  # noqa: E402  (tests/ is on sys.path, as for browser.py)


def _by_article(run):
    out = {}
    for r in run.results:
        out.setdefault(r.article, []).append(r)
    return out


@pytest.fixture
def run():
    return sample.make_run()


def test_streamed_results_json_is_the_whole_document(tmp_path, run):
    out = tmp_path / "out"
    reports.write_reports(run, str(out))
    text = (out / "results.json").read_text(encoding="utf-8")
    # streamed order is per article (input order): the in-memory document of
    # that order, byte for byte as json.dumps(indent=2) writes it
    by = _by_article(run)
    ordered = type(run)(run.articles, run.claims, tuple(r for a in run.articles for r in by.get(a.id, ())))
    assert text == json.dumps(json_report.to_dict(ordered), indent=2, ensure_ascii=False) + "\n"


def test_results_json_with_no_articles_is_valid(tmp_path, run):
    out = tmp_path / "out"
    with reports.open_sink(run.claims, str(out), None) as sink:
        sink.add_errors(["bad.txt:1:1: unreadable"])
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["articles"] == [] and doc["results"] == [] and doc["counts"] == {}
    assert doc["errors"] == [{"message": "bad.txt:1:1: unreadable"}]
    assert (out / "results.jsonl").read_text(encoding="utf-8") == ""
    assert json.dumps(doc, indent=2, ensure_ascii=False) + "\n" == (out / "results.json").read_text(encoding="utf-8")


def test_jsonl_one_result_per_line_in_input_order(tmp_path, run):
    out = tmp_path / "out"
    reports.write_reports(run, str(out))
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [json.loads(x) for x in lines] == doc["results"]
    assert [json.loads(x)["article"] for x in lines] == [r["article"] for r in doc["results"]]


def test_line_breaks_in_results_stay_inside_their_line(tmp_path, run):
    """An article's results are encoded in one call as lines and split again
    for results.json: a line break (or U+2028) in a message or a unit's text
    is escaped inside its result, never a line of its own."""
    from checker.models import Evidence
    r = run.results[0]
    ev = Evidence("supports", "a\nb\u2028c\r\n", r.evidence[0].start, r.evidence[0].end, 1, 1, ())
    results = (Result(r.claim, r.article, "pass", (ev,), message="one\ntwo"),
               Result(r.claim, r.article, "fail", (), message="\n"))
    out = tmp_path / "out"
    with reports.open_sink(run.claims, str(out), None) as sink:
        sink.add(run.articles[0], results)
    lines = (out / "results.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 3
    doc = json.loads((out / "results.json").read_bytes())
    assert [json.loads(x) for x in lines[:-1]] == doc["results"] == [json_report.result_dict(x) for x in results]
    assert doc["results"][0]["message"] == "one\ntwo"


def test_decimal_and_big_values_are_exact_json_numbers():
    big = 99999999999999999999999999
    m1 = Match("1.5 million", 0, 11, 1, 1, value=decimal.Decimal("1500000.5"), part="NUM(*)", key="expect")
    m2 = Match("huge", 0, 4, 1, 1, value=big, part="NUM(*)", key="expect")
    from checker.models import Evidence
    r = Result("c", "a", "pass", (Evidence("supports", "x", 0, 1, 1, 1, (m1, m2)),))
    text = json_report.encode(json_report.result_dict(r)).decode()
    assert '"value":1500000.5' in text and f'"value":{big}' in text
    back = json.loads(text, parse_float=decimal.Decimal)
    assert back["evidence"][0]["matches"][0]["value"] == decimal.Decimal("1500000.5")
    assert back["evidence"][0]["matches"][1]["value"] == big


def test_stdout_json_and_csv_stream_and_match_the_files(tmp_path, run):
    out = tmp_path / "out"
    for fmt, name in (("json", "results.json"), ("csv", "results.csv")):
        buf = io.StringIO()
        with reports.open_sink(run.claims, str(out), fmt, stdout=buf) as sink:
            for a in run.articles:
                sink.add(a, _by_article(run).get(a.id, ()))
        assert buf.getvalue() == (out / name).read_bytes().decode("utf-8")
        assert buf.getvalue() == reports.render(run, fmt)


def test_stdout_file_gets_the_same_bytes_as_the_out_files(tmp_path, run):
    """Standard output a real file (a text file over a binary one, as in
    ``claimcheck run > x``): results.json's spools reach it and the --out file
    as bytes, in order with the text around them; results.jsonl's lines go to
    its file's buffer the same way."""
    out = tmp_path / "out"
    for fmt, name in (("json", "results.json"), ("csv", "results.csv")):
        path = tmp_path / f"stdout.{fmt}"
        with open(path, "w", encoding="utf-8") as stdout:
            stdout.write("before\n")
            with reports.open_sink(run.claims, str(out), fmt, stdout=stdout) as sink:
                for a in run.articles:
                    sink.add(a, _by_article(run).get(a.id, ()))
            stdout.write("after\n")
        expected = reports.render(run, fmt).encode("utf-8")
        assert path.read_bytes() == b"before\n" + expected + b"after\n"
        assert (out / name).read_bytes() == expected
    jsonl = (out / "results.jsonl").read_bytes().splitlines()
    assert [json.loads(x) for x in jsonl] == json.loads((out / "results.json").read_bytes())["results"]
    assert jsonl == [json_report.encode(json_report.result_dict(r))
                     for a in run.articles for r in _by_article(run).get(a.id, ())]


def test_csv_rows_are_written_batch_by_batch_as_articles_come(run, monkeypatch):
    """Rows reach the output with the batch their article completes (at most
    BATCH_ARTICLES articles, BATCH_RESULTS results or BATCH_TEXT characters of
    text), before the run ends."""
    from checker.reports import sink as sink_mod
    monkeypatch.setattr(sink_mod, "BATCH_ARTICLES", 2)
    buf = io.StringIO()
    by = _by_article(run)
    first, second = run.articles[0], run.articles[1]
    with reports.open_sink(run.claims, None, "csv", stdout=buf) as sink:
        sink.add(first, by[first.id])
        assert len(list(csv.reader(io.StringIO(buf.getvalue())))) == 1  # the header: the batch is not full
        sink.add(second, by.get(second.id, ()))
        rows = list(csv.reader(io.StringIO(buf.getvalue())))
        assert len(rows) == 1 + len(by[first.id]) + len(by.get(second.id, ()))  # before the run ends
        for a in run.articles[2:]:
            sink.add(a, by.get(a.id, ()))
    assert len(list(csv.reader(io.StringIO(buf.getvalue())))) == 1 + len(run.results)


@pytest.mark.parametrize("articles, results, text", [(1, 10**9, 10**9), (2, 10**9, 10**9), (10**9, 3, 10**9),
                                                    (10**9, 10**9, 1)])
def test_batches_of_any_size_give_the_same_files(tmp_path, run, monkeypatch, articles, results, text):
    """However the sink cuts the run into batches (an article at a time, a few
    results, a little text), every file holds the bytes of the default batch
    (here the whole sample: one batch)."""
    from checker.reports import sink as sink_mod
    reports.write_reports(run, str(tmp_path / "want"))
    monkeypatch.setattr(sink_mod, "BATCH_ARTICLES", articles)
    monkeypatch.setattr(sink_mod, "BATCH_RESULTS", results)
    monkeypatch.setattr(sink_mod, "BATCH_TEXT", text)
    reports.write_reports(run, str(tmp_path / "got"))
    for name in sink_mod.OUT_FILES:
        assert (tmp_path / "got" / name).read_bytes() == (tmp_path / "want" / name).read_bytes(), name


def test_exception_in_a_renderer_leaves_no_temp_files(tmp_path, run, monkeypatch):
    from checker.reports import markdown

    out = tmp_path / "out"
    reports.write_reports(run, str(out))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*a, **k):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(markdown, "render_discrepancies", broken)
    with pytest.raises(RuntimeError):
        reports.write_reports(sample.make_run(with_nasty=False), str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_from_run_and_streamed_tally_agree(run):
    t1 = tally.from_run(run)
    t2 = tally.Tally(run.claims)
    by = _by_article(run)
    for a in run.articles:
        t2.add(a, by.get(a.id, ()))
    assert t1.totals_text() == t2.totals_text()
    assert [[c.said() if c else "" for c in t1.row(i)] for i in range(3)] == \
        [[c.said() if c else "" for c in t2.row(i)] for i in range(3)]


def test_optional_writer_only_when_its_option_is_set(tmp_path, run, monkeypatch):
    """Extra files (e.g. claimreview.jsonld) come from the registry when asked for."""
    from checker.reports import sink

    monkeypatch.setitem(sink.OPTIONAL, "echo.json", ("json:Writer", "echo"))
    plain = tmp_path / "plain"
    reports.write_reports(run, str(plain))
    assert not (plain / "echo.json").exists()
    asked = tmp_path / "asked"
    written = reports.write_reports(run, str(asked), options={"echo": True})
    assert str(asked / "echo.json") in written
    assert (asked / "echo.json").read_bytes() == (asked / "results.json").read_bytes()
    assert sorted(p.name for p in asked.iterdir()) == sorted(reports.OUT_FILES + ("echo.json",))


def test_a_format_can_stream_an_optional_writer(run, monkeypatch):
    """How `--format claimreview` plugs in: a format naming an optional file streams it to stdout."""
    from checker.reports import sink

    monkeypatch.setitem(sink.OPTIONAL, "echo.json", ("json:Writer", "echo"))
    monkeypatch.setitem(sink.FORMAT_FILES, "echo", "echo.json")
    monkeypatch.setattr(sink, "FORMATS", sink.FORMATS + ("echo",))
    buf = io.StringIO()
    with reports.open_sink(run.claims, None, "echo", stdout=buf) as s:
        for a in run.articles:
            s.add(a, _by_article(run).get(a.id, ()))
    assert json.loads(buf.getvalue())["schema"] == "claimcheck/results@1"


def test_a_batch_of_long_articles_is_handed_on_when_their_text_fills_it(run, monkeypatch):
    """Long articles (up to 8 MiB each) do not wait for 64 of them: the batch
    goes on once the pending articles' text reaches BATCH_TEXT."""
    from checker.reports import sink as sink_mod
    first = run.articles[0]
    monkeypatch.setattr(sink_mod, "BATCH_TEXT", len(first.text) + 1)
    buf = io.StringIO()
    by = _by_article(run)
    with reports.open_sink(run.claims, None, "csv", stdout=buf) as sink:
        sink.add(first, by[first.id])
        assert len(list(csv.reader(io.StringIO(buf.getvalue())))) == 1
        sink.add(run.articles[1], by.get(run.articles[1].id, ()))
        assert not sink.pending and sink.pending_text == 0
        second = by.get(run.articles[1].id, ())
        assert len(list(csv.reader(io.StringIO(buf.getvalue())))) == 1 + len(by[first.id]) + len(second)
