"""The analyse command core: files, stdin, bad input, exit codes, --explain."""

import io
import json
import sys

import pytest

from fixtures.corpus import generate_corpus
from signaal.analysis.cli import main

AD_A = {"id": "a", "text": "Net 18! Bel 06-12345678", "city": "Utrecht", "extra": {"keep": [1, 2]}}
AD_B = {
    "id": "b",
    "text": "Nieuw hier, bel nul zes een twee drie vier vijf zes zeven acht",
    "city": "Breda",
}


def write_jsonl(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(tmp_path, lines, *extra):
    src = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    code = main([str(src), "-o", str(out), *extra])
    return code, read_jsonl(out)


def test_it_writes_selectors_indicators_score_and_cluster(tmp_path):
    code, records = run(tmp_path, [json.dumps(AD_A), json.dumps(AD_B)])
    assert code == 0
    a, b = records
    assert a["selectors"][0] == {
        "kind": "phone",
        "value": "+31612345678",
        "span": [12, 23],
        "field": "text",
        "obfuscated": False,
    }
    assert a["indicators"][0]["id"] == "nl.minor.just-18"
    assert a["score"] >= 50
    assert a["cluster"]["id"] == b["cluster"]["id"] and a["cluster"]["size"] == 2
    assert a["cluster"]["reasons"] == [{"kind": "phone", "value": "+31612345678", "ads": 2}]


def test_it_passes_unknown_fields_through_untouched(tmp_path):
    _, records = run(tmp_path, [json.dumps(AD_A)])
    assert records[0]["extra"] == {"keep": [1, 2]} and records[0]["text"] == AD_A["text"]


def test_it_skips_malformed_lines_reports_their_numbers_and_exits_1(tmp_path, capsys):
    code, records = run(tmp_path, [json.dumps(AD_A), "{not json", "[1, 2]", json.dumps(AD_B)])
    err = capsys.readouterr().err
    assert code == 1
    assert [r["id"] for r in records] == ["a", "b"]
    assert "line 2: not valid JSON" in err and "line 3: not a JSON object" in err
    assert "2 malformed lines skipped" in err


def test_it_gives_empty_output_and_exit_0_for_empty_input(tmp_path):
    code, records = run(tmp_path, [])
    assert (code, records) == (0, [])


def test_it_skips_blank_lines_without_counting_them_malformed(tmp_path):
    code, records = run(tmp_path, ["", json.dumps(AD_A), "   "])
    assert code == 0 and len(records) == 1


def test_it_handles_non_string_fields(tmp_path):
    code, records = run(
        tmp_path, [json.dumps({"id": 7, "text": None, "phones": "x", "images": 3, "age": []})]
    )
    assert code == 0 and records[0]["id"] == 7 and records[0]["score"] == 0


def test_it_caps_huge_texts_and_says_so(tmp_path):
    code, records = run(tmp_path, [json.dumps({"id": "h", "text": "a " * 100_000 + "net 18"})])
    assert code == 0
    assert records[0]["indicators"] == []
    assert any("analysed up to 100000 characters" in line for line in records[0]["explanation"])


def test_it_names_a_record_without_id_by_its_line(tmp_path):
    _, records = run(tmp_path, [json.dumps({"text": "hallo"})])
    assert records[0]["id"] == "line:1"


def test_it_reads_standard_input_and_writes_standard_output(monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO((json.dumps(AD_A) + "\n").encode()))
    )
    assert main(["-"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["id"] == "a"


def test_it_prints_a_summary_on_standard_error(tmp_path, capsys):
    run(tmp_path, [json.dumps(AD_A), json.dumps(AD_B)])
    err = capsys.readouterr().err
    assert (
        "2 records, 0 malformed lines skipped, 1 flagged" in err and "1 clusters of 2+ ads" in err
    )


def test_it_shows_no_progress_when_standard_error_is_not_a_terminal(tmp_path, capsys):
    lines = [json.dumps(r) for r, _ in generate_corpus(1200, 3)]
    run(tmp_path, lines)
    assert "\r" not in capsys.readouterr().err


def test_it_exits_2_with_one_line_for_a_missing_file(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main([str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot find" in err and "Traceback" not in err
    assert not out.exists()


def test_it_exits_2_without_arguments(capsys):
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("signaal analyse: error:")


def test_it_exits_2_for_an_unknown_option(capsys):
    assert main(["--frobnicate"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_it_exits_0_for_help(capsys):
    assert main(["--help"]) == 0
    assert "signaal analyse" in capsys.readouterr().out


def test_it_explains_one_text(capsys):
    assert (
        main(
            [
                "--explain",
                "Net 18, snap: lisa_x, bel nul zes een twee drie vier vijf zes zeven acht",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "snapchat:lisa_x" in out and "+31612345678" in out and "(obscured)" in out
    assert "nl.minor.just-18" in out and "[0:6]" in out and "score:" in out


@pytest.mark.parametrize("argv", [["-m", "signaal.analysis", "--help"]])
def test_it_runs_as_a_module(argv):
    import subprocess

    result = subprocess.run([sys.executable, *argv], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "signaal analyse" in result.stdout
