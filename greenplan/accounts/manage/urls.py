"""Account management for unit admins; included under /accounts/manage/."""

from django.urls import path

from greenplan.accounts.manage import views

app_name = "manage"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_new, name="create"),
    path("import/", views.users_import, name="import"),
    path("import/template.xlsx", views.users_import_template_download, name="import_template"),
    path("import/<int:job_pk>/passwords/", views.users_import_passwords, name="import_passwords"),
    path("import/<int:job_pk>/passwords.xlsx", views.users_import_passwords_download, name="import_passwords_xlsx"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/roles/", views.role_set, name="role_set"),
    path("<int:pk>/roles/<int:membership_pk>/remove/", views.role_remove, name="role_remove"),
    path("<int:pk>/password/", views.password_reset, name="password_reset"),
]
