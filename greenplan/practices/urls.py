from django.urls import path

from greenplan.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.library, name="library"),
    path("pending/", views.pending, name="pending"),
    path("new/", views.start, name="start"),
    path("new/<str:unit>/", views.practice_new, name="new"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/edit/", views.practice_edit, name="edit"),
    path("<int:pk>/publish/", views.practice_publish, name="publish"),
    path("<int:pk>/return/", views.practice_return, name="return"),
    path("<int:pk>/files/<int:file>/", views.file_download, name="file"),
    path("<int:pk>/files/<int:file>/thumbnail/", views.file_thumbnail, name="thumbnail"),
]
