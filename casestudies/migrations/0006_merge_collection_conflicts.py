# The collection and the review conflicts were built side by side; both follow 0004.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0005_collection"),
        ("casestudies", "0005_conflicts_and_weights"),
    ]

    operations = []
