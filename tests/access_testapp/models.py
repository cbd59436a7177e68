from django.db import models

from zhongshu.access.models import Classified
from zhongshu.base.roles import Role


class MatrixRecord(Classified):
    """TEST-ONLY: a classified record with a title, read through the policy by the routes in views.py."""

    title = models.CharField(max_length=200)

    # Like a document: a 内部 record is known office-wide to the office director only.
    work_secret_remit = frozenset({Role.OFFICE_DIRECTOR.value})

    class Meta:
        verbose_name = "矩阵测试记录"
