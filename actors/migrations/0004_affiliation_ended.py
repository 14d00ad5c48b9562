"""
Affiliation.ended: a role that is over, with or without a known end date, told apart
from one still held (no end date, not ended). Every stored affiliation with an end date
has ended (set here, history included) before the constraint that says so. Reversible.
"""

from django.db import migrations, models

ENDED = [
    "UPDATE actors_affiliation SET ended = TRUE WHERE end_date IS NOT NULL",
    "UPDATE actors_historicalaffiliation SET ended = TRUE WHERE end_date IS NOT NULL",
]


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_revert_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="affiliation",
            name="ended",
            field=models.BooleanField(
                default=False,
                help_text="The role is over. An end date sets it; tick it alone when the role ended on a date not known.",
            ),
        ),
        migrations.AddField(
            model_name="historicalaffiliation",
            name="ended",
            field=models.BooleanField(
                default=False,
                help_text="The role is over. An end date sets it; tick it alone when the role ended on a date not known.",
            ),
        ),
        migrations.AlterField(
            model_name="affiliation",
            name="end_date",
            field=models.DateField(
                blank=True, help_text="When the role ended; empty while it lasts or when not known.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="historicalaffiliation",
            name="end_date",
            field=models.DateField(
                blank=True, help_text="When the role ended; empty while it lasts or when not known.", null=True
            ),
        ),
        migrations.RunSQL(ENDED, migrations.RunSQL.noop, elidable=False),
        migrations.AddConstraint(
            model_name="affiliation",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_date__isnull", True), ("ended", True), _connector="OR"),
                name="affiliation_end_date_means_ended",
                violation_error_message="A role with an end date has ended.",
            ),
        ),
    ]
