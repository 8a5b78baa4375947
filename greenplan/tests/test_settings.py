import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "greenplan.settings",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "greenplan.example.org",
    "DEBUG": "0",
    "VAR_DIR": "/tmp/greenplan-deploy-check",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_passwords_are_hashed_with_argon2_in_production():
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=PRODUCTION_ENV, capture_output=True, text=True,
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher", result.stderr


def settings_value(name: str, env: dict) -> subprocess.CompletedProcess:
    code = f"from django.conf import settings; print(settings.{name})"
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_a_key_in_the_environment_it_reads_the_one_make_run_keeps_in_var(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("a-kept-key-that-is-long-and-random-0123456789-abcdefghijklmnopqrstuvwxyz\n")
    key.chmod(0o600)
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"VAR_DIR": str(tmp_path)}
    result = settings_value("SECRET_KEY", env)
    assert result.stdout.strip() == key.read_text().strip(), result.stderr


def test_it_refuses_a_kept_key_that_others_may_read(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("a-kept-key-that-is-long-and-random-0123456789-abcdefghijklmnopqrstuvwxyz\n")
    key.chmod(0o644)
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"VAR_DIR": str(tmp_path)}
    result = settings_value("SECRET_KEY", env)
    assert result.returncode != 0
    assert "chmod 600" in result.stderr


def test_the_environment_key_wins_over_the_kept_one(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("the-kept-one")
    key.chmod(0o600)
    result = settings_value("SECRET_KEY", PRODUCTION_ENV | {"VAR_DIR": str(tmp_path)})
    assert result.stdout.strip() == PRODUCTION_ENV["SECRET_KEY"], result.stderr
