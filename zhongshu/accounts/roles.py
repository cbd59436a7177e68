"""Former home of the roles, kept as an alias while work in flight moves over: import `zhongshu.base.roles`."""

from zhongshu.base.roles import POWERS, AdminRole, Power, Role, powers_of

__all__ = ["POWERS", "AdminRole", "Power", "Role", "powers_of"]
