"""One configuration: the settings file under the environment, ``postlint config check``, and every
command finding the server's database from the settings rather than from the current folder."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from api import config, config_report, settings_file
from tests.support.live_server import postlint_command

SECRET = "s" * 40


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_sits_under_the_environment_and_flags_win_over_both(tmp_path):
    file = write(tmp_path / "postlint.toml", 'db = "data/p.db"\nport = 9000\nrate_limit = "10/second"\n'
                                             'behind_proxy = true\ncors_origins = ["https://a.example", '
                                             '"https://b.example"]\n')
    settings, origins = config.resolve(environ={"POSTLINT_CONFIG": str(file), "POSTLINT_PORT": "9100"})
    # A path in the file is relative to the file, wherever the command runs.
    assert settings["DATABASE"] == str(tmp_path / "data" / "p.db")
    assert origins["DATABASE"] == f"file {file} (db)"
    assert (settings["PORT"], origins["PORT"]) == (9100, "environment POSTLINT_PORT")
    assert settings["RATE_LIMIT"] == "10/second" and settings["BEHIND_PROXY"] is True
    assert settings["CORS_ORIGINS"] == ("https://a.example", "https://b.example")
    assert origins["SESSION_HOURS"] == "default"
    settings, origins = config.resolve({"PORT": 7000}, environ={"POSTLINT_CONFIG": str(file)})
    assert (settings["PORT"], origins["PORT"]) == (7000, "command line")


@pytest.mark.parametrize("text, message", [
    ("prot = 8080\n", "unknown setting 'prot'; did you mean 'port'"),
    ("port = 'eighty'\n", "port: cannot use 'eighty'"),
    ("port = [1, 2]\n", "port: cannot use"),
    ("port = \n", "not valid TOML"),
])
def test_a_bad_file_names_itself_and_the_key(tmp_path, text, message):
    file = write(tmp_path / "bad.toml", text)
    with pytest.raises(config.ConfigError, match=message) as raised:
        config.load(environ={"POSTLINT_CONFIG": str(file)})
    assert str(file) in str(raised.value)


def test_a_named_file_that_is_missing_is_an_error_not_the_defaults(tmp_path):
    with pytest.raises(config.ConfigError, match="POSTLINT_CONFIG: no settings file at"):
        config.load(environ={"POSTLINT_CONFIG": str(tmp_path / "nowhere.toml")})
    with pytest.raises(config.ConfigError, match="--config: no settings file"):
        config.load(environ={}, config_file=tmp_path / "nowhere.toml")


def test_the_system_file_is_read_when_nothing_else_is_named(tmp_path, monkeypatch):
    system = write(tmp_path / "etc-postlint.toml", "retention_days = 7\n")
    monkeypatch.setattr(settings_file, "SYSTEM_FILE", system)
    assert config.load(environ={})["RETENTION_DAYS"] == 7.0
    monkeypatch.setattr(settings_file, "SYSTEM_FILE", tmp_path / "absent.toml")
    assert config.load(environ={})["RETENTION_DAYS"] == 30.0


def test_every_variable_has_a_file_key_and_each_check_reports_on_its_own():
    assert set(settings_file.KEYS.values()) == set(config.ENVIRONMENT)
    assert "database_url" in settings_file.KEYS  # carried for the storage backend
    bad = {**config.DEFAULTS, "PORT": 0, "SESSION_HOURS": 0, "METRICS": "token", "RATE_LIMIT": "lots"}
    found = config.problems(bad)
    assert any("POSTLINT_PORT" in p for p in found) and any("POSTLINT_SESSION_HOURS" in p for p in found)
    assert any("POSTLINT_METRICS_TOKEN" in p for p in found) and any("POSTLINT_RATE_LIMIT" in p for p in found)


def test_secrets_are_masked():
    assert config_report.shown("CALLBACK_SECRET", SECRET) == "******** (set)"
    assert config_report.shown("METRICS_TOKEN", None) == "(unset)"
    assert config_report.mask_url("postgresql://postlint:hunter2@db.example:5432/postlint") == \
        "postgresql://postlint:********@db.example:5432/postlint"
    assert "key" not in config_report.mask_url("https://relay.example/hooks/abc?key=zzz")


# -- through the real command, as an operator runs it --------------------------------------------

def postlint(*args, cwd, env=None):
    environ = {key: value for key, value in os.environ.items() if not key.startswith("POSTLINT_")}
    return subprocess.run([*postlint_command(), *args], cwd=cwd, env={**environ, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def test_config_check_prints_each_setting_its_origin_and_what_is_wrong(tmp_path):
    file = write(tmp_path / "postlint.toml", f'db = "p.db"\ncallback_secret = "{SECRET}"\nmetrics = "token"\n')
    done = postlint("config", "check", "--config", str(file), cwd=tmp_path,
                    env={"POSTLINT_DATABASE_URL": "postgresql://postlint:hunter2@db.example/postlint"})
    assert done.returncode == 1
    assert SECRET not in done.stdout and "hunter2" not in done.stdout
    lines = {line.split("=")[0].strip(): line for line in done.stdout.splitlines() if " = " in line}
    assert "******** (set)" in lines["callback_secret"] and f"[file {file} (callback_secret)]" in lines["callback_secret"]
    assert "[environment POSTLINT_DATABASE_URL]" in lines["database_url"]
    assert "[default]" in lines["rate_limit"]
    assert "problem: POSTLINT_METRICS: 'token' needs POSTLINT_METRICS_TOKEN" in done.stdout
    assert "problem: POSTLINT_DATABASE_URL: cannot connect to postgresql://postlint:********@db.example/postlint" \
        in done.stdout
    fixed = write(tmp_path / "good.toml", f'db = "p.db"\nmetrics_token = "{SECRET}"\n')
    done = postlint("config", "check", "--config", str(fixed), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.rstrip().endswith("settings OK"), done.stdout
    assert f"database: {tmp_path / 'p.db'} (created when the server first starts)" in done.stdout


def test_token_create_from_another_folder_finds_the_servers_database(tmp_path):
    """The default database is relative to where a command runs; from the wrong folder the command
    says so instead of starting an empty database there, and with the settings it finds the right one."""
    service = tmp_path / "srv"
    service.mkdir()
    file = write(service / "postlint.toml", 'db = "var/postlint.db"\n')
    made = postlint("token", "create", "--role", "admin", "--name", "Ada", "--config", str(file), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    database = service / "var" / "postlint.db"
    assert f"creating a new database {database}" in made.stderr
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    lost = postlint("token", "list", cwd=elsewhere)
    assert lost.returncode == 1
    assert f"no database at {elsewhere / 'var' / 'postlint.db'}" in lost.stderr and "--config" in lost.stderr
    assert not (elsewhere / "var").exists()
    found = postlint("token", "list", cwd=elsewhere, env={"POSTLINT_CONFIG": str(file)})
    assert found.returncode == 0 and "Ada\tadmin" in found.stdout
    assert f"database {database} (file {file} (db))" in found.stderr
    # Someone who names a database gets it, and is told it is new.
    named = postlint("account", "list", "--db", "fresh.db", cwd=elsewhere)
    assert named.returncode == 0 and "creating a new database" in named.stderr


def test_serve_takes_its_address_from_the_file(tmp_path):
    from api import cli
    from linter.cli import build_parser
    file = write(tmp_path / "postlint.toml", 'host = "127.0.0.9"\nport = 8181\nworkers = 3\naccess_log = true\n')
    settings = cli.serve_settings(build_parser().parse_args(["serve", "--config", str(file), "--port", "8282"]))
    assert (settings["HOST"], settings["PORT"], settings["WORKERS"], settings["ACCESS_LOG"]) == \
        ("127.0.0.9", 8282, 3, True)

