"""``postlint explain`` shows what the engine believed, so a false positive is quick to fix."""
import subprocess
import sys


def test_explain_prints_people_links_cues_and_the_chain_behind_each_finding(tmp_path):
    post = tmp_path / "post.txt"
    post.write_text("Femi Okonjo, 27, from Leeds, was seen on the estate. He was arrested last night.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "linter.cli", "explain", str(post)], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr  # findings, as with check
    out = run.stdout
    assert "person 1: gender m, age 27" in out
    assert "'He' (joined to 'Femi Okonjo' by pronoun)" in out
    assert "arrested from 'was arrested'" in out
    assert "detail   town" in out and "'Leeds'" in out
    assert "block  arrest.named-suspect at 0-11: person/name: person 1 arrested" in out


def test_explain_refuses_bad_input_with_one_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "linter.cli", "explain", str(tmp_path / "missing.txt")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "cannot read" in run.stderr
