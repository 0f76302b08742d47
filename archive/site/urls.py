from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.views.interop_urls")),
    path("", include("archive.views.urls")),
]

handler400 = "archive.views.errors.bad_request"
handler403 = "archive.views.errors.permission_denied"
handler404 = "archive.views.errors.page_not_found"
handler500 = "archive.views.errors.server_error"
