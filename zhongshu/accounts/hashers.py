from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with small cost parameters, for the test settings only (tests create hundreds of accounts)."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1
