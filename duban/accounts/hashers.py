"""The password hasher duban signs in with (settings.PASSWORD_HASHERS)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class RushArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's first recommended setting (m=19 MiB, t=2, p=1).

    Django's default costs 100 MiB and ~160 ms per check: on the morning of a
    reporting deadline a few dozen officers signing in at once would ask for
    gigabytes. 19 MiB with two passes keeps each check near OWASP's minimum
    work while a rush of logins stays within memory. The algorithm name stays
    "argon2", so existing hashes verify, and Django re-hashes them with these
    parameters at the next successful login (`must_update` compares them)."""

    memory_cost = 19456  # KiB
    time_cost = 2
    parallelism = 1
