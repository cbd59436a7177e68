# The secondees part's models: secondments, their steps and the need-to-know each secondment opened.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("secrecy", "0001_initial"),
        ("access", "0003_classification_policy"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Secondment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='开始日期')),
                ('ends_on', models.DateField(verbose_name='结束日期')),
                ('needs', models.TextField(blank=True, verbose_name='工作所需接触范围')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='登记时间')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('host_department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.department', verbose_name='跟班处室')),
                ('liaison', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.person', verbose_name='保密联络员')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.person', verbose_name='跟班学习人员')),
                ('sending_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='派出单位')),
            ],
            options={
                'verbose_name': '跟班学习',
                'verbose_name_plural': '跟班学习',
                'ordering': ['-starts_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SecondmentAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='开通时间')),
                ('added_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('grant', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='access.needtoknowgrant', verbose_name='知悉范围授权')),
                ('secondment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='accesses', to='secrecy.secondment')),
            ],
            options={
                'verbose_name': '跟班学习知悉范围',
                'verbose_name_plural': '跟班学习知悉范围',
                'ordering': ['secondment', 'added_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='SecondmentStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('vetting', '派出单位审查'), ('training', '保密教育培训'), ('pledge', '签订保密承诺书'), ('liaison', '明确保密联络员'), ('reminder_talk', '离岗提醒谈话'), ('handover', '脱密期委托管理手续')], max_length=20, verbose_name='事项')),
                ('done_on', models.DateField(verbose_name='办理日期')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('clearance', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='涉密等级')),
                ('cooling_off_years', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='脱密期（年）')),
                ('cooling_off_ends_on', models.DateField(blank=True, null=True, verbose_name='脱密期至')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='登记时间')),
                ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.person', verbose_name='经办人')),
                ('liaison', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.person', verbose_name='保密联络员')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('secondment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='steps', to='secrecy.secondment')),
                ('taken_over_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.person', verbose_name='接收人')),
            ],
            options={
                'verbose_name': '跟班学习手续',
                'verbose_name_plural': '跟班学习手续',
                'ordering': ['secondment', 'done_on', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='secondment',
            index=models.Index(fields=['person', 'ends_on'], name='secrecy_secondment_person'),
        ),
        migrations.AddIndex(
            model_name='secondment',
            index=models.Index(fields=['liaison', 'ends_on'], name='secrecy_secondment_liaison'),
        ),
        migrations.AddConstraint(
            model_name='secondmentstep',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'liaison'), _negated=True), fields=('secondment', 'kind'), name='secrecy_secondment_step_once'),
        ),
    ]
