"""
Approximate dates: early, mid and late in a month join the precisions of affiliations
(the precision checks are made again with them). Reversible while no date uses them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0004_affiliation_ended'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='affiliation',
            name='affiliation_start_precision',
        ),
        migrations.RemoveConstraint(
            model_name='affiliation',
            name='affiliation_end_precision',
        ),
        migrations.AlterField(
            model_name='affiliation',
            name='end_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the end is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='affiliation',
            name='start_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the start is known; a month is stored as its first day.', max_length=5),
        ),
        migrations.AlterField(
            model_name='historicalaffiliation',
            name='end_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the end is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='historicalaffiliation',
            name='start_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the start is known; a month is stored as its first day.', max_length=5),
        ),
        migrations.AddConstraint(
            model_name='affiliation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('start_date__isnull', True), ('start_precision', '')), models.Q(('start_date__isnull', False), ('start_precision__in', ['day', 'early', 'mid', 'late', 'month', 'year'])), _connector='OR'), name='affiliation_start_precision', violation_error_message='Give a precision for start date exactly when the date is known.'),
        ),
        migrations.AddConstraint(
            model_name='affiliation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('end_date__isnull', True), ('end_precision', '')), models.Q(('end_date__isnull', False), ('end_precision__in', ['day', 'early', 'mid', 'late', 'month', 'year'])), _connector='OR'), name='affiliation_end_precision', violation_error_message='Give a precision for end date exactly when the date is known.'),
        ),
    ]
