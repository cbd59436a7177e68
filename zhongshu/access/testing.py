"""Former home of the access-matrix test helper, now `zhongshu.testing.access`: it builds accounts and people,
whose apps sit above access. This alias stays only while tests written against the old name move over; the
import contract ignores its one import upward (pyproject.toml), and both go together."""

from zhongshu.testing.access import *  # noqa: F403
