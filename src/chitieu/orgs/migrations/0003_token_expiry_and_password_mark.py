import datetime
import hashlib

from django.db import migrations, models


def mark_existing(apps, schema_editor):
    # Tokens made before this change stay valid until their user's password changes, and for the
    # usual lifetime (90 days) from their creation.
    ApiToken = apps.get_model("orgs", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.password_mark = hashlib.sha256(token.user.password.encode("utf-8")).hexdigest()[:16]
        token.expires = token.created + datetime.timedelta(days=90)
        token.save(update_fields=["password_mark", "expires"])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_alter_unit_kind")]

    operations = [
        migrations.AddField(
            model_name="apitoken", name="expires", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_mark",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]
