"""Site URLs of case studies; included at the site root in lms/urls.py."""

from django.urls import path

from casestudies import collection_views, views

app_name = "casestudies"

urlpatterns = [
    path("studi-kasus/", views.case_study_list, name="list"),
    path("studi-kasus/baru/", views.case_study_new, name="create"),
    path("studi-kasus/konflik/", views.conflict_list_own, name="conflicts"),
    path("studi-kasus/<int:pk>/", views.case_study_view, name="detail"),
    path("studi-kasus/<int:pk>/ubah/", views.case_study_edit, name="edit"),
    path("studi-kasus/<int:pk>/makalah/", views.paper_upload, name="paper_upload"),
    path("studi-kasus/<int:pk>/makalah/unduh/", views.paper_download, name="paper_download"),
    path("studi-kasus/<int:pk>/foto/", views.photo_upload, name="photo_upload"),
    path("studi-kasus/<int:pk>/kirim/", views.case_study_send, name="submit"),
    path("studi-kasus/foto/<int:pk>/hapus/", views.photo_remove, name="photo_delete"),
    path("studi-kasus/foto/<int:pk>/<str:size>.jpg", views.photo_image, name="photo_image"),
    path("studi-kasus/foto/<int:pk>/asli/", views.photo_original, name="photo_original"),
    # The digital collection: accepted and presented case studies
    path("koleksi/", collection_views.collection_index, name="collection"),
    path("koleksi/foto/", collection_views.collection_photos, name="collection_photos"),
    path("koleksi/<int:pk>/", collection_views.collection_detail, name="collection_detail"),
    path("koleksi/<int:pk>/makalah/", collection_views.collection_paper, name="collection_paper"),
    path(
        "koleksi/foto/<int:pk>/<str:size>.jpg",
        collection_views.collection_image,
        name="collection_image",
    ),
]
