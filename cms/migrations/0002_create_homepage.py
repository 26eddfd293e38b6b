from django.db import migrations

LEAD = "Pelatihan kepemimpinan dan visioning untuk camat, lurah, dan kepala daerah."
BODY = (
    "<p>Selaras menghubungkan modul daring, sesi tatap muka per angkatan, studi kasus, dan rapor "
    "kinerja dalam satu tempat. Peserta masuk dengan email atau NIP yang terdaftar; akun dibuat "
    "melalui undangan dari penyelenggara.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")

    if HomePage.objects.exists():
        return
    # Replace Wagtail's "Welcome" page (the root's only child on a fresh database).
    Site.objects.all().delete()
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    locale = Locale.objects.order_by("pk").first() or Locale.objects.create(language_code="id")
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    homepage = HomePage.objects.create(
        title="Selaras",
        draft_title="Selaras",
        slug="beranda",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/beranda/",
        locale=locale,
        live=True,
        lead=LEAD,
        body=BODY,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(hostname="localhost", port=80, root_page=homepage, is_default_site=True,
                        site_name="Selaras")


def remove_homepage(apps, schema_editor):
    apps.get_model("cms", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
