# Transitional re-export: the registry lives in zhongshu.core.navigation (apps must not import the web shell).
from zhongshu.core.navigation import NavEntry, navigation_for, register_nav  # noqa: F401
