from django.db import models

from zhongshu.access.models import Classified


class MatrixRecord(Classified):
    """TEST-ONLY: a classified record with a title, read through the policy by the routes in views.py."""

    title = models.CharField(max_length=200)

    class Meta:
        verbose_name = "矩阵测试记录"
